"""The business clock, checked against a calendar by hand and against a plain day-by-day walk."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.business_clock import BusinessClock, business_clock
from pulse.settings import BusinessHours

LA = ZoneInfo("America/Los_Angeles")
HOURS = BusinessHours()
CLOCK = BusinessClock(HOURS)
UTC = UTC
IST = timezone(timedelta(hours=5, minutes=30))


def la(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LA)


# ---- hand-worked cases (2026 calendar: 2026-11-26 is a Thursday, 2026-12-25 a Friday) ------

ADD_CASES = [
    # (start, minutes, expected, why)
    (la(2026, 5, 1, 16, 30), 60, la(2026, 5, 4, 8, 30), "Friday 16:30 + 60 = Monday 08:30"),
    (la(2026, 5, 1, 16, 0), 60, la(2026, 5, 1, 17, 0), "ends exactly at closing: same day 17:00"),
    (la(2026, 5, 5, 7, 0), 60, la(2026, 5, 5, 9, 0), "07:00 start: clock starts at 08:00"),
    (la(2026, 5, 5, 18, 0), 60, la(2026, 5, 6, 9, 0), "18:00 start: next day 08:00 + 60"),
    (la(2026, 5, 5, 7, 0), 0, la(2026, 5, 5, 8, 0), "adding 0 before hours: next opening"),
    (la(2026, 5, 5, 18, 0), 0, la(2026, 5, 6, 8, 0), "adding 0 after hours: next opening"),
    (la(2026, 5, 5, 17, 0), 0, la(2026, 5, 6, 8, 0), "17:00 itself is closed"),
    (la(2026, 5, 5, 10, 0), 0, la(2026, 5, 5, 10, 0), "adding 0 while open: unchanged"),
    (la(2026, 5, 5, 10, 0), 540, la(2026, 5, 6, 10, 0), "a full business day = 540 minutes"),
    (la(2026, 5, 2, 11, 0), 15, la(2026, 5, 4, 8, 15), "Saturday: Monday 08:15"),
    # Thanksgiving Thu 2026-11-26 closed; Friday 2026-11-27 is not a federal holiday.
    (la(2026, 11, 25, 16, 0), 120, la(2026, 11, 27, 9, 0), "Wed 16:00 + 120 over Thanksgiving"),
    (la(2026, 11, 26, 10, 0), 15, la(2026, 11, 27, 8, 15), "reported on Thanksgiving"),
    # Christmas Fri 2026-12-25: Thursday 16:30 + 60 runs to Monday 12-28.
    (la(2026, 12, 24, 16, 30), 60, la(2026, 12, 28, 8, 30), "Christmas Friday skipped"),
    # Spring forward Sun 2026-03-08, fall back Sun 2026-11-01: wall-clock hours on Monday.
    (la(2026, 3, 6, 16, 0), 120, la(2026, 3, 9, 9, 0), "across spring-forward"),
    (la(2026, 10, 30, 16, 0), 120, la(2026, 11, 2, 9, 0), "across fall-back"),
    # US federal: Independence Day 2026 (Saturday) is observed on Friday 07-03.
    (la(2026, 7, 2, 16, 0), 90, la(2026, 7, 6, 8, 30), "observed Independence Day"),
]


@pytest.mark.parametrize(("start", "minutes", "expected", "why"), ADD_CASES)
def test_add_minutes_hand_worked(
    start: datetime, minutes: int, expected: datetime, why: str
) -> None:
    result = CLOCK.add_minutes(start, minutes)
    assert result == expected, why
    assert result.tzinfo is not None and result.utcoffset() == expected.utcoffset()


BETWEEN_CASES = [
    (la(2026, 5, 1, 16, 30), la(2026, 5, 4, 8, 30), 60.0),
    (la(2026, 5, 5, 7, 0), la(2026, 5, 5, 18, 0), 540.0),
    (la(2026, 5, 5, 18, 0), la(2026, 5, 6, 7, 0), 0.0),
    (la(2026, 5, 6, 9, 0), la(2026, 5, 5, 9, 0), 0.0),  # end before start
    (la(2026, 11, 25, 8, 0), la(2026, 11, 30, 8, 0), 2 * 540.0),  # Wed + Fri (Thu holiday)
    (la(2026, 3, 6, 17, 0), la(2026, 3, 9, 17, 0), 540.0),  # Monday after spring-forward
    (la(2026, 10, 30, 17, 0), la(2026, 11, 2, 17, 0), 540.0),  # Monday after fall-back
    (
        la(2026, 5, 4, 12, 0),
        la(
            2026,
            5,
            4,
            12,
            0,
        )
        + timedelta(seconds=90),
        1.5,
    ),
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_minutes_between_hand_worked(start: datetime, end: datetime, expected: float) -> None:
    assert CLOCK.minutes_between(start, end) == expected


def test_instants_in_other_offsets_are_converted() -> None:
    # Monday 2026-03-09 08:00 PDT (UTC-7) is 15:00 UTC and 20:30 in +05:30.
    assert CLOCK.add_minutes(datetime(2026, 3, 9, 15, 0, tzinfo=UTC), 30) == la(2026, 3, 9, 8, 30)
    assert CLOCK.add_minutes(datetime(2026, 3, 9, 20, 30, tzinfo=IST), 30) == la(2026, 3, 9, 8, 30)
    # 2026-11-02 08:00 PST (UTC-8) is 16:00 UTC.
    assert CLOCK.minutes_between(datetime(2026, 11, 2, 16, 0, tzinfo=UTC), la(2026, 11, 2, 9)) == 60


def test_naive_datetimes_are_business_zone_wall_time() -> None:
    assert CLOCK.add_minutes(datetime(2026, 5, 1, 16, 30), 60) == la(2026, 5, 4, 8, 30)


@pytest.mark.parametrize(
    ("instant", "is_open", "next_opening"),
    [
        (la(2026, 5, 4, 8, 0), True, la(2026, 5, 4, 8, 0)),
        (la(2026, 5, 4, 16, 59), True, la(2026, 5, 4, 16, 59)),
        (la(2026, 5, 4, 17, 0), False, la(2026, 5, 5, 8, 0)),
        (la(2026, 5, 4, 7, 59), False, la(2026, 5, 4, 8, 0)),
        (la(2026, 11, 26, 12, 0), False, la(2026, 11, 27, 8, 0)),  # Thanksgiving
        (la(2026, 11, 27, 12, 0), True, la(2026, 11, 27, 12, 0)),  # the day after is open
        (la(2026, 12, 25, 12, 0), False, la(2026, 12, 28, 8, 0)),  # Christmas
    ],
)
def test_is_open_and_next_opening(instant: datetime, is_open: bool, next_opening: datetime) -> None:
    assert CLOCK.is_open(instant) is is_open
    assert CLOCK.next_opening(instant) == next_opening


def test_extra_holidays_close_the_office() -> None:
    clock = BusinessClock(BusinessHours(extra_holidays=("2026-11-27",)))
    assert clock.add_minutes(la(2026, 11, 25, 16, 0), 120) == la(2026, 11, 30, 9, 0)


def test_other_hours_zone_and_country() -> None:
    hours = BusinessHours(
        timezone="Europe/London", opens=time(9), closes=time(12), holiday_country="GB"
    )
    london = ZoneInfo("Europe/London")
    # Friday 2026-05-01 11:00 + 120: 60 that Friday; Monday 05-04 is the Early May bank
    # holiday; the other 60 run Tuesday 09:00-10:00.
    result = BusinessClock(hours).add_minutes(datetime(2026, 5, 1, 11, tzinfo=london), 120)
    assert result == datetime(2026, 5, 5, 10, tzinfo=london)


def test_open_intervals_clip_to_the_window() -> None:
    intervals = CLOCK.open_intervals(la(2026, 5, 1, 12, 0), la(2026, 5, 4, 10, 0))
    assert intervals == [
        (la(2026, 5, 1, 12, 0), la(2026, 5, 1, 17, 0)),
        (la(2026, 5, 4, 8, 0), la(2026, 5, 4, 10, 0)),
    ]


def test_bad_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="workday"):
        BusinessClock(BusinessHours(workdays=()))
    with pytest.raises(ValueError, match="close"):
        BusinessClock(BusinessHours(opens=time(17), closes=time(8)))


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CLOCK.add_minutes(la(2026, 5, 4, 9), -5)


def test_cached_factory_returns_one_clock_per_hours() -> None:
    assert business_clock(HOURS) is business_clock(BusinessHours())


# ---- vectorised ----------------------------------------------------------------------------


def test_series_versions_match_hand_worked_cases_and_keep_missing() -> None:
    starts = pd.Series(
        [s for s, *_ in ADD_CASES] + [None], dtype=object
    )  # mixed offsets (PST and PDT) plus a missing start
    starts = pd.to_datetime(starts, utc=True)
    minutes = pd.Series([m for _, m, *_ in ADD_CASES] + [10])
    added = CLOCK.add_minutes_series(starts, minutes)
    assert list(added.iloc[:-1]) == [e for _, _, e, _ in ADD_CASES]
    assert pd.isna(added.iloc[-1])
    assert str(added.dtype) == "datetime64[ns, America/Los_Angeles]"

    between = CLOCK.minutes_between_series(
        pd.to_datetime(pd.Series([s for s, _, _ in BETWEEN_CASES] + [None]), utc=True),
        pd.to_datetime(
            pd.Series([e for _, e, _ in BETWEEN_CASES] + [BETWEEN_CASES[0][1]]), utc=True
        ),
    )
    assert str(between.dtype) == "Float64"
    assert list(between.iloc[:-1]) == [m for *_, m in BETWEEN_CASES]
    assert between.isna().tolist() == [False] * len(BETWEEN_CASES) + [True]


def test_series_of_naive_times_are_business_zone() -> None:
    starts = pd.Series(pd.to_datetime(["2026-05-01 16:30", "2026-11-25 16:00"]))
    assert list(CLOCK.add_minutes_series(starts, 60)) == [
        la(2026, 5, 4, 8, 30),
        la(2026, 11, 25, 17),
    ]


def test_all_missing_series() -> None:
    empty = pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns, UTC]")
    assert CLOCK.minutes_between_series(empty, empty).isna().all()
    assert CLOCK.add_minutes_series(empty, 5).isna().all()


# ---- properties ----------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.just(UTC)
)
whole_minutes = st.integers(min_value=0, max_value=6000)


def reference_minutes(start: datetime, end: datetime) -> float:
    """A plain walk over calendar days, independent of the clock's position table."""
    closed = set(holidays.country_holidays("US", years=range(2025, 2029)))
    total = timedelta()
    day = start.astimezone(LA).date() - timedelta(days=1)
    while day <= end.astimezone(LA).date():
        if day.weekday() < 5 and day not in closed:
            opens = datetime.combine(day, time(8), tzinfo=LA)
            closes = datetime.combine(day, time(17), tzinfo=LA)
            overlap = min(closes, end) - max(opens, start)
            total += max(overlap, timedelta())
        day += timedelta(days=1)
    return total / timedelta(minutes=1)


