"""Audit rows: how every workflow change is recorded, and read back by `replay`.

Audit-row encoding (what makes a session's pending changes replayable):

- one audit row per changed cell: `at`, `user`, `client` (display name), `field`, `old`, `new`,
  `note`; `old`/`new` are `pulse.frames.cell_text` renderings (ISO dates, yes/no, "" = blank);
- `field` is `<sheet tab>[<row key>].<column>`, e.g. `Extra Care Tracking Info.status` or
  `Action Items[Call the POC weekly].owner`;
- an episode row is the client's latest episode (its open one, else its last row) when the row key
  is empty, else the client's episode whose Recommended On is the key (an ISO date);
- an action row is the client's action item whose text is the key (an open one first): the text
  before this change, or the new text when the row is being created;
- a new episode starts with its `status` row (old ""), a new action item with its `action` row
  (old ""); an action row whose `action` becomes "" was deleted, and so was an episode whose
  `status` becomes "" (a recommendation recorded by mistake).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.frames import assign, cell_text, to_moment
from pulse.schema import (
    ACTIONS,
    AUDIT,
    CLIENT_KEY,
    EPISODES,
    SHEET_ROW,
    Sheet,
    SheetSpec,
    client_key,
)
from pulse.workflow.outcome import Outcome, Refused

AUDIT_COLUMNS: list[str] = [*AUDIT.names, CLIENT_KEY, SHEET_ROW]
# The tabs whose cells the workflow changes (and so its audit rows name).
WORKFLOW_SPECS: dict[Sheet, SheetSpec] = {Sheet.EPISODES: EPISODES, Sheet.ACTIONS: ACTIONS}
# The column whose audit row creates (or, for actions, deletes) a record.
IDENTITY_COLUMN: dict[Sheet, str] = {Sheet.EPISODES: "status", Sheet.ACTIONS: "action"}


@dataclass(frozen=True)
class FieldRef:
    """A parsed audit `field`: which tab, which row (see the module docstring), which column."""

    sheet: Sheet
    column: str
    row: str = ""

    def __str__(self) -> str:
        return audit_field(self.sheet, self.column, row=self.row)


@dataclass(frozen=True)
class Change:
    """One changed cell, as its audit row will say it (without when and by whom)."""

    client: str
    field: str
    old: str
    new: str
    note: str


def audit_field(sheet: Sheet, column: str, *, row: str = "") -> str:
    """The audit `field` text for a cell: 'Action Items[Call the POC].owner'."""
    key = f"[{row}]" if row else ""
    return f"{sheet.value}{key}.{column}"


def parse_audit_field(field: str) -> FieldRef:
    """Read an audit `field` back; refused when it names no tab the workflow writes."""
    prefix, dot, column = field.rpartition(".")
    sheet_name, row = prefix, ""
    if prefix.endswith("]") and "[" in prefix:
        sheet_name, _, rest = prefix.partition("[")
        row = rest[:-1]
    try:
        sheet = Sheet(sheet_name)
    except ValueError:
        sheet = None
    if not dot or sheet not in WORKFLOW_SPECS:
        raise Refused(f"Audit field '{field}' names no episode or action-item cell")
    assert sheet is not None
    return FieldRef(sheet, column, row)


def empty_audit() -> pd.DataFrame:
    """An audit frame with no rows and the typed columns of the Audit Log tab."""
    return pd.DataFrame(
        {
            **{name: pd.Series([], dtype=object) for name in AUDIT_COLUMNS},
            "at": pd.Series([], dtype="datetime64[us]"),
            SHEET_ROW: pd.Series([], dtype="Int64"),
        }
    )[AUDIT_COLUMNS]


def audit_frame(changes: Iterable[Change], *, at: datetime, user: str) -> pd.DataFrame:
    """The audit rows of `changes`, all made at `at` by `user`."""
    moment = to_moment(at)
    return audit_rows_frame([{"at": moment, "user": user, **asdict(c)} for c in changes])


def recorded(
    changes: Iterable[Change],
    *,
    at: datetime,
    user: str,
    episodes: pd.DataFrame | None = None,
    actions: pd.DataFrame | None = None,
) -> Outcome:
    """The outcome of a change: the frame it changed and the audit rows of its `changes`."""
    return Outcome(episodes, actions, audit_frame(changes, at=at, user=user))


def audit_rows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Audit rows (dicts keyed by audit column) as a typed audit frame, not yet in the sheet."""
    if not rows:
        return empty_audit()
    audit = pd.DataFrame(rows).reindex(columns=AUDIT_COLUMNS)
    audit["at"] = pd.to_datetime(audit["at"])
    audit[CLIENT_KEY] = audit["client"].map(client_key)
    audit[SHEET_ROW] = pd.array([pd.NA] * len(audit), dtype="Int64")
    return audit


def edit_cells(
    frame: pd.DataFrame,
    label: Hashable,
    values: Mapping[str, object],
    *,
    sheet: Sheet,
    note: str,
    row: str = "",
) -> list[Change]:
    """Set `values` on row `label` in place; one change per cell whose text really changed."""
    spec = WORKFLOW_SPECS[sheet]
    client = str(frame.at[label, "client"])
    changes = []
    for column, value in values.items():
        old = cell_text(frame.at[label, column]) if column in frame.columns else ""
        if old == cell_text(value):
            continue
        assign(frame, label, column, value, spec=spec)
        field = audit_field(sheet, column, row=row)
        changes.append(Change(client, field, old, cell_text(value), note))
    return changes
