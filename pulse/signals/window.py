"""The window signals count tickets in: the `window_days` calendar days before the as-of date,
``as_of - window_days <= created date <= as_of - 1``, the created date taken in the business time
zone."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd


def day_start(day: date, zone: str) -> pd.Timestamp:
    """The instant the business-zone calendar day begins, in UTC (a midnight DST skips: 01:00)."""
    return pd.Timestamp(day).tz_localize(zone, nonexistent="shift_forward").tz_convert("UTC")


def in_window(created: pd.Series, *, as_of: date, days: int, zone: str) -> pd.Series:
    """Created (UTC) on a business-zone calendar day in [as_of - days, as_of - 1].

    Compared as instants: from the first day's local midnight up to (not including) the as-of
    day's, so half a million tickets need two comparisons, not a time-zone conversion each.
    """
    opens = day_start(as_of - timedelta(days=days), zone)
    closes = day_start(as_of, zone)
    inside: pd.Series = ((created >= opens) & (created < closes)).fillna(False).astype(bool)
    return inside


def window_positions(
    created: pd.Series, *, as_of: date, days: int, zone: str
) -> slice | npt.NDArray[np.intp]:
    """Where the tickets `in_window` are, in their order. An export sorted by created time (the
    usual case) is cut with two binary searches: no mask over every ticket."""
    if not created.is_monotonic_increasing or created.hasnans:
        return np.flatnonzero(in_window(created, as_of=as_of, days=days, zone=zone).to_numpy())
    bounds = [day_start(as_of - timedelta(days=days), zone), day_start(as_of, zone)]
    first, end = created.searchsorted(bounds, side="left")
    return slice(int(first), int(end))


def window_tickets(tickets: pd.DataFrame, *, as_of: date, days: int, zone: str) -> pd.DataFrame:
    """The tickets `in_window`, in their order (no copy of every column through a mask when the
    export is sorted)."""
    return tickets.iloc[window_positions(tickets["created"], as_of=as_of, days=days, zone=zone)]
