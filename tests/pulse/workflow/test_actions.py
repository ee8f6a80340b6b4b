"""Action items: added, edited and completed, allowed and refused (SPEC "Action items")."""

from __future__ import annotations

from typing import Any

import pytest

from pulse import workflow
from pulse.schema import ACTIONS
from pulse.workflow import Refused
from pulse.workflow.actions import action_rows
from tests.workflow_frames import (
    AT,
    USER,
    actions_frame,
    audit_tuples,
    d,
    row_texts,
    run_on_actions,
)

# --- action items --------------------------------------------------------------------------------


def test_add_action_appends_an_open_item() -> None:
    outcome = run_on_actions(
        workflow.add_action,
        client="Birch Law",
        action="Open problem ticket",
        department="service desk",
        owner="Sol",
        due=d("2025-03-14"),
        ticket="T-300",
    )
    actions = outcome.actions
    assert actions is not None and outcome.episodes is None
    assert row_texts(actions, 3, [*ACTIONS.names, "client_key"]) == {
        "client": "Birch Law",
        "action": "Open problem ticket",
        "department": "Service Desk",
        "owner": "Sol",
        "due": "2025-03-14",
        "status": "Open",
        "done_on": "",
        "ticket": "T-300",
        "client_key": "birch law",
    }
    field = "Action Items[Open problem ticket]."
    note = "Action item added"
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "action", "", "Open problem ticket", note),
        ("Birch Law", field + "department", "", "Service Desk", note),
        ("Birch Law", field + "owner", "", "Sol", note),
        ("Birch Law", field + "due", "", "2025-03-14", note),
        ("Birch Law", field + "status", "", "Open", note),
        ("Birch Law", field + "ticket", "", "T-300", note),
    ]


def test_add_action_may_not_repeat_a_done_items_text() -> None:
    # Client + text is an item's identity in the audit rows: a second "Review backups" (the
    # first is Done) would make an edit of either ambiguous when replayed after a conflict.
    backups = {"client": "Acme Dental", "department": "Service Desk", "owner": "Sol"}
    with pytest.raises(Refused, match='Acme Dental already has an action item "Review backups"'):
        run_on_actions(workflow.add_action, action="Review backups", due=d("2025-03-21"), **backups)
    outcome = run_on_actions(
        workflow.add_action, action="Review backups (March)", due=d("2025-03-21"), **backups
    )
    assert outcome.actions is not None and len(outcome.actions) == 4


ADD_CALL: dict[str, Any] = {
    "client": "Birch Law",
    "action": "Open problem ticket",
    "department": "NOC",
    "owner": "Nia",
    "due": d("2025-03-14"),
}
ADD_REFUSALS = [
    ({"client": ""}, "Choose the client for the action item"),
    ({"action": " "}, "Describe the action item"),
    ({"department": ""}, "Choose the department for the action item"),
    (
        {"department": "Finance"},
        "Department must be one of: Service Desk, Projects, NOC, vCIO, vITM, "
        "Account Management, Sales",
    ),
    ({"owner": ""}, "An action item needs an owner"),
    ({"due": None}, "An action item needs a due date"),
    (
        {"client": "birch law", "action": "Replace firewall"},
        'birch law already has an action item "Replace firewall"; word this one differently '
        "(for example, add the month)",
    ),
]


@pytest.mark.parametrize(("change", "reason"), ADD_REFUSALS)
def test_add_action_refusals(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refused) as refused:
        run_on_actions(workflow.add_action, **{**ADD_CALL, **change})
    assert refused.value.reason == reason


def test_update_action_records_each_changed_field() -> None:
    outcome = run_on_actions(
        workflow.update_action,
        index=0,
        changes={"owner": "Oz", "due": d("2025-03-21"), "department": "NOC"},
    )
    assert outcome.actions is not None
    assert row_texts(outcome.actions, 0, ["owner", "due"]) == {"owner": "Oz", "due": "2025-03-21"}
    field = "Action Items[Replace firewall]."
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "owner", "Nia", "Oz", "Action item edited"),
        ("Birch Law", field + "due", "2025-03-07", "2025-03-21", "Action item edited"),
    ]


