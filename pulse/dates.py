"""Calendar helpers for the weekly CST rhythm (Monday meeting, Tuesday and Friday huddles)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

MONDAY = 0
TUESDAY = 1  # the all-staff huddle announces Monday's decisions


def latest_monday(as_of: date) -> date:
    """The Monday on or before `as_of`: the CST meeting a Monday view is about."""
    return as_of - timedelta(days=as_of.weekday())


def last_meeting_before(as_of: date) -> date:
    """The most recent CST meeting strictly before `as_of` (on a Monday, the week before)."""
    return latest_monday(as_of - timedelta(days=1))


def is_monday(day: date) -> bool:
    return day.weekday() == MONDAY


def as_timestamp(day: date) -> pd.Timestamp:
    """A naive midnight timestamp, comparable with the date columns the reader produces."""
    return pd.Timestamp(day.year, day.month, day.day)
