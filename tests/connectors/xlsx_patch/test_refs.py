"""A1 references <-> 1-based (row, column) positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.xlsx_patch import cell_ref, parse_cell_ref, parse_range, range_ref


@pytest.mark.parametrize(
    ("ref", "position"),
    [
        ("A1", (1, 1)),
        ("AB12", (12, 28)),  # AB: 1*26 + 2
        ("$C$7", (7, 3)),  # absolute references read the same
        ("c7", (7, 3)),
        (" XFD1048576 ", (1048576, 16384)),  # Excel's last cell
    ],
)
def test_parse_cell_ref(ref: str, position: tuple[int, int]) -> None:
    assert parse_cell_ref(ref) == position


@pytest.mark.parametrize("ref", ["", "A", "12", "ABCD1", "A1:B2", "R1C1"])
def test_parse_cell_ref_refuses_what_is_not_one_cell(ref: str) -> None:
    with pytest.raises(ValueError, match="not a cell reference"):
        parse_cell_ref(ref)


@pytest.mark.parametrize(
    ("ref", "bounds"),
    [
        ("A1:D9", (1, 1, 9, 4)),
        ("D9:A1", (1, 1, 9, 4)),  # written backwards: still top-left to bottom-right
        ("B3", (3, 2, 3, 2)),  # one cell is a 1x1 range
    ],
)
def test_parse_range(ref: str, bounds: tuple[int, int, int, int]) -> None:
    assert parse_range(ref) == bounds


def test_cell_and_range_refs() -> None:
    assert cell_ref(12, 28) == "AB12"
    assert range_ref(6, 1, 10, 4) == "A6:D10"


@given(st.integers(1, 1_048_576), st.integers(1, 16_384))
def test_a_reference_reads_back_as_its_position(row: int, col: int) -> None:
    assert parse_cell_ref(cell_ref(row, col)) == (row, col)
