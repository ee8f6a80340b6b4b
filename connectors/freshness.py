"""When the workbook was last modified: docProps/core.xml's dcterms:modified, else the file's mtime.

Excel stamps dcterms:modified on every save, so it survives a SharePoint download (which gives the
local file a fresh mtime); the file's mtime is the fallback for workbooks without it.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

CORE_PROPERTIES = "docProps/core.xml"
# Any namespace prefix; the value is W3CDTF (ISO 8601, usually ending in Z).
MODIFIED_PATTERN = re.compile(rb"<(?:\w+:)?modified\b[^>]*>\s*([^<\s]+)\s*</")
# core.xml is a few hundred bytes; refuse to read a pathological one.
MAX_CORE_BYTES = 1_000_000


def modified_from_core_xml(data: bytes) -> datetime | None:
    """dcterms:modified of an .xlsx held in `data` (UTC), or None when absent or unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(CORE_PROPERTIES)
            if info.file_size > MAX_CORE_BYTES:
                return None
            core = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    match = MODIFIED_PATTERN.search(core)
    if match is None:
        return None
    return _parse_w3cdtf(match.group(1).decode("ascii", errors="replace"))


def _parse_w3cdtf(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def file_mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None


def workbook_modified(source: Path | bytes) -> datetime | None:
    """When the workbook was last saved: core.xml's stamp, else (for a path) the file's mtime."""
    if isinstance(source, bytes):
        return modified_from_core_xml(source)
    try:
        data = source.read_bytes()
    except OSError:
        return None
    return modified_from_core_xml(data) or file_mtime(source)