@settings(max_examples=150, deadline=None)
@given(start=instants, end=instants)
def test_minutes_between_matches_a_day_by_day_walk(start: datetime, end: datetime) -> None:
    assert CLOCK.minutes_between(start, end) == pytest.approx(reference_minutes(start, end))


@settings(max_examples=150, deadline=None)
@given(start=instants, a=whole_minutes, b=st.integers(min_value=1, max_value=6000))
def test_adding_in_two_steps_equals_adding_once(start: datetime, a: int, b: int) -> None:
    assert CLOCK.add_minutes(CLOCK.add_minutes(start, a), b) == CLOCK.add_minutes(start, a + b)


@settings(max_examples=150, deadline=None)
@given(start=instants, minutes=st.integers(min_value=1, max_value=6000))
def test_result_lies_in_hours_or_at_a_closing(start: datetime, minutes: int) -> None:
    result = CLOCK.add_minutes(start, minutes)
    local = result.astimezone(LA)
    assert CLOCK.is_open(result) or local.time() == time(17, 0)
    assert time(8, 0) < local.time() <= time(17, 0)


@settings(max_examples=150, deadline=None)
@given(start=instants, minutes=whole_minutes)
def test_minutes_between_inverts_add(start: datetime, minutes: int) -> None:
    assert CLOCK.minutes_between(start, CLOCK.add_minutes(start, minutes)) == minutes


