"""A save's owned cells as Excel workbook API calls: range PATCHes and table row appends.

The cells are the writer's own (`connectors.workbook_writer.owned_edits`): the changed cells of
records read, emptied cells of deleted ones, header cells of new columns, and the rows appended
below the last data row. Each tab's cells become one PATCH per run of adjacent cells in a row;
rows appended right below an Excel table that ends at the last data row are one
``POST tables/{name}/rows``, so the table grows as Excel grows it.

Values go as a person would type them, which is how the Excel API takes them:

- text always starts with an apostrophe, Excel's mark for "this is text": a value from outside
  (``=HYPERLINK(...)``, ``+1``, ``2026-11-23``, ``00123``) is never run as a formula nor turned
  into a number or date. The apostrophe is not part of the value (Excel keeps it as the cell's
  quote prefix), so the cell reads back as the text itself, as the file save writes it;
- dates as ISO text (``2026-11-23``, ``2026-11-23 10:15:00``), which Excel reads as the date in
  every locale and, like the file save, shows in a date format when the cell has none; a date
  Excel cannot hold (before 1900, or 1904 in a 1904 workbook) is text, as the file save has it;
- numbers as numbers; an emptied cell as ``""``; a cell the save does not write, inside a table
  row, as ``null``, which the API leaves as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from connectors.sharepoint.errors import NeedsFileSave
from connectors.sharepoint.settings import SAVE_MODE
from connectors.xlsx_patch import CellValue, SheetEdit, cell_ref, excel_serial, range_ref
from connectors.xlsx_patch.package import Package
from connectors.xlsx_patch.tables import TableArea, sheet_tables
from connectors.xlsx_patch.workbook_part import Workbook

JsonCell = str | int | float | bool | None
TEXT_MARK = "'"  # Excel's quote prefix: what follows is text, whatever it looks like
MAX_EXCEL_TEXT = 32767  # characters a cell holds
DATE_TEXT, DATETIME_TEXT = "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"  # read as dates by Excel everywhere


@dataclass(frozen=True)
class Write:
    """One call into the workbook, its path relative to ``.../workbook``."""

    method: str
    path: str
    values: list[list[JsonCell]]

    @property
    def body(self) -> dict[str, list[list[JsonCell]]]:
        return {"values": self.values}


def planned_writes(original: bytes, edits: Sequence[SheetEdit]) -> list[Write]:
    """The calls that write `edits` into the open workbook (read as `original`), tab by tab."""
    refuse_new_tabs(edits)
    date1904 = Workbook(Package(original, "workbook")).date1904
    writes: list[Write] = []
    for edit in edits:
        existing = {at: v for at, v in edit.cells.items() if not _appended(at[0], edit)}
        appended = {at: v for at, v in edit.cells.items() if _appended(at[0], edit)}
        writes += _range_writes(edit.sheet, existing, date1904=date1904)
        table = _table_to_grow(sheet_tables(original, edit.sheet), edit=edit, appended=appended)
        if table is None:
            writes += _range_writes(edit.sheet, appended, date1904=date1904)
        else:
            writes.append(_table_rows(table, appended, date1904=date1904))
    return writes


def refuse_new_tabs(edits: Sequence[SheetEdit]) -> None:
    """The Excel API writes into tabs the workbook has; adding one is the file save's."""
    missing = [edit.sheet for edit in edits if edit.create_headers is not None]
    if missing:
        raise NeedsFileSave(
            f"{SAVE_MODE}=excel-api writes only into tabs the workbook has, and this save "
            f"adds {', '.join(missing)}. Nothing was saved; your changes stay pending. Set "
            f"{SAVE_MODE}=file for this save (or add the tab with its headers in Excel), then "
            "save again."
        )


def _appended(row: int, edit: SheetEdit) -> bool:
    return edit.last_data_row is not None and row > edit.last_data_row


def _range_writes(
    sheet: str, cells: dict[tuple[int, int], CellValue], *, date1904: bool
) -> list[Write]:
    """One PATCH per run of adjacent cells in a row, rows top to bottom."""
    writes = []
    for (row, first), run in _runs(cells):
        last = first + len(run) - 1
        address = cell_ref(row, first) if last == first else range_ref(row, first, row, last)
        values = [[json_cell(value, date1904=date1904) for value in run]]
        path = f"/worksheets/{quote(sheet, safe='')}/range(address='{address}')"
        writes.append(Write("PATCH", path, values))
    return writes


def _runs(
    cells: dict[tuple[int, int], CellValue],
) -> list[tuple[tuple[int, int], list[CellValue]]]:
    """Cells grouped into runs of adjacent columns of one row: ((row, first column), values)."""
    runs: list[tuple[tuple[int, int], list[CellValue]]] = []
    for row, col in sorted(cells):
        if runs and runs[-1][0][0] == row and runs[-1][0][1] + len(runs[-1][1]) == col:
            runs[-1][1].append(cells[(row, col)])
        else:
            runs.append(((row, col), [cells[(row, col)]]))
    return runs


def _table_to_grow(
    tables: list[TableArea], *, edit: SheetEdit, appended: dict[tuple[int, int], CellValue]
) -> TableArea | None:
    """The table whose last row is the tab's last data row and which spans every appended
    column: the rows go in as its new rows. None: the rows are written as ranges."""
    if not appended:
        return None
    columns = {col for _, col in appended}
    for table in tables:
        if (
            table.bottom == edit.last_data_row
            and not table.totals_row
            and table.left <= min(columns)
            and max(columns) <= table.right
        ):
            return table
    return None


def _table_rows(
    table: TableArea, cells: dict[tuple[int, int], CellValue], *, date1904: bool
) -> Write:
    rows = sorted({row for row, _ in cells})
    values = [
        [
            json_cell(cells[(row, col)], date1904=date1904) if (row, col) in cells else None
            for col in range(table.left, table.right + 1)
        ]
        for row in rows
    ]
    return Write("POST", f"/tables/{quote(table.name, safe='')}/rows", values)


def json_cell(value: CellValue, *, date1904: bool) -> JsonCell:
    """A cell value as the Excel API takes it (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        if not _excel_holds(value, date1904=date1904):
            return TEXT_MARK + value.isoformat()
        return value.strftime(DATETIME_TEXT if isinstance(value, datetime) else DATE_TEXT)
    return TEXT_MARK + str(value)[:MAX_EXCEL_TEXT]


def _excel_holds(value: date, *, date1904: bool) -> bool:
    try:
        excel_serial(value, date1904=date1904)
    except ValueError:
        return False
    return True
