"""Find Excel error cells (#REF!, #N/A, ...) that python-calamine reads as blanks.

A formula whose cached result is an error must be reported, not silently read as empty.
"""

from __future__ import annotations

import io
import re
import zipfile

from connectors.cells import column_index
from connectors.errors import WorkbookError
from connectors.xlsx_parts import sheet_parts

ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.DOTALL)
VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _attributes(text: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: v.decode() for k, v in ATTRIBUTE.findall(text)}


def error_cells(data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) 1-based -> error text, for every error-valued cell of one tab."""
    try:
        part = sheet_parts(data).get(sheet_name)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError, WorkbookError):
        return {}
    found: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:  # most tabs hold no error cell: skip the regex over every cell
        return found
    for attributes, body in ERROR_CELL.findall(xml):
        reference = _attributes(attributes).get("r", "")
        match = CELL_REF.fullmatch(reference)
        value = VALUE.search(body)
        if match and value:
            found[(int(match.group(2)), column_index(match.group(1)))] = value.group(1).decode()
    return found
