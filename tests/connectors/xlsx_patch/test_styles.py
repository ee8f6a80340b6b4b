"""styles.xml: date formats recognised, formats found or appended, never reordered."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

import pytest
from lxml import etree

from connectors.xlsx_patch import SheetEdit, patch_xlsx
from connectors.xlsx_patch.package import Package
from connectors.xlsx_patch.styles import Styles
from tests.xlsx_checks import MAIN_NS, entries, minimal_xlsx, sheet_cells, zipped


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


def styles_of(source: bytes) -> Styles:
    return Styles(Package(source, "t.xlsx"), "xl/styles.xml")


def with_custom_formats(*codes: str) -> bytes:
    """minimal_xlsx, but its styles hold one cell format per code (numFmtId 164, 165, ...)."""
    formats = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{escape(code)}"/>'
        for i, code in enumerate(codes)
    )
    xfs = "".join(f'<xf numFmtId="{164 + i}" fontId="0"/>' for i in range(len(codes)))
    styles = (
        f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="{len(codes)}">{formats}</numFmts>'
        f'<cellXfs count="{len(codes)}">{xfs}</cellXfs></styleSheet>'
    )
    return zipped({**entries(minimal_xlsx("")), "xl/styles.xml": styles.encode()})


@pytest.mark.parametrize(
    ("style", "is_date"),
    [
        (0, False),  # General
        (1, True),  # dd/mm/yyyy;@
        (2, False),  # built-in 4: #,##0.00
        (9, False),  # no such format: Excel falls back to the first
    ],
)
def test_is_date_on_the_minimal_styles(style: int, is_date: bool) -> None:
    assert styles_of(minimal_xlsx("")).is_date(style) is is_date


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("yyyy-mm-dd", True),
        ("[h]:mm", True),  # elapsed hours are a time
        ("[$-409]mmmm d", True),  # a locale tag is not the format
        ('"Week "0', False),  # the d of "Week" is quoted text
        ("[Red]0.00", False),  # a colour is not a date
        (r"0\d", False),  # an escaped d is a literal
        ("General", False),
    ],
)
def test_is_date_on_custom_formats(code: str, is_date: bool) -> None:
    assert styles_of(with_custom_formats(code)).is_date(0) is is_date


def test_a_derived_format_is_appended_once_and_reused() -> None:
    styles = styles_of(minimal_xlsx(""))
    first = styles.with_number_format(2, 14)
    assert (first, styles.with_number_format(2, 14)) == (3, 3)
    assert styles.cell_xfs.get("count") == "4"
    added = styles.cell_xfs[3]
    assert (added.get("numFmtId"), added.get("fillId"), added.get("applyNumberFormat")) == (
        "14",
        "1",
        "1",
    )
    assert styles.part in styles.package.dirty


def test_a_format_that_already_exists_is_found_not_appended() -> None:
    styles = styles_of(minimal_xlsx(""))
    # xf 1 is numFmtId 164 with applyNumberFormat: deriving it from xf 0 finds xf 1 itself.
    assert styles.with_number_format(0, 164) == 1
    assert styles.cell_xfs.get("count") == "3"
    assert styles.part not in styles.package.dirty


def test_bold_adds_one_bold_font_and_one_format() -> None:
    styles = styles_of(minimal_xlsx(""))
    bold = styles.bold(0)
    assert (bold, styles.bold(0), styles.bold(bold)) == (3, 3, 3)
    fonts = styles.root.find(f"{{{MAIN_NS}}}fonts")
    assert len(fonts) == 2 and fonts.get("count") == "2"
    assert etree.QName(fonts[1][0]).localname == "b"  # <b> comes first in a <font>
    assert styles.cell_xfs[3].get("fontId") == "1"
