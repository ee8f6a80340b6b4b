# ruff: noqa: E501  (OOXML written out in full is long by nature)
"""Validation and conditional-formatting ranges grown over appended rows
(connectors/xlsx_patch/ranges.py): only ranges covering the table's rows down to its last row,
in both spellings Excel writes; every other range as it was written."""

from __future__ import annotations

import pytest
from lxml import etree

from connectors.xlsx_patch.ranges import Appended, grow_ranges, grown_sqref

# A table whose data ran over rows 3-5 (header in row 2) and now runs to row 7.
APPENDED = Appended(first_row=3, last_row=5, new_last_row=7)


@pytest.mark.parametrize(
    ("sqref", "grown"),
    [
        ("F3:F5", "F3:F7"),  # a column of the table down to its last row
        ("B2:D5", "B2:D7"),  # from the header row down: still the whole column
        ("A1:A5", "A1:A7"),  # from a title row above
        ("F3:F5 H3:H5", "F3:F7 H3:H7"),  # a list of ranges, each grown
        ("F3:F5 K1", "F3:F7 K1"),  # ... and a single cell elsewhere kept
        ("D3:D200", "D3:D200"),  # already reaching far below: kept
        ("F4:F5", "F4:F5"),  # not from the first data row: someone's own rule, kept
        ("F5", "F5"),  # the last cell alone, kept
        ("F3:F4", "F3:F4"),  # ends above the last row, kept
        ("F:F", "F:F"),  # whole columns cover every row already
        ("$F$3:$F$5", "F3:F7"),  # absolute spelling read too
    ],
)
def test_grown_sqref(sqref: str, grown: str) -> None:
    assert grown_sqref(sqref, APPENDED) == grown


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
SHEET = f"""<worksheet xmlns="{MAIN}" xmlns:x14="{X14}" xmlns:xm="{XM}">
<sheetData/>
<conditionalFormatting sqref="E3:E5"><cfRule type="expression" priority="1"><formula>E3&lt;TODAY()</formula></cfRule></conditionalFormatting>
<dataValidations count="2"><dataValidation type="list" sqref="F3:F5"><formula1>"Open,Done"</formula1></dataValidation><dataValidation type="list" sqref="D3:D200"><formula1>"ana"</formula1></dataValidation></dataValidations>
<!-- a comment among the elements -->
<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}"><x14:dataValidations count="1"><x14:dataValidation type="list"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>C3:C5</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>
</worksheet>"""


def test_both_spellings_grow_and_nothing_else_changes() -> None:
    root = etree.fromstring(SHEET)
    assert grow_ranges(root, APPENDED) is True
    assert etree.tostring(root).decode() == (
        SHEET.replace('sqref="E3:E5"', 'sqref="E3:E7"')
        .replace('sqref="F3:F5"', 'sqref="F3:F7"')
        .replace("<xm:sqref>C3:C5</xm:sqref>", "<xm:sqref>C3:C7</xm:sqref>")
    )


def test_nothing_reaching_the_last_row_means_no_change() -> None:
    root = etree.fromstring(SHEET)
    assert grow_ranges(root, Appended(first_row=3, last_row=9, new_last_row=10)) is False
    assert etree.tostring(root).decode() == SHEET
