"""What an export writes into the product's tabs: the audit rows appended, this week's history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from connectors.workbook import read_workbook
from pulse.export import (
    history_with_picture,
    history_with_this_week,
    owned_frames,
    with_pending_audit,
)
from pulse.schema import OWNED_SHEETS, Sheet
from pulse.settings import Settings
from pulse.summary import monday_picture
from tests.scenario import AS_OF, scenario_workbook


def audit(*notes: str) -> pd.DataFrame:
    return pd.DataFrame({"note": list(notes)})


def test_pending_audit_rows_go_below_the_saved_ones() -> None:
    merged = with_pending_audit(audit("saved 1", "saved 2"), audit("new"))
    assert list(merged["note"]) == ["saved 1", "saved 2", "new"]
    assert list(merged.index) == [0, 1, 2]


def test_naive_times_join_the_zone_of_the_times_read() -> None:
    read = pd.DataFrame({"at": [pd.Timestamp("2026-11-16 10:30", tz="America/Los_Angeles")]})
    pending = pd.DataFrame({"at": [pd.Timestamp("2026-11-23 09:15")]})  # a naive time
    merged = with_pending_audit(read, pending)
    assert [moment.isoformat() for moment in merged["at"]] == [
        "2026-11-16T10:30:00-08:00",
        "2026-11-23T09:15:00-08:00",
    ]


def test_no_pending_rows_leave_the_log_as_it_was() -> None:
    saved = audit("saved")
    assert with_pending_audit(saved, audit()) is saved
    assert list(with_pending_audit(audit(), audit("only")).index) == [0]


def test_owned_frames_are_the_owned_tabs_but_the_incident_log() -> None:
    frames = owned_frames(
        episodes=audit("e"), actions=audit("a"), audit=audit("l"), history=audit("h")
    )
    # The Incident Log is never rewritten by a save: each click appends its own rows.
    assert set(frames) == set(OWNED_SHEETS) - {Sheet.INCIDENT_LOG}
    assert frames[Sheet.HISTORY]["note"].tolist() == ["h"]


def test_this_weeks_rows_replace_the_same_weeks_and_keep_the_others(tmp_path: Path) -> None:
    book = read_workbook(scenario_workbook(tmp_path / "scenario.xlsx"))
    week = pd.Timestamp(AS_OF)
    earlier = pd.DataFrame(
        {
            "week": [pd.Timestamp("2026-11-16"), week],
            "client": ["Acme Dental", "Acme Dental"],
            "client_key": ["acme dental", "acme dental"],
            "status": ["Active", "a stale row of this week"],
            "criteria_count": [2, 9],
            "risk": [0.235, 0.9],
            "mrr": [10_000.0, 10_000.0],
            "mrr_at_risk": [2_350.0, 9_000.0],
            "sheet_row": pd.array([2, 3], dtype="Int64"),
        }
    )
    history = history_with_this_week(
        book.clients, book.episodes, book.actions, earlier, as_of=AS_OF, settings=Settings()
    )
    this_week = history[history["week"] == week].set_index("client")["mrr_at_risk"]
    # tests/scenario.py's figures, worked by hand from SPEC's weights.
    assert this_week.round(2).to_dict() == {
        "Acme Dental": 2350.0,
        "Beta Law": 2450.0,
        "Gamma Foods": 0.0,
        "Delta Realty": 1200.0,
        "Echo Capital": 150.0,
        "Foxtrot Partners": 600.0,
    }
    assert (history["week"] == pd.Timestamp("2026-11-16")).sum() == 1


def test_the_week_from_a_picture_at_hand_is_the_week_computed_afresh(tmp_path: Path) -> None:
    book = read_workbook(scenario_workbook(tmp_path / "scenario.xlsx"))
    picture = monday_picture(
        book.clients, book.episodes, book.actions, as_of=AS_OF, settings=Settings()
    )
    afresh = history_with_this_week(
        book.clients, book.episodes, book.actions, book.history, as_of=AS_OF, settings=Settings()
    )
    at_hand = history_with_picture(book.history, picture)
    pd.testing.assert_frame_equal(at_hand, afresh)
    # The scenario's six clients, this week (the hand-worked figures are checked above).
    assert (at_hand["week"] == pd.Timestamp(AS_OF)).sum() == 6
