"""Download and save through the real office365-rest-python-client against the fake site."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from office365.sharepoint.client_context import ClientContext

from connectors import sharepoint as sp
from tests.connectors.sharepoint.fake_site import (
    ANN,
    ANN_TOKEN,
    BOB,
    BOB_TOKEN,
    MONDAY_10,
    PATH,
    V1,
    V2,
    V3,
    marker,
    session_for,
    settings_for,
)
from tests.fake_sharepoint import DIGEST, FakeSharePoint

# --------------------------------------------------------------------------------------------
# Read


def test_download_returns_bytes_with_version_and_who_saved(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps))
    assert marker(remote.data) == "v1"
    assert remote.etag == fake.files[PATH].etag
    assert remote.version == "1"
    assert (remote.modified_by, remote.modified_at) == (ANN, MONDAY_10)
    assert (remote.name, remote.from_cache) == ("Client Pulse.xlsx", False)
    assert sleeps == []


def test_download_makes_the_requests_the_library_makes(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    sp.download(settings, session=session_for(settings, sleeps))
    file_id = fake.files[PATH].unique_id
    assert [(seen.method, seen.path) for seen in fake.seen] == [
        ("HEAD", "/sites/cst"),
        ("POST", "/sites/cst/_api/contextInfo"),
        (
            "GET",
            f"/sites/cst/_api/Web/getFileByServerRelativePath(DecodedUrl='{PATH}')"
            "?$expand=ModifiedBy",
        ),
        ("GET", f"/sites/cst/_api/Web/GetFileById('{file_id}')/$value"),
    ]
    api_calls = fake.seen[1:]
    assert {seen.headers["Authorization"] for seen in api_calls} == {f"Bearer {ANN_TOKEN}"}


def test_download_rereads_when_the_file_changes_between_properties_and_content(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    fake.before_next("content", lambda: fake.put(PATH, V2, by=BOB))
    remote = sp.download(settings, session=session_for(settings, sleeps))
    # The bytes and the version they are labelled with belong together.
    assert (marker(remote.data), remote.version, remote.modified_by) == ("v2", "2", BOB)
    assert len(fake.requests_of("content")) == 2


def test_download_caches_the_last_good_copy(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps), cache_dir=tmp_path)
    cached = sp.load_cached(tmp_path)
    assert cached is not None
    assert cached.from_cache
    assert (cached.data, cached.etag, cached.modified_by) == (remote.data, remote.etag, ANN)
    assert (cached.modified_at, cached.fetched_at) == (remote.modified_at, remote.fetched_at)


def test_an_unwritable_cache_does_not_stop_the_download(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps), cache_dir=blocker)
    assert marker(remote.data) == "v1"


def test_corrupt_download_is_reported_and_not_cached(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    fake.put(PATH, b"<html>Sign in to your account</html>", by=ANN)
    settings = settings_for(fake)
    with pytest.raises(sp.CorruptDownload, match=r"Client Pulse\.xlsx, 36 bytes\) is not an Excel"):
        sp.download(settings, session=session_for(settings, sleeps), cache_dir=tmp_path)
    assert sp.load_cached(tmp_path) is None


def test_a_file_that_keeps_changing_is_given_up_after_three_reads(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    def bob_saves_again() -> None:
        fake.put(PATH, V2, by=BOB)
        fake.before_next("content", bob_saves_again)

    fake.before_next("content", bob_saves_again)
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable, match="kept changing while it was downloaded"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert len(fake.requests_of("content")) == 3  # MAX_READ_ROUNDS


# --------------------------------------------------------------------------------------------
# Write


def test_upload_over_the_version_read_saves_and_names_it_in_if_match(
    fake: FakeSharePoint, ann_read: tuple[sp.SharePointSession, str], tmp_path: Path
) -> None:
    session, etag = ann_read
    saved = sp.upload(session.settings, V2, expected_etag=etag, session=session, cache_dir=tmp_path)
    assert marker(fake.files[PATH].data) == "v2"
    assert saved.etag == fake.files[PATH].etag
    assert (saved.version, saved.modified_by, saved.data) == ("2", ANN, V2)
    (put,) = fake.requests_of("save")
    assert (
        put.path == f"/sites/cst/_api/web/getFileByServerRelativePath(DecodedUrl='{PATH}')/$value"
    )
    assert put.headers["X-HTTP-Method"] == "PUT"
    assert put.headers["If-Match"] == etag
    assert put.headers["X-RequestDigest"] == DIGEST
    cached = sp.load_cached(tmp_path)
    assert cached is not None and cached.etag == saved.etag


def test_upload_refused_without_writing_when_someone_saved_meanwhile(
    fake: FakeSharePoint, ann_read: tuple[sp.SharePointSession, str]
) -> None:
    session, etag = ann_read
    bob_at = MONDAY_10 + timedelta(minutes=25)
    fake.put(PATH, V2, by=BOB, at=bob_at)
    with pytest.raises(sp.VersionConflict) as caught:
        sp.upload(session.settings, V3, expected_etag=etag, session=session)
    conflict = caught.value
    assert (conflict.modified_by, conflict.modified_at) == (BOB, bob_at)
    assert conflict.etag == fake.files[PATH].etag
    assert "Bob Vcio saved the Client Pulse workbook at 2026-03-02 10:25 UTC" in str(conflict)
    assert fake.requests_of("save") == []
    assert marker(fake.files[PATH].data) == "v2"


def test_a_save_landing_between_check_and_write_is_refused_by_if_match(
    fake: FakeSharePoint, ann_read: tuple[sp.SharePointSession, str], sleeps: list[float]
) -> None:
    session, etag = ann_read
    fake.before_next("save", lambda: fake.put(PATH, V2, by=BOB))
    with pytest.raises(sp.VersionConflict) as caught:
        sp.upload(session.settings, V3, expected_etag=etag, session=session)
    assert caught.value.modified_by == BOB
    assert caught.value.etag == fake.files[PATH].etag
    assert marker(fake.files[PATH].data) == "v2"  # SharePoint answered 412: our bytes never landed
    assert sleeps == []


def test_file_open_in_desktop_excel_is_reported_as_locked(
    fake: FakeSharePoint, ann_read: tuple[sp.SharePointSession, str], sleeps: list[float]
) -> None:
    session, etag = ann_read
    fake.locked.add(PATH)
    with pytest.raises(sp.FileLocked) as locked:
        sp.upload(session.settings, V2, expected_etag=etag, session=session)
    assert str(locked.value) == (
        "Client Pulse.xlsx is open in Excel by Pat Excel (pat@contoso.com), so SharePoint "
        "refused the save (423, locked for shared use). Your changes stay pending."
    )
    assert locked.value.holder == "Pat Excel (pat@contoso.com)"
    assert sp.exit_code_for(locked.value) == 3
    assert marker(fake.files[PATH].data) == "v1"
    assert sleeps == []  # a lock is not retried: it lasts as long as Excel stays open


def test_upload_refuses_bytes_that_are_not_a_workbook(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    etag = fake.files[PATH].etag
    with pytest.raises(sp.CorruptDownload, match="The workbook to save"):
        sp.upload(settings, b"not a zip", expected_etag=etag, session=session_for(settings, sleeps))
    assert fake.seen == []


# --------------------------------------------------------------------------------------------
# Two people, one workbook: the replay the lead's workflow relies on


def test_second_session_is_refused_then_reapplies_on_the_new_version(fake: FakeSharePoint) -> None:
    ann_settings, bob_settings = settings_for(fake, ANN_TOKEN), settings_for(fake, BOB_TOKEN)
    ann, bob = session_for(ann_settings, []), session_for(bob_settings, [])
    assert ann.context is not bob.context
    ann_read = sp.download(ann_settings, session=ann)
    bob_read = sp.download(bob_settings, session=bob)
    sp.upload(ann_settings, V2, expected_etag=ann_read.etag, session=ann)

    with pytest.raises(sp.VersionConflict) as caught:
        sp.upload(bob_settings, V3, expected_etag=bob_read.etag, session=bob)
    assert caught.value.modified_by == ANN
    assert marker(fake.files[PATH].data) == "v2"  # Ann's save survives

    latest = sp.download(bob_settings, session=bob)
    assert (marker(latest.data), latest.etag) == ("v2", caught.value.etag)
    saved = sp.upload(bob_settings, V3, expected_etag=latest.etag, session=bob)
    assert (marker(fake.files[PATH].data), saved.version, saved.modified_by) == ("v3", "3", BOB)


# --------------------------------------------------------------------------------------------
# Outages: the copy on disk


def test_cached_copy_is_served_when_sharepoint_is_unreachable(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    live = sp.download_or_cached(settings, tmp_path, session=session)
    fake.fail("properties", 503, times=10)
    cached = sp.download_or_cached(settings, tmp_path, session=session)
    assert (live.from_cache, cached.from_cache) == (False, True)
    assert (cached.data, cached.etag) == (live.data, live.etag)


def test_without_a_cached_copy_the_outage_is_raised(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    fake.fail("properties", 503, times=10)
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable):
        sp.download_or_cached(settings, tmp_path, session=session_for(settings, sleeps))


def test_sync_downloads_and_refreshes_the_cache(fake: FakeSharePoint, tmp_path: Path) -> None:
    remote = sp.sync(settings_for(fake), tmp_path / "cache")
    cached = sp.load_cached(tmp_path / "cache")
    assert cached is not None and (cached.etag, cached.data) == (remote.etag, V1)


# --------------------------------------------------------------------------------------------
# The fake answers the library's own upload request too (Files/add)


def test_fake_answers_the_librarys_files_add(fake: FakeSharePoint) -> None:
    ctx = ClientContext(fake.site_url).with_access_token(
        lambda: {"tokenType": "Bearer", "accessToken": BOB_TOKEN}
    )
    folder = ctx.web.get_folder_by_server_relative_url("/sites/cst/Shared Documents")
    added = folder.files.add("Notes.xlsx", V2, overwrite=True).execute_query()
    assert added.e_tag == fake.files["/sites/cst/Shared Documents/Notes.xlsx"].etag
    assert fake.files["/sites/cst/Shared Documents/Notes.xlsx"].modified_by == BOB
