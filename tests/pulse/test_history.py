"""Pulse History rows, same-week re-saves, and what changed since the last CST meeting."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from pulse.frames import cell_text
from pulse.history import (
    Changes,
    HistoryBasis,
    changes_since_last_meeting,
    comparison_note,
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
NEW = ["client", "criteria_now", "risk_now", "band_now"]


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
    """3 March → 10 March, both saved: Acme 1 → 2 criteria (10% low → 23.5% medium), Cedar
    32% medium → 46% high on the same 2 criteria, Birch unchanged; Elm Farms has no row on
    3 March, so it is new, not moved from nothing."""
    changes = week_changes()
    assert texts(changes.flags_moved, MOVE) == [("Acme Dental", "1", "2", "low", "medium")]
    assert texts(changes.bands_moved, MOVE) == [
        ("Acme Dental", "1", "2", "low", "medium"),
        ("Cedar Clinic", "2", "2", "medium", "high"),
    ]
    assert texts(changes.new_clients, NEW) == [("Elm Farms", "1", "0.15", "medium")]
    assert changes.basis.compared_week == pd.Timestamp("2025-03-03")
    assert changes.basis.comparable and not changes.basis.skipped_weeks
    assert comparison_note(changes.basis) == "Compared with the week of 3 Mar in Pulse History."


def history(rows: list[tuple[str, str, int | None, float | None]]) -> pd.DataFrame:
    return typed_frame(
        HISTORY,
        [{"week": w, "client": c, "criteria_count": n, "risk": r} for w, c, n, r in rows],
    )


def changes_with(saved: pd.DataFrame, current: pd.DataFrame | None) -> Changes:
    return changes_since_last_meeting(
        week_audit(),
        saved,
        week_episodes(),
        week_actions(),
        meeting=MEETING,
        previous=PREVIOUS,
        as_of=MEETING,
        current=current,
    )


def test_current_rows_stand_in_for_an_unsaved_week() -> None:
    """This week unsaved: `current` is 10 March. Acme and Cedar have no current row (no longer
    on Clients): unknown now, so not moved to nothing either."""
    current = history([("2025-03-10", "Birch Law", 3, 0.45)])
    saved = week_history()
    changes = changes_with(saved[saved["week"] == pd.Timestamp("2025-03-03")], current)
    assert texts(changes.flags_moved, MOVE) == [("Birch Law", "1", "3", "medium", "high")]
    assert texts(changes.bands_moved, MOVE) == [("Birch Law", "1", "3", "medium", "high")]
    assert changes.new_clients.empty


def test_a_missing_week_is_compared_with_the_latest_saved_week_before_it() -> None:
    """Nobody saved on 3 March (the previous meeting's week): 24 February stands in, and says
    so. Acme 1 → 2 criteria and low → medium against 24 Feb (not 0 → 2 against an empty week);
    Birch 2 criteria 32% medium → 1 criterion 20% medium: flags moved, band not; Dune has no
    row on 24 Feb, so it is new; Cedar's blank count on 24 Feb is unknown, its band is not."""
    saved = history(
        [
            ("2025-02-24", "Acme Dental", 1, 0.10),
            ("2025-02-24", "Birch Law", 2, 0.32),
            ("2025-02-24", "Cedar Clinic", None, 0.20),
            ("2025-02-17", "Dune Corp", 3, 0.50),
        ]
    )
    current = history(
        [
            ("2025-03-10", "Acme Dental", 2, 0.235),
            ("2025-03-10", "Birch Law", 1, 0.20),
            ("2025-03-10", "Cedar Clinic", 2, 0.46),
            ("2025-03-10", "Dune Corp", 0, 0.0),
        ]
    )
    changes = changes_with(saved, current)
    assert texts(changes.flags_moved, MOVE) == [
        ("Acme Dental", "1", "2", "low", "medium"),
        ("Birch Law", "2", "1", "medium", "medium"),
    ]
    assert texts(changes.bands_moved, MOVE) == [
        ("Acme Dental", "1", "2", "low", "medium"),
        ("Cedar Clinic", "", "2", "medium", "high"),
    ]
    assert texts(changes.new_clients, NEW) == [("Dune Corp", "0", "0", "low")]
    assert changes.basis.compared_week == pd.Timestamp("2025-02-24")
    assert changes.basis.skipped_weeks == [pd.Timestamp("2025-03-03")]
    assert comparison_note(changes.basis) == (
        "Compared with the week of 24 Feb: no history was saved for 3 Mar."
    )


def test_a_saved_meeting_week_is_compared_with_the_latest_week_before_it() -> None:
    """No `current`: this week's saved rows are compared with 24 Feb's, 3 March being absent."""
    saved = history(
        [
            ("2025-02-24", "Acme Dental", 1, 0.10),
            ("2025-03-10", "Acme Dental", 3, 0.45),
            ("2025-03-17", "Acme Dental", 0, 0.0),  # a later week never stands in
        ]
    )
    changes = changes_with(saved, None)
    assert texts(changes.flags_moved, MOVE) == [("Acme Dental", "1", "3", "low", "high")]
    assert changes.basis.compared_week == pd.Timestamp("2025-02-24")


@pytest.mark.parametrize(
    ("saved", "current", "note"),
    [
        (  # only this week's rows exist: there is no earlier week
            [("2025-03-10", "Acme Dental", 2, 0.235)],
            [("2025-03-10", "Acme Dental", 2, 0.235), ("2025-03-10", "Elm Farms", 1, 0.15)],
            "Nothing to compare: no Pulse History was saved before the week of 10 Mar.",
        ),
        (  # no history at all
            [],
            [("2025-03-10", "Acme Dental", 2, 0.235)],
            "Nothing to compare: no Pulse History was saved before the week of 10 Mar.",
        ),
        (  # an earlier week, but nothing for this week and no current rows to stand in
            [("2025-03-03", "Acme Dental", 1, 0.10)],
            None,
            "Nothing to compare: no Pulse History was saved for the week of 10 Mar.",
        ),
    ],
)
def test_nothing_to_compare(
    saved: list[tuple[str, str, int, float]],
    current: list[tuple[str, str, int, float]] | None,
    note: str,
) -> None:
    changes = changes_with(history(saved), None if current is None else history(current))
    assert changes.flags_moved.empty and changes.bands_moved.empty
    assert changes.new_clients.empty  # nobody is "new" when nothing came before
    assert not changes.basis.comparable
    assert comparison_note(changes.basis) == note
    assert texts(changes.added, EVENT)[0][0] == "Acme Dental"  # episode news still shows


def basis(compared: str | None, *, expected: str = "2025-03-03") -> HistoryBasis:
    return HistoryBasis(
        meeting_week=pd.Timestamp("2025-03-10"),
        expected_week=pd.Timestamp(expected),
        compared_week=None if compared is None else pd.Timestamp(compared),
        meeting_known=True,
    )


@pytest.mark.parametrize(
    ("compared", "note"),
    [
        (
            "2025-02-17",
            "Compared with the week of 17 Feb: no history was saved for 24 Feb and 3 Mar.",
        ),
        (
            "2025-02-10",
            "Compared with the week of 10 Feb: no history was saved for 17 Feb, 24 Feb and 3 Mar.",
        ),
        (
            "2025-01-27",
            "Compared with the week of 27 Jan: no history was saved for the 5 weeks from 3 Feb "
            "to 3 Mar.",
        ),
        (
            "2024-12-30",
            "Compared with the week of 30 Dec 2024: no history was saved for the 9 weeks from "
            "6 Jan to 3 Mar.",
        ),
    ],
)
def test_the_note_names_the_weeks_nobody_saved(compared: str, note: str) -> None:
    assert comparison_note(basis(compared)) == note


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
