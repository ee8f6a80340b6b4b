"""patch_xlsx writes only the edited tabs; every other part of the .xlsx keeps its bytes."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from connectors import xlsx_patch
from connectors.errors import WorkbookError
from connectors.xlsx_patch import (
    SheetEdit,
    excel_serial,
    last_used_column,
    owned_parts,
    patch_xlsx,
    sheet_parts,
)
from connectors.zip_raw import rebuild_zip
from pulse.schema import OWNED_SHEETS, SHEET_SPECS
from tests.paths import REALDATA
from tests.xlsx_checks import (
    CALC_CHAIN,
    INDEX_PARTS,
    MAIN_NS,
    assert_only_owned_changed,
    compressed_entries,
    entries,
    entry_names,
    minimal_xlsx,
    sheet_cells,
)

REAL_FILES = sorted((REALDATA / "xlsx").glob("*.xlsx")) + sorted(
    (REALDATA / "health").glob("*.xlsx")
)
OWNED_NAMES = [sheet.value for sheet in OWNED_SHEETS]
HYPERLINK = '=HYPERLINK("x")'
F = f"{{{MAIN_NS}}}f"
V = f"{{{MAIN_NS}}}v"


def with_pulse_tabs(source: bytes) -> bytes:
    headers = {
        sheet: [column.header for column in SHEET_SPECS[sheet].columns] for sheet in OWNED_SHEETS
    }
    return patch_xlsx(
        source,
        [SheetEdit(sheet.value, {}, create_headers=headers[sheet]) for sheet in OWNED_SHEETS],
    )


ACTION_VALUES = {
    (2, 1): "Acme Dental",
    (2, 2): HYPERLINK,
    (2, 5): date(2026, 11, 23),
    (2, 6): "Open",
    (3, 1): "Beta Law",
    (3, 2): "+1",
    (3, 5): datetime(2026, 11, 24, 15, 30),
    (3, 8): 12345,
}
AUDIT_VALUES = {(2, 1): datetime(2026, 11, 23, 9, 0), (2, 2): "ana", (2, 5): 1.5, (2, 6): True}


def write_pulse_values(workbook: bytes) -> bytes:
    return patch_xlsx(
        workbook,
        [
            SheetEdit("Action Items", ACTION_VALUES, data_start_row=2),
            SheetEdit("Audit Log", AUDIT_VALUES, data_start_row=2),
        ],
    )


@pytest.fixture(scope="module", params=REAL_FILES, ids=lambda path: path.name)
def real_export(request: pytest.FixtureRequest) -> tuple[Path, bytes, bytes]:
    source = request.param.read_bytes()
    return request.param, source, write_pulse_values(with_pulse_tabs(source))


def test_real_file_keeps_every_other_part(real_export: tuple[Path, bytes, bytes]) -> None:
    _, source, exported = real_export
    assert_only_owned_changed(source, exported, OWNED_NAMES)
    tabs_before = list(sheet_parts(source))
    assert list(sheet_parts(exported)) == tabs_before + OWNED_NAMES


def test_real_file_reads_back_with_calamine(real_export: tuple[Path, bytes, bytes]) -> None:
    _, _, exported = real_export
    actions = pd.read_excel(BytesIO(exported), sheet_name="Action Items", engine="calamine")
    assert list(actions.columns) == [c.header for c in SHEET_SPECS[OWNED_SHEETS[1]].columns]
    assert actions["Client"].tolist() == ["Acme Dental", "Beta Law"]
    assert actions["Action"].tolist() == [HYPERLINK, "+1"]
    assert actions["Due"].tolist() == [pd.Timestamp("2026-11-23"), pd.Timestamp("2026-11-24 15:30")]
    assert actions["Ticket"].tolist()[1] == 12345
    audit = pd.read_excel(BytesIO(exported), sheet_name="Audit Log", engine="calamine")
    assert audit.loc[0, "At"] == pd.Timestamp("2026-11-23 09:00")
    assert (audit.loc[0, "User"], audit.loc[0, "Old"], audit.loc[0, "New"]) == ("ana", 1.5, True)


def test_real_file_reads_back_with_openpyxl(real_export: tuple[Path, bytes, bytes]) -> None:
    _, _, exported = real_export
    # read-only mode: openpyxl's full reader cannot open calamine_pivots.xlsx even unedited
    workbook = openpyxl.load_workbook(BytesIO(exported), read_only=True)
    rows = list(workbook["Action Items"].iter_rows(min_row=1, max_row=3, values_only=True))
    assert rows[0][:3] == ("Client", "Action", "Department")
    assert rows[1][:2] == ("Acme Dental", HYPERLINK)
    assert rows[1][4] == datetime(2026, 11, 23)
    assert rows[2][4] == datetime(2026, 11, 24, 15, 30)
    workbook.close()


def test_user_text_that_looks_like_a_formula_stays_text(
    real_export: tuple[Path, bytes, bytes],
) -> None:
    _, _, exported = real_export
    part = owned_parts(exported, ["Action Items"]) - {"xl/worksheets/_rels"}
    sheet = next(name for name in part if name.endswith(".xml") and "/_rels/" not in name)
    cells = sheet_cells(exported, sheet)
    assert cells["B2"].find(F) is None and cells["B2"].get("t") == "inlineStr"
    assert "".join(cells["B2"].itertext()) == HYPERLINK
    assert "".join(cells["B3"].itertext()) == "+1"


def test_new_tab_headers_are_bold() -> None:
    exported = with_pulse_tabs((REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes())
    workbook = openpyxl.load_workbook(BytesIO(exported))
    assert workbook["Audit Log"]["A1"].font.b is True
    assert workbook["Audit Log"]["A1"].value == "At"
    assert workbook.sheetnames == ["Prices", *OWNED_NAMES]


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


# --- tables, row styles, positions ------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("style", "value", "expected_format"),
    [
        ("1", date(2026, 1, 2), "164"),  # already a date format (dd/mm/yyyy): kept
        ("2", date(2026, 1, 2), "14"),  # money format: a date variant keeping its fill
        ("2", datetime(2026, 1, 2, 8, 0), "22"),
        ("0", date(2026, 1, 2), "14"),
    ],
)
def test_dates_get_a_date_format(style: str, value: date, expected_format: str) -> None:
    source = minimal_xlsx(f'<row r="1"><c r="A1" s="{style}"><v>7</v></c></row>')
    exported = patch_xlsx(source, [SheetEdit("Data", {(1, 1): value})])
    new_style = int(sheet_cells(exported)["A1"].get("s", "0"))
    xfs = etree.fromstring(entries(exported)["xl/styles.xml"]).find(f"{{{MAIN_NS}}}cellXfs")
    assert xfs[new_style].get("numFmtId") == expected_format
    old_xfs = etree.fromstring(entries(source)["xl/styles.xml"]).find(f"{{{MAIN_NS}}}cellXfs")
    assert xfs[new_style].get("fillId") == old_xfs[int(style)].get("fillId")


@pytest.mark.parametrize(
    ("value", "date1904", "serial"),
    [
        (date(1900, 1, 1), False, 1),
        (date(1900, 2, 28), False, 59),
        (date(1900, 3, 1), False, 61),  # Excel's fake 1900-02-29 is serial 60
        (date(2024, 3, 15), False, 45366),
        (datetime(2024, 3, 15, 18, 0), False, 45366.75),
        (date(1904, 1, 1), True, 0),
        (date(2024, 3, 15), True, 43904),  # 1,462 days fewer than in the 1900 system
    ],
)
def test_excel_serial(value: date, date1904: bool, serial: float) -> None:
    assert excel_serial(value, date1904=date1904) == serial


def test_1904_workbook_date_reads_back_as_the_same_date() -> None:
    source = (REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes()
    exported = patch_xlsx(
        with_pulse_tabs(source), [SheetEdit("Pulse History", {(2, 1): date(2024, 3, 15)})]
    )
    workbook = openpyxl.load_workbook(BytesIO(exported))
    assert workbook["Pulse History"]["A2"].value == datetime(2024, 3, 15)
    history = pd.read_excel(BytesIO(exported), sheet_name="Pulse History", engine="calamine")
    assert history.loc[0, "Week"] == pd.Timestamp("2024-03-15")
    part = sheet_parts(exported)["Pulse History"]
    assert sheet_cells(exported, part)["A2"].find(V).text == "43904"


def test_real_export_is_a_sound_zip_with_untouched_entries_copied_raw(
    real_export: tuple[Path, bytes, bytes],
) -> None:
    _, source, exported = real_export
    with zipfile.ZipFile(BytesIO(exported)) as archive:
        assert archive.testzip() is None  # every CRC checks out
    before, after = compressed_entries(source), compressed_entries(exported)
    rewritten = owned_parts(exported, OWNED_NAMES) | INDEX_PARTS
    assert all(after[name] == data for name, data in before.items() if name not in rewritten)


def test_zip64_archives_fall_back_to_recompressing(monkeypatch: pytest.MonkeyPatch) -> None:
    zip64 = zipfile.ZipInfo("big.bin")
    zip64.extra = struct.pack("<2HQ", 1, 8, 2**33)  # a ZIP64 size field, as read from a file
    zip64.header_offset = 0
    assert rebuild_zip(b"", [zip64], replaced={}, added=[]) is None
    monkeypatch.setattr(xlsx_patch, "rebuild_zip", lambda *args, **kwargs: None)
    source = (REALDATA / "xlsx" / "excelize_Book1.xlsx").read_bytes()
    exported = write_pulse_values(with_pulse_tabs(source))
    assert_only_owned_changed(source, exported, OWNED_NAMES)


def test_untouched_entries_keep_name_order_and_compression() -> None:
    source = (REALDATA / "xlsx" / "excelize_Book1.xlsx").read_bytes()
    exported = with_pulse_tabs(source)
    with zipfile.ZipFile(BytesIO(source)) as before, zipfile.ZipFile(BytesIO(exported)) as after:
        old = {info.filename: info for info in before.infolist()}
        new = after.infolist()
        assert [info.filename for info in new[: len(old)]] == list(old)
        for info in new[: len(old)]:
            assert (info.compress_type, info.date_time) == (
                old[info.filename].compress_type,
                old[info.filename].date_time,
            )
        assert {info.compress_type for info in new[len(old) :]} == {zipfile.ZIP_DEFLATED}


def test_app_properties_list_the_new_tabs() -> None:
    exported = with_pulse_tabs((REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes())
    app = etree.fromstring(entries(exported)["docProps/app.xml"])
    titles = [node.text for node in app.iter("{*}lpstr")]
    assert titles == ["Worksheets", "Prices", *OWNED_NAMES]
    assert [node.text for node in app.iter("{*}i4")] == ["5"]


def test_last_used_column_ignores_styled_empty_cells() -> None:
    source = minimal_xlsx(
        '<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>1</v></c><c r="F2" s="2"/></row>'
    )
    assert [last_used_column(source, "Data", row) for row in (1, 2)] == [0, 3]


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "edit", "message"),
    [
        (b"not a zip", SheetEdit("Data", {(1, 1): 1}), "not an .xlsx file"),
        (minimal_xlsx(""), SheetEdit("Nope", {(1, 1): 1}), "tab not found"),
        (
            (REALDATA / "xlsx" / "calamine_any_sheets.xlsx").read_bytes(),
            SheetEdit("Chart", {(1, 1): 1}),
            "chart or dialog sheet",
        ),
    ],
)
def test_bad_input_raises_workbook_error(source: bytes, edit: SheetEdit, message: str) -> None:
    with pytest.raises(WorkbookError, match=message):
        patch_xlsx(source, [edit], source_name="pulse.xlsx")


# --- a workbook full of features, made with openpyxl ------------------------------------------


def tiny_png() -> bytes:
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def featureful_workbook() -> bytes:
    """Chart, image, data validation, conditional formats, table, comment, defined name."""
    workbook = openpyxl.Workbook()
    clients = workbook.active
    clients.title = "Clients"
    clients.append(["Client", "MRR"])
    for name, mrr in [("Acme", 12500), ("Beta", 8000)]:
        clients.append([name, mrr])
    chart = BarChart()
    chart.add_data(Reference(clients, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    clients.add_chart(chart, "D2")
    clients.add_image(Image(BytesIO(tiny_png())), "D20")
    clients["A2"].comment = Comment("Top client", "ana")
    clients.column_dimensions["A"].width = 30
    workbook.defined_names["TopMRR"] = DefinedName("TopMRR", attr_text="Clients!$B$2")
    actions = workbook.create_sheet("Action Items")
    actions.append(["Client", "Action", "Due", "Status", "Days"])
    fill = PatternFill("solid", fgColor="FFEEAA")
    for row, (client, action) in enumerate([("Acme", "Call"), ("Beta", "Visit")], start=2):
        actions.append([client, action, date(2026, 11, 23), "Open", f"=C{row}-DATE(2026,1,1)"])
        actions.cell(row, 3).number_format = "yyyy-mm-dd"
        actions.cell(row, 4).fill = fill
    actions["A1"].font = Font(bold=True)
    validation = DataValidation(type="list", formula1='"Open,Done"')
    validation.add("D2:D100")
    actions.add_data_validation(validation)
    red = PatternFill("solid", fgColor="FF0000")
    actions.conditional_formatting.add(
        "D2:D100", CellIsRule(operator="equal", formula=['"Open"'], fill=red)
    )
    actions.add_table(Table(displayName="ActionTable", ref="A1:E3"))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_featureful_workbook_survives_an_edit() -> None:
    source = featureful_workbook()
    edit = {(2, 4): "Done", (4, 1): "Gamma", (4, 2): HYPERLINK, (4, 3): date(2026, 12, 1)}
    exported = patch_xlsx(source, [SheetEdit("Action Items", edit, data_start_row=2)])
    assert_only_owned_changed(source, exported, ["Action Items"])
    names = entry_names(exported)
    assert any(name.startswith("xl/charts/") for name in names)
    assert any(name.startswith("xl/media/") for name in names)
    assert any("comments" in name for name in names)
    workbook = openpyxl.load_workbook(BytesIO(exported))
    actions = workbook["Action Items"]
    assert [actions.cell(2, col).value for col in (4, 5)] == ["Done", "=C2-DATE(2026,1,1)"]
    assert [actions.cell(4, col).value for col in (1, 2, 3)] == [
        "Gamma",
        HYPERLINK,
        datetime(2026, 12, 1),
    ]
    assert actions.cell(4, 2).data_type == "s"
    assert actions.cell(4, 3).number_format == "yyyy-mm-dd"  # the style of C3 above
    assert actions.cell(4, 4).fill.fgColor.rgb == "00FFEEAA"  # styled empty cell like D3
    assert actions.tables["ActionTable"].ref == "A1:E4"
    assert len(actions.data_validations.dataValidation) == 1
    assert [str(rng.sqref) for rng in actions.conditional_formatting] == ["D2:D100"]
    assert "TopMRR" in workbook.defined_names
    assert workbook["Clients"]["A2"].comment.text == "Top client"


# --- property: whatever is written reads back ------------------------------------------------

CELL_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters="\ufffe\uffff",
        whitelist_characters="\n\r\t",
    ),
    min_size=1,
    max_size=40,
)
CELL_VALUES = st.one_of(
    CELL_TEXT,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 30)).map(
        lambda moment: moment.replace(microsecond=0)
    ),
)
BASE = minimal_xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=("Header",))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.dictionaries(
        st.tuples(st.integers(2, 6), st.integers(1, 4)), CELL_VALUES, min_size=1, max_size=6
    )
)
def test_written_values_read_back(values: dict[tuple[int, int], object]) -> None:
    assume(not any(isinstance(v, str) and "_x" in v for v in values.values()))
    # No row is a style template here: a number under a date would inherit its date format.
    exported = patch_xlsx(BASE, [SheetEdit("Data", values, data_start_row=99)])  # type: ignore[arg-type]
    rows = CalamineWorkbook.from_filelike(BytesIO(exported)).get_sheet_by_name("Data").to_python()
    assert rows[0][0] == "Header"
    for (row, col), value in values.items():
        read = rows[row - 1][col - 1]
        if isinstance(value, date):  # calamine gives a date for a midnight datetime
            assert pd.Timestamp(read) == pd.Timestamp(value)
        elif isinstance(value, float):
            assert read == pytest.approx(value, rel=1e-15)
        else:
            assert read == value
