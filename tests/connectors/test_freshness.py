"""The workbook's modified time: Excel's own record (docProps/core.xml), else the file's."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from connectors.freshness import modified_from_core_xml, workbook_modified


def with_core_modified(data: bytes, stamp: str) -> bytes:
    """Rewrite docProps/core.xml's dcterms:modified (openpyxl stamps 'now' on every save)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                start = content.index(b">", content.index(b"<dcterms:modified")) + 1
                end = content.index(b"</dcterms:modified>")
                content = content[:start] + stamp.encode() + content[end:]
            target.writestr(item, content)
    return out.getvalue()


def saved_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_modified_comes_from_core_xml() -> None:
    data = with_core_modified(saved_workbook(), "2026-10-01T08:15:00Z")
    assert modified_from_core_xml(data) == datetime(2026, 10, 1, 8, 15, tzinfo=UTC)


def test_core_xml_wins_over_the_file_mtime(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(with_core_modified(saved_workbook(), "2026-10-01T08:15:00Z"))
    assert workbook_modified(path) == datetime(2026, 10, 1, 8, 15, tzinfo=UTC)


def test_file_mtime_when_core_xml_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buffer.getvalue())
    moment = datetime(2026, 9, 9, 12, 0, tzinfo=UTC).timestamp()
    os.utime(path, (moment, moment))
    assert workbook_modified(path) == datetime(2026, 9, 9, 12, 0, tzinfo=UTC)
    assert workbook_modified(buffer.getvalue()) is None


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_files_have_no_modified_time(data: bytes) -> None:
    assert modified_from_core_xml(data) is None
