"""The weekly CST rhythm, checked against a calendar: Mon 23 Nov 2026 is a Monday."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pulse.dates import as_timestamp, is_monday, last_meeting_before, latest_monday


@pytest.mark.parametrize(
    ("as_of", "monday"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday is its own meeting
        (date(2026, 11, 24), date(2026, 11, 23)),  # Tuesday
        (date(2026, 11, 29), date(2026, 11, 23)),  # Sunday
        (date(2027, 1, 1), date(2026, 12, 28)),  # across a year end
    ],
)
def test_latest_monday(as_of: date, monday: date) -> None:
    assert latest_monday(as_of) == monday


@pytest.mark.parametrize(
    ("as_of", "meeting"),
    [
        (date(2026, 11, 23), date(2026, 11, 16)),  # on a Monday: the week before
        (date(2026, 11, 24), date(2026, 11, 23)),
        (date(2026, 11, 30), date(2026, 11, 23)),
    ],
)
def test_last_meeting_before_is_strictly_before(as_of: date, meeting: date) -> None:
    assert last_meeting_before(as_of) == meeting


def test_is_monday() -> None:
    assert is_monday(date(2026, 11, 30))
    assert not is_monday(date(2026, 12, 1))


def test_as_timestamp_is_a_naive_midnight() -> None:
    stamp = as_timestamp(date(2026, 11, 23))
    assert stamp == pd.Timestamp("2026-11-23 00:00") and stamp.tzinfo is None
