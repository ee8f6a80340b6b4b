"""Client updates (SPEC): at least every 60 business minutes after the first response while the
incident is open; each due 60 after the previous one was sent. Worked by hand on the business
clock (Mon-Fri 08:00-17:00 Los Angeles; 2026-05-12 is a Tuesday)."""

from __future__ import annotations

import pandas as pd

from pulse.incidents.updates import client_updates
from tests.incident_frames import CLOCK, log_events, t

SENT = [("client_update_sent", "05-12 10:20"), ("client_update_sent", "05-12 11:45")]


def updates(
    sent: list[tuple[str, ...]],
    *,
    as_of: str,
    resolved: str | None = None,
    first: str = "05-12 09:30",
) -> tuple[list[tuple[int, str, str | None, str]], int, str | None, float | None]:
    result = client_updates(
        log_events("TK1", sent),
        first_response=t(first),
        resolved=t(resolved) if resolved else None,
        as_of=t(as_of),
        every=60,
        clock=CLOCK,
    )

    def hhmm(value: object) -> str | None:
        return (
            None
            if pd.isna(value)
            else pd.Timestamp(value).tz_convert(CLOCK.zone).strftime("%d %H:%M")
        )

    rows = [(r.number, hhmm(r.due), hhmm(r.sent_at), r.status) for r in result.rows.itertuples()]
    due = result.next_due.strftime("%d %H:%M") if result.next_due else None
    return rows, result.late, due, result.minutes_left


def test_one_on_time_one_late_and_the_next_one_overdue() -> None:
    # First response 09:30: update 1 due 10:30, sent 10:20 (on time); update 2 due 11:20, sent
    # 11:45 (late); update 3 due 12:45, not sent by 13:00 (overdue: the reminder).
    rows, late, due, left = updates(SENT, as_of="05-12 13:00")
    assert rows == [
        (1, "12 10:30", "12 10:20", "on time"),
        (2, "12 11:20", "12 11:45", "late"),
        (3, "12 12:45", None, "overdue"),
    ]
    assert (late, due, left) == (2, "12 12:45", -15.0)


def test_before_the_next_due_it_is_only_due() -> None:
    rows, late, due, left = updates(SENT, as_of="05-12 12:40")
    assert rows[-1] == (3, "12 12:45", None, "due")
    assert (late, due, left) == (1, "12 12:45", 5.0)


def test_resolved_before_the_next_due_owes_nothing_more() -> None:
    rows, late, due, left = updates(SENT, as_of="05-12 17:00", resolved="05-12 12:30")
    assert [row[3] for row in rows] == ["on time", "late"]
    assert (late, due, left) == (1, None, None)


def test_resolved_after_a_due_without_the_update_counts_it_missed() -> None:
    rows, late, _, _ = updates(SENT, as_of="05-12 17:00", resolved="05-12 13:00")
    assert rows[-1] == (3, "12 12:45", None, "missed")
    assert late == 2


def test_the_clock_stops_overnight() -> None:
    # First response Tue 16:30: the first update is due 30 minutes into Wednesday, 08:30.
    rows, late, due, _ = updates([], as_of="05-12 18:00", first="05-12 16:30")
    assert rows == [(1, "13 08:30", None, "due")]
    assert (late, due) == (0, "13 08:30")


def test_no_first_response_yet_means_no_update_is_due() -> None:
    result = client_updates(
        log_events("TK1", []),
        first_response=None,
        resolved=None,
        as_of=t("05-12 13:00"),
        every=60,
        clock=CLOCK,
    )
    assert result.rows.empty and result.late == 0 and result.next_due is None
