"""The business clock: minutes that count only while the MSP is open (SPEC, seed 002).

Every incident target ("respond within 60 business minutes") is measured on this clock: outside
business hours, at weekends and on holidays, the clock stops.

How it works: the open intervals of every business day are laid end to end, so each instant maps
to its *business position* -- the business nanoseconds elapsed since the start of the table. An
instant inside hours sits inside its interval; an instant outside hours sits at the end of the
previous interval (the clock stopped there). Business minutes between two instants are the
difference of their positions, and adding minutes inverts the mapping. All of it is numpy
``searchsorted`` over a small per-day table, so a 500,000-row Series costs no Python loop.

Hours are wall-clock local times in the business zone: 08:00 opens at 08:00 local on both sides
of a DST change, and the length of a day's interval is the real time between opening and closing.

Conventions (a person counting on a calendar gets the same answers):
- An interval is half-open, ``[opens, closes)``: at 17:00 the office is closed.
- ``add_minutes(start, m)`` with ``m > 0`` that ends exactly at a closing time returns that
  closing time (Friday 16:00 + 60 = Friday 17:00, not Monday 08:00), because the work is due by
  the end of that day.
- ``add_minutes(start, 0)`` returns ``start`` when open, else the next opening: the clock for
  something reported after hours starts at the next opening.
- Hence ``add(add(s, a), b) == add(s, a + b)`` holds for every ``a >= 0`` and ``b > 0``.
- Naive datetimes are read as wall-clock times in the business zone; aware ones in any offset
  are converted to it. Results are aware, in the business zone.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pandas as pd

from pulse.holiday_calendar import closed_dates
from pulse.settings import BusinessHours

NS_PER_MINUTE = 60_000_000_000
NS_PER_MICROSECOND = 1_000
NAT_NS = np.iinfo(np.int64).min  # numpy's integer view of NaT: an instant that is missing
# Years of slack around the inputs, so a result a little past the newest input still fits.
_YEAR_MARGIN = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

Int64Array = npt.NDArray[np.int64]
Float64Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Table:
    """Open intervals of every business day in [first_year, last_year], in UTC nanoseconds."""

    first_year: int
    last_year: int
    opens: Int64Array  # UTC ns of each business day's opening, ascending
    closes: Int64Array  # UTC ns of the same day's closing
    starts: Int64Array  # business position at each opening (cumulative open time before it)

    @cached_property
    def total(self) -> int:
        return int(self.starts[-1] + (self.closes[-1] - self.opens[-1])) if len(self.opens) else 0

    @cached_property
    def lists(self) -> tuple[list[int], list[int], list[int]]:
        """opens, closes and starts as Python ints: one instant at a time, `bisect` on a list
        beats numpy's call overhead by far (an incident table makes tens of thousands)."""
        return self.opens.tolist(), self.closes.tolist(), self.starts.tolist()

    def position(self, instant_ns: int) -> int:
        """`_positions` of one instant."""
        opens, closes, starts = self.lists
        k = bisect_right(opens, instant_ns) - 1
        if k < 0:
            return 0
        return starts[k] + min(instant_ns - opens[k], closes[k] - opens[k])

    def after(self, target: int, *, positive: bool) -> int:
        """The instant at business position `target` (see `BusinessClock._add_ns`)."""
        opens, _, starts = self.lists
        k = (bisect_left(starts, target) if positive else bisect_right(starts, target)) - 1
        return opens[k] + (target - starts[k])


def _local_instants(days: pd.DatetimeIndex, at: time, zone: str) -> Int64Array:
    wall = days + pd.Timedelta(hours=at.hour, minutes=at.minute, seconds=at.second)
    # A wall time skipped by a DST change moves forward; a repeated one takes the first pass.
    local = wall.tz_localize(zone, nonexistent="shift_forward", ambiguous=np.ones(len(wall), bool))
    return np.asarray(local.as_unit("ns").asi8, dtype=np.int64)


