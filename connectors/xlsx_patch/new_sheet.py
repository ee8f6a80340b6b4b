"""A new worksheet tab at the end of the tab order, registered in every index part.

The index parts (workbook.xml, its rels, [Content_Types].xml, docProps/app.xml) only get entries
appended; nothing already listed moves.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from connectors.xlsx_parts import rels_part
from connectors.xlsx_patch.package import (
    CONTENT_TYPES,
    NS_CONTENT_TYPES,
    NS_DOC_REL,
    NS_PKG_REL,
    NS_VT,
    Package,
    problem,
    qn,
)
from connectors.xlsx_patch.workbook_part import Workbook

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def create_sheet(workbook: Workbook, name: str) -> str:
    """Append a new empty worksheet tab called `name`; its part name."""
    package = workbook.package
    pattern = posixpath.join(posixpath.dirname(workbook.part), "worksheets", "sheet{}.xml")
    part = _free_part_name(package, pattern)
    _list_in_workbook(workbook, name, rel_id=_add_relationship(workbook, part))
    override = etree.SubElement(package.root(CONTENT_TYPES), qn(NS_CONTENT_TYPES, "Override"))
    override.set("PartName", "/" + part)
    override.set("ContentType", CT_WORKSHEET)
    package.dirty.add(CONTENT_TYPES)
    worksheet = etree.Element(workbook.tag("worksheet"), nsmap={None: workbook.ns})  # type: ignore[dict-item]
    etree.SubElement(worksheet, workbook.tag("dimension")).set("ref", "A1")
    etree.SubElement(worksheet, workbook.tag("sheetData"))
    package.add(part, worksheet)
    _list_in_app_properties(package, name)
    return part


def _list_in_workbook(workbook: Workbook, name: str, *, rel_id: str) -> None:
    holder = workbook.root.find(workbook.tag("sheets"))
    if holder is None:
        raise problem(workbook.package, "workbook.xml has no <sheets> list")
    ids = [int(s.get("sheetId", "0")) for s in workbook.sheets() if s.get("sheetId", "").isdigit()]
    rel_ns = _relationship_namespace(workbook)
    sheet = etree.SubElement(holder, workbook.tag("sheet"))
    sheet.set("name", name)
    sheet.set("sheetId", str(max(ids, default=0) + 1))
    sheet.set(qn(rel_ns, "id"), rel_id)
    workbook.package.dirty.add(workbook.part)


def _free_part_name(package: Package, pattern: str) -> str:
    number = 1
    while package.has(pattern.format(number)) or pattern.format(number) in package.names:
        number += 1
    return pattern.format(number)


def _relationship_namespace(workbook: Workbook) -> str:
    for sheet in workbook.sheets():
        for key in sheet.attrib:
            if str(key).endswith("}id"):
                return etree.QName(key).namespace or NS_DOC_REL
    return NS_DOC_REL


def _add_relationship(workbook: Workbook, part: str) -> str:
    package = workbook.package
    rels_of_workbook = rels_part(workbook.part)
    rels = package.root(rels_of_workbook)
    taken = {rel.get("Id") for rel in rels}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    existing = [rel.get("Type", "") for rel in rels if rel.get("Type", "").endswith("/worksheet")]
    rel = etree.SubElement(rels, qn(NS_PKG_REL, "Relationship"))
    rel.set("Id", f"rId{number}")
    rel.set("Type", existing[0] if existing else NS_DOC_REL + "/worksheet")
    rel.set("Target", posixpath.relpath(part, posixpath.dirname(workbook.part) or "."))
    package.dirty.add(rels_of_workbook)
    return f"rId{number}"


def _list_in_app_properties(package: Package, sheet_name: str) -> None:
    """Keep docProps/app.xml's list of worksheet titles in step (skipped if it looks unusual)."""
    found = package.related("", "/extended-properties") if package.has("_rels/.rels") else []
    if not found or not package.has(found[0][1]):
        return
    root = package.root(found[0][1])
    pairs = root.find(f"{{*}}HeadingPairs/{qn(NS_VT, 'vector')}")
    titles = root.find(f"{{*}}TitlesOfParts/{qn(NS_VT, 'vector')}")
    if pairs is None or titles is None:
        return
    variants = [v[0] for v in pairs.findall(qn(NS_VT, "variant")) if len(v)]
    offset = 0
    for name, count in zip(variants[::2], variants[1::2], strict=False):
        if not (count.text or "").strip().isdigit():
            return
        if name.text == "Worksheets":
            index = offset + int(count.text or "0")
            title = etree.Element(qn(NS_VT, "lpstr"))
            title.text = sheet_name
            titles.insert(index, title)
            count.text = str(int(count.text or "0") + 1)
            titles.set("size", str(len(titles)))
            package.dirty.add(found[0][1])
            return
        offset += int(count.text or "0")
