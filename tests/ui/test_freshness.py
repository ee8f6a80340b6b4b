"""SPEC: data older than a week is flagged as stale on every page (ui/freshness.py): the banner
the shell shows, and when each kind of source was last saved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.sources import (
    SourceKind,
    Upload,
    WorkbookSource,
    file_version,
    local_source,
    upload_source,
)
from app.workbooks import Opened
from tests.app_fixtures import empty_workbook, run_app
from tests.connectors.test_freshness import with_core_modified
from tests.scenario import scenario_workbook
from ui.freshness import modified_time


def test_stale_workbook_is_bannered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = scenario_workbook(tmp_path / "old.xlsx")
    path.write_bytes(with_core_modified(path.read_bytes(), "2026-11-01T08:00:00Z"))
    app = run_app(path, monkeypatch, as_of="2026-11-23")  # 22 days > 7
    assert not app.exception
    assert "Stale data" in app.warning[0].value
    assert "last modified 2026-11-01" in app.warning[0].value
    fresh = run_app(path, monkeypatch, as_of="2026-11-08")  # exactly 7 days: fresh
    assert not fresh.warning


STAMP = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)  # what with_core_modified writes below


@pytest.fixture
def stamped(tmp_path: Path) -> Path:
    """The scenario as Excel saved it on Sun 1 Nov 08:00 UTC (its core.xml says so)."""
    path = scenario_workbook(tmp_path / "stamped.xlsx")
    path.write_bytes(with_core_modified(path.read_bytes(), "2026-11-01T08:00:00Z"))
    return path


def test_a_local_file_is_as_old_as_excel_says_not_its_mtime(stamped: Path) -> None:
    opened = Opened(empty_workbook(), local_source(stamped, file_version(stamped) or ""), None)
    assert modified_time(opened) == STAMP  # the file itself was written just now


def test_bytes_read_are_as_old_as_excel_says(stamped: Path) -> None:
    upload = Upload("stamped.xlsx", stamped.read_bytes())
    assert modified_time(Opened(empty_workbook(), upload_source(upload), upload.data)) == STAMP


def test_the_live_file_is_as_old_as_sharepoint_says(stamped: Path) -> None:
    saved = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    source = WorkbookSource(
        SourceKind.SHAREPOINT, "https://x/f.xlsx", "sharepoint:f", '"{A},3"', modified_at=saved
    )
    # SharePoint's own record wins over the bytes' core.xml (a download may not restamp it).
    assert modified_time(Opened(empty_workbook(), source, stamped.read_bytes())) == saved
