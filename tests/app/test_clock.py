"""The shells' clock: the business zone's day, and PULSE_NOW for demonstrations and tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.clock import NOW_ENV, now, today

LA = "America/Los_Angeles"


def test_now_is_aware_in_the_business_zone() -> None:
    moment = now(LA, {})
    assert moment.tzinfo is not None and moment.utcoffset() in (
        timedelta(hours=-8),
        timedelta(hours=-7),
    )
    assert moment.microsecond == 0


def test_a_fixed_date_time_is_read_in_the_business_zone() -> None:
    moment = now(LA, {NOW_ENV: "2027-11-29T10:30"})
    assert moment == datetime(2027, 11, 29, 10, 30, tzinfo=ZoneInfo(LA))


def test_a_fixed_instant_with_an_offset_is_converted() -> None:
    # 01:00 UTC on 30 Nov is still 29 Nov (17:00) in Los Angeles.
    assert today(LA, {NOW_ENV: "2027-11-30T01:00+00:00"}) == date(2027, 11, 29)


def test_a_fixed_date_is_that_morning() -> None:
    assert now(LA, {NOW_ENV: "2027-11-29"}).hour == 9
    assert today(LA, {NOW_ENV: "2027-11-29"}) == date(2027, 11, 29)