@lru_cache(maxsize=32)
def _table(hours: BusinessHours, first_year: int, last_year: int) -> _Table:
    days = pd.date_range(date(first_year, 1, 1), date(last_year, 12, 31), freq="D")
    closed = closed_dates(hours, range(first_year, last_year + 1))
    is_business = np.array(
        [d.weekday() in hours.workdays and d.date() not in closed for d in days], dtype=bool
    )
    business_days = days[is_business]
    opens = _local_instants(business_days, hours.opens, hours.timezone)
    closes = _local_instants(business_days, hours.closes, hours.timezone)
    lengths = closes - opens
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return _Table(first_year, last_year, opens, closes, starts)


def _validate(hours: BusinessHours) -> None:
    if not hours.workdays:
        raise ValueError("Business hours need at least one workday.")
    if hours.closes <= hours.opens:
        raise ValueError(f"Business hours close ({hours.closes}) before they open ({hours.opens}).")


class BusinessClock:
    """Business-minute arithmetic for one set of business hours (see the module docstring)."""

    def __init__(self, hours: BusinessHours) -> None:
        _validate(hours)
        self.hours = hours
        self.zone = ZoneInfo(hours.timezone)
        self._wide: _Table | None = None  # the widest table one-instant calls have needed
        # Instants whose local year lies inside the wide table but for a year at each end: any
        # call on them adding at most a year is covered without working out their year.
        self._inside: tuple[int, int] = (0, 0)
        self._year_ns = self._min_business_ns_per_year()

    # ---- scalar API -------------------------------------------------------------------------

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant ``minutes`` business minutes after ``start`` (see the module conventions)."""
        amount = _minutes_to_ns(minutes)
        if amount < 0:
            raise ValueError("Business minutes to add must not be negative.")
        start_ns = self._instant_ns(start)
        table = self._scalar_table(start_ns, extra_ns=amount)
        target = table.position(start_ns) + amount
        while target > table.total:  # a very long span: widen the table
            table = self._widened(table.first_year, table.last_year + 1)
            target = table.position(start_ns) + amount
        return self._to_datetime(table.after(target, positive=amount > 0))

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Business minutes from ``start`` to ``end``; 0 when ``end`` is not after ``start``."""
        start_ns, end_ns = self._instant_ns(start), self._instant_ns(end)
        table = self._scalar_table(min(start_ns, end_ns), last_ns=max(start_ns, end_ns))
        return max(0, table.position(end_ns) - table.position(start_ns)) / NS_PER_MINUTE

    def is_open(self, instant: datetime) -> bool:
        """Whether the business clock runs at ``instant`` (opening included, closing excluded)."""
        at = np.array([self._instant_ns(instant)], dtype=np.int64)
        table = self._table_covering(at)
        k = int(np.searchsorted(table.opens, at[0], side="right")) - 1
        return bool(k >= 0 and at[0] < table.closes[k])

    def next_opening(self, instant: datetime) -> datetime:
        """``instant`` itself when open, else the next moment the business clock starts running."""
        return self.add_minutes(instant, 0)

    def open_intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Business-hours intervals overlapping [start, end], clipped to it (for chart shading)."""
        lo, hi = self._instant_ns(start), self._instant_ns(end)
        table = self._table_covering(np.array([lo, hi], dtype=np.int64))
        overlapping = (table.closes > lo) & (table.opens < hi)
        return [
            (self._to_datetime(max(int(o), lo)), self._to_datetime(min(int(c), hi)))
            for o, c in zip(table.opens[overlapping], table.closes[overlapping], strict=True)
        ]

    # ---- vectorised API ---------------------------------------------------------------------

    def minutes_between_series(self, starts: pd.Series, ends: pd.Series) -> pd.Series:
        """Element-wise business minutes (Float64); NA if either is missing; 0 if end <= start."""
        start_ns, end_ns = self._series_ns(starts), self._series_ns(ends)
        missing = (start_ns == NAT_NS) | (end_ns == NAT_NS)
        minutes = np.zeros(len(start_ns), dtype=np.float64)
        minutes[~missing] = self.minutes_between_ns(start_ns[~missing], end_ns[~missing])
        result = pd.array(minutes, dtype="Float64")
        result[missing] = pd.NA
        return pd.Series(result, index=starts.index, name=ends.name)

    def add_minutes_series(self, starts: pd.Series, minutes: float | pd.Series) -> pd.Series:
        """Element-wise ``add_minutes``; NaT where the start (or the minutes) is missing."""
        start_ns = self._series_ns(starts)
        minutes_ns = _minutes_series_ns(minutes, starts.index)
        missing = (start_ns == NAT_NS) | (minutes_ns == NAT_NS)
        out = np.full(len(start_ns), NAT_NS, dtype=np.int64)
        if (~missing).any():
            out[~missing] = self._add_ns(start_ns[~missing], minutes_ns[~missing])
        utc = pd.to_datetime(out.view("datetime64[ns]")).tz_localize("UTC")
        return pd.Series(utc.tz_convert(self.hours.timezone), index=starts.index, name=starts.name)

    def add_minutes_ns(self, starts_ns: Int64Array, minutes: float) -> Int64Array:
        """Element-wise ``add_minutes`` on UTC nanoseconds (none missing), in UTC nanoseconds:
        for callers that hold thousands of instants as integers already (the incidents table)."""
        if not len(starts_ns):
            return np.asarray(starts_ns, dtype=np.int64)
        return self._add_ns(np.asarray(starts_ns, dtype=np.int64), _minutes_to_ns(minutes))

    def minutes_between_ns(self, starts_ns: Int64Array, ends_ns: Int64Array) -> Float64Array:
        """Element-wise ``minutes_between`` on UTC nanoseconds (none missing)."""
        if not len(starts_ns):
            return np.zeros(0, dtype=np.float64)
        table = self._table_covering(np.concatenate((starts_ns, ends_ns)))
        diff = _positions(table, ends_ns) - _positions(table, starts_ns)
        return np.asarray(np.maximum(diff, 0) / NS_PER_MINUTE, dtype=np.float64)

    # ---- internals --------------------------------------------------------------------------

    def _add_ns(self, start_ns: Int64Array, minutes_ns: Int64Array | int) -> Int64Array:
        amounts = np.broadcast_to(np.asarray(minutes_ns, dtype=np.int64), start_ns.shape)
        if (amounts < 0).any():
            raise ValueError("Business minutes to add must not be negative.")
        table = self._table_covering(start_ns, extra_ns=int(amounts.max(initial=0)))
        targets = _positions(table, start_ns) + amounts
        while targets.max(initial=0) > table.total:  # a very long span: widen the table
            table = _table(self.hours, table.first_year, table.last_year + 1)
            targets = _positions(table, start_ns) + amounts
        # Positive amounts that land on a closing time stay there; zero moves to the next opening.
        left = np.searchsorted(table.starts, targets, side="left") - 1
        right = np.searchsorted(table.starts, targets, side="right") - 1
        k = np.where(amounts > 0, left, right)
        return np.asarray(table.opens[k] + (targets - table.starts[k]), dtype=np.int64)

    def _table_covering(self, instants_ns: Int64Array, *, extra_ns: int = 0) -> _Table:
        years = pd.to_datetime(instants_ns.view("datetime64[ns]")).tz_localize("UTC")
        local_years = years.tz_convert(self.hours.timezone).year
        first, last = int(local_years.min()), int(local_years.max())
        extra_years = math.ceil(extra_ns / self._min_business_ns_per_year())
        return _table(self.hours, first - _YEAR_MARGIN, last + _YEAR_MARGIN + extra_years)

    def _scalar_table(
        self, first_ns: int, *, last_ns: int | None = None, extra_ns: int = 0
    ) -> _Table:
        """A table covering what `_table_covering` would for these instants: any wider table
        gives the same answers, so one-instant calls reuse the widest built so far."""
        lowest, highest = self._inside
        top = first_ns if last_ns is None else last_ns
        if (
            self._wide is not None
            and extra_ns <= self._year_ns
            and lowest <= first_ns <= top < highest
        ):
            return self._wide
        first = self._local_year(first_ns)
        last = first if last_ns is None else self._local_year(last_ns)
        extra_years = math.ceil(extra_ns / self._year_ns)
        low, high = first - _YEAR_MARGIN, last + _YEAR_MARGIN + extra_years
        wide = self._wide
        if wide is not None and wide.first_year <= low and wide.last_year >= high:
            return wide
        if wide is not None:
            low, high = min(low, wide.first_year), max(high, wide.last_year)
        return self._widened(low, high)

    def _widened(self, first_year: int, last_year: int) -> _Table:
        self._wide = _table(self.hours, first_year, last_year)
        new_year = [
            datetime(year, 1, 1, tzinfo=self.zone) for year in (first_year + 1, last_year - 1)
        ]
        self._inside = (self._instant_ns(new_year[0]), self._instant_ns(new_year[1]))
        return self._wide

    def _local_year(self, instant_ns: int) -> int:
        return (
            (_EPOCH + (instant_ns // NS_PER_MICROSECOND) * _MICROSECOND).astimezone(self.zone).year
        )

    def _min_business_ns_per_year(self) -> int:
        # A pessimistic year (20 holidays) so one table build nearly always suffices.
        day = datetime.combine(date.min, self.hours.closes) - datetime.combine(
            date.min, self.hours.opens
        )
        days = max(1, 52 * len(self.hours.workdays) - 20)
        return days * int(day / timedelta(microseconds=1)) * NS_PER_MICROSECOND

    def _instant_ns(self, instant: datetime) -> int:
        if type(instant) is datetime and instant.utcoffset() is not None:
            return aware_ns(instant)  # no pandas: faster
        stamp = pd.Timestamp(instant)
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize(self.hours.timezone, nonexistent="shift_forward")
        return int(stamp.tz_convert("UTC").as_unit("ns").value)

    def _series_ns(self, instants: pd.Series) -> Int64Array:
        values = pd.Series(instants)
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            values = _as_datetimes(values, self.hours.timezone)
        utc = values.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("ns")
        return np.asarray(utc.to_numpy().view("int64"), dtype=np.int64)

    def _to_datetime(self, ns: int) -> datetime:
        # Floored to the microsecond, a Python datetime's resolution.
        return (_EPOCH + (ns // NS_PER_MICROSECOND) * _MICROSECOND).astimezone(self.zone)


def aware_ns(instant: datetime) -> int:
    """An aware instant as UTC nanoseconds, as the clock counts (floored to the microsecond)."""
    return (instant - _EPOCH) // _MICROSECOND * NS_PER_MICROSECOND


def _positions(table: _Table, instants_ns: Int64Array) -> Int64Array:
    """Business position of each instant: outside hours, the clock stopped at the last closing."""
    k = np.searchsorted(table.opens, instants_ns, side="right") - 1
    safe = np.maximum(k, 0)
    inside = np.minimum(instants_ns - table.opens[safe], table.closes[safe] - table.opens[safe])
    return np.asarray(np.where(k >= 0, table.starts[safe] + inside, 0), dtype=np.int64)


def _as_datetimes(values: pd.Series, zone: str) -> pd.Series:
    """Naive datetimes are wall-clock times in the business zone; mixed offsets go through UTC."""
    if values.isna().all():
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    try:
        parsed = pd.to_datetime(values)
    except (ValueError, TypeError):  # mixed offsets (or naive and aware together)
        parsed = pd.to_datetime(values, utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return parsed
    return parsed.dt.tz_localize(zone, nonexistent="shift_forward", ambiguous="NaT")


def _minutes_to_ns(minutes: float) -> int:
    # Rounded to the microsecond so results are exact Python datetimes.
    return round(minutes * NS_PER_MINUTE / NS_PER_MICROSECOND) * NS_PER_MICROSECOND


def _minutes_series_ns(minutes: float | pd.Series, index: pd.Index) -> Int64Array:
    if not isinstance(minutes, pd.Series):
        return np.full(len(index), _minutes_to_ns(float(minutes)), dtype=np.int64)
    values = pd.to_numeric(minutes, errors="coerce").astype("Float64")
    micro = (values * (NS_PER_MINUTE // NS_PER_MICROSECOND)).round()
    ns = micro.to_numpy(dtype=np.float64, na_value=np.nan)
    out = np.full(len(ns), NAT_NS, dtype=np.int64)
    finite = np.isfinite(ns)
    out[finite] = ns[finite].astype(np.int64) * NS_PER_MICROSECOND
    return out


@lru_cache(maxsize=8)
def business_clock(hours: BusinessHours) -> BusinessClock:
    """A cached clock per business-hours setting (the holiday table is built once per range)."""
    return BusinessClock(hours)
