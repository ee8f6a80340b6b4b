"""Edits made straight in a table (the records page's editable grid), turned into audit rows so
they are saved, and replayed, like any other workflow change."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime

import pandas as pd

from pulse.frames import cell_text
from pulse.schema import ACTIONS, Sheet
from pulse.workflow.audit import (
    IDENTITY_COLUMN,
    WORKFLOW_SPECS,
    Change,
    audit_field,
    audit_frame,
)
from pulse.workflow.episodes import latest_episode
from pulse.workflow.outcome import Refused

EDITED_IN_TABLE = "Edited in the table"


def _row_key(frame: pd.DataFrame, label: Hashable, *, sheet: Sheet) -> str:
    """The audit row key of a row as it is in `frame` (see `pulse.workflow.audit`)."""
    if sheet is Sheet.ACTIONS:
        return cell_text(frame.at[label, "action"])
    if latest_episode(frame, str(frame.at[label, "client"])) == label:
        return ""
    return cell_text(frame.at[label, "recommended_on"])


def _cell_changes(
    before: pd.DataFrame, after: pd.DataFrame, label: Hashable, *, sheet: Sheet
) -> list[Change]:
    """Changed cells of one row; for actions the text first, the other cells keyed by new text."""
    identity = IDENTITY_COLUMN[sheet]
    client = str(before.at[label, "client"])
    key = _row_key(before, label, sheet=sheet)
    columns = [identity, *(c for c in WORKFLOW_SPECS[sheet].names if c not in (identity, "client"))]
    changes: list[Change] = []
    for column in [*columns, "client"]:
        old = cell_text(before.at[label, column]) if column in before else ""
        new = cell_text(after.at[label, column]) if column in after else ""
        if old != new:
            field = audit_field(sheet, column, row=key)
            changes.append(Change(client, field, old, new, EDITED_IN_TABLE))
            if sheet is Sheet.ACTIONS and column == "action":
                key = new
    return changes


def _added_row_changes(after: pd.DataFrame, label: Hashable) -> list[Change]:
    """A new action-item row: its text first (which creates it), then its other filled cells."""
    text = cell_text(after.at[label, "action"])
    client = cell_text(after.at[label, "client"])
    if not text or not client:
        raise Refused("A new action item needs a client and its text")
    columns = ["action", *(c for c in ACTIONS.names if c not in ("action", "client"))]
    values = {column: cell_text(after.at[label, column]) for column in columns if column in after}
    note = "Action item added"
    return [
        Change(client, audit_field(Sheet.ACTIONS, column, row=text), "", value, note)
        for column, value in values.items()
        if value
    ]


def _deleted_row_change(before: pd.DataFrame, label: Hashable) -> Change:
    """A deleted action-item row: its text becomes blank."""
    text = cell_text(before.at[label, "action"])
    field = audit_field(Sheet.ACTIONS, "action", row=text)
    return Change(str(before.at[label, "client"]), field, text, "", "Deleted")


def diff_to_audit(
    before: pd.DataFrame, after: pd.DataFrame, *, sheet: Sheet, at: datetime, user: str
) -> pd.DataFrame:
    """Audit rows for every cell an edited table changed (rows matched by index label)."""
    if sheet not in WORKFLOW_SPECS:
        raise Refused(f"Edits to the {sheet} tab are not recorded by the workflow")
    added = [label for label in after.index if label not in before.index]
    deleted = [label for label in before.index if label not in after.index]
    if sheet is Sheet.EPISODES and (added or deleted):
        raise Refused("Episodes are added by recommending a client and never deleted")
    changes: list[Change] = []
    for label in before.index:
        if label in after.index:
            changes += _cell_changes(before, after, label, sheet=sheet)
    for label in added:
        changes += _added_row_changes(after, label)
    changes += [_deleted_row_change(before, label) for label in deleted]
    return audit_frame(changes, at=at, user=user)
