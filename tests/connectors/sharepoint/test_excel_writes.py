"""A save's owned cells as Excel API calls: runs of adjacent cells, table rows, typed values."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from connectors.sharepoint import NeedsFileSave
from connectors.sharepoint.excel_writes import Write, json_cell, planned_writes
from connectors.xlsx_patch import CellValue, SheetEdit

LOG = "Audit Log"
RANGE = "/worksheets/Audit%20Log/range(address='{}')"


def workbook(*, table: str = "", totals: bool = False, date1904: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = LOG
    for row in (["At", "User", "Team", "Note"], ["x", "y", "z", "w"]):
        sheet.append(row)
    if table:
        area = Table(displayName="Audit_2026", ref=table)
        area.totalsRowCount = 1 if totals else None
        sheet.add_table(area)
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904 if date1904 else book.epoch
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),  # an emptied cell
        (12.5, 12.5),
        (7, 7),
        (True, True),
        ("Active", "'Active"),
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2", "'-2"),
        ("0042", "'0042"),
        (date(2026, 11, 23), "2026-11-23"),
        (datetime(2026, 11, 23, 9, 5, 7), "2026-11-23 09:05:07"),
        (date(1899, 12, 31), "'1899-12-31"),  # before the 1900 system's first day: text
    ],
)
def test_values_go_as_excel_takes_typed_entries(value: CellValue, expected: object) -> None:
    assert json_cell(value, date1904=False) == expected


@pytest.mark.parametrize(("date1904", "expected"), [(True, "'1903-06-01"), (False, "1903-06-01")])
def test_a_date_before_1904_is_text_in_a_1904_workbook(date1904: bool, expected: str) -> None:
    edits = [SheetEdit(LOG, {(2, 1): date(1903, 6, 1)}, last_data_row=2)]
    writes = planned_writes(workbook(date1904=date1904), edits)
    assert writes == [Write("PATCH", RANGE.format("A2"), [[expected]])]


def test_adjacent_cells_of_a_row_are_one_patch() -> None:
    cells: dict[tuple[int, int], CellValue] = {(2, 1): "a", (2, 2): "b", (2, 4): "d", (5, 2): 3}
    writes = planned_writes(workbook(), [SheetEdit(LOG, cells, last_data_row=9)])
    assert writes == [
        Write("PATCH", RANGE.format("A2:B2"), [["'a", "'b"]]),
        Write("PATCH", RANGE.format("D2"), [["'d"]]),
        Write("PATCH", RANGE.format("B5"), [[3]]),
    ]


def test_rows_below_a_table_ending_at_the_last_data_row_are_its_new_rows() -> None:
    cells: dict[tuple[int, int], CellValue] = {(3, 1): "a", (3, 2): "b", (4, 2): "c"}
    writes = planned_writes(workbook(table="A1:D2"), [SheetEdit(LOG, cells, last_data_row=2)])
    # The team's own columns C and D of the new rows are left to Excel (null).
    rows = [["'a", "'b", None, None], [None, "'c", None, None]]
    assert writes == [Write("POST", "/tables/Audit_2026/rows", rows)]


@pytest.mark.parametrize(
    ("table", "totals"),
    [
        ("A1:D4", False),  # blank rows inside the table below the data
        ("A1:B2", False),  # the new cells reach past the table's columns
        ("A1:D3", True),  # a totals row ends the table
    ],
)
def test_other_appended_rows_are_ranges(table: str, totals: bool) -> None:
    cells: dict[tuple[int, int], CellValue] = {(3, 1): "a", (3, 3): None}
    edits = [SheetEdit(LOG, cells, last_data_row=2)]
    writes = planned_writes(workbook(table=table, totals=totals), edits)
    assert writes == [
        Write("PATCH", RANGE.format("A3"), [["'a"]]),
        Write("PATCH", RANGE.format("C3"), [[""]]),
    ]


def test_a_tab_with_nothing_to_write_sends_nothing() -> None:
    assert planned_writes(workbook(), [SheetEdit(LOG, {}, last_data_row=2)]) == []


def test_a_tab_to_create_is_refused() -> None:
    edits = [SheetEdit("Pulse History", {}, create_headers=["Week"])]
    with pytest.raises(NeedsFileSave, match="adds Pulse History"):
        planned_writes(workbook(), edits)
