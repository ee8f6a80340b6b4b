"""Find Excel error cells (#REF!, #N/A, ...) that python-calamine reads as blanks.

A formula whose cached result is an error must be reported, not silently read as empty.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.DOTALL)
VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _attributes(text: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: v.decode() for k, v in ATTRIBUTE.findall(text)}


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Tab name -> the zip entry holding its XML."""
    rels = {
        attrs.get("Id", ""): attrs.get("Target", "")
        for attrs in map(
            _attributes, RELATIONSHIP.findall(package.read("xl/_rels/workbook.xml.rels"))
        )
    }
    parts: dict[str, str] = {}
    for attrs in map(_attributes, SHEET_ENTRY.findall(package.read("xl/workbook.xml"))):
        target = rels.get(attrs.get("id", ""), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[attrs.get("name", "")] = posixpath.normpath(path)
    return parts


def error_cells(data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) 1-based -> error text, for every error-valued cell of one tab."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            part = sheet_parts(package).get(sheet_name)
            xml = package.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    found: dict[tuple[int, int], str] = {}
    for attributes, body in ERROR_CELL.findall(xml):
        reference = _attributes(attributes).get("r", "")
        match = CELL_REF.fullmatch(reference)
        value = VALUE.search(body)
        if match and value:
            found[(int(match.group(2)), _column_index(match.group(1)))] = value.group(1).decode()
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index
