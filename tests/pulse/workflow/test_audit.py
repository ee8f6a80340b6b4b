"""Audit rows: the field encoding, read back, and the typed audit frame."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse import workflow
from pulse.schema import Sheet
from pulse.workflow import Refused
from pulse.workflow.audit import (
    Change,
    audit_field,
    audit_frame,
    edit_cells,
    empty_audit,
    recorded,
)
from tests.workflow_frames import AT, USER, audit_tuples, row_texts, sample_actions

# --- audit field encoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "sheet", "row", "column"),
    [
        ("Extra Care Tracking Info.status", Sheet.EPISODES, "", "status"),
        ("Extra Care Tracking Info[2025-03-05].reason", Sheet.EPISODES, "2025-03-05", "reason"),
        (
            "Action Items[Call Dr. Lee [urgent]].owner",
            Sheet.ACTIONS,
            "Call Dr. Lee [urgent]",
            "owner",
        ),
    ],
)
def test_audit_field_round_trip(field: str, sheet: Sheet, row: str, column: str) -> None:
    ref = workflow.parse_audit_field(field)
    assert (ref.sheet, ref.row, ref.column) == (sheet, row, column)
    assert str(ref) == field


@pytest.mark.parametrize("field", ["Clients.mrr", "status", "Nowhere[x].y"])
def test_audit_field_outside_the_workflow_is_refused(field: str) -> None:
    with pytest.raises(Refused) as refused:
        workflow.parse_audit_field(field)
    assert refused.value.reason == f"Audit field '{field}' names no episode or action-item cell"


@pytest.mark.parametrize(
    ("sheet", "column", "row", "field"),
    [
        (Sheet.EPISODES, "status", "", "Extra Care Tracking Info.status"),
        (Sheet.EPISODES, "reason", "2025-03-05", "Extra Care Tracking Info[2025-03-05].reason"),
        (Sheet.ACTIONS, "owner", "Call the POC", "Action Items[Call the POC].owner"),
    ],
)
def test_audit_field(sheet: Sheet, column: str, row: str, field: str) -> None:
    assert audit_field(sheet, column, row=row) == field


AUDIT_NAMES = ["at", "user", "client", "field", "old", "new", "note", "client_key", "sheet_row"]


def test_empty_audit_has_the_audit_log_columns_typed() -> None:
    audit = empty_audit()
    assert audit.empty and list(audit.columns) == AUDIT_NAMES
    assert str(audit["at"].dtype) == "datetime64[us]"
    assert str(audit["sheet_row"].dtype) == "Int64"


def test_audit_frame_stamps_every_change_with_when_and_who() -> None:
    changes = [
        Change(" Birch LAW", "Action Items[Replace firewall].owner", "Nia", "Oz", "edited"),
        Change("Acme Dental", "Extra Care Tracking Info.status", "", "Recommended", "by Sam"),
    ]
    audit = audit_frame(changes, at=AT, user=USER)
    assert list(audit.columns) == AUDIT_NAMES
    assert audit_tuples(audit) == [
        (" Birch LAW", "Action Items[Replace firewall].owner", "Nia", "Oz", "edited"),
        ("Acme Dental", "Extra Care Tracking Info.status", "", "Recommended", "by Sam"),
    ]
    assert list(audit["at"]) == [pd.Timestamp("2025-03-10 11:30")] * 2
    assert list(audit["user"]) == [USER, USER]
    assert list(audit["client_key"]) == ["birch law", "acme dental"]
    assert audit["sheet_row"].isna().all()  # not in the sheet until saved


def test_audit_frame_of_no_changes_is_the_empty_audit() -> None:
    pd.testing.assert_frame_equal(audit_frame([], at=AT, user=USER), empty_audit())


def test_edit_cells_records_only_the_cells_whose_text_changed() -> None:
    actions = sample_actions()
    values = {"owner": "Nia", "due": pd.Timestamp("2025-03-21"), "ticket": "T-9"}
    changes = edit_cells(
        actions, 0, values, sheet=Sheet.ACTIONS, note="edited", row="Replace firewall"
    )
    assert changes == [
        Change(
            "Birch Law", "Action Items[Replace firewall].due", "2025-03-07", "2025-03-21", "edited"
        ),
        Change("Birch Law", "Action Items[Replace firewall].ticket", "", "T-9", "edited"),
    ]
    assert row_texts(actions, 0, ["owner", "due", "ticket"]) == {
        "owner": "Nia",
        "due": "2025-03-21",
        "ticket": "T-9",
    }


def test_recorded_is_the_changed_frame_and_the_audit_rows_of_its_changes() -> None:
    actions = sample_actions()
    change = Change("Birch Law", "Action Items[Replace firewall].owner", "Nia", "Oz", "edited")
    outcome = recorded([change], at=AT, user=USER, actions=actions)
    assert outcome.episodes is None and outcome.actions is actions
    assert outcome.conflicts == 0
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", "Action Items[Replace firewall].owner", "Nia", "Oz", "edited")
    ]
