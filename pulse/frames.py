"""Typed cell helpers shared by the workflow and the history: read, write and render one cell.

The audit log stores every old/new value as text, so one rendering (`cell_text`) and its inverse
(`parse_cell`) are the contract that makes audit rows replayable.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api import types as ptypes

from pulse.memo import remembered
from pulse.schema import CLIENT_KEY, SHEET_ROW, Column, Kind, Sheet, SheetSpec, client_key

YES = "yes"
NO = "no"
_YES_WORDS = frozenset({"yes", "y", "true", "x", "1"})
_NO_WORDS = frozenset({"no", "n", "false", "0"})


def is_blank(value: object) -> bool:
    """None, NaN, NaT, <NA> and whitespace-only text are all 'no value'."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):  # the common case in a frame's cells: NaN is itself unequal
        return value != value
    if value is pd.NaT or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """The audit log's text for a cell: dates ISO, yes/no, blanks empty."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime | date):
        stamp = pd.Timestamp(value)
        if stamp == stamp.normalize():
            return stamp.date().isoformat()
        return stamp.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, bool) or ptypes.is_bool(value):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cell(text: str, kind: Kind) -> object:
    """The inverse of `cell_text` for a column of `kind`; blank text is a missing value."""
    if not text.strip():
        return pd.NA if kind in (Kind.YES_NO, Kind.INTEGER) else None
    if kind in (Kind.DATE, Kind.DATETIME):
        return pd.Timestamp(text)
    if kind is Kind.YES_NO:
        return text.strip().casefold() in _YES_WORDS
    if kind is Kind.INTEGER:
        return int(float(text))
    if kind in (Kind.MONEY, Kind.NUMBER):
        return float(text)
    return text


def to_day(value: date | datetime | pd.Timestamp) -> pd.Timestamp:
    """A date as the frames hold it: a naive Timestamp at midnight."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def to_moment(value: datetime | pd.Timestamp) -> pd.Timestamp:
    """A date-time as the audit frame holds it: with its zone (the shells give the business
    zone, so the Audit Log says the UTC offset); a naive one stays naive."""
    return pd.Timestamp(value)


def moments_in_zone(values: Iterable[object], timezone: str) -> pd.Series[Any]:
    """Date-times as moments in `timezone` (the business zone): aware ones converted, naive ones
    read as local time there; of an hour that happens twice when clocks go back, the first."""
    stamps: list[pd.Timestamp] = [
        pd.NaT if is_blank(value) else pd.Timestamp(value)  # type: ignore[arg-type,misc]
        for value in values
    ]
    dtype = pd.DatetimeTZDtype("ns", timezone)
    if all(stamp.tzinfo is None for stamp in stamps):  # the usual Audit Log: one pass for all
        first = np.ones(len(stamps), dtype=bool)  # ambiguous=True: the first of a repeated hour
        local = pd.DatetimeIndex(stamps, dtype="datetime64[ns]").tz_localize(
            timezone, ambiguous=first, nonexistent="shift_forward"
        )
        return pd.Series(local, dtype=dtype)
    moments: list[Any] = [_in_zone(stamp, timezone) for stamp in stamps]
    return pd.Series(moments, dtype=dtype)


def _in_zone(stamp: pd.Timestamp, timezone: str) -> pd.Timestamp:
    if stamp.tzinfo is not None:
        return stamp.tz_convert(timezone)
    return stamp.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")


def wall_clock(moments: pd.Series[Any]) -> pd.Series[Any]:
    """Date-times as local wall-clock time in their own zone (naive ones as they are): the day
    a moment falls on in the business zone."""
    if isinstance(moments.dtype, pd.DatetimeTZDtype):
        local: pd.Series[Any] = moments.dt.tz_localize(None)
        return local
    return moments


def column_kind(spec: SheetSpec, name: str) -> Kind:
    try:
        return spec.column(name).kind
    except KeyError:
        return Kind.TEXT


# The dtype each kind of column has in every frame, from the connector boundary on: nullable
# where a blank cell is possible (pandas 3 never upcasts, so a column must hold any value of its
# kind before a cell is set).
DTYPES: dict[Kind, Any] = {  # pandas' dtype names (typed Any: pandas-stubs overloads on literals)
    Kind.TEXT: "object",
    Kind.MONEY: "float64",
    Kind.NUMBER: "float64",
    Kind.INTEGER: "Int64",
    Kind.YES_NO: "boolean",
    Kind.DATE: "datetime64[ns]",
    Kind.DATETIME: "datetime64[ns]",
}


def _fits(series: pd.Series[Any], kind: Kind) -> bool:
    if kind in (Kind.DATE, Kind.DATETIME):
        return bool(ptypes.is_datetime64_any_dtype(series))
    if kind is Kind.TEXT:
        return bool(ptypes.is_string_dtype(series)) or series.dtype == object
    return bool(series.dtype == DTYPES[kind])


