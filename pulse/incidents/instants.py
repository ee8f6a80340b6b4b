"""Instants for the incident procedure: the as-of moment, business minutes left, UTC and local.

Every instant the incident frames hold is aware and in UTC at nanosecond resolution; pages and
tables show wall-clock times in the business zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.settings import BusinessHours


def aware_instant(instant: datetime, hours: BusinessHours) -> datetime:
    """The instant as given when it has a zone; a naive one is a wall-clock time in the business
    zone."""
    if instant.tzinfo is not None:
        return instant
    return instant.replace(tzinfo=ZoneInfo(hours.timezone))


def as_of_instant(day: date, hours: BusinessHours, *, now: datetime | None = None) -> datetime:
    """The instant a date-only as-of stands for: ``now`` on that very day, else the day's end."""
    zone = ZoneInfo(hours.timezone)
    if now is not None and aware_instant(now, hours).astimezone(zone).date() == day:
        return aware_instant(now, hours)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return next_midnight - timedelta(microseconds=1)


def business_minutes_left(*, as_of: datetime, due: datetime, clock: BusinessClock) -> float:
    """Business minutes from as_of until due; negative (minutes overdue) once due has passed."""
    if due >= as_of:
        return clock.minutes_between(as_of, due)
    return -clock.minutes_between(due, as_of)


def utc_instants(values: pd.Series) -> pd.Series:
    """The values as UTC instants at nanosecond resolution (None and NaT stay NaT)."""
    return pd.to_datetime(values, utc=True).dt.as_unit("ns")


def local_wall_times(values: pd.Series, timezone: str) -> pd.Series:
    """Wall-clock times in the business zone, without the zone: for axes and tables that show
    local time."""
    return pd.to_datetime(values, utc=True).dt.tz_convert(timezone).dt.tz_localize(None)


def countdown(minutes_left: float) -> str:
    """Business time left to the second, for a live countdown: '7 min 05 s left',
    '1 h 02 min 00 s overdue'."""
    seconds = round(abs(minutes_left) * 60)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = (
        f"{hours} h {minutes:02d} min {seconds:02d} s"
        if hours
        else f"{minutes} min {seconds:02d} s"
    )
    return f"{text} {'left' if minutes_left >= 0 else 'overdue'}"
