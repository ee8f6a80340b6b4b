"""Client updates (SPEC): at least every 60 business minutes after the first response while the
incident is open; each due 60 after the previous one was sent. Worked by hand on the business
clock (Mon-Fri 08:00-17:00 Los Angeles; 2026-05-12 is a Tuesday)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.incidents.step_table import MISSING, ns_column
from pulse.incidents.updates import client_updates, update_columns
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


def columns_of(
    incidents: list[tuple[str | None, str | None, list[str]]], *, as_of: str
) -> tuple[list[int], list[str | None]]:
    """`update_columns` of (first response, resolved, sent times) per incident: the late counts
    and the next dues (local)."""
    owners = [i for i, (_, _, sent) in enumerate(incidents) for _ in sent]
    times = [t(at) for _, _, sent in incidents for at in sent]
    result = update_columns(
        (np.array(owners, dtype=np.intp), ns_column(times)),
        first_response=ns_column([t(first) if first else None for first, _, _ in incidents]),
        resolved=ns_column([t(resolved) if resolved else None for _, resolved, _ in incidents]),
        as_of=t(as_of),
        every=60,
        clock=CLOCK,
    )
    dues = [
        None if due == MISSING else pd.Timestamp(due, tz="UTC").tz_convert(CLOCK.zone)
        for due in result.next_due.tolist()
    ]
    return result.late.tolist(), [None if d is None else d.strftime("%d %H:%M") for d in dues]


def test_every_incident_at_once_hand_worked() -> None:
    # The cases above side by side, as of 13:00: SENT open (2 late, next due 12:45); SENT
    # resolved 12:30 (1 late, nothing due); SENT resolved 13:00 (update 3 missed: 2 late); no
    # first response (nothing); an update sent before the first response does not count, so
    # the first is due 10:30 and overdue at 13:00 (1 late).
    sent = ["05-12 10:20", "05-12 11:45"]
    late, dues = columns_of(
        [
            ("05-12 09:30", None, sent),
            ("05-12 09:30", "05-12 12:30", sent),
            ("05-12 09:30", "05-12 13:00", sent),
            (None, None, sent),
            ("05-12 09:30", None, ["05-12 09:00"]),
        ],
        as_of="05-12 13:00",
    )
    assert late == [2, 1, 2, 0, 1]
    assert dues == ["12 12:45", None, None, None, "12 10:30"]
    assert columns_of([], as_of="05-12 13:00") == ([], [])


moments = st.builds(
    lambda hour, minute: f"05-12 {hour:02d}:{minute:02d}",
    st.integers(7, 18),
    st.sampled_from([0, 10, 20, 30, 45]),
)
incidents = st.lists(
    st.tuples(st.none() | moments, st.none() | moments, st.lists(moments, max_size=4)),
    max_size=5,
)


@settings(max_examples=40, deadline=None)
@given(incidents=incidents, as_of=moments)
def test_every_incident_at_once_equals_one_by_one(
    incidents: list[tuple[str | None, str | None, list[str]]], as_of: str
) -> None:
    late, dues = columns_of(incidents, as_of=as_of)
    for i, (first, resolved, sent) in enumerate(incidents):
        one = client_updates(
            log_events("TK1", [("client_update_sent", at) for at in sent]),
            first_response=t(first) if first else None,
            resolved=t(resolved) if resolved else None,
            as_of=t(as_of),
            every=60,
            clock=CLOCK,
        )
        assert late[i] == one.late
        assert dues[i] == (one.next_due.strftime("%d %H:%M") if one.next_due else None)
