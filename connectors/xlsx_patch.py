"""Write the product's own tabs into an .xlsx and leave every other part of the file as it was.

openpyxl's load-and-save rewrites every part and drops shapes, slicers, sparklines, extension
conditional formats and cached formula results, so the export patches the zip instead: only the
edited sheets' XML (and their tables) is rewritten; the index parts that must learn about a new
tab or a new cell style (workbook.xml, its rels, [Content_Types].xml, docProps/app.xml,
styles.xml) only get entries appended; every other zip entry keeps its exact bytes. New text is
written as inline strings, so sharedStrings.xml never changes either.
"""

from __future__ import annotations

import copy
import math
import posixpath
import re
import zipfile
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from io import BytesIO

from lxml import etree

from connectors.cells import column_index, column_letter
from connectors.errors import Problem, WorkbookError
from connectors.zip_raw import rebuild_zip

CellValue = str | float | int | bool | date | datetime | None

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_XML = "http://www.w3.org/XML/1998/namespace"
CONTENT_TYPES = "[Content_Types].xml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# Excel's built-in number formats that show dates or times (ECMA-376 18.8.30, plus the East
# Asian and Thai locale ids Excel maps to dates).
BUILTIN_DATE_FORMATS = frozenset(
    [*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)]
)
DATE_FORMAT_ID = 14  # m/d/yyyy in the reader's locale
DATETIME_FORMAT_ID = 22  # m/d/yyyy h:mm
EPOCH_1900 = datetime(1899, 12, 30)  # serial 0 once Excel's fake 1900-02-29 is accounted for
EPOCH_1904 = datetime(1904, 1, 1)
FAKE_LEAP_DAY_SERIAL = 60  # Lotus 1-2-3's 1900-02-29, which Excel keeps for compatibility
ROW_ATTRIBUTES_NOT_COPIED = frozenset({"r", "hidden", "collapsed", "outlineLevel"})
MAX_EXCEL_TEXT = 32767
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


@dataclass(frozen=True)
class SheetEdit:
    """Cells to write into one tab, found by its tab name.

    `cells` maps (1-based row, 1-based column) to a value; None clears the value but keeps the
    style. `create_headers`: when the tab is missing, create it at the end of the tab order with
    these bold headers in row 1 (without them a missing tab is an error). Rows above
    `data_start_row` (titles, the header) are never used as the style of a new row.
    """

    sheet: str
    cells: Mapping[tuple[int, int], CellValue] = field(default_factory=dict)
    create_headers: list[str] | None = None
    data_start_row: int = 1


def patch_xlsx(source: bytes, edits: list[SheetEdit], *, source_name: str = "workbook") -> bytes:
    """Return the workbook with the edits applied and every other part kept byte for byte."""
    package = _Package(source, source_name)
    workbook = _Workbook(package)
    touched_formula = False
    for edit in edits:
        part = workbook.sheet_part(edit.sheet)
        cells = dict(edit.cells)
        header_cells: set[tuple[int, int]] = set()
        if part is None:
            part = _create_sheet(workbook, edit)
            header_cells = {(1, col) for col in range(1, len(edit.create_headers or []) + 1)}
            cells = {**{(1, c): h for c, h in enumerate(edit.create_headers or [], 1)}, **cells}
        sheet = _SheetPatch(package, part, workbook, data_start_row=edit.data_start_row)
        touched_formula |= sheet.apply(cells, bold=header_cells)
    if touched_formula:
        workbook.drop_calc_chain()
    return package.to_bytes()


def last_used_column(source: bytes, sheet_name: str, row: int) -> int:
    """The 1-based column of the last cell holding a value in `row` of a tab (0 if none)."""
    package = _Package(source, "workbook")
    part = _Workbook(package).sheet_part(sheet_name)
    if part is None:
        return 0
    sheet = _SheetPatch(package, part, None, data_start_row=1)
    cells = sheet.cells.get(row, {})
    used = [col for col, cell in cells.items() if _has_value(cell)]
    return max(used, default=0)