@settings(max_examples=40, deadline=None)
@given(
    pairs=st.lists(st.tuples(instants, instants, whole_minutes), min_size=1, max_size=20),
)
def test_vectorised_equals_scalar(pairs: list[tuple[datetime, datetime, int]]) -> None:
    starts = pd.Series([s for s, _, _ in pairs])
    ends = pd.Series([e for _, e, _ in pairs])
    minutes = pd.Series([m for _, _, m in pairs])
    between = CLOCK.minutes_between_series(starts, ends)
    added = CLOCK.add_minutes_series(starts, minutes)
    for i, (s, e, m) in enumerate(pairs):
        assert between.iloc[i] == CLOCK.minutes_between(s, e)
        assert added.iloc[i] == CLOCK.add_minutes(s, m)


def ns(instant: datetime) -> int:
    return int(pd.Timestamp(instant).as_unit("ns").value)


def test_nanosecond_arrays_hand_worked() -> None:
    # Fri 2026-01-09 16:30 + 60 business minutes = Mon 01-12 08:30 (30 left Friday, 30 Monday);
    # Mon 08:00 + 0 stays; Sat 10:00 + 15 = Mon 08:15. Between Fri 16:30 and Mon 08:30: 60.
    starts = np.array([ns(la(2026, 1, 9, 16, 30)), ns(la(2026, 1, 12, 8)), ns(la(2026, 1, 10, 10))])
    assert CLOCK.add_minutes_ns(starts, 60)[0] == ns(la(2026, 1, 12, 8, 30))
    assert CLOCK.add_minutes_ns(starts, 0)[1] == ns(la(2026, 1, 12, 8))
    assert CLOCK.add_minutes_ns(starts, 15)[2] == ns(la(2026, 1, 12, 8, 15))
    ends = np.array([ns(la(2026, 1, 12, 8, 30)), ns(la(2026, 1, 9, 9)), ns(la(2026, 1, 11, 9))])
    assert CLOCK.minutes_between_ns(starts, ends).tolist() == [60.0, 0.0, 0.0]
    empty = np.zeros(0, dtype=np.int64)
    assert CLOCK.add_minutes_ns(empty, 5).size == 0
    assert CLOCK.minutes_between_ns(empty, empty).size == 0


