"""Stale-data banner rules (SPEC: data older than a week) and the workbook's modified time."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from connectors.freshness import modified_from_core_xml, workbook_modified
from pulse.freshness import stale_sources

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("modified", "exported", "stale"),
    [
        (datetime(2026, 11, 16, 9), None, []),  # exactly 7 days: not more than 7
        (datetime(2026, 11, 15, 23, 59), None, ["workbook"]),  # 8 days
        (None, datetime(2026, 11, 16), []),
        (None, datetime(2026, 11, 15), ["ticket"]),
        (datetime(2026, 10, 1), datetime(2026, 10, 1), ["workbook", "ticket"]),
        (None, None, []),  # unknown is not stale
        (datetime(2026, 12, 1), None, []),  # modified after the as-of date
    ],
)
def test_stale_sources(
    modified: datetime | None, exported: datetime | None, stale: list[str]
) -> None:
    messages = stale_sources(
        workbook_modified=modified, tickets_exported=exported, as_of=AS_OF, stale_days=7
    )
    assert len(messages) == len(stale)
    for message, source in zip(messages, stale, strict=True):
        assert source in message.casefold()


def test_stale_days_is_configurable() -> None:
    modified = datetime(2026, 11, 20)
    assert stale_sources(
        workbook_modified=modified, tickets_exported=None, as_of=AS_OF, stale_days=2
    )
    assert not stale_sources(
        workbook_modified=modified, tickets_exported=None, as_of=AS_OF, stale_days=3
    )


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


def test_ticket_export_time_is_the_newest_created() -> None:
    import pandas as pd

    from pulse.freshness import ticket_export_time

    created = pd.to_datetime(["2026-11-01T10:00Z", "2026-11-20T09:30Z", None], utc=True)
    assert ticket_export_time(pd.DataFrame({"created": created})) == datetime(
        2026, 11, 20, 9, 30, tzinfo=UTC
    )
    assert ticket_export_time(None) is None
    assert ticket_export_time(pd.DataFrame({"created": pd.to_datetime([], utc=True)})) is None
