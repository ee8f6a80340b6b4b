"""Edits made straight in a table, as workflow changes: `diff_to_audit` turns a whole edited
frame into audit rows; `table_edits_outcome` runs an action-item editor's edits (st.data_editor's
state) through the workflow row by row, so a bad value is refused with its reason and nothing
applies."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from pulse.frames import cell_text
from pulse.permissions import Action, allowed, managed_department, may_update_action
from pulse.schema import ACTIONS, ActionStatus, Sheet
from pulse.workflow.actions import (
    EDITABLE_ACTION_FIELDS,
    add_action,
    complete_action,
    delete_action,
    deleted_action_change,
    update_action,
)
from pulse.workflow.audit import (
    IDENTITY_COLUMN,
    WORKFLOW_SPECS,
    Change,
    audit_field,
    audit_frame,
)
from pulse.workflow.episodes import latest_episode
from pulse.workflow.outcome import Outcome, Refused

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
    changes += [deleted_action_change(before, label, note="Deleted") for label in deleted]
    return audit_frame(changes, at=at, user=user)


# --- an action-item editor's edits ------------------------------------------------------------


def _optional_day(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Refused(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _edited_row_outcomes(
    actions: pd.DataFrame,
    label: Hashable,
    changes: dict[str, Any],
    *,
    as_of: date,
    at: Any,
    user: str,
) -> list[Outcome]:
    """One edited row: 'Done' goes through complete_action (dated), the rest through update."""
    outcomes: list[Outcome] = []
    becomes_done = (
        changes.get("status") == ActionStatus.DONE
        and cell_text(actions.at[label, "status"]) != ActionStatus.DONE
    )
    if becomes_done:
        changes.pop("status")
        on = _optional_day(changes.pop("done_on", None)) or as_of
        outcomes.append(complete_action(actions, index=label, on=on, at=at, user=user))
        actions = outcomes[-1].actions  # type: ignore[assignment]
    if changes:
        outcomes.append(update_action(actions, index=label, changes=changes, at=at, user=user))
    return outcomes


def _added_row_outcome(
    actions: pd.DataFrame, row: Mapping[str, Any], *, client: str | None, at: Any, user: str
) -> Outcome:
    """A row added in the table, through `add_action` (the table's client when it has one)."""
    return add_action(
        actions,
        client=client or str(row.get("client") or ""),
        action=str(row.get("action") or ""),
        department=str(row.get("department") or ""),
        owner=str(row.get("owner") or ""),
        due=_optional_day(row.get("due")),  # type: ignore[arg-type]
        ticket=str(row.get("ticket") or ""),
        at=at,
        user=user,
    )


def _require_permitted(
    actions: pd.DataFrame, labels: list[Hashable], edits: Mapping[str, Any], *, role: str
) -> None:
    """Refused, naming the item, when `role` may not make one of these edits."""
    if not allowed(role, Action.UPDATE_DEPARTMENT_ACTIONS):
        raise Refused("Your role may not edit action items")
    if (edits.get("added_rows") or edits.get("deleted_rows")) and not allowed(
        role, Action.EDIT_ACTIONS
    ):
        raise Refused(
            "Adding or deleting an action item is for a vCIO, a vITM, the Director or the Account "
            "Administrator; you may update and complete your department's items"
        )
    for position, changes in edits.get("edited_rows", {}).items():
        label = labels[int(position)]
        text, before = (cell_text(actions.at[label, c]) for c in ("action", "department"))
        after = str(changes.get("department", before) or "")
        own = f"you may update and complete the {managed_department(role)} department's items only"
        if not may_update_action(role, before):
            raise Refused(f'"{text}" is a {before or "blank"} department item: {own}')
        if not may_update_action(role, after):
            raise Refused(f'"{text}" cannot move to {after or "no"} department: {own}')


def table_edits_outcome(
    actions: pd.DataFrame,
    labels: list[Hashable],
    edits: Mapping[str, Any],
    *,
    client: str | None,
    as_of: date,
    at: Any,
    user: str,
    role: str | None = None,
) -> Outcome | None:
    """The workflow changes an action-item table's edits stand for (None: no edit).

    `edits` is st.data_editor's state (edited_rows and deleted_rows by position in `labels`,
    added_rows); every row goes through the workflow, so a bad value is refused with its reason
    and nothing applies. With `role`, each edit must be one the role may make
    (`pulse.permissions`): a department manager edits and completes their own department's
    items, and adds or deletes none.
    """
    if role is not None:
        _require_permitted(actions, labels, edits, role=role)
    outcomes: list[Outcome] = []
    for position, row_changes in sorted(edits.get("edited_rows", {}).items()):
        changes = {k: v for k, v in row_changes.items() if k in EDITABLE_ACTION_FIELDS}
        label = labels[int(position)]
        for outcome in _edited_row_outcomes(actions, label, changes, as_of=as_of, at=at, user=user):
            actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    for row in edits.get("added_rows", []):
        outcome = _added_row_outcome(actions, row, client=client, at=at, user=user)
        actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    for position in sorted(edits.get("deleted_rows", [])):
        outcome = delete_action(actions, index=labels[int(position)], at=at, user=user)
        actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    audits = [outcome.audit for outcome in outcomes if not outcome.audit.empty]
    if not audits:
        return None
    return Outcome(episodes=None, actions=actions, audit=pd.concat(audits, ignore_index=True))
