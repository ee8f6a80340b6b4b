"""Values as cell XML: numbers that read back exactly, dates as serials, text never a formula."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from connectors.xlsx_patch import (
    SheetEdit,
    excel_serial,
    number_text,
    patch_xlsx,
    sheet_parts,
    xml_safe_text,
)
from tests.connectors.xlsx_patch.pulse_tabs import with_pulse_tabs
from tests.paths import REALDATA
from tests.xlsx_checks import MAIN_NS, minimal_xlsx, sheet_cells

V = f"{{{MAIN_NS}}}v"


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


@pytest.mark.parametrize(
    ("value", "date1904"),
    [(date(1899, 12, 31), False), (date(1900, 1, 1), True), (date(1903, 12, 31), True)],
)
def test_a_date_before_excels_first_is_refused(value: date, date1904: bool) -> None:
    with pytest.raises(ValueError, match="before the first date Excel can store"):
        excel_serial(value, date1904=date1904)


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


def test_a_date_excel_cannot_hold_is_written_as_its_text() -> None:
    exported = patch_xlsx(minimal_xlsx(""), [SheetEdit("Data", {(1, 1): date(1899, 12, 31)})])
    cell = sheet_cells(exported)["A1"]
    assert (cell.get("t"), "".join(cell.itertext())) == ("inlineStr", "1899-12-31")


def test_booleans_are_boolean_cells() -> None:
    cells = sheet_cells(
        patch_xlsx(minimal_xlsx(""), [SheetEdit("Data", {(1, 1): True, (1, 2): False})])
    )
    assert [(cells[ref].get("t"), cells[ref].find(V).text) for ref in ("A1", "B1")] == [
        ("b", "1"),
        ("b", "0"),
    ]


def test_text_keeps_its_surrounding_spaces() -> None:
    cells = sheet_cells(patch_xlsx(minimal_xlsx(""), [SheetEdit("Data", {(1, 1): " padded "})]))
    text = cells["A1"].find(f"{{{MAIN_NS}}}is/{{{MAIN_NS}}}t")
    assert (text.text, text.get("{http://www.w3.org/XML/1998/namespace}space")) == (
        " padded ",
        "preserve",
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (42, "42"),
        (-7.0, "-7"),  # whole floats lose the .0
        (0.1, "0.1"),
        (1.5e15, "1500000000000000.0"),  # from 1e15 on, repr keeps Python's own spelling
        (2**60, "1152921504606846976"),  # an int is never rounded through a float
    ],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_number_text_refuses_what_excel_cannot_store(value: float) -> None:
    with pytest.raises(ValueError, match="cannot store"):
        number_text(value)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("bell\x07", "bell_x0007_"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # XML can hold these
        ("half \ud800 pair", "half \ufffd pair"),
        ("\ufffe", "_xFFFE_"),
    ],
)
def test_xml_safe_text(text: str, safe: str) -> None:
    assert xml_safe_text(text) == safe


def test_xml_safe_text_is_capped_at_excels_cell_limit() -> None:
    assert len(xml_safe_text("x" * 40_000)) == 32_767


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
