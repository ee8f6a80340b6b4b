"""One worksheet edited in place: only the written cells change; new rows copy the one above."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from connectors.xlsx_patch import SheetEdit, patch_xlsx, sheet_parts
from connectors.xlsx_patch.sheet import has_value
from tests.paths import REALDATA
from tests.xlsx_checks import CALC_CHAIN, MAIN_NS, entries, entry_names, minimal_xlsx, sheet_cells

F = f"{{{MAIN_NS}}}f"
V = f"{{{MAIN_NS}}}v"


def sheet_xml(exported: bytes) -> etree._Element:
    return etree.fromstring(entries(exported)["xl/worksheets/sheet1.xml"])


# --- cells outside the edit keep their XML, formulas and cached values included ---------------


def test_untouched_formula_cells_keep_formula_and_cached_value() -> None:
    source = (REALDATA / "health" / "customer_churn_health_score_dashboard.xlsx").read_bytes()
    part = sheet_parts(source)["Customer_Health_Score"]
    exported = patch_xlsx(source, [SheetEdit("Customer_Health_Score", {(500, 2): "Renamed Co"})])
    before, after = sheet_cells(source, part), sheet_cells(exported, part)
    assert set(after) == set(before)
    changed = [ref for ref in before if etree.tostring(before[ref]) != etree.tostring(after[ref])]
    assert changed == ["B500"]
    assert after["N500"].find(F).text.startswith("IF(tblCustomer[[#This Row],[Monthly Revenue]]")
    assert after["N500"].find(V).text == "Tier 2 "
    assert CALC_CHAIN in entry_names(exported)  # no formula was overwritten


def test_overwriting_a_shared_formula_master_hands_it_on() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1"><v>1</v></c>'
        '<c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>'
    )
    cells = sheet_cells(patch_xlsx(source, [SheetEdit("Data", {(1, 2): "typed"})]))
    assert (cells["B2"].find(F).text, cells["B2"].find(F).get("ref")) == ("A2*2", "B2:B3")
    assert cells["B3"].find(F).text is None


# --- row styles, positions --------------------------------------------------------------------


def test_new_row_takes_row_and_cell_styles_of_the_row_above() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2" ht="30" customHeight="1" s="2" customFormat="1" hidden="1">'
        '<c r="A2" s="1"><v>45000</v></c><c r="B2" s="2"><v>12.5</v></c><c r="C2" s="2"/></row>',
        shared_strings=("Due", "Amount"),
    )
    exported = patch_xlsx(source, [SheetEdit("Data", {(3, 1): date(2026, 1, 2)}, data_start_row=2)])
    row = etree.fromstring(entries(exported)["xl/worksheets/sheet1.xml"]).find(
        f"{{{MAIN_NS}}}sheetData"
    )[2]
    assert (row.get("r"), row.get("ht"), row.get("s"), row.get("hidden")) == ("3", "30", "2", None)
    cells = sheet_cells(exported)
    assert [cells[ref].get("s") for ref in ("A3", "B3", "C3")] == ["1", "2", "2"]
    assert cells["B3"].find(V) is None  # styled but empty, like an untyped cell in Excel


def test_header_row_is_never_the_style_of_the_first_data_row() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1" s="2" t="s"><v>0</v></c></row>', shared_strings=("H",)
    )
    cells = sheet_cells(patch_xlsx(source, [SheetEdit("Data", {(2, 1): "x"}, data_start_row=2)]))
    assert cells["A2"].get("s") is None


def test_rows_and_cells_without_positions() -> None:
    source = minimal_xlsx(
        "<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c><v>4</v></c></row>"
    )
    exported = patch_xlsx(source, [SheetEdit("Data", {(2, 1): "three", (4, 3): "x"})])
    rows = CalamineWorkbook.from_filelike(BytesIO(exported)).get_sheet_by_name("Data").to_python()
    assert rows == [[1.0, 2.0, ""], ["three", 4.0, ""], ["", "", ""], ["", "", "x"]]


def test_clearing_keeps_the_style_and_shared_strings_stay_untouched() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
        shared_strings=("old", "other"),
    )
    exported = patch_xlsx(source, [SheetEdit("Data", {(1, 1): None, (1, 2): "new"})])
    cells = sheet_cells(exported)
    assert etree.tostring(cells["A1"]) == etree.tostring(
        etree.fromstring(f'<c xmlns="{MAIN_NS}" r="A1" s="2"/>')
    )
    assert (cells["B1"].get("t"), "".join(cells["B1"].itertext())) == ("inlineStr", "new")
    assert entries(exported)["xl/sharedStrings.xml"] == entries(source)["xl/sharedStrings.xml"]


def test_text_with_nothing_above_takes_the_style_of_text_to_its_left() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1" s="2" t="s"><v>0</v></c></row>', shared_strings=("H",)
    )
    cells = sheet_cells(patch_xlsx(source, [SheetEdit("Data", {(1, 3): "x", (1, 4): 5})]))
    # C1 is text next to text styled 2; D1 is a number, so it starts unstyled.
    assert (cells["C1"].get("s"), cells["D1"].get("s")) == ("2", None)


def test_with_nothing_above_a_row_with_its_own_format_lends_it() -> None:
    source = minimal_xlsx('<row r="1" s="1" customFormat="1"><c r="A1" t="s"><v>0</v></c></row>')
    cells = sheet_cells(patch_xlsx(source, [SheetEdit("Data", {(1, 2): 5})]))
    assert cells["B1"].get("s") == "1"


def test_cells_are_kept_in_column_order_and_spans_widened() -> None:
    source = minimal_xlsx(
        '<row r="1" spans="2:3"><c r="B1"><v>1</v></c><c r="D1"><v>2</v></c></row>'
    )
    exported = patch_xlsx(source, [SheetEdit("Data", {(1, 1): 0, (1, 3): 1.5, (1, 6): 9})])
    row = sheet_xml(exported).find(f"{{{MAIN_NS}}}sheetData")[0]
    assert [cell.get("r") for cell in row] == ["A1", "B1", "C1", "D1", "F1"]
    assert row.get("spans") == "1:6"


def test_the_dimension_grows_over_the_cells_written() -> None:
    source = minimal_xlsx('<row r="2"><c r="B2"><v>1</v></c></row>')
    exported = patch_xlsx(source, [SheetEdit("Data", {(5, 4): "far"})])
    # No <dimension> before: one is added, spanning B2 and D5.
    assert sheet_xml(exported).find(f"{{{MAIN_NS}}}dimension").get("ref") == "B2:D5"


def test_a_single_cell_dimension_is_one_reference() -> None:
    exported = patch_xlsx(minimal_xlsx(""), [SheetEdit("Data", {(1, 1): "only"})])
    assert sheet_xml(exported).find(f"{{{MAIN_NS}}}dimension").get("ref") == "A1"


def test_clearing_a_cell_that_does_not_exist_adds_nothing() -> None:
    source = minimal_xlsx('<row r="1"><c r="A1"><v>1</v></c></row>')
    exported = patch_xlsx(source, [SheetEdit("Data", {(1, 2): None, (3, 1): None})])
    assert list(sheet_cells(exported)) == ["A1"]


def test_positions_are_one_based() -> None:
    with pytest.raises(ValueError, match="1-based"):
        patch_xlsx(minimal_xlsx(""), [SheetEdit("Data", {(0, 1): "x"})])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('<c r="A1"><v>1</v></c>', True),
        ('<c r="A1" t="inlineStr"><is><t>x</t></is></c>', True),
        ('<c r="A1"><f>1+1</f></c>', True),
        ('<c r="A1" s="3"/>', False),  # styled but empty
    ],
)
def test_has_value(cell: str, expected: bool) -> None:
    assert has_value(etree.fromstring(cell.replace("<c ", f'<c xmlns="{MAIN_NS}" ', 1))) is expected
