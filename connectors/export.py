"""Downloads of a displayed table as CSV or XLSX that no spreadsheet reads as a formula.

A cell whose text starts with = + - @ (or a tab / carriage return, which some spreadsheets skip
before looking for one) is a formula to Excel and LibreOffice: a client name like
"=HYPERLINK(...)" copied from a ticket would run on the reader's machine (CSV injection).
CSV: such text gets a leading apostrophe, which spreadsheets show as "this is text".
XLSX: such text is written as an explicit string cell (data_type "s"), never as a formula.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Excel's own limit on a sheet name's length.
MAX_SHEET_NAME = 31
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_COLUMN_WIDTH = 60


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_csv_text(text: str) -> str:
    """Prefix an apostrophe to formula-like text, and to text already starting with one.

    Quoting an existing leading apostrophe too keeps the export reversible (`restore_csv_text`).
    """
    return QUOTE + text if is_formula_like(text) or text.startswith(QUOTE) else text


def restore_csv_text(text: str) -> str:
    """The inverse of `neutralise_csv_text`: the text as it was in the table."""
    return text[1:] if text.startswith(QUOTE) else text


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def csv_text(value: object) -> str:
    """One cell as CSV text: blanks empty, dates ISO, numbers exact, text neutralised."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, pd.Timestamp | datetime | date):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    return neutralise_csv_text(str(value))


def _python_values(frame: pd.DataFrame) -> list[list[object]]:
    """Rows of plain Python values (numpy scalars unwrapped)."""
    return [
        [
            item.item() if hasattr(item, "item") and not isinstance(item, pd.Timestamp) else item
            for item in row
        ]
        for row in frame.itertuples(index=False, name=None)
    ]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV (with a byte-order mark so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_csv_text(str(column)) for column in frame.columns])
    for row in _python_values(frame):
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: object) -> tuple[Any, str | None]:
    """(cell value, number format) for openpyxl; text is returned as str for a string cell."""
    if _is_missing(value):
        return None, None
    if isinstance(value, bool | int | float):
        return value, None
    if isinstance(value, pd.Timestamp | datetime | date):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        if stamp == stamp.normalize():
            return stamp.to_pydatetime(), DATE_FORMAT
        return stamp.to_pydatetime(), DATETIME_FORMAT
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    # Characters XML 1.0 cannot hold (control codes) would make the file unreadable.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)), None


def _write_cell(sheet: Any, *, row: int, column: int, value: object) -> None:
    content, number_format = _xlsx_value(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = content
    if isinstance(content, str):
        # openpyxl treats text starting with "=" as a formula; force a plain string cell.
        cell.data_type = "s"
    if number_format is not None:
        cell.number_format = number_format


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """The frame as a one-sheet .xlsx: header row, then values with their types kept."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = _safe_sheet_name(sheet_name)
    for column, name in enumerate(frame.columns, start=1):
        _write_cell(sheet, row=1, column=column, value=str(name))
    for row, values in enumerate(_python_values(frame), start=2):
        for column, value in enumerate(values, start=1):
            _write_cell(sheet, row=row, column=column, value=value)
    _fit_columns(sheet, frame)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe_sheet_name(name: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name)
    # Excel refuses a name that starts or ends with an apostrophe.
    return cleaned[:MAX_SHEET_NAME].strip("' ") or "Export"


def _fit_columns(sheet: Any, frame: pd.DataFrame) -> None:
    for column, name in enumerate(frame.columns, start=1):
        longest = max([len(str(name)), *(len(str(v)) for v in frame[name].head(200))])
        sheet.column_dimensions[get_column_letter(column)].width = min(
            longest + 2, MAX_COLUMN_WIDTH
        )
