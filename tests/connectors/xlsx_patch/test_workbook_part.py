"""workbook.xml: tabs found by name, the parts each tab owns, and the calculation chain."""

from __future__ import annotations

import pytest

from connectors.errors import WorkbookError
from connectors.xlsx_patch import SheetEdit, owned_parts, patch_xlsx
from connectors.xlsx_patch.package import Package
from connectors.xlsx_patch.workbook_part import Workbook
from tests.paths import REALDATA
from tests.xlsx_checks import (
    CALC_CHAIN,
    MAIN_NS,
    assert_only_owned_changed,
    entries,
    entry_names,
    minimal_xlsx,
    sheet_cells,
    zipped,
)

F = f"{{{MAIN_NS}}}f"
V = f"{{{MAIN_NS}}}v"
ANY_SHEETS = REALDATA / "xlsx" / "calamine_any_sheets.xlsx"
WITH_TABLES = REALDATA / "xlsx" / "fastexcel_sheet-with-tables.xlsx"


def test_overwriting_a_formula_drops_the_calculation_chain() -> None:
    source = (REALDATA / "xlsx" / "calamine_errors.xlsx").read_bytes()
    exported = patch_xlsx(source, [SheetEdit("Feuil1", {(1, 1): 5})])
    assert CALC_CHAIN not in entry_names(exported)
    parts = entries(exported)
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in parts["[Content_Types].xml"]
    cells = sheet_cells(exported, "xl/worksheets/sheet1.xml")
    assert cells["A1"].find(F) is None and cells["A1"].find(V).text == "5"
    assert cells["A1"].get("t") is None  # no longer an error value
    assert cells["A2"].find(F).text == "A0" and cells["A2"].find(V).text == "#NAME?"
    assert_only_owned_changed(source, exported, ["Feuil1"])


def test_editing_a_plain_cell_keeps_the_calculation_chain() -> None:
    source = (REALDATA / "xlsx" / "calamine_errors.xlsx").read_bytes()
    exported = patch_xlsx(source, [SheetEdit("Feuil1", {(1, 2): "note"})])
    assert entries(exported)[CALC_CHAIN] == entries(source)[CALC_CHAIN]


def test_a_tab_owns_its_sheet_its_rels_and_its_tables() -> None:
    # sheet1.xml.rels points at ../tables/table1.xml.
    assert owned_parts(WITH_TABLES.read_bytes(), ["sheet1", "Not a tab"]) == {
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "xl/tables/table1.xml",
    }


def test_tab_names_match_ignoring_case() -> None:
    workbook = Workbook(Package(minimal_xlsx(""), "t.xlsx"))
    assert workbook.sheet_part("DATA") == "xl/worksheets/sheet1.xml"
    assert workbook.sheet_part("Nope") is None


def test_a_chart_sheet_cannot_be_edited() -> None:
    workbook = Workbook(Package(ANY_SHEETS.read_bytes(), "any.xlsx"))
    with pytest.raises(WorkbookError, match="chart or dialog sheet"):
        workbook.sheet_part("Chart")


@pytest.mark.parametrize(("date1904", "expected"), [(False, False), (True, True)])
def test_the_1904_date_system_is_read_from_workbook_properties(
    date1904: bool, expected: bool
) -> None:
    workbook = Workbook(Package(minimal_xlsx("", date1904=date1904), "t.xlsx"))
    assert workbook.date1904 is expected


def test_a_package_without_a_workbook_part_is_refused() -> None:
    parts = entries(minimal_xlsx(""))
    del parts["xl/workbook.xml"]
    with pytest.raises(WorkbookError, match="has no workbook part"):
        Workbook(Package(zipped(parts), "t.xlsx"))
