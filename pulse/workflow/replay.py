"""Replaying a session's unsaved changes on a newer workbook (someone else saved meanwhile):
each audit row is applied again where its `field` points (see `pulse.workflow.audit`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pulse.frames import assign, cell_text, client_keys, column_kind, parse_cell, with_blank_row
from pulse.schema import Sheet, client_key
from pulse.workflow.actions import action_rows
from pulse.workflow.audit import (
    IDENTITY_COLUMN,
    WORKFLOW_SPECS,
    FieldRef,
    audit_rows_frame,
    parse_audit_field,
)
from pulse.workflow.episodes import is_open_episode, latest_episode
from pulse.workflow.outcome import Outcome

NOT_APPLIED = "not applied: that row was changed or deleted meanwhile"


@dataclass(frozen=True)
class _Replayed:
    """One audit row applied again: the frame after it, the row as it now reads (None: the
    frame already held its value, so it records nothing), and whether it clashed."""

    frame: pd.DataFrame
    record: dict[str, Any] | None
    clashed: bool = False


def _replay_target(
    frame: pd.DataFrame, ref: FieldRef, *, client: str, creating: bool
) -> Hashable | None:
    """The row an audit row names in a (newer) frame, or None when it is not there.

    A new episode lands on the client's open episode when someone else opened one meanwhile.
    """
    if ref.sheet is Sheet.ACTIONS:
        rows = action_rows(frame, client, ref.row)
        return rows[0] if rows else None
    if not ref.row:
        label = latest_episode(frame, client)
        if creating and label is not None and not is_open_episode(frame, label):
            return None
        return label
    mine = frame[
        (client_keys(frame) == client_key(client))
        & (frame["recommended_on"].map(cell_text) == ref.row)
    ]
    return mine.index[-1] if not mine.empty else None


def _conflict_note(note: str, *, old: str, theirs: str) -> str:
    conflict = (
        f"conflict: someone else saved '{theirs}' meanwhile (this session changed '{old}'); "
        "this session's value kept (last writer wins)"
    )
    return f"{note}; {conflict}" if note else conflict


def _replay_one(frame: pd.DataFrame, ref: FieldRef, record: Mapping[str, Any]) -> _Replayed:
    """Apply one audit row to `frame` (see `_Replayed`)."""
    client, note = cell_text(record["client"]), cell_text(record.get("note"))
    old, new = cell_text(record["old"]), cell_text(record["new"])
    creating = ref.column == IDENTITY_COLUMN[ref.sheet] and not old
    label = _replay_target(frame, ref, client=client, creating=creating)
    if label is None and not creating:
        skipped = f"{note}; {NOT_APPLIED}".lstrip("; ")
        return _Replayed(frame, {**record, "note": skipped}, clashed=True)
    if label is None:
        frame, label = with_blank_row(frame, client=client, spec=WORKFLOW_SPECS[ref.sheet])
    elif ref.column == IDENTITY_COLUMN[ref.sheet] and not new:
        return _deleted(frame, label, ref, record)
    current = cell_text(frame.at[label, ref.column]) if ref.column in frame else ""
    if current == new:
        return _Replayed(frame, None)
    clashed = current != old
    if clashed:
        note = _conflict_note(note, old=old, theirs=current)
    kind = column_kind(WORKFLOW_SPECS[ref.sheet], ref.column)
    assign(frame, label, ref.column, parse_cell(new, kind), spec=WORKFLOW_SPECS[ref.sheet])
    return _Replayed(frame, {**record, "old": current, "note": note}, clashed=clashed)


def _deleted(
    frame: pd.DataFrame, label: Hashable, ref: FieldRef, record: Mapping[str, Any]
) -> _Replayed:
    """A record deleted again. An episode only while it is what was deleted (still
    Recommended): one someone decided on meanwhile stays, and the row is marked not applied."""
    current = cell_text(frame.at[label, ref.column])
    if ref.sheet is Sheet.EPISODES and current != cell_text(record["old"]):
        note = f"{cell_text(record.get('note'))}; {NOT_APPLIED}".lstrip("; ")
        return _Replayed(frame, {**record, "note": note}, clashed=True)
    return _Replayed(frame.drop(index=label), {**record, "old": current})


def replay(audit_rows: pd.DataFrame, episodes: pd.DataFrame, actions: pd.DataFrame) -> Outcome:
    """Re-apply this session's audit rows on a newer workbook (someone saved meanwhile).

    Cells the other session changed and this one did not are kept; a cell both changed takes this
    session's value (last writer wins) and its audit row says so. Rows already holding this
    session's value are dropped from the audit; rows whose record is gone are kept, marked
    'not applied'. `conflicts` counts the rows that clashed in either way.
    """
    frames = {Sheet.EPISODES: episodes.copy(), Sheet.ACTIONS: actions.copy()}
    records: list[dict[str, Any]] = []
    conflicts = 0
    for record in audit_rows.to_dict("records"):
        ref = parse_audit_field(cell_text(record["field"]))
        replayed = _replay_one(frames[ref.sheet], ref, {str(k): v for k, v in record.items()})
        frames[ref.sheet] = replayed.frame
        if replayed.record is not None:
            records.append(replayed.record)
        conflicts += replayed.clashed
    audit = audit_rows_frame(records)
    return Outcome(frames[Sheet.EPISODES], frames[Sheet.ACTIONS], audit, conflicts=conflicts)
