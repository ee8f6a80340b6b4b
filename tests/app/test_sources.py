"""Which workbook and which version of it (app/sources.py): an upload's version names its bytes
and how they are read, a local file's is its mtime and size, and a copy served in an outage
says so."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from app.sources import (
    SourceKind,
    Upload,
    WorkbookSource,
    file_url,
    file_version,
    local_source,
    outage_message,
    unchanged_bytes,
    upload_source,
    who_saved,
)
from connectors.sharepoint import SharePointSettings

MAPPING = {"ticket": "ID", "client": "Company"}


def test_the_same_upload_read_the_same_way_is_the_same_version() -> None:
    first = Upload("t.csv", b"a,b\n1,2\n", preset=None, mapping=dict(MAPPING))
    again = Upload("t.csv", b"a,b\n1,2\n", preset=None, mapping=dict(reversed(MAPPING.items())))
    assert first.version == again.version  # the mapping's order does not matter


@pytest.mark.parametrize(
    "other",
    [
        Upload("t.csv", b"a,b\n1,3\n", mapping=MAPPING),  # other bytes
        Upload("t.csv", b"a,b\n1,2\n", preset="generic", mapping=MAPPING),  # a preset
        Upload("t.csv", b"a,b\n1,2\n", mapping={**MAPPING, "client": "Site"}),  # other mapping
        Upload("t.csv", b"a,b\n1,2\n"),  # no mapping
        Upload("t.csv", b"a,b\n1,2\n", mapping=MAPPING, exported_at=datetime(2025, 4, 21, 12)),
    ],
    ids=["bytes", "preset", "mapping", "no mapping", "export time"],
)
def test_an_upload_read_otherwise_is_another_version(other: Upload) -> None:
    assert Upload("t.csv", b"a,b\n1,2\n", mapping=MAPPING).version != other.version


def test_file_version_is_mtime_and_size(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"12345")
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_123_456_789))
    assert file_version(path) == "1700000000123456789:5"
    assert file_version(tmp_path / "absent.xlsx") is None


def test_file_version_changes_with_a_save_of_the_same_size(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"12345")
    before = file_version(path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # Excel saved
    assert file_version(path) != before


def test_unchanged_bytes_while_the_file_is_the_version_read(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"first")
    version = file_version(path)
    assert version is not None
    assert unchanged_bytes(path, version) == b"first"
    path.write_bytes(b"second, longer")
    assert unchanged_bytes(path, version) is None  # a conflict: someone saved meanwhile


def test_a_local_source(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    source = local_source(path, "1700000000000000000:5")
    assert (source.kind, source.location, source.path) == (SourceKind.LOCAL, str(path), path)
    assert source.identity == f"local:{path.resolve()}"
    assert source.key == f"local:{path.resolve()}@1700000000000000000:5"
    assert source.modified_at == datetime.fromtimestamp(1_700_000_000)
    assert source.can_save


def test_an_upload_source_cannot_be_saved_and_is_named_by_its_bytes() -> None:
    first = upload_source(Upload("w.xlsx", b"12345"))
    again = upload_source(Upload("w.xlsx", b"12345"))
    other = upload_source(Upload("w.xlsx", b"12346"))
    assert (first.kind, first.identity) == (SourceKind.UPLOADED, "upload:w.xlsx")
    assert first.version == again.version != other.version
    assert first.version.startswith("5:")
    assert not first.can_save


def test_file_url_is_the_site_host_and_the_files_path() -> None:
    settings = SharePointSettings(
        "https://contoso.sharepoint.com/sites/cst", "/sites/cst/Shared Documents/P.xlsx"
    )
    assert file_url(settings) == "https://contoso.sharepoint.com/sites/cst/Shared Documents/P.xlsx"


def sharepoint(*, from_cache: bool, fetched_at: datetime | None) -> WorkbookSource:
    return WorkbookSource(
        SourceKind.SHAREPOINT, "https://x/P.xlsx", "sharepoint:x", '"{A},3"',
        fetched_at=fetched_at, from_cache=from_cache,
    )  # fmt: skip


FRIDAY = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "fetched_at",
    [FRIDAY, FRIDAY.astimezone(timezone(timedelta(hours=2)))],
    ids=["UTC", "UTC+2"],
)
def test_an_outage_names_when_the_copy_was_downloaded(fetched_at: datetime) -> None:
    assert outage_message(sharepoint(from_cache=True, fetched_at=fetched_at)) == (
        "Showing the copy downloaded Fri 20 Nov 09:30 UTC: SharePoint is unreachable. Saving waits."
    )


@pytest.mark.parametrize(
    ("from_cache", "fetched_at"), [(False, FRIDAY), (True, None)], ids=["live", "no time"]
)
def test_no_outage_message_otherwise(from_cache: bool, fetched_at: datetime | None) -> None:
    assert outage_message(sharepoint(from_cache=from_cache, fetched_at=fetched_at)) is None


AUDIT_ROWS = pd.DataFrame(
    {
        "at": pd.to_datetime(["2026-03-02 10:05", "2026-03-02 10:09", "2026-03-02 09:00"]),
        "user": ["Ann Admin", "Bob Vcio", "Cy Cst"],
    }
)


@pytest.mark.parametrize(
    ("editor", "audit", "named"),
    [
        ("SharePoint App", AUDIT_ROWS, "Bob Vcio (through Client Pulse)"),
        ("sharepoint app", AUDIT_ROWS, "Bob Vcio (through Client Pulse)"),
        ("Pat Excel", AUDIT_ROWS, "Pat Excel"),  # a person saved in Excel: SharePoint knows
        ("SharePoint App", AUDIT_ROWS.iloc[0:0], "SharePoint App"),  # nobody to name
        ("SharePoint App", AUDIT_ROWS.assign(user=["", None, " "]), "SharePoint App"),
    ],
)
def test_who_saved_names_the_person_behind_an_app_only_save(
    editor: str, audit: pd.DataFrame, named: str
) -> None:
    assert who_saved(editor, audit) == named
