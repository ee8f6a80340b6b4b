"""Where things live in an .xlsx: relationships followed from the package to each worksheet."""

from __future__ import annotations

import pytest

from connectors.errors import WorkbookError
from connectors.xlsx_parts import rels_part, resolve, sheet_parts
from tests.paths import REALDATA
from tests.xlsx_checks import entries, minimal_xlsx, zipped

ANY_SHEETS = REALDATA / "xlsx" / "calamine_any_sheets.xlsx"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("part", "rels"),
    [
        ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"),
        ("xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"),
        ("", "_rels/.rels"),  # the package's own relationships
    ],
)
def test_rels_part(part: str, rels: str) -> None:
    assert rels_part(part) == rels


@pytest.mark.parametrize(
    ("source", "target", "part"),
    [
        ("xl/worksheets/sheet1.xml", "../tables/table1.xml", "xl/tables/table1.xml"),
        ("xl/workbook.xml", "worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"),
        ("xl/workbook.xml", "/xl/styles.xml", "xl/styles.xml"),  # absolute: from the root
        ("", "xl/workbook.xml", "xl/workbook.xml"),
    ],
)
def test_resolve(source: str, target: str, part: str) -> None:
    assert resolve(source, target) == part


def test_sheet_parts_leave_out_chart_sheets() -> None:
    # workbook.xml lists Visible, Hidden, VeryHidden (worksheets rId1-3) and Chart (a chartsheet).
    assert sheet_parts(ANY_SHEETS.read_bytes()) == {
        "Visible": "xl/worksheets/sheet1.xml",
        "Hidden": "xl/worksheets/sheet2.xml",
        "VeryHidden": "xl/worksheets/sheet3.xml",
    }


def test_a_tab_name_is_read_as_excel_shows_it() -> None:
    parts = entries(minimal_xlsx(""))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'name="Data"', b'name="R&amp;D \'26"'
    )
    assert sheet_parts(zipped(parts)) == {"R&D '26": "xl/worksheets/sheet1.xml"}


def test_the_workbook_is_found_through_the_package_relationships() -> None:
    # A workbook part not at xl/workbook.xml, with an absolute target to its sheet.
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{R}"><sheets>'
        '<sheet name="Only" sheetId="1" r:id="rId7"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId7" Type="{R}/worksheet" Target="/book/tabs/one.xml"/>'
        f'<Relationship Id="rId8" Type="{R}/worksheet" Target="http://x/y.xml" '
        'TargetMode="External"/></Relationships>'
    )
    package_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="book/main.xml"/>'
        "</Relationships>"
    )
    source = zipped(
        {
            "_rels/.rels": package_rels.encode(),
            "book/main.xml": workbook.encode(),
            "book/_rels/main.xml.rels": rels.encode(),
        }
    )
    assert sheet_parts(source) == {"Only": "book/tabs/one.xml"}


def test_without_package_relationships_the_usual_place_is_used() -> None:
    parts = entries(minimal_xlsx(""))
    del parts["_rels/.rels"]
    assert sheet_parts(zipped(parts)) == {"Data": "xl/worksheets/sheet1.xml"}


def test_a_tab_whose_relationship_is_missing_has_no_part() -> None:
    parts = entries(minimal_xlsx(""))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Id="rId1"', b'Id="rId99"'
    )
    assert sheet_parts(zipped(parts)) == {}


@pytest.mark.parametrize(
    "source",
    [b"not a zip", zipped({"notes.txt": b"hi"}), zipped({"xl/workbook.xml": b"<workbook"})],
    ids=["not a zip", "no workbook", "broken workbook.xml"],
)
def test_what_is_not_an_xlsx_is_a_workbook_error(source: bytes) -> None:
    with pytest.raises(WorkbookError, match=r"is not a readable \.xlsx file"):
        sheet_parts(source)
