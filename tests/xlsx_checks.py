# ruff: noqa: E501  (OOXML boilerplate strings are long by nature)
"""Shared checks for the lossless export tests: what changed inside an .xlsx zip, and how."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from io import BytesIO

from lxml import etree

from connectors.xlsx_patch import owned_parts

# The index parts the export may extend (never reorder or drop existing entries from).
INDEX_PARTS = frozenset(
    {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
    }
)
CALC_CHAIN = "xl/calcChain.xml"
# (part, XPath of the entries that must all survive, in order, as a prefix of the new list)
PREFIX_KEPT = (
    ("xl/workbook.xml", "{*}sheets/{*}sheet"),
    ("xl/sharedStrings.xml", "{*}si"),
    ("xl/styles.xml", "{*}numFmts/{*}numFmt"),
    ("xl/styles.xml", "{*}fonts/{*}font"),
    ("xl/styles.xml", "{*}fills/{*}fill"),
    ("xl/styles.xml", "{*}borders/{*}border"),
    ("xl/styles.xml", "{*}cellStyleXfs/{*}xf"),
    ("xl/styles.xml", "{*}cellXfs/{*}xf"),
    ("xl/styles.xml", "{*}cellStyles/{*}cellStyle"),
    ("xl/styles.xml", "{*}dxfs/{*}dxf"),
)
# Entries that must survive in order, apart from the calculation chain the export may drop.
SUBSEQUENCE_KEPT = (
    ("xl/workbook.xml", "{*}definedNames/{*}definedName"),
    ("xl/_rels/workbook.xml.rels", "{*}Relationship"),
    ("[Content_Types].xml", "{*}Default"),
    ("[Content_Types].xml", "{*}Override"),
    ("docProps/app.xml", "{*}TitlesOfParts/{*}vector/{*}lpstr"),
)


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    """A zip holding `parts` in order, e.g. `entries(...)` of a workbook with one part changed."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def entry_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.namelist()


def compressed_entries(data: bytes) -> dict[str, bytes]:
    """Each entry's compressed bytes exactly as stored (local header lengths read by hand)."""
    found = {}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for info in archive.infolist():
            start = info.header_offset
            name_length, extra_length = struct.unpack_from("<2H", data, start + 26)
            begin = start + 30 + name_length + extra_length
            found[info.filename] = data[begin : begin + info.compress_size]
    return found


def canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n")


def listed(data: bytes, xpath: str) -> list[bytes]:
    return [canonical(found) for found in etree.fromstring(data).iterfind(xpath)]


def mentions_calc_chain(entry: bytes) -> bool:
    return b"calcChain" in entry


def assert_only_owned_changed(before: bytes, after: bytes, owned_sheets: Iterable[str]) -> None:
    """Every part but the owned tabs' is byte-identical, or an index part that only grew."""
    owned = owned_parts(after, owned_sheets)
    old, new = entries(before), entries(after)
    kept_names = [name for name in entry_names(after) if name in old]
    assert kept_names == [name for name in entry_names(before) if name in new], "entry order"
    assert set(old) - set(new) <= {CALC_CHAIN}, "only the calculation chain may be dropped"
    assert all(name in owned for name in set(new) - set(old)), "only owned parts are added"
    for name, data in old.items():
        if name in owned or name == CALC_CHAIN:
            continue
        if name in INDEX_PARTS:
            assert_index_entries_kept(name, data, new[name])
        else:
            assert new[name] == data, f"{name} changed"


def assert_index_entries_kept(name: str, before: bytes, after: bytes) -> None:
    if name == "docProps/core.xml":
        assert after == before
    for part, xpath in PREFIX_KEPT:
        if part == name:
            old = listed(before, xpath)
            assert listed(after, xpath)[: len(old)] == old, f"{name}: {xpath}"
    for part, xpath in SUBSEQUENCE_KEPT:
        if part == name:
            old = [item for item in listed(before, xpath) if not mentions_calc_chain(item)]
            new = [item for item in listed(after, xpath) if item in old]
            assert new == old, f"{name}: {xpath}"


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MINIMAL_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<styleSheet xmlns="{MAIN_NS}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="4" fontId="0" fillId="1" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    ),
}


def minimal_xlsx(
    sheet_data: str, *, shared_strings: tuple[str, ...] = (), date1904: bool = False
) -> bytes:
    """A hand-written one-tab ("Data") workbook around the given <sheetData> inner XML.

    Styles: s=1 is a custom date format (dd/mm/yyyy), s=2 a #,##0.00 number with a fill.
    """
    flag = ' date1904="1"' if date1904 else ""
    parts = dict(_MINIMAL_PARTS)
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{MAIN_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<workbookPr{flag}/><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared_strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{MAIN_NS}" count="{len(shared_strings)}" '
        f'uniqueCount="{len(shared_strings)}">{strings}</sst>'
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def sheet_cells(data: bytes, part: str = "xl/worksheets/sheet1.xml") -> dict[str, etree._Element]:
    """Cell reference -> <c> element of a worksheet part."""
    root = etree.fromstring(entries(data)[part])
    return {cell.get("r", ""): cell for cell in root.iter(f"{{{MAIN_NS}}}c")}
