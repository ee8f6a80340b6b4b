"""Python values -> cell XML: numbers, booleans, dates as Excel serials, text as inline strings.

New text is written as inline strings, so sharedStrings.xml never changes.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from lxml import etree

from connectors.xlsx_patch.package import NS_XML, qn
from connectors.xlsx_patch.workbook_part import Workbook

CellValue = str | float | int | bool | date | datetime | None

DATE_FORMAT_ID = 14  # m/d/yyyy in the reader's locale
DATETIME_FORMAT_ID = 22  # m/d/yyyy h:mm
EPOCH_1900 = datetime(1899, 12, 30)  # serial 0 once Excel's fake 1900-02-29 is accounted for
EPOCH_1904 = datetime(1904, 1, 1)
FAKE_LEAP_DAY_SERIAL = 60  # Lotus 1-2-3's 1900-02-29, which Excel keeps for compatibility
MAX_EXCEL_TEXT = 32767
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def excel_serial(value: date, *, date1904: bool) -> float:
    """The serial number Excel stores for a date or datetime (naive wall-clock time)."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    moment = moment.replace(tzinfo=None)
    delta = moment - (EPOCH_1904 if date1904 else EPOCH_1900)
    serial = delta / timedelta(days=1)
    if not date1904 and delta.days <= FAKE_LEAP_DAY_SERIAL:
        serial -= 1  # before 1900-03-01 the 1900 system is one day behind the real calendar
    if serial < (0 if date1904 else 1):
        raise ValueError(f"{value} is before the first date Excel can store")
    return serial


def set_value(cell: etree._Element, value: CellValue, *, workbook: Workbook, ns: str) -> None:
    """Write `value` into an emptied cell; a date also gets a date format if it has none."""
    if isinstance(value, bool):
        cell.set("t", "b")
        _add_child(cell, ns, "v", "1" if value else "0")
    elif isinstance(value, int | float):
        _add_child(cell, ns, "v", number_text(value))
    elif isinstance(value, date):
        _set_date(cell, value, workbook=workbook, ns=ns)
    else:
        _set_text(cell, str(value), ns=ns)


def _set_date(cell: etree._Element, value: date, *, workbook: Workbook, ns: str) -> None:
    try:
        serial = excel_serial(value, date1904=workbook.date1904)
    except ValueError:
        _set_text(cell, value.isoformat(), ns=ns)  # Excel cannot hold it as a date
        return
    _add_child(cell, ns, "v", number_text(serial))
    style = int(cell.get("s", "0"))
    if not workbook.styles.is_date(style):
        fmt = DATETIME_FORMAT_ID if isinstance(value, datetime) else DATE_FORMAT_ID
        cell.set("s", str(workbook.styles.with_number_format(style, fmt)))


def _set_text(cell: etree._Element, text: str, *, ns: str) -> None:
    """User text is always an inline string, so Excel never evaluates it as a formula."""
    cell.set("t", "inlineStr")
    inline = etree.Element(qn(ns, "is"))
    content = etree.SubElement(inline, qn(ns, "t"))
    content.text = xml_safe_text(text)
    if content.text != content.text.strip() or "\n" in content.text:
        content.set(qn(NS_XML, "space"), "preserve")
    cell.insert(0, inline)


def _add_child(cell: etree._Element, ns: str, tag: str, text: str) -> None:
    child = etree.Element(qn(ns, tag))
    child.text = text
    cell.insert(0, child)  # value elements come before any extLst


def xml_safe_text(text: str) -> str:
    """Control characters XML cannot hold as Excel escapes them (`_x0007_`), capped in length."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _XML_ILLEGAL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return text[:MAX_EXCEL_TEXT]


def number_text(value: float | int) -> str:
    """The shortest text that reads back as the same number; whole floats without `.0`."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"Excel cannot store {value} as a number")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
