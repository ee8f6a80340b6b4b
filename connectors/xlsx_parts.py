"""Where things live inside an .xlsx package, read with the standard library.

Relationships sit in `_rels/<part>.rels` beside each part and point at targets relative to that
part's folder; `sheet_parts` follows them from the package to each worksheet tab. The workbook
reader needs this on every read, and the export's XML library (lxml) is heavy to import, so the
reader and the export share this one light version.
"""

from __future__ import annotations

import posixpath
import zipfile
from io import BytesIO
from xml.etree import ElementTree

from connectors.errors import Problem, WorkbookError

PACKAGE_RELS = "_rels/.rels"
DEFAULT_WORKBOOK = "xl/workbook.xml"


def rels_part(part: str) -> str:
    """The part holding `part`'s relationships ("" is the package itself)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def resolve(source_part: str, target: str) -> str:
    """The part a relationship of `source_part` points at (targets are relative to its folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def sheet_parts(source: bytes) -> dict[str, str]:
    """Tab name -> worksheet part path, for every worksheet tab (chart sheets have none)."""
    try:
        with zipfile.ZipFile(BytesIO(source)) as package:
            return _worksheet_parts(package)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as error:
        problem = Problem(file="workbook", message=f"is not a readable .xlsx file ({error})")
        raise WorkbookError([problem]) from error


def _worksheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    workbook = _workbook_part(package)
    worksheets = {
        rel_id: target
        for rel_id, (kind, target) in _relationships(package, workbook).items()
        if kind.endswith("/worksheet")
    }
    root = ElementTree.fromstring(package.read(workbook))
    parts: dict[str, str] = {}
    for sheet in root.iterfind(f"{_namespace(root)}sheets/{_namespace(root)}sheet"):
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
        if rel_id in worksheets:
            parts[sheet.get("name", "")] = worksheets[rel_id]
    return parts


def _workbook_part(package: zipfile.ZipFile) -> str:
    if PACKAGE_RELS not in package.namelist():
        return DEFAULT_WORKBOOK
    office = [
        t for kind, t in _relationships(package, "").values() if kind.endswith("/officeDocument")
    ]
    return office[0] if office else DEFAULT_WORKBOOK


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) for the internal relationships of `part`."""
    rels = rels_part(part)
    if rels not in package.namelist():
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in ElementTree.fromstring(package.read(rels)):
        if rel.get("TargetMode", "Internal") == "Internal":
            found[rel.get("Id", "")] = (rel.get("Type", ""), resolve(part, rel.get("Target", "")))
    return found


def _namespace(element: ElementTree.Element) -> str:
    """`{namespace}` of an element's tag ("" when it has none), to find its children."""
    return element.tag.partition("}")[0] + "}" if element.tag.startswith("{") else ""
