"""Parse one messy spreadsheet cell into a typed value, or say in plain words why not."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from pulse.schema import Kind

EXCEL_ERRORS = frozenset({"#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A"})
YES = frozenset({"y", "yes", "x", "true", "1", "✓", "✔", "t"})
NO = frozenset({"n", "no", "false", "0", "f", "-", ""})
# US order first: the MSP works in America/Los_Angeles, so 11/10/2026 is November 10.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%m-%d-%Y",
)
TIME_FORMATS = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", "T%H:%M", "T%H:%M:%S")
EXCEL_EPOCH_1900 = datetime(1899, 12, 30)
EXCEL_EPOCH_1904 = datetime(1904, 1, 1)
# The days a frame can hold (pandas' nanosecond timestamps), a day's margin on each side.
FIRST_DAY, LAST_DAY = datetime(1677, 9, 23), datetime(2262, 4, 10)
MONEY_JUNK = re.compile(r"[\s$,]|USD", re.IGNORECASE)

Value = str | float | int | bool | date | datetime | None


class CellError(ValueError):
    """A cell that cannot be read; the message is for a person."""


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_cell(raw: object, kind: Kind, *, date1904: bool = False) -> Value:
    """Return the typed value of a cell (None when blank); raise CellError when unreadable."""
    if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
        raise CellError(f"holds the Excel error {raw.strip()}; fix the formula or type a value")
    if kind is Kind.YES_NO:
        return parse_yes_no(raw)
    if is_blank(raw):
        return None
    value: Value = _PARSERS[kind](raw, date1904)
    return value


def parse_text(raw: object, _date1904: bool = False) -> str:
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # ticket numbers and years typed as numbers
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return " ".join(str(raw).split()) if "\n" not in str(raw) else str(raw).strip()


def parse_money(raw: object, _date1904: bool = False) -> float:
    """`$12,500.00`, `5,000`, `(250)` and plain numbers; cents are kept."""
    if isinstance(raw, bool):
        raise CellError(f"is {raw}, not an amount of money")
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip()
    negative = text.startswith("(") and text.endswith(")")
    cleaned = MONEY_JUNK.sub("", text.strip("()"))
    try:
        value = float(cleaned)
    except ValueError:
        raise CellError(f"cannot read '{text}' as money; type a number like 12500 or $12,500.00")
    return -value if negative else value


def parse_number(raw: object, _date1904: bool = False) -> float:
    if isinstance(raw, bool):
        raise CellError(f"is {raw}, not a number")
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace(",", "")
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise CellError(f"cannot read '{raw}' as a number")


def parse_integer(raw: object, _date1904: bool = False) -> int:
    value = parse_number(raw)
    if not float(value).is_integer():
        raise CellError(f"'{raw}' is not a whole number")
    return int(value)


def parse_yes_no(raw: object) -> bool:
    """Y/N, yes/no, x, TRUE/FALSE, 1/0; a blank cell means no."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return bool(raw)
        raise CellError(f"cannot read {raw} as yes/no; use Y or N")
    text = str(raw).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"cannot read '{raw}' as yes/no; use Y or N (or x for yes)")


def parse_datetime(raw: object, date1904: bool = False) -> datetime:
    """Excel serials (1900 or 1904 system), real dates, or text like 11/10/2026 and 2026-11-10;
    ISO 8601 text with an offset (2026-11-23T10:15:00-08:00) keeps it (an aware datetime).
    Dates the frames cannot hold (before 1678, after 2261: a typo such as 20266) are refused."""
    value = _any_datetime(raw, date1904)
    if not FIRST_DAY <= value.replace(tzinfo=None) <= LAST_DAY:
        raise CellError(f"{value:%Y-%m-%d} is not a date in use; type a date like 2026-11-10")
    return value


def _any_datetime(raw: object, date1904: bool) -> datetime:
    if isinstance(raw, bool):
        raise CellError(f"is {raw}, not a date")
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime.combine(raw, time())
    if isinstance(raw, int | float):
        return _from_serial(float(raw), date1904)
    return _from_text(str(raw).strip())


def parse_date(raw: object, date1904: bool = False) -> datetime:
    """A date at midnight (times of day and offsets are dropped: the day as written)."""
    value = parse_datetime(raw, date1904)
    return datetime.combine(value.date(), time())