def test_update_action_keys_a_rename_by_the_old_text_then_the_new() -> None:
    outcome = run_on_actions(
        workflow.update_action,
        index=0,
        changes={"owner": "Oz", "action": "Replace firewall + switch"},
    )
    assert audit_tuples(outcome.audit) == [
        (
            "Birch Law",
            "Action Items[Replace firewall].action",
            "Replace firewall",
            "Replace firewall + switch",
            "Action item edited",
        ),
        (
            "Birch Law",
            "Action Items[Replace firewall + switch].owner",
            "Nia",
            "Oz",
            "Action item edited",
        ),
    ]


UPDATE_REFUSALS = [
    (9, {"owner": "Oz"}, "There is no action item 9"),
    (0, {"client": "Elm", "owner": "Oz"}, "Action-item fields that cannot be changed: client"),
    (0, {"due": "soon"}, "Due must be a date (got 'soon')"),
    (0, {"status": "Closed"}, "Status must be one of: Open, Done"),
    (
        0,
        {"department": "HR"},
        "Department must be one of: Service Desk, Projects, NOC, vCIO, vITM, "
        "Account Management, Sales",
    ),
    (
        0,
        {"action": "Weekly call with POC"},
        'Birch Law already has an action item "Weekly call with POC"; word this one differently '
        "(for example, add the month)",
    ),
    (0, {"action": "  "}, "An action item cannot be blank"),
]


@pytest.mark.parametrize(("index", "changes", "reason"), UPDATE_REFUSALS)
def test_update_action_refusals(index: int, changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refused) as refused:
        run_on_actions(workflow.update_action, index=index, changes=changes)
    assert refused.value.reason == reason


def test_complete_action_marks_it_done_on_the_day() -> None:
    outcome = run_on_actions(workflow.complete_action, index=1, on=d("2025-03-12"))
    field = "Action Items[Weekly call with POC]."
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "status", "Open", "Done", "Action item done"),
        ("Birch Law", field + "done_on", "", "2025-03-12", "Action item done"),
    ]


@pytest.mark.parametrize(
    ("index", "reason"),
    [(2, '"Review backups" is already done'), (7, "There is no action item 7")],
)
def test_complete_action_refusals(index: int, reason: str) -> None:
    with pytest.raises(Refused) as refused:
        run_on_actions(workflow.complete_action, index=index, on=d("2025-03-12"))
    assert refused.value.reason == reason


def test_first_action_item_in_an_empty_tab() -> None:
    added = workflow.add_action(
        actions_frame([]),
        client="Elm Farms",
        action="Call",
        department="vCIO",
        owner="Vic",
        due=d("2025-03-14"),
        at=AT,
        user=USER,
    )
    assert added.actions is not None
    assert row_texts(added.actions, 0, ["client", "action", "status"]) == {
        "client": "Elm Farms",
        "action": "Call",
        "status": "Open",
    }


def test_every_column_but_the_client_is_editable() -> None:
    editable = "action department owner due status done_on ticket"
    assert tuple(editable.split()) == workflow.EDITABLE_ACTION_FIELDS


def test_action_rows_match_client_and_text_open_ones_first() -> None:
    actions = actions_frame(
        [
            {"client": "Birch Law", "action": "Call POC", "status": "Done"},
            {"client": "Acme Dental", "action": "Call POC", "status": "Open"},
            {"client": "birch law ", "action": "Call POC", "status": "Open"},
            {"client": "Birch Law", "action": "Call POC again", "status": "Open"},
        ]
    )
    assert action_rows(actions, "Birch Law", " Call POC ") == [2, 0]
    assert action_rows(actions, "Birch Law", "Email POC") == []
    assert action_rows(actions_frame([]), "Birch Law", "Call POC") == []


# --- deleting an action item added by mistake -----------------------------------------------------


def test_delete_action_drops_the_row_and_its_audit_row_keeps_the_text() -> None:
    outcome = run_on_actions(workflow.delete_action, index=1, reason="added twice")
    assert outcome.actions is not None and outcome.episodes is None
    assert list(outcome.actions["action"]) == ["Replace firewall", "Review backups"]
    assert audit_tuples(outcome.audit) == [
        (
            "Birch Law",
            "Action Items[Weekly call with POC].action",
            "Weekly call with POC",
            "",
            "Action item deleted: added twice",
        )
    ]


def test_delete_action_without_a_reason_says_only_that() -> None:
    outcome = run_on_actions(workflow.delete_action, index=0)
    assert audit_tuples(outcome.audit)[0][4] == "Action item deleted"


def test_deleting_an_item_that_is_not_there_is_refused() -> None:
    with pytest.raises(Refused, match="There is no action item 7"):
        run_on_actions(workflow.delete_action, index=7)
