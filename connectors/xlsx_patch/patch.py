"""Apply cell edits to named tabs of an .xlsx, creating the tabs that are missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.xlsx_patch.new_sheet import create_sheet
from connectors.xlsx_patch.package import Package, problem
from connectors.xlsx_patch.ranges import Appended, grow_ranges
from connectors.xlsx_patch.sheet import SheetPatch, has_value
from connectors.xlsx_patch.values import CellValue
from connectors.xlsx_patch.workbook_part import Workbook


@dataclass(frozen=True)
class SheetEdit:
    """Cells to write into one tab, found by its tab name.

    `cells` maps (1-based row, 1-based column) to a value; None clears the value but keeps the
    style. `create_headers`: when the tab is missing, create it at the end of the tab order with
    these bold headers in row 1 (without them a missing tab is an error). Rows above
    `data_start_row` (titles, the header) are never used as the style of a new row.
    `last_data_row`: the table's last row before this edit; validation and conditional
    formatting that reach it grow over the rows written below it (None: nothing appended).
    """

    sheet: str
    cells: Mapping[tuple[int, int], CellValue] = field(default_factory=dict)
    create_headers: list[str] | None = None
    data_start_row: int = 1
    last_data_row: int | None = None


def patch_xlsx(source: bytes, edits: list[SheetEdit], *, source_name: str = "workbook") -> bytes:
    """Return the workbook with the edits applied and every other part kept byte for byte."""
    package = Package(source, source_name)
    workbook = Workbook(package)
    touched_formula = False
    for edit in edits:
        part = workbook.sheet_part(edit.sheet)
        cells = dict(edit.cells)
        header_cells: set[tuple[int, int]] = set()
        if part is None:
            part = _new_tab(workbook, edit)
            headers = edit.create_headers or []
            header_cells = {(1, col) for col in range(1, len(headers) + 1)}
            cells = {**{(1, col): header for col, header in enumerate(headers, 1)}, **cells}
        sheet = SheetPatch(package, part, workbook, data_start_row=edit.data_start_row)
        touched_formula |= sheet.apply(cells, bold=header_cells)
        _grow_ranges(sheet, edit)
    if touched_formula:
        workbook.drop_calc_chain()
    return package.to_bytes()


def _grow_ranges(sheet: SheetPatch, edit: SheetEdit) -> None:
    """Validation and conditional formatting reaching the table's last row cover the new rows."""
    last = edit.last_data_row
    appended = [row for (row, _), value in edit.cells.items() if value is not None]
    if last is None or not appended or max(appended) <= last:
        return
    rows = Appended(edit.data_start_row, last, max(appended))
    if grow_ranges(sheet.root, rows):
        sheet.package.dirty.add(sheet.part)


def _new_tab(workbook: Workbook, edit: SheetEdit) -> str:
    if edit.create_headers is None:
        raise problem(workbook.package, "tab not found; add it or check its name", edit.sheet)
    return create_sheet(workbook, edit.sheet)


def last_used_column(source: bytes, sheet_name: str, row: int, *, to_end: bool = False) -> int:
    """The 1-based column of the last cell holding a value in `row` of a tab (with `to_end`, in
    `row` or any row below it), 0 if none."""
    package = Package(source, "workbook")
    part = Workbook(package).sheet_part(sheet_name)
    if part is None:
        return 0
    sheet = SheetPatch(package, part, None, data_start_row=1)
    rows = [cells for at, cells in sheet.cells.items() if at == row or (to_end and at > row)]
    used = [col for cells in rows for col, cell in cells.items() if has_value(cell)]
    return max(used, default=0)
