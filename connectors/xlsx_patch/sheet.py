"""One worksheet part edited in place: rows and cells found by position, styles carried down.

Only the cells written change; a new row looks like the data row above it, a cleared cell keeps
its style, and overwriting a shared formula's first cell hands the formula on.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from lxml import etree

from connectors.xlsx_patch.package import Package, XmlPart, local
from connectors.xlsx_patch.refs import cell_ref, parse_cell_ref, parse_range, range_ref
from connectors.xlsx_patch.tables import extend_table
from connectors.xlsx_patch.values import CellValue, set_value
from connectors.xlsx_patch.workbook_part import Workbook

ROW_ATTRIBUTES_NOT_COPIED = frozenset({"r", "hidden", "collapsed", "outlineLevel"})


def has_value(cell: etree._Element) -> bool:
    """Whether a <c> holds a value or a formula (a styled empty cell does not)."""
    return any(local(child) in {"v", "is", "f"} for child in cell)


class SheetPatch(XmlPart):
    """One worksheet part: rows and cells indexed by position, edited in place."""

    def __init__(
        self,
        package: Package,
        part: str,
        workbook: Workbook | None,
        *,
        data_start_row: int,
    ) -> None:
        super().__init__(package, part)
        self.workbook = workbook
        self.data_start_row = data_start_row
        sheet_data = self.root.find(self.tag("sheetData"))
        if sheet_data is None:
            sheet_data = etree.SubElement(self.root, self.tag("sheetData"))
        self.sheet_data = sheet_data
        self.rows: dict[int, etree._Element] = {}
        self.cells: dict[int, dict[int, etree._Element]] = {}
        self._index()
        self.row_numbers = sorted(self.rows)
        self.written: dict[tuple[int, int], CellValue] = {}

    def _index(self) -> None:
        """Give every row and cell an explicit position (Excel lets them be implied)."""
        row_number = 0
        for row in self.sheet_data.iterfind(self.tag("row")):
            row_number = int(row.get("r") or row_number + 1)
            row.set("r", str(row_number))
            self.rows[row_number] = row
            self.cells[row_number] = {}
            col = 0
            for cell in row.iterfind(self.tag("c")):
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
            set_value(cell, value, workbook=workbook, ns=self.ns)
        if bold:
            cell.set("s", str(workbook.styles.bold(int(cell.get("s", "0")))))
        return touched_formula

    def _row(self, row: int) -> etree._Element:
        if row in self.rows:
            return self.rows[row]
        numbers = self.row_numbers
        position = bisect_left(numbers, row)
        element = etree.Element(self.tag("row"))
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
                styled = etree.SubElement(element, self.tag("c"))
                styled.set("r", cell_ref(row, col))
                styled.set("s", cell.get("s", "0"))
                self.cells[row][col] = styled

    def _new_cell(self, row: int, col: int, value: CellValue) -> etree._Element:
        row_element = self._row(row)
        cols = sorted(self.cells[row])
        position = bisect_left(cols, col)
        cell = etree.Element(self.tag("c"))
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
        formula = cell.find(self.tag("f"))
        if formula is not None:
            self._release_shared_formula(cell, formula)
        for child in list(cell):
            if local(child) in {"f", "v", "is"}:
                cell.remove(child)
        for attribute in ("t", "cm", "vm"):
            if attribute in cell.attrib:
                del cell.attrib[attribute]
        return formula is not None

    def _release_shared_formula(self, cell: etree._Element, formula: etree._Element) -> None:
        """Overwriting a shared formula's master hands its text to the next cell of the group."""
        if formula.get("t") != "shared" or not (formula.text or "").strip():
            return
        members = self._shared_formula_members(cell, formula.get("si"))
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

    def _shared_formula_members(
        self, master: etree._Element, group: str | None
    ) -> list[tuple[tuple[int, int], etree._Element]]:
        """((row, col), <f>) of the other cells sharing the formula of group `group`."""
        return [
            (parse_cell_ref(c.get("r", "")), f)
            for c in self.root.iter(self.tag("c"))
            if c is not master
            and (f := c.find(self.tag("f"))) is not None
            and f.get("t") == "shared"
            and f.get("si") == group
        ]

    def _update_dimension(self) -> None:
        positions = [(r, c) for r, cells in self.cells.items() for c in cells]
        if not positions:
            return
        top, left = min(r for r, _ in positions), min(c for _, c in positions)
        bottom, right = max(r for r, _ in positions), max(c for _, c in positions)
        dimension = self._dimension()
        try:
            old = parse_range(dimension.get("ref", ""))
            top, left = min(top, old[0]), min(left, old[1])
            bottom, right = max(bottom, old[2]), max(right, old[3])
        except ValueError:
            pass  # a broken dimension is simply replaced
        single = (top, left) == (bottom, right)
        dimension.set("ref", cell_ref(top, left) if single else range_ref(top, left, bottom, right))

    def _dimension(self) -> etree._Element:
        """The sheet's <dimension>, added where the schema wants it when missing."""
        dimension = self.root.find(self.tag("dimension"))
        if dimension is None:
            dimension = etree.Element(self.tag("dimension"))
            properties = self.root.find(self.tag("sheetPr"))
            if properties is not None:
                properties.addnext(dimension)
            else:
                self.root.insert(0, dimension)
        return dimension

    def _extend_tables(self) -> None:
        for _, table_part in self.package.related(self.part, "/table"):
            if self.package.has(table_part):
                extend_table(self.package, table_part, self.written)


def _widen_spans(row: etree._Element, col: int) -> None:
    """`spans` is an optional hint of the row's first:last column; keep it true."""
    spans = row.get("spans", "")
    first, _, last = spans.partition(":")
    if first.isdigit() and last.isdigit():
        row.set("spans", f"{min(int(first), col)}:{max(int(last), col)}")
    elif spans:
        del row.attrib["spans"]
