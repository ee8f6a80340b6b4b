"""The last good copy on disk: written whole or not at all, read back only when usable."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors import sharepoint as sp
from connectors.sharepoint.cache import try_to_cache
from tests.connectors.sharepoint.fake_site import ANN, MONDAY_10, PATH, V1

FETCHED = datetime(2026, 3, 2, 10, 5, tzinfo=UTC)


def live_copy(**changes: object) -> sp.RemoteFile:
    fields: dict[str, object] = {
        "name": "Client Pulse.xlsx",
        "server_relative_url": PATH,
        "data": V1,
        "etag": '"{A1B2},4"',
        "modified_at": MONDAY_10,
        "modified_by": ANN,
        "fetched_at": FETCHED,
    }
    return sp.RemoteFile(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_saved_copy_loads_back_marked_as_from_the_cache(tmp_path: Path) -> None:
    sp.save_cache(live_copy(), tmp_path / "new" / "folder")
    cached = sp.load_cached(tmp_path / "new" / "folder")
    assert cached == live_copy(from_cache=True)


def test_a_copy_without_a_modified_time_round_trips(tmp_path: Path) -> None:
    sp.save_cache(live_copy(modified_at=None, modified_by=""), tmp_path)
    cached = sp.load_cached(tmp_path)
    assert cached is not None and (cached.modified_at, cached.modified_by) == (None, "")


def test_the_metadata_is_plain_json_and_no_partial_file_is_left(tmp_path: Path) -> None:
    sp.save_cache(live_copy(), tmp_path)
    meta = json.loads((tmp_path / sp.CACHE_META).read_text())
    assert meta == {
        "name": "Client Pulse.xlsx",
        "server_relative_url": PATH,
        "etag": '"{A1B2},4"',
        "modified_at": "2026-03-02T10:00:00+00:00",
        "modified_by": ANN,
        "fetched_at": "2026-03-02T10:05:00+00:00",
    }
    assert sorted(path.name for path in tmp_path.iterdir()) == [sp.CACHE_META, sp.CACHE_DATA]


@pytest.mark.parametrize(
    ("files", "why"),
    [
        ({}, "nothing cached yet"),
        ({sp.CACHE_DATA: V1}, "metadata missing"),
        ({sp.CACHE_DATA: V1, sp.CACHE_META: b"{not json"}, "metadata damaged"),
        ({sp.CACHE_DATA: b"<html>", sp.CACHE_META: b'{"name": "x"}'}, "bytes not a workbook"),
    ],
)
def test_load_cached_is_none_without_a_usable_copy(
    tmp_path: Path, files: dict[str, bytes], why: str
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert sp.load_cached(tmp_path) is None, why


def test_trying_to_cache_on_a_blocked_path_or_without_a_folder_does_not_fail(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("where the cache folder should be")
    try_to_cache(live_copy(), blocker)
    try_to_cache(live_copy(), None)
    assert blocker.read_text() == "where the cache folder should be"


@pytest.mark.parametrize(
    ("fetched", "now", "banner"),
    [
        (MONDAY_10, MONDAY_10 + timedelta(hours=2), "as of 10:00, SharePoint unreachable"),
        (
            MONDAY_10,
            MONDAY_10 + timedelta(days=1),
            "as of Mon 02 Mar 10:00, SharePoint unreachable",
        ),
        # Shown in the viewer's zone: 10:00 UTC is 05:00 in UTC-5.
        (
            MONDAY_10,
            datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
            "as of 05:00, SharePoint unreachable",
        ),
    ],
)
def test_outage_banner(fetched: datetime, now: datetime, banner: str) -> None:
    cached = sp.RemoteFile("x.xlsx", PATH, V1, '"{A},1"', None, "", fetched, from_cache=True)
    assert sp.outage_banner(cached, now=now) == banner


def test_the_copy_is_written_under_unique_temporary_names(tmp_path: Path) -> None:
    """A fixed `.partial` name let anyone who can write the folder plant a link there and have
    the next refresh write through it; unique temporary names never follow a planted link."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("workbook.xlsx.partial", "workbook.json.partial"):
        (cache / name).symlink_to(victim)
    sp.save_cache(live_copy(), cache)
    assert victim.read_text() == "keep me"
    assert sp.load_cached(cache) == live_copy(from_cache=True)
