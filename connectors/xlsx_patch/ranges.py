"""Data validation and conditional formatting grow over the rows appended below a table.

A drop-down (data validation) or a highlight rule (conditional formatting) that covers a
table's column down to its last row covers the new records too, as when a person types a row
into an Excel table. Only ranges that run from the first data row (or above) to the last one
grow; any other range, and every other byte of the sheet, is left as it was. Both spellings are
covered: the `sqref` attribute of the sheet's own elements and the `<xm:sqref>` of those Excel
keeps in its extension list (x14).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from connectors.xlsx_patch.package import local
from connectors.xlsx_patch.refs import parse_range, range_ref

# Elements whose `sqref` attribute lists the cells they apply to.
RANGE_HOLDERS = frozenset({"conditionalFormatting", "dataValidation"})


@dataclass(frozen=True)
class Appended:
    """Rows appended below a table: its data ran from `first_row` to `last_row`, and now runs
    to `new_last_row`."""

    first_row: int
    last_row: int
    new_last_row: int


def grow_ranges(root: etree._Element, appended: Appended) -> bool:
    """Grow every validation and conditional-formatting range that ends at the table's last
    row over the appended rows; return whether any did."""
    changed = False
    for element in root.iter(etree.Element):
        name = local(element)
        if name in RANGE_HOLDERS and element.get("sqref"):
            grown = grown_sqref(element.get("sqref", ""), appended)
            changed |= grown != element.get("sqref")
            element.set("sqref", grown)
        elif name == "sqref" and element.text:  # <xm:sqref> in the x14 extension list
            grown = grown_sqref(element.text, appended)
            changed |= grown != element.text
            element.text = grown
    return changed


def grown_sqref(sqref: str, appended: Appended) -> str:
    """`"B2:B20 D2:D20"` with each range that covers the table's rows down to its last row
    reaching the new last row; every other range kept exactly as written."""
    return " ".join(_grown(ref, appended) for ref in sqref.split())


def _grown(ref: str, appended: Appended) -> str:
    try:
        top, left, bottom, right = parse_range(ref)
    except ValueError:
        return ref  # whole columns (B:B) and anything unusual already cover every row
    if bottom != appended.last_row or top > appended.first_row:
        return ref
    return range_ref(top, left, appended.new_last_row, right)