def excel_serial(value: date, *, date1904: bool) -> float:
    """The serial number Excel stores for a date or datetime (naive wall-clock time)."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    moment = moment.replace(tzinfo=None)
    delta = moment - (EPOCH_1904 if date1904 else EPOCH_1900)
    serial = delta / timedelta(days=1)
    if not date1904 and delta.days <= FAKE_LEAP_DAY_SERIAL:
        serial -= 1  # before 1900-03-01 the 1900 system is one day behind the real calendar
    if serial < (0 if date1904 else 1):
        raise ValueError(f"{value} is before the first date Excel can store")
    return serial


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def parse_cell_ref(ref: str) -> tuple[int, int]:
    """`"AB12"` -> (12, 28)."""
    match = _CELL_REF.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """`"A1:D9"` -> (first row, first col, last row, last col); a single cell is a 1x1 range."""
    first, _, last = ref.partition(":")
    top, left = parse_cell_ref(first)
    bottom, right = parse_cell_ref(last) if last else (top, left)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)


def range_ref(top: int, left: int, bottom: int, right: int) -> str:
    return f"{cell_ref(top, left)}:{cell_ref(bottom, right)}"


def _qn(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _problem(package: _Package, message: str, sheet: str = "") -> WorkbookError:
    return WorkbookError([Problem(file=package.name, sheet=sheet, message=message)])


class _Package:
    """The zip's entries: parsed on demand, re-serialised only when marked dirty."""

    def __init__(self, source: bytes, name: str) -> None:
        self.name = name
        self.source = source
        try:
            self.zip = zipfile.ZipFile(BytesIO(source))
            self.infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError) as error:
            raise _problem(self, f"is not an .xlsx file ({error}); export it again") from error
        self.names = {info.filename for info in self.infos}
        self.trees: dict[str, etree._ElementTree] = {}
        self.dirty: set[str] = set()
        self.added: list[str] = []
        self.removed: set[str] = set()

    def has(self, part: str) -> bool:
        return (part in self.names or part in self.added) and part not in self.removed

    def tree(self, part: str) -> etree._ElementTree:
        if part not in self.trees:
            try:
                root = etree.fromstring(self.zip.read(part), _PARSER)
            except (KeyError, etree.XMLSyntaxError) as error:
                raise _problem(self, f"part {part} is missing or broken ({error})") from error
            self.trees[part] = etree.ElementTree(root)
        return self.trees[part]

    def root(self, part: str) -> etree._Element:
        return self.tree(part).getroot()

    def add(self, part: str, root: etree._Element) -> None:
        self.trees[part] = etree.ElementTree(root)
        self.added.append(part)
        self.dirty.add(part)

    def rels_part(self, part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def related(self, part: str, type_suffix: str) -> list[tuple[etree._Element, str]]:
        """(Relationship element, target part) for every internal rel of a part of that type."""
        rels = self.rels_part(part)
        if not self.has(rels):
            return []
        found = []
        for rel in self.root(rels):
            internal = rel.get("TargetMode", "Internal") == "Internal"
            if internal and rel.get("Type", "").endswith(type_suffix):
                found.append((rel, _resolve(part, rel.get("Target", ""))))
        return found

    def to_bytes(self) -> bytes:
        """Untouched entries keep their compressed bytes; rewritten and new ones are deflated."""
        kept = [info for info in self.infos if info.filename not in self.removed]
        replaced = {
            i.filename: self._serialise(i.filename) for i in kept if i.filename in self.dirty
        }
        added = [(part, self._serialise(part)) for part in self.added]
        raw = rebuild_zip(self.source, kept, replaced=replaced, added=added)
        return raw if raw is not None else self._recompressed(kept, replaced, added)

    def _recompressed(
        self,
        kept: list[zipfile.ZipInfo],
        replaced: Mapping[str, bytes],
        added: list[tuple[str, bytes]],
    ) -> bytes:
        """ZIP64 archives: same entries, same uncompressed bytes, re-compressed by zipfile."""
        out = BytesIO()
        with zipfile.ZipFile(out, "w", allowZip64=True) as target:
            for info in kept:
                copy_info = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                rewritten = info.filename in replaced
                copy_info.compress_type = zipfile.ZIP_DEFLATED if rewritten else info.compress_type
                copy_info.external_attr = info.external_attr
                copy_info.comment = info.comment
                data = replaced[info.filename] if rewritten else self.zip.read(info)
                target.writestr(copy_info, data)
            for part, data in added:
                fresh = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                target.writestr(fresh, data, zipfile.ZIP_DEFLATED)
        return out.getvalue()

    def _serialise(self, part: str) -> bytes:
        tree = self.trees[part]
        standalone = tree.docinfo.standalone if part not in self.added else True
        if standalone is None:
            return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


class _Workbook:
    """workbook.xml, its rels and the package index: tabs by name, styles, calc chain."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        office = package.related("", "/officeDocument") if package.has("_rels/.rels") else []
        self.part = office[0][1] if office else "xl/workbook.xml"
        if not package.has(self.part):
            raise _problem(package, "has no workbook part; it is not an Excel workbook")
        self.root = package.root(self.part)
        self.ns = etree.QName(self.root).namespace or NS_MAIN
        self.date1904 = self._date1904()
        self._styles: _Styles | None = None

    def _date1904(self) -> bool:
        properties = self.root.find(_qn(self.ns, "workbookPr"))
        flag = properties.get("date1904", "0") if properties is not None else "0"
        return flag.strip().lower() in {"1", "true"}

    def sheets(self) -> list[etree._Element]:
        holder = self.root.find(_qn(self.ns, "sheets"))
        return [] if holder is None else list(holder.iter(_qn(self.ns, "sheet")))

    def sheet_part(self, name: str) -> str | None:
        """The worksheet part of a tab; Excel tab names are unique case-insensitively."""
        matches = [s for s in self.sheets() if s.get("name", "").casefold() == name.casefold()]
        if not matches:
            return None
        rel_id = next((v for k, v in matches[0].attrib.items() if str(k).endswith("}id")), "")
        for rel, target in self.package.related(self.part, ""):
            if rel.get("Id") == rel_id:
                if not rel.get("Type", "").endswith("/worksheet"):
                    raise _problem(self.package, "is a chart or dialog sheet, not a table", name)
                return target
        raise _problem(self.package, "is listed but its sheet part is missing", name)

    @property
    def styles(self) -> _Styles:
        if self._styles is None:
            found = self.package.related(self.part, "/styles")
            if not found:
                raise _problem(self.package, "has no styles part; open and save it in Excel")
            self._styles = _Styles(self.package, found[0][1])
        return self._styles

    def drop_calc_chain(self) -> None:
        """Excel rebuilds the calculation chain; a stale one after a formula edit can crash it."""
        rels_part = self.package.rels_part(self.part)
        for rel, target in self.package.related(self.part, "/calcChain"):
            self.package.root(rels_part).remove(rel)
            self.package.dirty.add(rels_part)
            self.package.removed.add(target)
            _drop_override(self.package, target)


def _drop_override(package: _Package, part: str) -> None:
    root = package.root(CONTENT_TYPES)
    for override in root.findall(_qn(NS_CONTENT_TYPES, "Override")):
        if override.get("PartName", "").lstrip("/") == part:
            root.remove(override)
            package.dirty.add(CONTENT_TYPES)


def _create_sheet(workbook: _Workbook, edit: SheetEdit) -> str:
    """Append a new empty worksheet tab and register it in every index part."""
    package = workbook.package
    if edit.create_headers is None:
        raise _problem(package, "tab not found; add it or check its name", edit.sheet)
    pattern = posixpath.join(posixpath.dirname(workbook.part), "worksheets", "sheet{}.xml")
    part = _free_part_name(package, pattern)
    rel_id = _add_relationship(workbook, part)
    holder = workbook.root.find(_qn(workbook.ns, "sheets"))
    if holder is None:
        raise _problem(package, "workbook.xml has no <sheets> list")
    ids = [int(s.get("sheetId", "0")) for s in workbook.sheets() if s.get("sheetId", "").isdigit()]
    rel_ns = _relationship_namespace(workbook)
    sheet = etree.SubElement(holder, _qn(workbook.ns, "sheet"))
    sheet.set("name", edit.sheet)
    sheet.set("sheetId", str(max(ids, default=0) + 1))
    sheet.set(_qn(rel_ns, "id"), rel_id)
    package.dirty.add(workbook.part)
    override = etree.SubElement(package.root(CONTENT_TYPES), _qn(NS_CONTENT_TYPES, "Override"))
    override.set("PartName", "/" + part)
    override.set("ContentType", CT_WORKSHEET)
    package.dirty.add(CONTENT_TYPES)
    worksheet = etree.Element(_qn(workbook.ns, "worksheet"), nsmap={None: workbook.ns})  # type: ignore[dict-item]
    etree.SubElement(worksheet, _qn(workbook.ns, "dimension")).set("ref", "A1")
    etree.SubElement(worksheet, _qn(workbook.ns, "sheetData"))
    package.add(part, worksheet)
    _list_in_app_properties(package, edit.sheet)
    return part


def _free_part_name(package: _Package, pattern: str) -> str:
    number = 1
    while package.has(pattern.format(number)) or pattern.format(number) in package.names:
        number += 1
    return pattern.format(number)


def _relationship_namespace(workbook: _Workbook) -> str:
    for sheet in workbook.sheets():
        for key in sheet.attrib:
            if str(key).endswith("}id"):
                return etree.QName(key).namespace or NS_DOC_REL
    return NS_DOC_REL


def _add_relationship(workbook: _Workbook, part: str) -> str:
    package = workbook.package
    rels_part = package.rels_part(workbook.part)
    rels = package.root(rels_part)
    taken = {rel.get("Id") for rel in rels}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    existing = [rel.get("Type", "") for rel in rels if rel.get("Type", "").endswith("/worksheet")]
    rel = etree.SubElement(rels, _qn(NS_PKG_REL, "Relationship"))
    rel.set("Id", f"rId{number}")
    rel.set("Type", existing[0] if existing else NS_DOC_REL + "/worksheet")
    rel.set("Target", posixpath.relpath(part, posixpath.dirname(workbook.part) or "."))
    package.dirty.add(rels_part)
    return f"rId{number}"


def _list_in_app_properties(package: _Package, sheet_name: str) -> None:
    """Keep docProps/app.xml's list of worksheet titles in step (skipped if it looks unusual)."""
    found = package.related("", "/extended-properties") if package.has("_rels/.rels") else []
    if not found or not package.has(found[0][1]):
        return
    root = package.root(found[0][1])
    pairs = root.find(f"{{*}}HeadingPairs/{_qn(NS_VT, 'vector')}")
    titles = root.find(f"{{*}}TitlesOfParts/{_qn(NS_VT, 'vector')}")
    if pairs is None or titles is None:
        return
    variants = [v[0] for v in pairs.findall(_qn(NS_VT, "variant")) if len(v)]
    offset = 0
    for name, count in zip(variants[::2], variants[1::2], strict=False):
        if not (count.text or "").strip().isdigit():
            return
        if name.text == "Worksheets":
            index = offset + int(count.text or "0")
            title = etree.Element(_qn(NS_VT, "lpstr"))
            title.text = sheet_name
            titles.insert(index, title)
            count.text = str(int(count.text or "0") + 1)
            titles.set("size", str(len(titles)))
            package.dirty.add(found[0][1])
            return
        offset += int(count.text or "0")


class _Styles:
    """styles.xml: finds or appends the cell formats the export needs, never reorders any."""

    def __init__(self, package: _Package, part: str) -> None:
        self.package = package
        self.part = part
        self.root = package.root(part)
        self.ns = etree.QName(self.root).namespace or NS_MAIN
        cell_xfs = self.root.find(_qn(self.ns, "cellXfs"))
        if cell_xfs is None:
            raise _problem(package, "styles.xml has no cell formats; open and save it in Excel")
        self.cell_xfs = cell_xfs
        self.custom_formats = {
            int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
            for fmt in self.root.iterfind(f"{_qn(self.ns, 'numFmts')}/{_qn(self.ns, 'numFmt')}")
        }
        self._derived: dict[tuple[int, str], int] = {}

    def _xf(self, style: int) -> etree._Element:
        xfs = list(self.cell_xfs)
        return xfs[style] if 0 <= style < len(xfs) else xfs[0]

    def is_date(self, style: int) -> bool:
        fmt_id = int(self._xf(style).get("numFmtId", "0"))
        if fmt_id in BUILTIN_DATE_FORMATS:
            return True
        code = _FORMAT_LITERALS.sub("", self.custom_formats.get(fmt_id, "General"))
        return code.lower() != "general" and bool(_DATE_TOKENS.search(code))

    def with_number_format(self, style: int, fmt_id: int) -> int:
        """A cell format like `style` but showing dates; reused if it already exists."""
        key = (style, f"numFmt{fmt_id}")
        if key not in self._derived:
            xf = copy.deepcopy(self._xf(style))
            xf.set("numFmtId", str(fmt_id))
            xf.set("applyNumberFormat", "1")
            self._derived[key] = self._find_or_append(xf)
        return self._derived[key]

    def bold(self, style: int) -> int:
        key = (style, "bold")
        if key not in self._derived:
            xf = copy.deepcopy(self._xf(style))
            xf.set("fontId", str(self._bold_font(int(xf.get("fontId", "0")))))
            xf.set("applyFont", "1")
            self._derived[key] = self._find_or_append(xf)
        return self._derived[key]

    def _bold_font(self, font_id: int) -> int:
        fonts = self.root.find(_qn(self.ns, "fonts"))
        if fonts is None or not len(fonts):
            return font_id
        base = list(fonts)[font_id if font_id < len(fonts) else 0]
        if base.find(_qn(self.ns, "b")) is not None:
            return font_id
        font = copy.deepcopy(base)
        font.insert(0, etree.Element(_qn(self.ns, "b")))  # <b> comes first in a <font>
        return self._find_or_append_in(fonts, font)

    def _find_or_append(self, xf: etree._Element) -> int:
        return self._find_or_append_in(self.cell_xfs, xf)

    def _find_or_append_in(self, holder: etree._Element, element: etree._Element) -> int:
        wanted = _canonical(element)
        for index, existing in enumerate(holder):
            if _canonical(existing) == wanted:
                return index
        holder.append(element)
        holder.set("count", str(len(holder)))
        self.package.dirty.add(self.part)
        return len(holder) - 1


def _canonical(element: etree._Element) -> tuple[str, tuple[tuple[str, str], ...], bytes]:
    children = b"".join(etree.tostring(child) for child in element)
    attributes = tuple(sorted((str(k), str(v)) for k, v in element.attrib.items()))
    return str(element.tag), attributes, children


def _has_value(cell: etree._Element) -> bool:
    return any(_local(child) in {"v", "is", "f"} for child in cell)


class _SheetPatch:
    """One worksheet part: rows and cells indexed by position, edited in place."""

    def __init__(
        self,
        package: _Package,
        part: str,
        workbook: _Workbook | None,
        *,
        data_start_row: int,
    ) -> None:
        self.package = package
        self.part = part
        self.workbook = workbook
        self.data_start_row = data_start_row
        self.root = package.root(part)
        self.ns = etree.QName(self.root).namespace or NS_MAIN
        sheet_data = self.root.find(_qn(self.ns, "sheetData"))
        if sheet_data is None:
            sheet_data = etree.SubElement(self.root, _qn(self.ns, "sheetData"))
        self.sheet_data = sheet_data
        self.rows: dict[int, etree._Element] = {}
        self.cells: dict[int, dict[int, etree._Element]] = {}
        self._index()
        self.row_numbers = sorted(self.rows)
        self.written: dict[tuple[int, int], CellValue] = {}

    def _index(self) -> None:
        """Give every row and cell an explicit position (Excel lets them be implied)."""
        row_number = 0
        for row in self.sheet_data.iterfind(_qn(self.ns, "row")):
            row_number = int(row.get("r") or row_number + 1)
            row.set("r", str(row_number))
            self.rows[row_number] = row
            self.cells[row_number] = {}
            col = 0
            for cell in row.iterfind(_qn(self.ns, "c")):
                col = parse_cell_ref(cell.get("r", ""))[1] if cell.get("r") else col + 1
                cell.set("r", cell_ref(row_number, col))
                self.cells[row_number][col] = cell

    def apply(
        self, cells: Mapping[tuple[int, int], CellValue], *, bold: set[tuple[int, int]]
    ) -> bool:
        """Write the cells in row order; return whether a formula cell was overwritten."""
        touched_formula = False
        for (row, col), value in sorted(cells.items()):
            if row < 1 or col < 1:
                raise ValueError(f"cell positions are 1-based, got {(row, col)}")
            touched_formula |= self._write(row, col, value, bold=(row, col) in bold)
        if cells:
            self._update_dimension()
            self._extend_tables()
            self.package.dirty.add(self.part)
        return touched_formula

    def _write(self, row: int, col: int, value: CellValue, *, bold: bool) -> bool:
        if row not in self.rows and value is None:
            return False  # nothing to clear
        if row not in self.rows:
            self._row(row)
        cell = self.cells[row].get(col)
        if cell is None and value is None:
            return False  # nothing to clear, and the row keeps its own look
        if cell is None:
            cell = self._new_cell(row, col, value)
        touched_formula = self._clear(cell)
        self.written[(row, col)] = value
        workbook = self.workbook
        assert workbook is not None, "only patch_xlsx writes cells"
        if value is not None:
            _set_value(cell, value, workbook=workbook, ns=self.ns)
        if bold:
            cell.set("s", str(workbook.styles.bold(int(cell.get("s", "0")))))
        return touched_formula

    def _row(self, row: int) -> etree._Element:
        if row in self.rows:
            return self.rows[row]
        numbers = self.row_numbers
        position = bisect_left(numbers, row)
        element = etree.Element(_qn(self.ns, "row"))
        element.set("r", str(row))
        if position < len(numbers):
            self.rows[numbers[position]].addprevious(element)
        else:
            self.sheet_data.append(element)
        above = self._row_above(row)
        template = self.rows[above] if above else None
        numbers.insert(position, row)
        self.rows[row] = element
        self.cells[row] = {}
        if template is not None:
            self._copy_row_look(template, element, row)
        return element

    def _copy_row_look(self, template: etree._Element, element: etree._Element, row: int) -> None:
        """A new row looks like the row above: height, row style, and each styled cell."""
        for key, value in template.attrib.items():
            if etree.QName(key).localname not in ROW_ATTRIBUTES_NOT_COPIED:
                element.set(key, value)
        above = self.cells[int(template.get("r", "0"))]
        for col, cell in sorted(above.items()):
            if cell.get("s", "0") != "0":
                styled = etree.SubElement(element, _qn(self.ns, "c"))
                styled.set("r", cell_ref(row, col))
                styled.set("s", cell.get("s", "0"))
                self.cells[row][col] = styled

    def _new_cell(self, row: int, col: int, value: CellValue) -> etree._Element:
        row_element = self._row(row)
        cols = sorted(self.cells[row])
        position = bisect_left(cols, col)
        cell = etree.Element(_qn(self.ns, "c"))
        cell.set("r", cell_ref(row, col))
        style = self._style_for_new_cell(row, col, value)
        if style:
            cell.set("s", style)
        if position < len(cols):
            self.cells[row][cols[position]].addprevious(cell)
        elif cols:
            self.cells[row][cols[-1]].addnext(cell)
        else:
            row_element.insert(0, cell)
        self.cells[row][col] = cell
        _widen_spans(row_element, col)
        return cell

    def _row_above(self, row: int) -> int:
        """The nearest existing data row above (0 if none): titles and headers never count."""
        position = bisect_left(self.row_numbers, row)
        above = self.row_numbers[position - 1] if position else 0
        return above if above >= self.data_start_row else 0

    def _style_for_new_cell(self, row: int, col: int, value: CellValue) -> str:
        """The style of the cell above; for text with nothing above, that of text to the left."""
        above = self._row_above(row)
        if above and col in self.cells[above]:
            return self.cells[above][col].get("s", "")
        left = [c for c in self.cells[row] if c < col]
        if isinstance(value, str) and left:
            neighbour = self.cells[row][max(left)]
            if neighbour.get("t") in {"s", "inlineStr", "str"}:
                return neighbour.get("s", "")
        row_element = self.rows[row]
        return row_element.get("s", "") if row_element.get("customFormat") in {"1", "true"} else ""

    def _clear(self, cell: etree._Element) -> bool:
        """Drop the value (and formula) but keep the style; say whether a formula was there."""
        formula = cell.find(_qn(self.ns, "f"))
        if formula is not None:
            self._release_shared_formula(cell, formula)
        for child in list(cell):
            if _local(child) in {"f", "v", "is"}:
                cell.remove(child)
        for attribute in ("t", "cm", "vm"):
            if attribute in cell.attrib:
                del cell.attrib[attribute]
        return formula is not None

    def _release_shared_formula(self, cell: etree._Element, formula: etree._Element) -> None:
        """Overwriting a shared formula's master hands its text to the next cell of the group."""
        if formula.get("t") != "shared" or not (formula.text or "").strip():
            return
        group = formula.get("si")
        members = [
            (parse_cell_ref(c.get("r", "")), f)
            for c in self.root.iter(_qn(self.ns, "c"))
            if c is not cell
            and (f := c.find(_qn(self.ns, "f"))) is not None
            and f.get("t") == "shared"
            and f.get("si") == group
        ]
        if not members:
            return
        from openpyxl.formula.translate import Translator  # only for this rare case

        (row, col), heir = min(members, key=lambda member: member[0])
        origin = cell.get("r", "")
        heir.text = Translator("=" + (formula.text or ""), origin=origin).translate_formula(
            cell_ref(row, col)
        )[1:]
        rows = [position[0] for position, _ in members]
        cols = [position[1] for position, _ in members]
        heir.set("ref", range_ref(min(rows), min(cols), max(rows), max(cols)))

    def _update_dimension(self) -> None:
        positions = [(r, c) for r, cells in self.cells.items() for c in cells]
        if not positions:
            return
        top, left, bottom, right = (
            min(r for r, _ in positions),
            min(c for _, c in positions),
            max(r for r, _ in positions),
            max(c for _, c in positions),
        )
        dimension = self.root.find(_qn(self.ns, "dimension"))
        if dimension is None:
            dimension = etree.Element(_qn(self.ns, "dimension"))
            properties = self.root.find(_qn(self.ns, "sheetPr"))
            if properties is not None:
                properties.addnext(dimension)
            else:
                self.root.insert(0, dimension)
        try:
            old = parse_range(dimension.get("ref", ""))
            top, left = min(top, old[0]), min(left, old[1])
            bottom, right = max(bottom, old[2]), max(right, old[3])
        except ValueError:
            pass  # a broken dimension is simply replaced
        single = (top, left) == (bottom, right)
        dimension.set("ref", cell_ref(top, left) if single else range_ref(top, left, bottom, right))

    def _extend_tables(self) -> None:
        for _, table_part in self.package.related(self.part, "/table"):
            if self.package.has(table_part):
                _extend_table(self.package, table_part, self.written)


def _widen_spans(row: etree._Element, col: int) -> None:
    """`spans` is an optional hint of the row's first:last column; keep it true."""
    spans = row.get("spans", "")
    first, _, last = spans.partition(":")
    if first.isdigit() and last.isdigit():
        row.set("spans", f"{min(int(first), col)}:{max(int(last), col)}")
    elif spans:
        del row.attrib["spans"]


def _set_value(cell: etree._Element, value: CellValue, *, workbook: _Workbook, ns: str) -> None:
    if isinstance(value, bool):
        cell.set("t", "b")
        _add_child(cell, ns, "v", "1" if value else "0")
    elif isinstance(value, int | float):
        _add_child(cell, ns, "v", number_text(value))
    elif isinstance(value, date):
        _set_date(cell, value, workbook=workbook, ns=ns)
    else:
        _set_text(cell, str(value), ns=ns)


def _set_date(cell: etree._Element, value: date, *, workbook: _Workbook, ns: str) -> None:
    try:
        serial = excel_serial(value, date1904=workbook.date1904)
    except ValueError:
        _set_text(cell, value.isoformat(), ns=ns)  # Excel cannot hold it as a date
        return
    _add_child(cell, ns, "v", number_text(serial))
    style = int(cell.get("s", "0"))
    if not workbook.styles.is_date(style):
        fmt = DATETIME_FORMAT_ID if isinstance(value, datetime) else DATE_FORMAT_ID
        cell.set("s", str(workbook.styles.with_number_format(style, fmt)))


def _set_text(cell: etree._Element, text: str, *, ns: str) -> None:
    """User text is always an inline string, so Excel never evaluates it as a formula."""
    cell.set("t", "inlineStr")
    inline = etree.Element(_qn(ns, "is"))
    content = etree.SubElement(inline, _qn(ns, "t"))
    content.text = xml_safe_text(text)
    if content.text != content.text.strip() or "\n" in content.text:
        content.set(_qn(NS_XML, "space"), "preserve")
    cell.insert(0, inline)


def _add_child(cell: etree._Element, ns: str, tag: str, text: str) -> None:
    child = etree.Element(_qn(ns, tag))
    child.text = text
    cell.insert(0, child)  # value elements come before any extLst


def xml_safe_text(text: str) -> str:
    """Control characters XML cannot hold as Excel escapes them (`_x0007_`), capped in length."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _XML_ILLEGAL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return text[:MAX_EXCEL_TEXT]


def number_text(value: float | int) -> str:
    """The shortest text that reads back as the same number; whole floats without `.0`."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"Excel cannot store {value} as a number")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _extend_table(
    package: _Package, part: str, written: Mapping[tuple[int, int], CellValue]
) -> None:
    """Grow an Excel table over rows appended right below it and header cells right of it."""
    root = package.root(part)
    ns = etree.QName(root).namespace or NS_MAIN
    if int(root.get("totalsRowCount", "0") or "0"):
        return  # rows below a totals row are not part of the table
    top, left, bottom, right = parse_range(root.get("ref", "A1"))
    filled_rows = {r for (r, c), v in written.items() if left <= c <= right and v is not None}
    while bottom + 1 in filled_rows:
        bottom += 1
    has_header = root.get("headerRowCount", "1") != "0"
    while has_header and isinstance(written.get((top, right + 1)), str):
        right += 1
        _add_table_column(root, ns, str(written[(top, right)]))
    new_ref = range_ref(top, left, bottom, right)
    if new_ref == root.get("ref"):
        return
    root.set("ref", new_ref)
    auto_filter = root.find(_qn(ns, "autoFilter"))
    if auto_filter is not None:
        auto_filter.set("ref", new_ref)
    package.dirty.add(part)


