"""Excel tables (ListObjects) grow over the rows and header cells written right next to them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from connectors.xlsx_patch.package import Package, XmlPart
from connectors.xlsx_patch.refs import parse_range, range_ref
from connectors.xlsx_patch.values import CellValue
from connectors.xlsx_patch.workbook_part import Workbook


@dataclass(frozen=True)
class TableArea:
    """An Excel table (ListObject) on a tab: its name and the cells it covers, 1-based."""

    name: str  # Excel's table name (displayName), as Graph's workbook API addresses it
    top: int  # the header row (the first data row when it has no header)
    left: int
    bottom: int
    right: int
    totals_row: bool  # rows below a totals row are not part of the table


def sheet_tables(source: bytes, sheet_name: str) -> list[TableArea]:
    """The Excel tables on one tab of the workbook, as written in its table parts."""
    package = Package(source, "workbook")
    part = Workbook(package).sheet_part(sheet_name)
    if part is None:
        return []
    areas = []
    for _, target in package.related(part, "/table"):
        root = XmlPart(package, target).root
        top, left, bottom, right = parse_range(root.get("ref", "A1"))
        name = root.get("displayName") or root.get("name") or ""
        totals = bool(int(root.get("totalsRowCount", "0") or "0"))
        areas.append(TableArea(name, top, left, bottom, right, totals_row=totals))
    return areas


def extend_table(package: Package, part: str, written: Mapping[tuple[int, int], CellValue]) -> None:
    """Grow an Excel table over rows appended right below it and header cells right of it."""
    table = XmlPart(package, part)
    root = table.root
    if int(root.get("totalsRowCount", "0") or "0"):
        return  # rows below a totals row are not part of the table
    top, left, bottom, right = parse_range(root.get("ref", "A1"))
    filled_rows = {r for (r, c), v in written.items() if left <= c <= right and v is not None}
    while bottom + 1 in filled_rows:
        bottom += 1
    has_header = root.get("headerRowCount", "1") != "0"
    while has_header and isinstance(written.get((top, right + 1)), str):
        right += 1
        _add_table_column(table, str(written[(top, right)]))
    new_ref = range_ref(top, left, bottom, right)
    if new_ref == root.get("ref"):
        return
    root.set("ref", new_ref)
    auto_filter = root.find(table.tag("autoFilter"))
    if auto_filter is not None:
        auto_filter.set("ref", new_ref)
    package.dirty.add(part)


def _add_table_column(table: XmlPart, name: str) -> None:
    columns = table.root.find(table.tag("tableColumns"))
    if columns is None:
        return
    ids = [int(c.get("id", "0")) for c in columns]
    column = etree.SubElement(columns, table.tag("tableColumn"))
    column.set("id", str(max(ids, default=0) + 1))
    column.set("name", name)
    columns.set("count", str(len(columns)))
