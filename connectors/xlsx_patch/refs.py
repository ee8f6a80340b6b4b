"""A1-style cell and range references <-> 1-based (row, column) positions."""

from __future__ import annotations

import re

from connectors.cells import column_index, column_letter

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def cell_ref(row: int, col: int) -> str:
    """(12, 28) -> `"AB12"`."""
    return f"{column_letter(col)}{row}"


def parse_cell_ref(ref: str) -> tuple[int, int]:
    """`"AB12"` -> (12, 28)."""
    match = _CELL_REF.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """`"A1:D9"` -> (first row, first col, last row, last col); a single cell is a 1x1 range."""
    first, _, last = ref.partition(":")
    top, left = parse_cell_ref(first)
    bottom, right = parse_cell_ref(last) if last else (top, left)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)


def range_ref(top: int, left: int, bottom: int, right: int) -> str:
    return f"{cell_ref(top, left)}:{cell_ref(bottom, right)}"
