"""Cell values of ticket exports -> canonical values, one whole column at a time.

Exports spell the same thing many ways ("P1", "1 - Critical", "Priority 1 - Emergency Response",
"Urgent"). Columns hold few distinct labels, so labels are classified once per distinct value and
mapped back over the column; dates are parsed with `pd.to_datetime(format=...)` over the whole
column, and fallback formats only touch the rows the previous format could not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pulse.schema import Priority, TicketType

# ---- priorities ---------------------------------------------------------------------------------

PRIORITY_BY_NUMBER: dict[int, Priority] = {
    1: Priority.CRITICAL,
    2: Priority.HIGH,
    3: Priority.MEDIUM,
    4: Priority.LOW,
    5: Priority.LOW,  # ServiceNow "5 - Planning"
}
PRIORITY_WORDS: dict[str, Priority] = {
    "critical": Priority.CRITICAL,
    "urgent": Priority.CRITICAL,
    "emergency": Priority.CRITICAL,
    "highest": Priority.CRITICAL,  # Jira
    "very high": Priority.CRITICAL,
    "high": Priority.HIGH,
    "quick": Priority.HIGH,  # ConnectWise "Priority 2 - Quick Response"
    "medium": Priority.MEDIUM,
    "moderate": Priority.MEDIUM,
    "normal": Priority.MEDIUM,
    "low": Priority.LOW,
    "lowest": Priority.LOW,
    "planning": Priority.LOW,
    "schedule": Priority.LOW,  # ConnectWise "Priority 4 - Schedule Maintenance"
}
# "P1", "1", "1 - Critical", "Priority 1 - Emergency", "Sev 1", "Severity 2": the number wins.
_PRIORITY_NUMBER = re.compile(r"^(?:p|priority|sev|severity)?\s*([1-5])(?:\s*[-–:.)]\s*.*)?$")


def priority_of(label: str) -> Priority | None:
    """The canonical priority of one export label, or None when it names no known priority.

    A number and a word that disagree ("P4 - Normal Response": 4 is Low, Normal is Medium) name
    none: each MSP numbers its own priorities, so pulse.toml [tickets.<psa>.priorities] says.
    """
    text = " ".join(label.casefold().split())
    by_word = _priority_word(text)
    match = _PRIORITY_NUMBER.match(text)
    if match is None:
        return by_word
    by_number = PRIORITY_BY_NUMBER[int(match.group(1))]
    return by_number if by_word in (None, by_number) else None


def _priority_word(text: str) -> Priority | None:
    if text in PRIORITY_WORDS:
        return PRIORITY_WORDS[text]
    # Longest word first, so "very high" beats "high".
    for word in sorted(PRIORITY_WORDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(word)}\b", text):
            return PRIORITY_WORDS[word]
    return None


# ---- ticket types -------------------------------------------------------------------------------

TYPE_PATTERNS: tuple[tuple[re.Pattern[str], TicketType], ...] = (
    (re.compile(r"\bproject"), TicketType.PROJECT),
    (re.compile(r"\bproblem"), TicketType.PROBLEM),
    (re.compile(r"\b(incident|alert|outage|break[ /-]?fix)"), TicketType.INCIDENT),
    (
        re.compile(r"\b(service request|request|sr|service|change|question|how ?to)\b"),
        TicketType.SERVICE_REQUEST,
    ),
)


def ticket_type_of(label: str) -> TicketType | None:
    text = " ".join(label.casefold().split())
    for pattern, ticket_type in TYPE_PATTERNS:
        if pattern.search(text):
            return ticket_type
    return None


def map_labels(values: pd.Series, classify: Callable[[str], StrEnum | None]) -> pd.Series:
    """Classify each distinct label once and map the result over the column (str or missing)."""

    def classified(labels: pd.Series) -> pd.Series:
        found = [None if pd.isna(label) else classify(str(label)) for label in labels]
        return pd.Series([None if f is None else str(f) for f in found], dtype="str")

    return per_distinct(values, classified)


def per_distinct(values: pd.Series, rule: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`rule` applied to each distinct value once (missing included), spread back over the column.

    Ticket columns hold a handful of distinct labels over hundreds of thousands of rows, so the
    rule's work (regexes, string cleaning) scales with the labels, not the rows. `rule` takes and
    returns a Series of the same length (positions match).
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    answers = rule(pd.Series(distinct)).reset_index(drop=True)
    return pd.Series(answers.array.take(codes), index=values.index, name=values.name)


# ---- yes/no, scores, text -----------------------------------------------------------------------

YES_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "security"})


def yes_no(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda v: v.astype("str").str.strip().str.lower().isin(YES_WORDS))


def survey_scores(values: pd.Series) -> pd.Series:
    """Survey scores 1..5 as Float64; a decimal comma ("4,5") is a decimal point; others <NA>."""

    def scores(labels: pd.Series) -> pd.Series:
        text = labels.astype("str").str.strip().str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text, errors="coerce").astype("Float64")
        return numbers.where((numbers >= 1) & (numbers <= 5))

    return per_distinct(values, scores)  # a survey column holds a handful of distinct answers


_EXCEL_TEXT = re.compile(r'^="(.*)"$')  # Excel's trick to keep leading zeros: ="00123"
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")  # 123.0 from a spreadsheet number cell


def ticket_numbers(values: pd.Series) -> pd.Series:
    text = plain_text(values)
    # Regex replacement runs in Python per cell: only pay for it when a cell needs it.
    if text.str.endswith(".0").any():
        text = text.str.replace(_WHOLE_FLOAT, r"\1", regex=True)
    return text


def plain_text(values: pd.Series) -> pd.Series:
    """Trimmed text, Excel's ="..." unwrapped, blank cells missing.

    Arrow's string kernels over the whole column (trim, test, regex, blank -> null): a column of
    500,000 cells takes milliseconds, where a Python regex per cell takes most of a second.
    """
    cells = pa.array(values.astype("str"), from_pandas=True)
    text = pc.utf8_trim_whitespace(cells)
    if pc.any(pc.starts_with(text, '="')).as_py():
        text = pc.replace_substring_regex(text, pattern=_EXCEL_TEXT.pattern, replacement=r"\1")
    blank = pc.equal(text, "")
    if pc.any(blank).as_py():  # else no copy of the column: most hold no blank-only cell
        text = pc.if_else(blank, pa.scalar(None, text.type), text)
    return pd.Series(pd.array(text, dtype="str"), index=values.index, name=values.name)


# ---- dates --------------------------------------------------------------------------------------

MONTH_FIRST_FORMATS: tuple[str, ...] = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y",
    "%m-%d-%Y %H:%M",
    "%m-%d-%Y",
)
DAY_FIRST_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
)
NAMED_MONTH_FORMATS: tuple[str, ...] = (
    "%d/%b/%y %I:%M %p",  # Jira: 08/Sep/21 7:56 PM
    "%d/%b/%Y %I:%M %p",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y",
)
_OFFSET = r"\d(?:Z|[+-]\d{2}:?\d{2})$"


_DAY_OVER_12 = r"^(?:1[3-9]|2\d|3[01])[/.-]\d"


def is_day_first(values: pd.Series) -> bool:
    """A column is day-first when any numeric date's first field cannot be a month (> 12)."""
    heads = values.str.strip().str.slice(0, 4)  # the regex on 4 characters, not the whole cell
    return bool(heads.str.contains(_DAY_OVER_12, regex=True, na=False).any())


