"""Pulse History rows, same-week re-saves, and what changed since the last CST meeting."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from pulse.frames import cell_text
from pulse.history import (
    Changes,
    changes_since_last_meeting,
    merge_history,
    pulse_history_rows,
    week_monday,
)
from pulse.schema import HISTORY
from tests.workflow_frames import actions_frame, audit_frame, d, episodes_frame, typed_frame

PREVIOUS, MEETING = d("2025-03-03"), d("2025-03-10")


def texts(frame: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    return [tuple(cell_text(v) for v in row) for row in frame[columns].itertuples(index=False)]


@pytest.mark.parametrize(
    ("day", "monday"),
    [("2025-03-10", "2025-03-10"), ("2025-03-12", "2025-03-10"), ("2025-03-16", "2025-03-10")],
)
def test_week_monday(day: str, monday: str) -> None:
    assert week_monday(d(day)) == pd.Timestamp(monday)


def sample_risk_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_key": ["acme dental", "birch law"],
            "client": ["Acme Dental", "Birch Law"],
            "status": ["Recommended", ""],
            "flags": [["noc", "service_desk"], []],
            "criteria_count": [2, 0],
            "risk": [0.235, 0.0],
            "band": ["medium", "low"],
            "mrr": [10000.0, 4000.0],
            "mrr_at_risk": [2350.0, 0.0],
        }
    )


def test_pulse_history_rows_are_keyed_by_the_monday() -> None:
    rows = pulse_history_rows(sample_risk_table(), week=d("2025-03-12"))
    assert list(rows.columns) == [*HISTORY.names, "client_key", "sheet_row"]
    assert texts(rows, HISTORY.names) == [
        ("2025-03-10", "Acme Dental", "Recommended", "2", "0.235", "10000", "2350"),
        ("2025-03-10", "Birch Law", "", "0", "0", "4000", "0"),
    ]
    assert rows["sheet_row"].isna().all()


def saved_history() -> pd.DataFrame:
    return typed_frame(
        HISTORY,
        [
            {"week": "2025-03-03", "client": "Acme Dental", "criteria_count": 1, "sheet_row": 2},
            {"week": "2025-03-03", "client": "Birch Law", "criteria_count": 0, "sheet_row": 3},
            {"week": "2025-03-10", "client": "Acme Dental", "criteria_count": 1, "sheet_row": 4},
            {"week": "2025-03-10", "client": "Birch Law", "criteria_count": 1, "sheet_row": 5},
        ],
    )


def test_merge_history_replaces_the_week_and_reuses_its_rows() -> None:
    new_rows = pulse_history_rows(
        sample_risk_table().iloc[[0]].assign(client_key="acme dental"), week=MEETING
    )
    elm = pulse_history_rows(
        sample_risk_table().iloc[[1]].assign(client="Elm Farms", client_key="elm farms"),
        week=MEETING,
    )
    merged = merge_history(saved_history(), pd.concat([new_rows, elm]), week=d("2025-03-11"))
    assert texts(merged, ["week", "client", "criteria_count", "sheet_row"]) == [
        ("2025-03-03", "Acme Dental", "1", "2"),
        ("2025-03-03", "Birch Law", "0", "3"),
        ("2025-03-10", "Acme Dental", "2", "4"),
        ("2025-03-10", "Elm Farms", "0", ""),
    ]


def test_merge_history_twice_in_a_week_never_duplicates() -> None:
    rows = pulse_history_rows(sample_risk_table(), week=MEETING)
    once = merge_history(saved_history(), rows, week=MEETING)
    twice = merge_history(once, rows, week=MEETING)
    assert len(once) == len(twice) == 4
    assert texts(twice, ["week", "client", "sheet_row"]) == texts(
        once, ["week", "client", "sheet_row"]
    )


def test_merge_history_into_an_empty_history() -> None:
    empty = typed_frame(HISTORY, [])
    rows = pulse_history_rows(sample_risk_table(), week=MEETING)
    assert len(merge_history(empty, rows, week=MEETING)) == 2


# --- changes since the last meeting: a hand-written week (Mon 3 March → Mon 10 March 2025) ---


def week_episodes() -> pd.DataFrame:
    return episodes_frame(
        [
            {
                "client": "Acme Dental",
                "status": "Recommended",
                "recommended_on": "2025-03-05",
                "reason": "Three outages",
            },
            {
                "client": "Birch Law",
                "status": "Active",
                "recommended_on": "2025-02-26",
                "vcio_approval": "Vic",
                "director_approval": "Dee",
                "director_approved_on": "2025-03-03",  # the previous meeting: not this week
            },
            {
                "client": "Fig Farm",
                "status": "Active",
                "recommended_on": "2025-03-04",
                "reason": "NOC alerts",
                "vcio_approval": "Vic",
                "director_approval": "Dee",
                "director_approved_on": "2025-03-10",
            },
            {
                "client": "Cedar Clinic",
                "status": "Removed",
                "recommended_on": "2025-01-06",
                "removed_on": "2025-03-10",
                "removal_reason": "Healthy again",
            },
            {
                "client": "Dune Corp",
                "status": "Declined",
                "recommended_on": "2025-02-20",
                "cst_meeting_date": "2025-03-10",
                "removal_reason": "One-off",
            },
            # Recommended On lost in an Excel edit: only the Audit Log knows when.
            {"client": "Gum Co", "status": "Recommended"},
        ]
    )


def week_audit() -> pd.DataFrame:
    status = "Extra Care Tracking Info.status"
    return audit_frame(
        [
            {
                "at": datetime(2025, 3, 3, 15),
                "client": "Birch Law",
                "field": status,
                "new": "Active",
                "note": "Approved",
            },
            {
                "at": datetime(2025, 3, 5, 10),
                "client": "Acme Dental",
                "field": status,
                "new": "Recommended",
                "note": "Recommended by Sam",
            },
            {
                "at": datetime(2025, 3, 6, 9),
                "client": "Gum Co",
                "field": status,
                "new": "Recommended",
                "note": "Recommended by Sol",
            },
            {
                "at": datetime(2025, 3, 6, 9),
                "client": "Gum Co",
                "field": "Extra Care Tracking Info.reason",
                "new": "Recommended",
                "note": "not a status row",
            },
        ]
    )


def week_history() -> pd.DataFrame:
    rows = [
        ("2025-03-03", "Acme Dental", 1, 0.10),
        ("2025-03-03", "Birch Law", 1, 0.20),
        ("2025-03-03", "Cedar Clinic", 2, 0.32),
        ("2025-03-10", "Acme Dental", 2, 0.235),
        ("2025-03-10", "Birch Law", 1, 0.20),
        ("2025-03-10", "Cedar Clinic", 2, 0.46),
        ("2025-03-10", "Elm Farms", 1, 0.15),
    ]
    return typed_frame(
        HISTORY,
        [{"week": w, "client": c, "criteria_count": n, "risk": r} for w, c, n, r in rows],
    )


def week_actions() -> pd.DataFrame:
    rows = [
        ("Birch Law", "Replace firewall", "2025-03-07", "Open", None),
        ("Birch Law", "Weekly call", "2025-03-01", "Open", None),
        ("Acme Dental", "Review backups", "2025-03-07", "Done", "2025-03-06"),
        ("Acme Dental", "Old task", "2025-03-01", "Done", "2025-03-03"),
        ("Fig Farm", "Call POC", "2025-03-10", "Open", None),
        ("Fig Farm", "Test restore", "2025-03-03", "Open", None),
    ]
    return actions_frame(
        [
            {
                "client": c,
                "action": a,
                "department": "NOC",
                "owner": "Nia",
                "due": due,
                "status": s,
                "done_on": done,
            }
            for c, a, due, s, done in rows
        ]
    )


def week_changes(audit: pd.DataFrame | None = None) -> Changes:
    return changes_since_last_meeting(
        week_audit() if audit is None else audit,
        week_history(),
        week_episodes(),
        week_actions(),
        meeting=MEETING,
        previous=PREVIOUS,
        as_of=MEETING,
    )


EVENT = ["client", "on", "detail"]
MOVE = ["client", "criteria_before", "criteria_now", "band_before", "band_now"]


def test_episode_events_of_the_week() -> None:
    changes = week_changes()
    assert texts(changes.added, EVENT) == [
        ("Acme Dental", "2025-03-05", "Three outages"),
        ("Fig Farm", "2025-03-04", "NOC alerts"),
        ("Gum Co", "2025-03-06", "Recommended by Sol"),
    ]
    assert texts(changes.approved, EVENT) == [("Fig Farm", "2025-03-10", "vCIO Vic, Director Dee")]
    assert texts(changes.removed, EVENT) == [("Cedar Clinic", "2025-03-10", "Healthy again")]
    assert texts(changes.declined, EVENT) == [("Dune Corp", "2025-03-10", "One-off")]


def test_flags_and_bands_that_moved() -> None:
    changes = week_changes()
    assert texts(changes.flags_moved, MOVE) == [
        ("Acme Dental", "1", "2", "low", "medium"),
        ("Elm Farms", "0", "1", "low", "medium"),
    ]
    assert texts(changes.bands_moved, MOVE) == [
        ("Acme Dental", "1", "2", "low", "medium"),
        ("Cedar Clinic", "2", "2", "medium", "high"),
        ("Elm Farms", "0", "1", "low", "medium"),
    ]


def test_current_rows_stand_in_for_an_unsaved_week() -> None:
    current = typed_frame(
        HISTORY,
        [{"week": "2025-03-10", "client": "Birch Law", "criteria_count": 3, "risk": 0.45}],
    )
    history = week_history()
    history = history[history["week"] == pd.Timestamp("2025-03-03")]
    changes = changes_since_last_meeting(
        week_audit(),
        history,
        week_episodes(),
        week_actions(),
        meeting=MEETING,
        previous=PREVIOUS,
        as_of=MEETING,
        current=current,
    )
    assert texts(changes.flags_moved, MOVE) == [
        ("Acme Dental", "1", "0", "low", "low"),
        ("Birch Law", "1", "3", "medium", "high"),
        ("Cedar Clinic", "2", "0", "medium", "low"),
    ]


def test_actions_completed_and_newly_overdue() -> None:
    changes = week_changes()
    assert texts(changes.actions_completed, ["client", "action", "done_on"]) == [
        ("Acme Dental", "Review backups", "2025-03-06")
    ]
    overdue = changes.actions_newly_overdue
    assert texts(overdue, ["client", "action", "due", "days_overdue"]) == [
        ("Birch Law", "Replace firewall", "2025-03-07", "3"),
        ("Fig Farm", "Test restore", "2025-03-03", "7"),
    ]


def test_a_recommendation_deleted_as_a_mistake_is_not_an_addition() -> None:
    status = "Extra Care Tracking Info.status"
    mistake = [
        {
            "at": datetime(2025, 3, 6, 9),
            "client": "Hazel Co",
            "field": status,
            "old": "",
            "new": "Recommended",
            "note": "Recommended by Sol",
        },
        {
            "at": datetime(2025, 3, 6, 9, 5),
            "client": "Hazel Co",
            "field": status,
            "old": "Recommended",
            "new": "",
            "note": "Recommendation deleted (recorded by mistake)",
        },
    ]
    audit = pd.concat([week_audit(), audit_frame(mistake)], ignore_index=True)
    changes = week_changes(audit)
    assert [row[0] for row in texts(changes.added, EVENT)] == ["Acme Dental", "Fig Farm", "Gum Co"]
