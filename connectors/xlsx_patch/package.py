"""The .xlsx as a zip of XML parts: parsed on demand, re-assembled keeping untouched bytes."""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Mapping
from io import BytesIO

from lxml import etree

from connectors.errors import Problem, WorkbookError
from connectors.xlsx_parts import rels_part, resolve
from connectors.zip_raw import rebuild_zip

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_XML = "http://www.w3.org/XML/1998/namespace"
CONTENT_TYPES = "[Content_Types].xml"
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


def qn(namespace: str, tag: str) -> str:
    """The qualified name lxml uses: `{namespace}tag`."""
    return f"{{{namespace}}}{tag}"


def local(element: etree._Element) -> str:
    """The tag without its namespace."""
    return etree.QName(element).localname


def problem(package: Package, message: str, sheet: str = "") -> WorkbookError:
    return WorkbookError([Problem(file=package.name, sheet=sheet, message=message)])


class Package:
    """The zip's entries: parsed on demand, re-serialised only when marked dirty."""

    def __init__(self, source: bytes, name: str) -> None:
        self.name = name
        self.source = source
        try:
            self.zip = zipfile.ZipFile(BytesIO(source))
            self.infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError) as error:
            raise problem(self, f"is not an .xlsx file ({error}); export it again") from error
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
                raise problem(self, f"part {part} is missing or broken ({error})") from error
            self.trees[part] = etree.ElementTree(_without_doctype(root))
        return self.trees[part]

    def root(self, part: str) -> etree._Element:
        return self.tree(part).getroot()

    def add(self, part: str, root: etree._Element) -> None:
        self.trees[part] = etree.ElementTree(root)
        self.added.append(part)
        self.dirty.add(part)

    def related(self, part: str, type_suffix: str) -> list[tuple[etree._Element, str]]:
        """(Relationship element, target part) for every internal rel of a part of that type."""
        rels = rels_part(part)
        if not self.has(rels):
            return []
        found = []
        for rel in self.root(rels):
            internal = rel.get("TargetMode", "Internal") == "Internal"
            if internal and rel.get("Type", "").endswith(type_suffix):
                found.append((rel, resolve(part, rel.get("Target", ""))))
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


def _without_doctype(root: etree._Element) -> etree._Element:
    """A part's root without a DOCTYPE: an attacker's entity declarations (SYSTEM ones included)
    are never carried into a part the product writes; entity references are dropped."""
    if not getattr(root.getroottree().docinfo, "doctype", ""):  # not in lxml-stubs
        return root
    for entity in list(root.iter(etree.Entity)):
        _remove_keeping_tail(entity)
    return copy.deepcopy(root)  # a document of its own: no DTD


def _remove_keeping_tail(node: etree._Element) -> None:
    parent, tail = node.getparent(), node.tail or ""
    if parent is None:
        return
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


class XmlPart:
    """One XML part of the package, its root, and the namespace its elements use."""

    def __init__(self, package: Package, part: str) -> None:
        self.package = package
        self.part = part
        self.root = package.root(part)
        self.ns = etree.QName(self.root).namespace or NS_MAIN

    def tag(self, name: str) -> str:
        """`name` qualified with this part's namespace."""
        return qn(self.ns, name)