def _add_table_column(root: etree._Element, ns: str, name: str) -> None:
    columns = root.find(_qn(ns, "tableColumns"))
    if columns is None:
        return
    ids = [int(c.get("id", "0")) for c in columns]
    column = etree.SubElement(columns, _qn(ns, "tableColumn"))
    column.set("id", str(max(ids, default=0) + 1))
    column.set("name", name)
    columns.set("count", str(len(columns)))


def sheet_parts(source: bytes) -> dict[str, str]:
    """Tab name -> worksheet part path, for every worksheet tab (chart sheets have none)."""
    package = _Package(source, "workbook")
    workbook = _Workbook(package)
    names = [sheet.get("name", "") for sheet in workbook.sheets()]
    parts: dict[str, str] = {}
    for name in names:
        try:
            part = workbook.sheet_part(name)
        except WorkbookError:
            continue  # chart sheets have no cells
        if part is not None:
            parts[name] = part
    return parts


def owned_parts(source: bytes, sheet_names: Iterable[str]) -> set[str]:
    """The zip entries an edit of these tabs may rewrite: the sheets, their rels and tables."""
    package = _Package(source, "workbook")
    workbook = _Workbook(package)
    owned: set[str] = set()
    for name in sheet_names:
        part = workbook.sheet_part(name)
        if part is None:
            continue
        owned |= {part, package.rels_part(part)}
        owned |= {target for _, target in package.related(part, "/table")}
    return owned
