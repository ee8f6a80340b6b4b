"""styles.xml: finds or appends the cell formats the export needs, never reorders any."""

from __future__ import annotations

import copy
import re

from lxml import etree

from connectors.xlsx_patch.package import Package, XmlPart, problem

# Excel's built-in number formats that show dates or times (ECMA-376 18.8.30, plus the East
# Asian and Thai locale ids Excel maps to dates).
BUILTIN_DATE_FORMATS = frozenset(
    [*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)]
)
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)


class Styles(XmlPart):
    """styles.xml: finds or appends the cell formats the export needs, never reorders any."""

    def __init__(self, package: Package, part: str) -> None:
        super().__init__(package, part)
        cell_xfs = self.root.find(self.tag("cellXfs"))
        if cell_xfs is None:
            raise problem(package, "styles.xml has no cell formats; open and save it in Excel")
        self.cell_xfs = cell_xfs
        self.custom_formats = {
            int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
            for fmt in self.root.iterfind(f"{self.tag('numFmts')}/{self.tag('numFmt')}")
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
        fonts = self.root.find(self.tag("fonts"))
        if fonts is None or not len(fonts):
            return font_id
        base = list(fonts)[font_id if font_id < len(fonts) else 0]
        if base.find(self.tag("b")) is not None:
            return font_id
        font = copy.deepcopy(base)
        font.insert(0, etree.Element(self.tag("b")))  # <b> comes first in a <font>
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
