"""A new tab: appended to the tab order and registered in every index part, nothing moved."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from lxml import etree
from python_calamine import CalamineWorkbook

from connectors.xlsx_patch import SheetEdit, patch_xlsx, sheet_parts
from tests.connectors.xlsx_patch.pulse_tabs import OWNED_NAMES, with_pulse_tabs
from tests.paths import REALDATA
from tests.xlsx_checks import entries, minimal_xlsx

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def test_new_tab_headers_are_bold() -> None:
    exported = with_pulse_tabs((REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes())
    workbook = openpyxl.load_workbook(BytesIO(exported))
    assert workbook["Audit Log"]["A1"].font.b is True
    assert workbook["Audit Log"]["A1"].value == "At"
    assert workbook.sheetnames == ["Prices", *OWNED_NAMES]


def test_app_properties_list_the_new_tabs() -> None:
    exported = with_pulse_tabs((REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes())
    app = etree.fromstring(entries(exported)["docProps/app.xml"])
    titles = [node.text for node in app.iter("{*}lpstr")]
    assert titles == ["Worksheets", "Prices", *OWNED_NAMES]
    assert [node.text for node in app.iter("{*}i4")] == [str(1 + len(OWNED_NAMES))]


def with_two_new_tabs() -> bytes:
    edits = [
        SheetEdit("Audit Log", create_headers=["At", "User"]),
        SheetEdit("Pulse History", create_headers=["Week"]),
    ]
    return patch_xlsx(minimal_xlsx(""), edits)


def test_new_tabs_take_the_next_free_part_names_ids_and_relationships() -> None:
    exported = with_two_new_tabs()
    assert sheet_parts(exported) == {
        "Data": "xl/worksheets/sheet1.xml",
        "Audit Log": "xl/worksheets/sheet2.xml",
        "Pulse History": "xl/worksheets/sheet3.xml",
    }
    sheets = etree.fromstring(entries(exported)["xl/workbook.xml"]).iter("{*}sheet")
    assert [(s.get("name"), s.get("sheetId"), s.get(R_ID)) for s in sheets] == [
        ("Data", "1", "rId1"),
        ("Audit Log", "2", "rId4"),  # rId1-3 are the sheet, styles and shared strings
        ("Pulse History", "3", "rId5"),
    ]
    rels = etree.fromstring(entries(exported)["xl/_rels/workbook.xml.rels"])
    assert [(rel.get("Id"), rel.get("Target")) for rel in rels][3:] == [
        ("rId4", "worksheets/sheet2.xml"),
        ("rId5", "worksheets/sheet3.xml"),
    ]


def test_new_tabs_are_declared_as_worksheets() -> None:
    types = etree.fromstring(entries(with_two_new_tabs())["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter("{*}Override")}
    assert overrides["/xl/worksheets/sheet2.xml"] == WORKSHEET_TYPE
    assert overrides["/xl/worksheets/sheet3.xml"] == WORKSHEET_TYPE


def test_a_new_tab_holds_only_its_headers() -> None:
    exported = with_two_new_tabs()
    audit = CalamineWorkbook.from_filelike(BytesIO(exported)).get_sheet_by_name("Audit Log")
    assert audit.to_python() == [["At", "User"]]
    sheet = etree.fromstring(entries(exported)["xl/worksheets/sheet2.xml"])
    assert sheet.find("{*}dimension").get("ref") == "A1:B1"
