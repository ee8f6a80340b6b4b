"""CSV / XLSX downloads: formula-like text is neutralised and every value comes back."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from connectors.export import (
    neutralise_csv_text,
    restore_csv_text,
    to_csv_bytes,
    to_xlsx_bytes,
)

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client": ["=cmd|' /C calc'!A0", "Acme", "'quoted", "-Negative Ltd", None],
            "mrr": [1500.5, 0.0, -20.0, 1e7, float("nan")],
            "overdue": [0, 3, 1, 0, 2],
            "active": [True, False, True, False, True],
            "last_contact": pd.to_datetime(
                ["2026-11-20", None, "2026-01-02", "2026-11-23 09:30", "2026-03-04"],
                format="ISO8601",
            ),
        }
    )


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_prefixes_an_apostrophe_to_formula_like_text(text: str) -> None:
    rows = csv_rows(to_csv_bytes(pd.DataFrame({"x": [text]})))
    assert rows[1] == ["'" + text]


@pytest.mark.parametrize("text", ["Acme", "a=b", "50%", "", "1+1"])
def test_csv_leaves_ordinary_text_alone(text: str) -> None:
    rows = csv_rows(to_csv_bytes(pd.DataFrame({"x": [text]})))
    assert rows[1] == [text]


def test_csv_round_trips_every_value() -> None:
    rows = csv_rows(to_csv_bytes(sample_frame()))
    assert rows == [
        ["client", "mrr", "overdue", "active", "last_contact"],
        ["'=cmd|' /C calc'!A0", "1500.5", "0", "TRUE", "2026-11-20"],
        ["Acme", "0.0", "3", "FALSE", ""],
        ["''quoted", "-20.0", "1", "TRUE", "2026-01-02"],
        ["'-Negative Ltd", "10000000.0", "0", "FALSE", "2026-11-23T09:30:00"],
        ["", "", "2", "TRUE", "2026-03-04"],
    ]
    assert [restore_csv_text(row[0]) for row in rows[1:]] == [
        "=cmd|' /C calc'!A0",
        "Acme",
        "'quoted",
        "-Negative Ltd",
        "",
    ]


def test_xlsx_writes_formula_like_text_as_string_cells() -> None:
    frame = pd.DataFrame({"x": DANGEROUS})
    data = to_xlsx_bytes(frame, "Client health")
    sheet = load_workbook(io.BytesIO(data))["Client health"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == DANGEROUS
    assert {cell.data_type for cell in cells} == {"s"}
    # And no formula element anywhere in the sheet XML.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_xlsx_round_trips_every_value_with_its_type() -> None:
    data = to_xlsx_bytes(sample_frame(), "Health")
    sheet = load_workbook(io.BytesIO(data))["Health"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        ["client", "mrr", "overdue", "active", "last_contact"],
        ["=cmd|' /C calc'!A0", 1500.5, 0, True, datetime(2026, 11, 20)],
        ["Acme", 0, 3, False, None],
        ["'quoted", -20, 1, True, datetime(2026, 1, 2)],
        ["-Negative Ltd", 10_000_000, 0, False, datetime(2026, 11, 23, 9, 30)],
        [None, None, 2, True, datetime(2026, 3, 4)],
    ]
    assert sheet["E2"].number_format == "yyyy-mm-dd"


def test_xlsx_sheet_name_is_made_legal() -> None:
    data = to_xlsx_bytes(pd.DataFrame({"a": [1]}), "Health: [all]/clients and more and more")
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Health   all  clients and more"]


# Text openpyxl can hold (XML 1.0 forbids most control characters; the writer drops them).
cell_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(cell_text, min_size=1, max_size=5))
def test_any_text_round_trips_through_csv(texts: list[str]) -> None:
    rows = csv_rows(to_csv_bytes(pd.DataFrame({"x": texts})))
    assert [restore_csv_text(row[0]) for row in rows[1:]] == texts
    assert not any(row[0].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows[1:])


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(cell_text.filter(lambda t: t != ""), min_size=1, max_size=5))
def test_any_text_round_trips_through_xlsx(texts: list[str]) -> None:
    data = to_xlsx_bytes(pd.DataFrame({"x": texts}), "T")
    sheet = load_workbook(io.BytesIO(data))["T"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == texts
    assert {cell.data_type for cell in cells} == {"s"}


def test_neutralise_is_reversible_for_an_apostrophe_start() -> None:
    assert restore_csv_text(neutralise_csv_text("'=x")) == "'=x"


HOSTILE_NAMES = ["<script>alert(1)</script>", '=HYPERLINK("http://x","y")']


def test_hostile_client_names_stay_text_in_both_exports() -> None:
    """Issue: `<script>` and `=HYPERLINK(...)` as client names are inert text in exports."""
    frame = pd.DataFrame({"client": HOSTILE_NAMES, "mrr": [100.0, 200.0]})
    rows = csv_rows(to_csv_bytes(frame))
    # The script tag is written as is (a spreadsheet shows it as text); the formula is quoted.
    assert [row[0] for row in rows[1:]] == [HOSTILE_NAMES[0], "'" + HOSTILE_NAMES[1]]
    assert [restore_csv_text(row[0]) for row in rows[1:]] == HOSTILE_NAMES
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame, "Clients")))["Clients"]
    cells = [sheet["A2"], sheet["A3"]]
    assert [cell.value for cell in cells] == HOSTILE_NAMES
    assert [cell.data_type for cell in cells] == ["s", "s"]