def _conformed(series: pd.Series[Any], kind: Kind) -> pd.Series[Any]:
    """The column in a dtype that can hold any value of its kind."""
    if kind in (Kind.DATE, Kind.DATETIME):
        return pd.to_datetime(series)
    return series.astype(DTYPES[kind])


def typed_frame(frame: pd.DataFrame, spec: SheetSpec) -> pd.DataFrame:
    """The frame with every column `spec` declares in its kind's dtype (a no-op when it is)."""
    misfits = {
        column.name: _conformed(frame[column.name], column.kind)
        for column in spec.columns
        if column.name in frame.columns and not _fits(frame[column.name], column.kind)
    }
    return frame.assign(**misfits) if misfits else frame


def assign(
    frame: pd.DataFrame, index: Hashable, column: str, value: object, *, spec: SheetSpec
) -> None:
    """Set one cell in place, first widening the column's dtype when it cannot hold the value."""
    kind = column_kind(spec, column)
    if column not in frame.columns:
        frame[column] = _conformed(pd.Series([None] * len(frame), index=frame.index), kind)
    elif not _fits(frame[column], kind):
        frame[column] = _conformed(frame[column], kind)
    cell: Any = None if is_blank(value) else value
    frame.at[index, column] = cell


def with_blank_row(
    frame: pd.DataFrame, *, client: str, spec: SheetSpec
) -> tuple[pd.DataFrame, Hashable]:
    """A copy with a new record for `client` appended (not from the sheet, yes/no cells 'no')."""
    label = _next_label(frame)
    frame = frame.reindex(frame.index.append(pd.Index([label])))
    assign(frame, label, "client", client, spec=spec)
    assign(frame, label, CLIENT_KEY, client_key(client), spec=spec)
    assign(frame, label, SHEET_ROW, pd.NA, spec=_ROW_SPEC)
    for column in spec.columns:
        if column.kind is Kind.YES_NO:
            assign(frame, label, column.name, False, spec=spec)
    return frame, label


def _next_label(frame: pd.DataFrame) -> Hashable:
    if len(frame.index) == 0:
        return 0
    if ptypes.is_integer_dtype(frame.index):
        return int(frame.index.max()) + 1
    return len(frame.index)


# sheet_row is an integer column on every frame; a tiny spec lets assign() type it.
_ROW_SPEC = SheetSpec(Sheet.EPISODES, (Column(SHEET_ROW, "Row", Kind.INTEGER),))


def client_keys(frame: pd.DataFrame) -> pd.Series[str]:
    """Each row's client key, computed from `client` (hand-built frames may lack client_key)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    return frame["client"].map(client_key)


def between_days(
    dates: pd.Series[Any], *, after: pd.Timestamp, upto: pd.Timestamp
) -> pd.Series[bool]:
    """Rows whose date (time of day ignored) falls in (after, upto]; `dates` is a typed date or
    date-time column (moments with a zone count on their day in that zone)."""
    return within_days(day_of(dates), after=after, upto=upto)


def day_of(dates: pd.Series[Any]) -> pd.Series[pd.Timestamp]:
    """Each date's day as `between_days` counts it (moments with a zone: their day there)."""
    days: pd.Series[pd.Timestamp] = wall_clock(dates).dt.normalize()
    return days


def within_days(
    days: pd.Series[pd.Timestamp], *, after: pd.Timestamp, upto: pd.Timestamp
) -> pd.Series[bool]:
    """Days (from `day_of`) in (after, upto]."""
    return (days > after) & (days <= upto)


def is_in(values: pd.Series[Any], wanted: Iterable[Hashable]) -> pd.Series[bool]:
    """`values.isin(wanted)`, same answers, for text columns of any dtype, without pandas' cost
    on Arrow-backed text (one Arrow scalar per wanted value: ~5 ms for 2,000 client keys, far
    more for thousands of ticket numbers): Arrow text is looked up with Arrow's own membership
    test, anything else as plain objects in a hash table."""
    keys = list(wanted)
    if _arrow_text(values) and all(isinstance(key, str) for key in keys):
        text = pa.array(values.astype("string[pyarrow]"))
        found = pc.is_in(text, value_set=pa.array(keys, type=pa.string())).fill_null(False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)
    plain = pd.Series(values.to_numpy(dtype=object), index=values.index, dtype=object)
    answer: pd.Series[bool] = plain.isin(pd.array(keys, dtype=object))
    return answer


def _arrow_text(values: pd.Series[Any]) -> bool:
    return values.dtype != object and ptypes.is_string_dtype(values.dtype)


def rows_of_clients(frame: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s rows whose client key is one of `clients`' (in row order), the same object
    while both frames live (pulse.memo): work kept per frame (open episodes, their RCA, open
    loops' parts) then carries from one as-of date to the next. Never edit what it returns."""

    def known() -> pd.DataFrame:
        return frame[is_in(frame[CLIENT_KEY], set(clients[CLIENT_KEY].tolist()))]

    return remembered("rows_of_clients", (frame, clients), known)