@settings(max_examples=40, deadline=None)
@given(
    pairs=st.lists(st.tuples(instants, instants), min_size=1, max_size=20), minutes=whole_minutes
)
def test_nanosecond_arrays_equal_scalar(
    pairs: list[tuple[datetime, datetime]], minutes: int
) -> None:
    starts = np.array([ns(s) for s, _ in pairs], dtype=np.int64)
    ends = np.array([ns(e) for _, e in pairs], dtype=np.int64)
    added = CLOCK.add_minutes_ns(starts, minutes)
    between = CLOCK.minutes_between_ns(starts, ends)
    for i, (s, e) in enumerate(pairs):
        assert added[i] == ns(CLOCK.add_minutes(s, minutes))
        assert between[i] == CLOCK.minutes_between(s, e)


def test_long_spans_widen_the_table() -> None:
    # 3 years of business minutes from a 2026 start must land in 2029 without error.
    result = CLOCK.add_minutes(la(2026, 1, 5, 8), 3 * 250 * 540)
    assert result.year in (2028, 2029)
    assert CLOCK.minutes_between(la(2026, 1, 5, 8), result) == 3 * 250 * 540


def test_a_whole_year() -> None:
    # 2026: 261 weekdays less 11 weekday federal holidays (07-04 is a Saturday, observed 07-03).
    assert CLOCK.minutes_between(la(2026, 1, 1), la(2027, 1, 1)) == 250 * 540
    assert date(2026, 11, 26).weekday() == 3  # Thursday, as the cases above assume


def test_no_public_holidays_for_a_round_the_clock_desk() -> None:
    # Thanksgiving 2026 (Thursday 26 November) is closed by default and open with "none".
    thanksgiving = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert not BusinessClock(BusinessHours()).is_open(thanksgiving)
    assert BusinessClock(BusinessHours(holiday_country="none")).is_open(thanksgiving)
    extra = BusinessHours(holiday_country="none", extra_holidays=("2026-11-26",))
    assert not BusinessClock(extra).is_open(thanksgiving)
