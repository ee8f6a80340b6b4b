"""Changes to the client's corrective action items (SPEC "Action items"): add, edit, complete,
and delete one added by mistake.

Client + text identifies an item in the audit rows (see `pulse.workflow.audit`), so no client
may hold two items with the same text.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, datetime

import pandas as pd

from pulse.frames import cell_text, client_keys, column_kind, is_blank, to_day, with_blank_row
from pulse.schema import ACTIONS, ActionStatus, Department, Kind, Sheet, client_key
from pulse.workflow.audit import Change, audit_field, edit_cells, recorded
from pulse.workflow.outcome import Outcome, Refused, required_text

# Every column but the client: an item never moves to another client.
EDITABLE_ACTION_FIELDS: tuple[str, ...] = tuple(name for name in ACTIONS.names if name != "client")


def action_rows(actions: pd.DataFrame, client: str, text: str) -> list[Hashable]:
    """The client's action items with this text, open ones first."""
    if actions.empty:
        return []
    same = (client_keys(actions) == client_key(client)) & (
        actions["action"].map(cell_text) == text.strip()
    )
    mine = actions[same]
    done = mine["status"].map(cell_text) == ActionStatus.DONE if "status" in mine else False
    return [*mine[~done].index, *mine[done].index]


def _department(value: str) -> str:
    """The department's own spelling, matched ignoring case; refused when there is none."""
    by_key = {department.casefold(): str(department) for department in Department}
    found = by_key.get(value.strip().casefold())
    if found is None:
        raise Refused(f"Department must be one of: {', '.join(Department)}")
    return found


def _action_value(column: str, value: object) -> object:
    """A value for an action-item cell, typed as its column; refused when it cannot be."""
    if is_blank(value):
        return None
    if column_kind(ACTIONS, column) is Kind.DATE:
        try:
            return to_day(pd.Timestamp(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            header = ACTIONS.column(column).header
            raise Refused(f"{header} must be a date (got '{value}')") from None
    text = str(value).strip()
    if column == "department":
        return _department(text)
    if column == "status" and text not in {str(status) for status in ActionStatus}:
        raise Refused(f"Status must be one of: {', '.join(ActionStatus)}")
    return text


def _require_unique(actions: pd.DataFrame, label: Hashable) -> None:
    """Client + text identifies an action item (audit rows, and so replay, rely on it), so a
    new or renamed item may not repeat the text of any of the client's items, done ones too:
    an edit keyed "Call POC" must find one row when it is replayed."""
    client, text = str(actions.at[label, "client"]), cell_text(actions.at[label, "action"])
    if not text:
        raise Refused("An action item cannot be blank")
    if any(row != label for row in action_rows(actions, client, text)):
        raise Refused(
            f'{client} already has an action item "{text}"; word this one differently '
            "(for example, add the month)"
        )


def add_action(
    actions: pd.DataFrame,
    *,
    client: str,
    action: str,
    department: str,
    owner: str,
    due: date,
    at: datetime,
    user: str,
    ticket: str = "",
) -> Outcome:
    """A new open action item: what, which department, who, by when."""
    client = required_text(client, "Choose the client for the action item")
    text = required_text(action, "Describe the action item")
    department = _department(required_text(department, "Choose the department for the action item"))
    owner = required_text(owner, "An action item needs an owner")
    if due is None:
        raise Refused("An action item needs a due date")
    actions, label = with_blank_row(actions.copy(), client=client, spec=ACTIONS)
    values: dict[str, object] = {
        "action": text,
        "department": department,
        "owner": owner,
        "due": to_day(due),
        "status": str(ActionStatus.OPEN),
        "ticket": ticket.strip() or None,
    }
    note = "Action item added"
    changes = edit_cells(actions, label, values, sheet=Sheet.ACTIONS, note=note, row=text)
    _require_unique(actions, label)
    return recorded(changes, at=at, user=user, actions=actions)


def _edit_action(
    actions: pd.DataFrame, label: Hashable, values: dict[str, object], *, note: str
) -> list[Change]:
    """Edit in place; a text change goes first, keyed by the old text, the rest by the new."""
    changes: list[Change] = []
    if "action" in values:
        old_text = cell_text(actions.at[label, "action"])
        new_text = {"action": values.pop("action")}
        changes += edit_cells(
            actions, label, new_text, sheet=Sheet.ACTIONS, note=note, row=old_text
        )
    row = cell_text(actions.at[label, "action"])
    changes += edit_cells(actions, label, values, sheet=Sheet.ACTIONS, note=note, row=row)
    _require_unique(actions, label)
    return changes


def _require_item(actions: pd.DataFrame, index: Hashable) -> None:
    if index not in actions.index:
        raise Refused(f"There is no action item {index}")


def update_action(
    actions: pd.DataFrame,
    *,
    index: Hashable,
    changes: Mapping[str, object],
    at: datetime,
    user: str,
) -> Outcome:
    """Change fields of one action item (by frame index): text, department, owner, due, ..."""
    _require_item(actions, index)
    unknown = sorted(set(changes) - set(EDITABLE_ACTION_FIELDS))
    if unknown:
        raise Refused(f"Action-item fields that cannot be changed: {', '.join(unknown)}")
    values = {column: _action_value(column, value) for column, value in changes.items()}
    actions = actions.copy()
    audit_changes = _edit_action(actions, index, values, note="Action item edited")
    return recorded(audit_changes, at=at, user=user, actions=actions)


def complete_action(
    actions: pd.DataFrame, *, index: Hashable, on: date, at: datetime, user: str
) -> Outcome:
    """Done, on the day it was done."""
    _require_item(actions, index)
    if cell_text(actions.at[index, "status"]) == ActionStatus.DONE:
        raise Refused(f'"{cell_text(actions.at[index, "action"])}" is already done')
    values: dict[str, object] = {"status": str(ActionStatus.DONE), "done_on": to_day(on)}
    actions = actions.copy()
    changes = _edit_action(actions, index, values, note="Action item done")
    return recorded(changes, at=at, user=user, actions=actions)


def deleted_action_change(actions: pd.DataFrame, index: Hashable, *, note: str) -> Change:
    """The audit row of a deleted action item: its text becomes blank (see pulse.workflow.audit)."""
    text = cell_text(actions.at[index, "action"])
    field = audit_field(Sheet.ACTIONS, "action", row=text)
    return Change(str(actions.at[index, "client"]), field, text, "", note)


def delete_action(
    actions: pd.DataFrame, *, index: Hashable, at: datetime, user: str, reason: str = ""
) -> Outcome:
    """An action item added by mistake, deleted; its audit row keeps what it said."""
    _require_item(actions, index)
    note = f"Action item deleted: {reason.strip()}" if reason.strip() else "Action item deleted"
    change = deleted_action_change(actions, index, note=note)
    return recorded([change], at=at, user=user, actions=actions.drop(index=index))