@dataclass(frozen=True)
class ParsedDates:
    values: pd.Series  # datetime64[ns, UTC]
    unreadable: pd.Series  # bool: non-blank cells no format could read
    sentinel: pd.Series | None = None  # bool: "no date" written as a date (1900-01-01), now blank


# How PSAs and Excel write "no date": HaloPSA 1900-01-01T00:00:00, Excel's day 0 (1899-12-30),
# .NET's DateTime.MinValue (0001-01-01, too early for a timestamp, so found by its text).
SENTINEL_DAYS = pd.to_datetime(["1899-12-30", "1900-01-01"])
SENTINEL_PREFIXES: tuple[str, ...] = ("0001-01-01", "01/01/0001", "1/1/0001")
EARLIEST_REAL_DATE = pd.Timestamp("1901-01-01", tz="UTC")


def parse_dates(raw: pd.Series, *, timezone: str) -> ParsedDates:
    """Whole-column date parsing: offsets are honoured, naive times are local to `timezone`.

    "No date" written as a date (`SENTINEL_DAYS`, `SENTINEL_PREFIXES`) is blank, not a date.
    """
    parsed = _parse_dates(raw, timezone=timezone)
    sentinel = _sentinels(raw, parsed, timezone=timezone)
    if sentinel is None:
        return parsed
    values = parsed.values.mask(sentinel, pd.NaT)
    return ParsedDates(values, parsed.unreadable & ~sentinel, sentinel)


def _sentinels(raw: pd.Series, parsed: ParsedDates, *, timezone: str) -> pd.Series | None:
    """Cells that write "no date" as a date; None when there are none (checked on numbers, so
    a column of real dates costs one comparison)."""
    old = (parsed.values < EARLIEST_REAL_DATE).fillna(False).astype(bool)
    unreadable = parsed.unreadable
    if not (old.any() or unreadable.any()):
        return None
    found = pd.Series(False, index=raw.index)
    if old.any():
        utc_days = parsed.values[old].dt.tz_localize(None).dt.normalize()
        local_days = parsed.values[old].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
        found[old] = utc_days.isin(SENTINEL_DAYS) | local_days.isin(SENTINEL_DAYS)
    if unreadable.any():
        text = raw[unreadable].astype("str").str.strip()
        found[unreadable] = text.str.startswith(SENTINEL_PREFIXES).fillna(False)
    return found if found.any() else None


