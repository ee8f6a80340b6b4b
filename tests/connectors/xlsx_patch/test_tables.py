"""Excel tables grow over rows appended right below them and header cells right of them."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pandas as pd
from lxml import etree
from openpyxl.worksheet.table import Table

from connectors.xlsx_patch import SheetEdit, patch_xlsx
from connectors.xlsx_patch.package import Package
from connectors.xlsx_patch.tables import TableArea, extend_table, sheet_tables
from tests.paths import REALDATA
from tests.xlsx_checks import MAIN_NS, entries, sheet_cells


def test_rows_appended_below_a_table_extend_it_and_copy_the_row_style() -> None:
    source = (REALDATA / "xlsx" / "fastexcel_sheet-with-tables.xlsx").read_bytes()
    edit = {(10, 1): 6, (10, 2): "Zoë", (10, 3): "Ådne", (10, 4): date(2026, 11, 23)}
    exported = patch_xlsx(source, [SheetEdit("sheet1", edit, data_start_row=7)])
    table = etree.fromstring(entries(exported)["xl/tables/table1.xml"])
    assert table.get("ref") == "A6:D10"
    assert table.find(f"{{{MAIN_NS}}}autoFilter").get("ref") == "A6:D10"
    cells = sheet_cells(exported)
    assert cells["D10"].get("s") == "2"  # the date style of D9, already a date format
    assert cells["A10"].get("s") is None
    sheet = etree.fromstring(entries(exported)["xl/worksheets/sheet1.xml"])
    assert sheet.find(f"{{{MAIN_NS}}}dimension").get("ref") == "A1:D10"
    users = pd.read_excel(BytesIO(exported), engine="calamine", header=5)
    assert users.iloc[-1].tolist() == [6, "Zoë", "Ådne", pd.Timestamp("2026-11-23")]


def test_a_header_cell_right_of_a_table_adds_a_table_column() -> None:
    source = (REALDATA / "xlsx" / "fastexcel_sheet-with-tables.xlsx").read_bytes()
    exported = patch_xlsx(source, [SheetEdit("sheet1", {(6, 5): "Email"})])
    table = etree.fromstring(entries(exported)["xl/tables/table1.xml"])
    assert table.get("ref") == "A6:E9"
    columns = table.find(f"{{{MAIN_NS}}}tableColumns")
    assert (columns.get("count"), columns[-1].get("name"), columns[-1].get("id")) == (
        "5",
        "Email",
        "5",
    )


def table_package(**table: object) -> Package:
    """A one-tab workbook with a table over A1:B3 (headers Client, MRR)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Client", "MRR"], ["Acme", 1], ["Beta", 2]):
        sheet.append(row)
    sheet.add_table(Table(displayName="Clients", ref="A1:B3", **table))
    buffer = BytesIO()
    workbook.save(buffer)
    return Package(buffer.getvalue(), "t.xlsx")


TABLE = "xl/tables/table1.xml"


def test_a_gap_below_the_table_stops_it_growing() -> None:
    package = table_package()
    extend_table(package, TABLE, {(4, 1): "Gamma", (6, 1): "Delta"})
    assert package.root(TABLE).get("ref") == "A1:B4"  # row 5 is empty: row 6 is not the table's


def test_a_cleared_cell_below_does_not_grow_the_table() -> None:
    package = table_package()
    extend_table(package, TABLE, {(4, 1): None, (4, 3): "beside"})
    assert package.root(TABLE).get("ref") == "A1:B3"
    assert TABLE not in package.dirty


def test_a_table_with_a_totals_row_never_grows() -> None:
    package = table_package(totalsRowCount=1)
    extend_table(package, TABLE, {(4, 1): "Gamma", (1, 3): "Owner"})
    assert package.root(TABLE).get("ref") == "A1:B3"


def test_a_table_without_headers_grows_down_but_not_right() -> None:
    package = table_package(headerRowCount=0)
    extend_table(package, TABLE, {(4, 2): 3, (1, 3): "Owner"})
    assert package.root(TABLE).get("ref") == "A1:B4"
    assert TABLE in package.dirty


def test_sheet_tables_names_each_table_and_the_cells_it_covers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Audit Log"
    for row in (["At", "User"], ["t1", "ann"], ["t2", "bob"]):
        sheet.append(row)
    sheet.add_table(Table(displayName="AuditLog", ref="A1:B3"))
    sheet["D1"], sheet["E1"] = "Kind", "Count"
    totals = Table(displayName="Totals", ref="D1:E4")
    totals.totalsRowCount = 1
    sheet.add_table(totals)
    book.create_sheet("Clients")
    buffer = BytesIO()
    book.save(buffer)
    source = buffer.getvalue()
    assert sheet_tables(source, "Audit Log") == [
        TableArea("AuditLog", top=1, left=1, bottom=3, right=2, totals_row=False),
        TableArea("Totals", top=1, left=4, bottom=4, right=5, totals_row=True),
    ]
    assert sheet_tables(source, "Clients") == []
    assert sheet_tables(source, "No Such Tab") == []
