"""Find Excel error cells (#REF!, #N/A, ...) that python-calamine reads as blanks.

A formula whose cached result is an error must be reported, not silently read as empty. The
sheet is read by a streaming XML parser, in time linear in its size: a regular expression over
the text backtracked for minutes on a crafted comment. Its size was checked before (zip_limits).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from connectors.cells import column_index
from connectors.errors import WorkbookError
from connectors.xlsx_parts import sheet_parts

CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")  # bounded: a reference is at most XFD1048576


def error_cells(data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) 1-based -> error text, for every error-valued cell of one tab."""
    try:
        part = sheet_parts(data).get(sheet_name)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError, WorkbookError):
        return {}
    found: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:  # most tabs hold no error cell: skip parsing every cell
        return found
    for reference, value in _error_values(xml):
        match = CELL_REF.fullmatch(reference)
        if match:
            found[(int(match.group(2)), column_index(match.group(1)))] = value
    return found


def _error_values(xml: bytes) -> Iterator[tuple[str, str]]:
    """(cell reference, error text) of each `<c t="e">` with a value; stops at broken XML."""
    rows = ElementTree.Element("rows")
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                rows = element if tag == "sheetData" else rows
            elif tag == "c" and element.get("t") == "e":
                value = next((c.text for c in element if _local(c.tag) == "v"), None)
                if value:
                    yield element.get("r", ""), value
            elif tag == "row":
                rows.clear()  # keep memory flat over a long sheet: its cells are read
    except ElementTree.ParseError:
        return


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
