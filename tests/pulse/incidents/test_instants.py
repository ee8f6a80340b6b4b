"""The as-of instant, business minutes left, and the UTC and local forms of the incident times.

Business hours Mon-Fri 08:00-17:00 Los Angeles (UTC-7 in May); 2026-05-08 is a Friday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from pulse.incidents.instants import (
    as_of_instant,
    aware_instant,
    business_minutes_left,
    countdown,
    local_wall_times,
    utc_instants,
)
from pulse.settings import BusinessHours
from tests.incident_frames import CLOCK, LA, t


def test_as_of_instant() -> None:
    hours = BusinessHours()
    assert as_of_instant(date(2026, 5, 12), hours) == datetime(2026, 5, 12, 23, 59, 59, 999999, LA)
    now = t("05-12 10:30")
    assert as_of_instant(date(2026, 5, 12), hours, now=now) == now
    assert as_of_instant(date(2026, 5, 11), hours, now=now).day == 11


def test_as_of_instant_takes_the_day_of_now_in_the_business_zone() -> None:
    # 2026-05-13 03:00 UTC is still Tuesday 05-12 20:00 in Los Angeles: "now" on the 12th.
    now = datetime(2026, 5, 13, 3, 0, tzinfo=UTC)
    assert as_of_instant(date(2026, 5, 12), BusinessHours(), now=now) == now
    # A naive "now" is a wall-clock time in Los Angeles.
    naive = datetime(2026, 5, 12, 9, 0)
    assert as_of_instant(date(2026, 5, 12), BusinessHours(), now=naive) == t("05-12 09:00")


def test_aware_instant() -> None:
    assert aware_instant(datetime(2026, 5, 5, 10, 0), BusinessHours()) == t("05-05 10:00")
    utc = datetime(2026, 5, 5, 17, 0, tzinfo=UTC)
    assert aware_instant(utc, BusinessHours()).tzinfo is UTC  # an aware instant stays as given


@pytest.mark.parametrize(
    ("as_of", "due", "left"),
    [
        ("05-05 10:00", "05-05 11:00", 60.0),
        ("05-05 11:00", "05-05 11:00", 0.0),
        ("05-05 11:30", "05-05 11:00", -30.0),
        # Friday 16:50 to Monday 08:10: 10 minutes on Friday and 10 on Monday.
        ("05-08 16:50", "05-11 08:10", 20.0),
        ("05-11 08:10", "05-08 16:50", -20.0),
        # Overnight, outside hours: the clock stands still from 17:00 to 08:00.
        ("05-05 18:00", "05-06 07:00", 0.0),
    ],
)
def test_business_minutes_left(as_of: str, due: str, left: float) -> None:
    assert business_minutes_left(as_of=t(as_of), due=t(due), clock=CLOCK) == left


def test_utc_instants_and_local_wall_times() -> None:
    values = pd.Series([t("05-05 10:00"), None])
    utc = utc_instants(values)
    assert str(utc.dtype) == "datetime64[ns, UTC]"
    assert utc.iloc[0] == pd.Timestamp("2026-05-05 17:00", tz="UTC") and pd.isna(utc.iloc[1])
    local = local_wall_times(utc, "America/Los_Angeles")
    assert local.iloc[0] == pd.Timestamp("2026-05-05 10:00") and pd.isna(local.iloc[1])
    assert local.dt.tz is None


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (7.0833, "7 min 05 s left"),
        (0.0, "0 min 00 s left"),
        (-3.5, "3 min 30 s overdue"),
        (62.0, "1 h 02 min 00 s left"),
        (-405.0, "6 h 45 min 00 s overdue"),
    ],
)
def test_countdown_to_the_second(minutes: float, text: str) -> None:
    assert countdown(minutes) == text