def _parse_dates(raw: pd.Series, *, timezone: str) -> ParsedDates:
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        utc = raw.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
        return ParsedDates(utc, pd.Series(False, index=raw.index))
    if pd.api.types.is_datetime64_dtype(raw.dtype):
        return ParsedDates(_localise(raw, timezone), pd.Series(False, index=raw.index))
    every_offset = _all_with_offsets(raw)
    if every_offset is not None:
        return ParsedDates(every_offset, pd.Series(False, index=raw.index))
    text = raw.astype("str").str.strip()
    present = text.notna() & (text != "")
    aware = present & _has_offset(text)
    result = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    if aware.any():
        parsed = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
        result[aware] = _in_range(parsed).astype("datetime64[ns, UTC]")
    naive = present & ~aware
    if naive.any():
        local = _parse_naive(text[naive])
        result[naive] = _localise(local, timezone)
    return ParsedDates(result, present & result.isna())


def _all_with_offsets(raw: pd.Series) -> pd.Series | None:
    """Fast path: every cell an ISO 8601 time with its offset (2026-11-10T14:05:00Z), else None.

    PSA APIs export UTC times this way. Arrow's cast reads the whole column in C++ and refuses
    the column if any cell is naive, padded or in another format: then the general path decides.
    """
    try:
        cells = pa.array(raw.astype("str"), type=pa.string(), from_pandas=True)
        parsed = pc.cast(cells, pa.timestamp("ns", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, ValueError):
        return None
    values = pd.Series(parsed.to_pandas(), index=raw.index)
    return values.astype("datetime64[ns, UTC]")


ISO = "ISO8601"
# The first and last days a nanosecond frame holds (numpy compares across units).
SAMPLE_SIZE = 50  # cells used to put the likeliest format first


def _has_offset(text: pd.Series) -> pd.Series:
    """Cells ending in a UTC offset (Z, +01:00, -0800); a cheap test narrows the regex's work."""
    signs = ["+", "-"]
    maybe = (
        text.str.endswith("Z", na=False)
        | text.str.slice(start=-6, stop=-5).isin(signs)
        | text.str.slice(start=-5, stop=-4).isin(signs)
    )
    found = pd.Series(False, index=text.index)
    if maybe.any():
        found[maybe] = text[maybe].str.contains(_OFFSET, regex=True, na=False)
    return found


def _parse_naive(text: pd.Series) -> pd.Series:
    """Each format over the cells still unread, likeliest first (judged on a small sample)."""
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    missing = pd.Series(True, index=text.index)
    for fmt in _formats_by_likelihood(text):
        parsed[missing] = _strptime(text[missing], fmt)
        missing = parsed.isna()
        if not missing.any():
            break
    return parsed


def _formats_by_likelihood(text: pd.Series) -> list[str]:
    numeric = DAY_FIRST_FORMATS if is_day_first(text) else MONTH_FIRST_FORMATS
    formats = [ISO, *numeric, *NAMED_MONTH_FORMATS]
    sample = text.iloc[:SAMPLE_SIZE]
    hits = {fmt: int(_strptime(sample, fmt).notna().sum()) for fmt in formats}
    return sorted(formats, key=lambda fmt: -hits[fmt])  # stable: ties keep the listed order


def _strptime(text: pd.Series, fmt: str) -> pd.Series:
    """One format over a whole column, NaT where it does not fit (Arrow's C++ strptime: fast)."""
    if fmt == ISO:
        parsed = pd.to_datetime(text, format=ISO, errors="coerce")
        return _in_range(parsed).astype("datetime64[ns]")
    cells = pa.array(text.astype(object).where(text.notna(), None), type=pa.string())
    parsed = pc.strptime(cells, format=fmt, unit="us", error_is_null=True)
    values = pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index)
    return _in_range(values).astype("datetime64[ns]")


def _in_range(parsed: pd.Series) -> pd.Series:
    """Times a nanosecond timestamp can hold; others (year 1, year 9999) unread, not wrapped round.

    Parsers return microseconds for such years; a cast to nanoseconds would raise or overflow.
    """
    if parsed.dtype.kind != "M" and not isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return parsed
    lowest, highest = pd.Timestamp.min.ceil("us"), pd.Timestamp.max.floor("us")
    if parsed.dt.tz is not None:
        lowest, highest = lowest.tz_localize("UTC"), highest.tz_localize("UTC")
    return parsed.where((parsed >= lowest) & (parsed <= highest))


def _localise(naive: pd.Series, timezone: str) -> pd.Series:
    # A repeated wall time (DST fall-back) takes the standard-time pass; a skipped one moves on.
    standard = np.zeros(len(naive), dtype=bool)
    local = naive.astype("datetime64[ns]").dt.tz_localize(
        timezone, ambiguous=standard, nonexistent="shift_forward"
    )
    return local.dt.tz_convert("UTC")
