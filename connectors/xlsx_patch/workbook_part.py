"""workbook.xml, its rels and the package index: tabs by name, styles, the calculation chain."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from connectors.xlsx_parts import rels_part
from connectors.xlsx_patch.package import (
    CONTENT_TYPES,
    NS_CONTENT_TYPES,
    Package,
    XmlPart,
    problem,
    qn,
)
from connectors.xlsx_patch.styles import Styles


class Workbook(XmlPart):
    """workbook.xml, its rels and the package index: tabs by name, styles, calc chain."""

    def __init__(self, package: Package) -> None:
        office = package.related("", "/officeDocument") if package.has("_rels/.rels") else []
        part = office[0][1] if office else "xl/workbook.xml"
        if not package.has(part):
            raise problem(package, "has no workbook part; it is not an Excel workbook")
        super().__init__(package, part)
        self.date1904 = self._date1904()
        self._styles: Styles | None = None

    def _date1904(self) -> bool:
        properties = self.root.find(self.tag("workbookPr"))
        flag = properties.get("date1904", "0") if properties is not None else "0"
        return flag.strip().lower() in {"1", "true"}

    def sheets(self) -> list[etree._Element]:
        holder = self.root.find(self.tag("sheets"))
        return [] if holder is None else list(holder.iter(self.tag("sheet")))

    def sheet_part(self, name: str) -> str | None:
        """The worksheet part of a tab; Excel tab names are unique case-insensitively."""
        matches = [s for s in self.sheets() if s.get("name", "").casefold() == name.casefold()]
        if not matches:
            return None
        rel_id = next((v for k, v in matches[0].attrib.items() if str(k).endswith("}id")), "")
        for rel, target in self.package.related(self.part, ""):
            if rel.get("Id") == rel_id:
                if not rel.get("Type", "").endswith("/worksheet"):
                    raise problem(self.package, "is a chart or dialog sheet, not a table", name)
                return target
        raise problem(self.package, "is listed but its sheet part is missing", name)

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            found = self.package.related(self.part, "/styles")
            if not found:
                raise problem(self.package, "has no styles part; open and save it in Excel")
            self._styles = Styles(self.package, found[0][1])
        return self._styles

    def drop_calc_chain(self) -> None:
        """Excel rebuilds the calculation chain; a stale one after a formula edit can crash it."""
        rels = rels_part(self.part)
        for rel, target in self.package.related(self.part, "/calcChain"):
            self.package.root(rels).remove(rel)
            self.package.dirty.add(rels)
            self.package.removed.add(target)
            _drop_override(self.package, target)


def _drop_override(package: Package, part: str) -> None:
    root = package.root(CONTENT_TYPES)
    for override in root.findall(qn(NS_CONTENT_TYPES, "Override")):
        if override.get("PartName", "").lstrip("/") == part:
            root.remove(override)
            package.dirty.add(CONTENT_TYPES)


def owned_parts(source: bytes, sheet_names: Iterable[str]) -> set[str]:
    """The zip entries an edit of these tabs may rewrite: the sheets, their rels and tables."""
    package = Package(source, "workbook")
    workbook = Workbook(package)
    owned: set[str] = set()
    for name in sheet_names:
        part = workbook.sheet_part(name)
        if part is None:
            continue
        owned |= {part, rels_part(part)}
        owned |= {target for _, target in package.related(part, "/table")}
    return owned