def _from_serial(serial: float, date1904: bool) -> datetime:
    if not 0 < serial < 2_958_466:  # Excel's last date is 9999-12-31
        raise CellError(f"{serial:g} is not a date; type a date like 2026-11-10")
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH_1900
    return epoch + timedelta(days=serial)


def _from_text(text: str) -> datetime:
    compact = " ".join(text.split())
    try:
        return datetime.fromisoformat(compact)  # with its UTC offset when the text has one
    except ValueError:
        pass
    for date_format in DATE_FORMATS:
        for time_format in TIME_FORMATS:
            try:
                return datetime.strptime(compact, date_format + time_format)
            except ValueError:
                continue
    try:
        return _from_serial(float(compact), date1904=False)
    except ValueError:
        pass
    raise CellError(f"cannot read '{text}' as a date; use YYYY-MM-DD (2026-11-10) or MM/DD/YYYY")


_PARSERS: dict[Kind, Callable[[object, bool], Value]] = {
    Kind.TEXT: parse_text,
    Kind.MONEY: parse_money,
    Kind.NUMBER: parse_number,
    Kind.INTEGER: parse_integer,
    Kind.DATE: parse_date,
    Kind.DATETIME: parse_datetime,
}


class _Unsure:
    """A cell the short path leaves to `parse_cell`."""


UNSURE = _Unsure()
FIRST_DATE, LAST_DATE = FIRST_DAY.date(), LAST_DAY.date()


def parse_distinct(
    raws: Iterable[object], kind: Kind, *, date1904: bool = False
) -> list[Value | CellError]:
    """`parse_cell` of each value, its CellError in place of a value that cannot be read. The
    usual cells of a kind (text in a text column, a date cell in a date column, a number in a
    money column) take a short path with the same result; everything else goes through
    `parse_cell`, so every message stays its own."""
    quick = _QUICK[kind]
    values: list[Value | CellError] = []
    for raw in raws:
        value = quick(raw)
        values.append(_parsed(raw, kind, date1904) if isinstance(value, _Unsure) else value)
    return values


def _parsed(raw: object, kind: Kind, date1904: bool) -> Value | CellError:
    try:
        return parse_cell(raw, kind, date1904=date1904)
    except CellError as exc:
        return exc


def _quick_text(raw: object) -> str | _Unsure:
    if type(raw) is str and "\n" not in raw:
        text = " ".join(raw.split())
        if text and text not in EXCEL_ERRORS:  # a blank or an error: parse_cell says
            return text
    return UNSURE


def _quick_number(raw: object) -> float | _Unsure:
    return float(raw) if type(raw) is float or type(raw) is int else UNSURE  # never a bool


def _quick_integer(raw: object) -> int | _Unsure:
    if (type(raw) is float or type(raw) is int) and float(raw).is_integer():
        return int(float(raw))
    return UNSURE


def _quick_date(raw: object) -> datetime | _Unsure:
    if type(raw) is date and FIRST_DATE <= raw <= LAST_DATE:
        return datetime(raw.year, raw.month, raw.day)
    if type(raw) is datetime and raw.tzinfo is None and FIRST_DAY <= raw <= LAST_DAY:
        return datetime(raw.year, raw.month, raw.day)
    return UNSURE


def _quick_datetime(raw: object) -> datetime | _Unsure:
    if type(raw) is datetime and raw.tzinfo is None and FIRST_DAY <= raw <= LAST_DAY:
        return raw
    if type(raw) is date and FIRST_DATE <= raw <= LAST_DATE:
        return datetime(raw.year, raw.month, raw.day)
    return UNSURE


def _quick_yes_no(raw: object) -> bool | _Unsure:
    if type(raw) is bool:
        return raw
    text = raw.strip().casefold() if type(raw) is str else None
    return True if text in YES else False if text in NO else UNSURE


_QUICK: dict[Kind, Callable[[object], Value | _Unsure]] = {
    Kind.TEXT: _quick_text,
    Kind.MONEY: _quick_number,
    Kind.NUMBER: _quick_number,
    Kind.INTEGER: _quick_integer,
    Kind.DATE: _quick_date,
    Kind.DATETIME: _quick_datetime,
    Kind.YES_NO: _quick_yes_no,
}


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 1, AA -> 27, either case: the inverse of `column_letter`."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index
