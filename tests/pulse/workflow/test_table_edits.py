"""Edits made straight in a table: a whole edited frame as audit rows (rows matched by index
label), and an action-item editor's edits run through the workflow on the scenario's action items,
with st.data_editor's edits written by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from connectors.workbook import read_workbook
from pulse import workflow
from pulse.schema import Sheet
from pulse.workflow import Outcome, Refused
from pulse.workflow.table_edits import table_edits_outcome
from tests.scenario import scenario_workbook
from tests.workflow_frames import AT, USER, audit_tuples, sample_actions, sample_episodes

# --- diff_to_audit -------------------------------------------------------------------------------


def test_diff_to_audit_covers_edits_renames_additions_and_deletions() -> None:
    before = sample_actions()
    after = before.copy()
    after.loc[0, "owner"] = "Oz"
    after.loc[1, "action"] = "Fortnightly call with POC"
    after.loc[1, "due"] = pd.Timestamp("2025-03-28")
    after = after.drop(index=2)
    after.loc[7, ["client", "action", "department", "owner", "status"]] = [
        "Acme Dental",
        "Test restore",
        "NOC",
        "Nia",
        "Open",
    ]
    audit = workflow.diff_to_audit(before, after, sheet=Sheet.ACTIONS, at=AT, user=USER)
    edited = workflow.EDITED_IN_TABLE
    assert audit_tuples(audit) == [
        ("Birch Law", "Action Items[Replace firewall].owner", "Nia", "Oz", edited),
        (
            "Birch Law",
            "Action Items[Weekly call with POC].action",
            "Weekly call with POC",
            "Fortnightly call with POC",
            edited,
        ),
        (
            "Birch Law",
            "Action Items[Fortnightly call with POC].due",
            "2025-03-14",
            "2025-03-28",
            edited,
        ),
        (
            "Acme Dental",
            "Action Items[Test restore].action",
            "",
            "Test restore",
            "Action item added",
        ),
        ("Acme Dental", "Action Items[Test restore].department", "", "NOC", "Action item added"),
        ("Acme Dental", "Action Items[Test restore].owner", "", "Nia", "Action item added"),
        ("Acme Dental", "Action Items[Test restore].status", "", "Open", "Action item added"),
        ("Acme Dental", "Action Items[Review backups].action", "Review backups", "", "Deleted"),
    ]


def test_diff_to_audit_keys_an_older_episode_by_its_recommendation_date() -> None:
    episodes = sample_episodes()
    second = episodes.loc[[2]].set_axis([4])
    second.loc[4, "status"] = "Active"
    second.loc[4, "recommended_on"] = pd.Timestamp("2025-03-05")
    before = pd.concat([episodes, second])
    after = before.copy()
    after.loc[2, "removal_reason"] = "Healthy again, renewed"
    after.loc[4, "reason"] = "Renewal at risk"
    audit = workflow.diff_to_audit(before, after, sheet=Sheet.EPISODES, at=AT, user=USER)
    edited = workflow.EDITED_IN_TABLE
    assert audit_tuples(audit) == [
        (
            "Cedar Clinic",
            "Extra Care Tracking Info[2025-01-06].removal_reason",
            "Healthy again",
            "Healthy again, renewed",
            edited,
        ),
        ("Cedar Clinic", "Extra Care Tracking Info.reason", "", "Renewal at risk", edited),
    ]


def test_diff_to_audit_refuses_deleting_an_episode() -> None:
    before = sample_episodes()
    with pytest.raises(Refused) as refused:
        workflow.diff_to_audit(before, before.drop(index=3), sheet=Sheet.EPISODES, at=AT, user=USER)
    assert refused.value.reason == "Episodes are added by recommending a client and never deleted"


def test_diff_to_audit_of_an_unchanged_table_is_empty() -> None:
    audit = workflow.diff_to_audit(
        sample_actions(), sample_actions(), sheet=Sheet.ACTIONS, at=AT, user=USER
    )
    assert audit.empty and list(audit.columns) == workflow.AUDIT_COLUMNS


# --- table_edits_outcome: an action-item editor's edits -----------------------------------------

AS_OF = "2026-11-23"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return scenario_workbook(tmp_path / "pulse.xlsx")


def scenario_actions(workbook: Path) -> pd.DataFrame:
    return read_workbook(workbook).actions


EDITED_AT = pd.Timestamp("2026-11-23 10:00").to_pydatetime()


def outcome_of(
    actions: pd.DataFrame, edits: dict[str, Any], *, client: str | None
) -> Outcome | None:
    """The table showing every action item in order, edited as `edits` says, by Ann."""
    return table_edits_outcome(
        actions,
        list(actions.index),
        edits,
        client=client,
        as_of=date.fromisoformat(AS_OF),
        at=EDITED_AT,
        user="Ann",
    )


def test_table_edit_marks_done_dated_as_of(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    first = actions.index[0]
    edits = {"edited_rows": {0: {"status": "Done"}}, "added_rows": [], "deleted_rows": []}
    outcome = outcome_of(actions, edits, client=None)
    assert outcome is not None and outcome.actions is not None
    assert outcome.actions.at[first, "status"] == "Done"
    assert pd.Timestamp(outcome.actions.at[first, "done_on"]) == pd.Timestamp(AS_OF)
    assert sorted(outcome.audit["new"]) == ["2026-11-23", "Done"]
    assert set(outcome.audit["note"]) == {"Action item done"}


def test_table_added_row_goes_through_the_workflow(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    row = {
        "action": "Weekly call with the POC",
        "department": "vcio",
        "owner": "Dana",
        "due": "2026-11-30",
    }
    edits = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    outcome = outcome_of(actions, edits, client="Acme Dental")
    assert outcome is not None and outcome.actions is not None
    added = outcome.actions.iloc[-1]
    assert (added["client"], added["department"], added["status"]) == (
        "Acme Dental",
        "vCIO",
        "Open",
    )
    assert len(outcome.actions) == len(actions) + 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            {"action": "Call", "department": "Legal", "owner": "Dana", "due": "2026-11-30"},
            "Department must be one of",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "", "due": "2026-11-30"},
            "An action item needs an owner",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "Dana", "due": None},
            "An action item needs a due date",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "Dana", "due": "soon"},
            "'soon' is not a date",
        ),
    ],
)
def test_table_bad_rows_are_refused_with_the_reason(workbook: Path, row, reason: str) -> None:
    actions = scenario_actions(workbook)
    edits = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    with pytest.raises(Refused, match=reason):
        outcome_of(actions, edits, client="Acme Dental")


def test_no_table_edit_is_no_outcome(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    edits = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    assert outcome_of(actions, edits, client=None) is None


def test_done_with_its_own_date_keeps_that_date(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    # Row 1 is Acme Dental's "Call POC", Open; done on the Friday before.
    edits = {"edited_rows": {1: {"status": "Done", "done_on": "2026-11-20"}}, "added_rows": []}
    outcome = outcome_of(actions, edits, client=None)
    assert outcome is not None and outcome.actions is not None
    label = actions.index[1]
    assert pd.Timestamp(outcome.actions.at[label, "done_on"]) == pd.Timestamp("2026-11-20")
    assert sorted(outcome.audit["new"]) == ["2026-11-20", "Done"]


def test_an_edited_owner_is_one_audit_row_and_leaves_the_status(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    # Row 3 is Delta Realty's "Re-plan project", owned by Lee.
    edits = {"edited_rows": {3: {"owner": "Priya"}}, "added_rows": []}
    outcome = outcome_of(actions, edits, client=None)
    assert outcome is not None and outcome.actions is not None
    label = actions.index[3]
    assert (outcome.actions.at[label, "owner"], outcome.actions.at[label, "status"]) == (
        "Priya",
        "Open",
    )
    assert list(zip(outcome.audit["old"], outcome.audit["new"], strict=True)) == [("Lee", "Priya")]


# --- a department manager's edits: their own department's items only ----------------------------
# The scenario's items, in order: Acme "Replace switch" (NOC), "Call POC" (vCIO), "Old fix" (NOC,
# Done), Delta Realty "Re-plan project" (Projects).


def manager_outcome(
    workbook: Path, edits: dict[str, Any], *, role: str = "noc_manager"
) -> Outcome | None:
    actions = scenario_actions(workbook)
    return table_edits_outcome(
        actions,
        list(actions.index),
        {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits},
        client=None,
        as_of=date.fromisoformat(AS_OF),
        at=EDITED_AT,
        user="Nico",
        role=role,
    )


def test_the_noc_manager_completes_and_updates_a_noc_item(workbook: Path) -> None:
    outcome = manager_outcome(workbook, {"edited_rows": {0: {"status": "Done", "owner": "Nico"}}})
    assert outcome is not None and outcome.actions is not None
    assert list(outcome.actions["status"]) == ["Done", "Open", "Done", "Open"]
    assert list(outcome.actions["owner"]) == ["Nico", "Dana", "Kim", "Lee"]
    assert set(outcome.audit["user"]) == {"Nico"}


@pytest.mark.parametrize(
    ("role", "edits", "reason"),
    [
        (
            "noc_manager",
            {"edited_rows": {1: {"owner": "Nico"}}},
            '"Call POC" is a vCIO department item: you may update and complete the NOC '
            "department's items only",
        ),
        (
            "noc_manager",
            {"edited_rows": {0: {"department": "Projects"}}},
            '"Replace switch" cannot move to Projects department: you may update and complete '
            "the NOC department's items only",
        ),
        (
            "projects_manager",
            {"added_rows": [{"client": "Acme Dental", "action": "Plan", "department": "Projects"}]},
            "Adding or deleting an action item is for a vCIO, a vITM, the Director or the "
            "Account Administrator; you may update and complete your department's items",
        ),
        (
            "noc_manager",
            {"deleted_rows": [0]},
            "Adding or deleting an action item is for a vCIO, a vITM, the Director or the "
            "Account Administrator; you may update and complete your department's items",
        ),
        ("member", {"edited_rows": {0: {"owner": "Me"}}}, "Your role may not edit action items"),
    ],
)
def test_a_department_manager_is_refused_other_edits(
    workbook: Path, role: str, edits: dict[str, Any], reason: str
) -> None:
    with pytest.raises(Refused) as refused:
        manager_outcome(workbook, edits, role=role)
    assert refused.value.reason == reason


def test_the_projects_manager_edits_the_projects_item(workbook: Path) -> None:
    outcome = manager_outcome(
        workbook, {"edited_rows": {3: {"due": "2026-12-04"}}}, role="projects_manager"
    )
    assert outcome is not None and outcome.actions is not None
    assert pd.Timestamp(outcome.actions.iloc[3]["due"]) == pd.Timestamp("2026-12-04")


def test_the_director_edits_any_departments_item(workbook: Path) -> None:
    outcome = manager_outcome(workbook, {"edited_rows": {1: {"owner": "Morgan"}}}, role="director")
    assert outcome is not None and outcome.actions is not None
    assert outcome.actions.iloc[1]["owner"] == "Morgan"


def test_a_row_deleted_in_the_table_is_deleted_through_the_workflow(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    edits = {"edited_rows": {}, "added_rows": [], "deleted_rows": [1]}  # Acme's "Call POC"
    outcome = outcome_of(actions, edits, client=None)
    assert outcome is not None and outcome.actions is not None
    assert list(outcome.actions["action"]) == ["Replace switch", "Old fix", "Re-plan project"]
    assert audit_tuples(outcome.audit) == [
        ("Acme Dental", "Action Items[Call POC].action", "Call POC", "", "Action item deleted")
    ]
