"""patch_xlsx writes only the edited tabs; every other part of the .xlsx keeps its bytes."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from connectors.errors import WorkbookError
from connectors.xlsx_patch import SheetEdit, last_used_column, owned_parts, patch_xlsx, sheet_parts
from pulse.schema import OWNED_SHEETS, SHEET_SPECS
from tests.connectors.xlsx_patch.pulse_tabs import (
    HYPERLINK,
    OWNED_NAMES,
    REAL_FILES,
    with_pulse_tabs,
    write_pulse_values,
)
from tests.paths import REALDATA
from tests.xlsx_checks import (
    INDEX_PARTS,
    MAIN_NS,
    assert_only_owned_changed,
    compressed_entries,
    entry_names,
    minimal_xlsx,
    sheet_cells,
)

F = f"{{{MAIN_NS}}}f"


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


def test_real_export_is_a_sound_zip_with_untouched_entries_copied_raw(
    real_export: tuple[Path, bytes, bytes],
) -> None:
    _, source, exported = real_export
    with zipfile.ZipFile(BytesIO(exported)) as archive:
        assert archive.testzip() is None  # every CRC checks out
    before, after = compressed_entries(source), compressed_entries(exported)
    rewritten = owned_parts(exported, OWNED_NAMES) | INDEX_PARTS
    assert all(after[name] == data for name, data in before.items() if name not in rewritten)


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


def test_last_used_column_ignores_styled_empty_cells() -> None:
    source = minimal_xlsx(
        '<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>1</v></c><c r="F2" s="2"/></row>'
    )
    assert [last_used_column(source, "Data", row) for row in (1, 2)] == [0, 3]
    assert last_used_column(source, "Data", 1, to_end=True) == 3  # row 2 counts too


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
