"""The SharePoint connector, driven through the real office365-rest-python-client.

The library talks to tests/fake_sharepoint.py on 127.0.0.1; authentication goes only through the
library's own `with_access_token`. Nothing in the library is patched.
"""

from __future__ import annotations

import io
import socket
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from office365.sharepoint.client_context import ClientContext

from connectors import sharepoint as sp
from tests.fake_sharepoint import DIGEST, FakeSharePoint, running
from tests.paths import REPO

PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
ANN_TOKEN = "ann-token-5e3c"
BOB_TOKEN = "bob-token-9a7f"
ANN, BOB = "Ann Admin", "Bob Vcio"
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def xlsx(marker: str) -> bytes:
    """A tiny zip standing in for a workbook; `marker` tells versions apart."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("marker.txt", marker)
    return buffer.getvalue()


V1, V2, V3 = xlsx("v1"), xlsx("v2"), xlsx("v3")


@pytest.fixture
def fake() -> Iterator[FakeSharePoint]:
    with running(FakeSharePoint(tokens={ANN_TOKEN: ANN, BOB_TOKEN: BOB})) as server:
        server.put(PATH, V1, by=ANN, at=MONDAY_10)
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def settings_for(
    fake: FakeSharePoint, token: str = ANN_TOKEN, path: str = PATH
) -> sp.SharePointSettings:
    return sp.SharePointSettings(site_url=fake.site_url, file_path=path, access_token=token)


def session_for(
    settings: sp.SharePointSettings, sleeps: list[float], *, read_timeout: float = 2.0
) -> sp.SharePointSession:
    policy = sp.RequestPolicy(connect_timeout=1.0, read_timeout=read_timeout, sleep=sleeps.append)
    return sp.open_session(settings, policy=policy)


def marker(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("marker.txt").decode()


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


def test_corrupt_download_is_reported_and_not_cached(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    fake.put(PATH, b"<html>Sign in to your account</html>", by=ANN)
    settings = settings_for(fake)
    with pytest.raises(sp.CorruptDownload, match=r"Client Pulse\.xlsx, 36 bytes\) is not an Excel"):
        sp.download(settings, session=session_for(settings, sleeps), cache_dir=tmp_path)
    assert sp.load_cached(tmp_path) is None


# --------------------------------------------------------------------------------------------
# Write


def test_upload_over_the_version_read_saves_and_names_it_in_if_match(
    fake: FakeSharePoint, sleeps: list[float], tmp_path: Path
) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    saved = sp.upload(settings, V2, expected_etag=read.etag, session=session, cache_dir=tmp_path)
    assert marker(fake.files[PATH].data) == "v2"
    assert saved.etag == fake.files[PATH].etag
    assert (saved.version, saved.modified_by, saved.data) == ("2", ANN, V2)
    (put,) = fake.requests_of("save")
    assert (
        put.path == f"/sites/cst/_api/web/getFileByServerRelativePath(DecodedUrl='{PATH}')/$value"
    )
    assert put.headers["X-HTTP-Method"] == "PUT"
    assert put.headers["If-Match"] == read.etag
    assert put.headers["X-RequestDigest"] == DIGEST
    cached = sp.load_cached(tmp_path)
    assert cached is not None and cached.etag == saved.etag


def test_upload_refused_without_writing_when_someone_saved_meanwhile(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    bob_at = MONDAY_10 + timedelta(minutes=25)
    fake.put(PATH, V2, by=BOB, at=bob_at)
    with pytest.raises(sp.VersionConflict) as caught:
        sp.upload(settings, V3, expected_etag=read.etag, session=session)
    conflict = caught.value
    assert (conflict.modified_by, conflict.modified_at) == (BOB, bob_at)
    assert conflict.etag == fake.files[PATH].etag
    assert "Bob Vcio saved the Client Pulse workbook at 2026-03-02 10:25 UTC" in str(conflict)
    assert fake.requests_of("save") == []
    assert marker(fake.files[PATH].data) == "v2"


def test_a_save_landing_between_check_and_write_is_refused_by_if_match(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    fake.before_next("save", lambda: fake.put(PATH, V2, by=BOB))
    with pytest.raises(sp.VersionConflict) as caught:
        sp.upload(settings, V3, expected_etag=read.etag, session=session)
    assert caught.value.modified_by == BOB
    assert caught.value.etag == fake.files[PATH].etag
    assert marker(fake.files[PATH].data) == "v2"  # SharePoint answered 412: our bytes never landed
    assert sleeps == []


def test_file_open_in_desktop_excel_is_reported_as_locked(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    fake.locked.add(PATH)
    with pytest.raises(sp.FileLocked, match=r"open in Excel for shared use.*changes stay pending"):
        sp.upload(settings, V2, expected_etag=read.etag, session=session)
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
# Throttling and failures


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    fake.fail("properties", 429, headers={"Retry-After": "7"})
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps))
    assert marker(remote.data) == "v1"
    assert sleeps == [7.0]
    assert len(fake.requests_of("properties")) == 2


def test_503_twice_backs_off_then_succeeds(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("content", 503, times=2)
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps))
    assert marker(remote.data) == "v1"
    assert sleeps == [1.0, 2.0]  # RequestPolicy: base 1 s, doubling


def test_503_on_save_is_retried_and_saves_once(fake: FakeSharePoint, sleeps: list[float]) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    fake.fail("save", 503, times=2, headers={"Retry-After": "3"})
    saved = sp.upload(settings, V2, expected_etag=read.etag, session=session)
    assert (saved.version, marker(fake.files[PATH].data)) == ("2", "v2")
    assert sleeps == [3.0, 3.0]


def test_retries_are_bounded(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("properties", 503, times=10)
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable, match=r"busy or unavailable \(503\)"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert sleeps == [1.0, 2.0, 4.0]
    assert len(fake.requests_of("properties")) == sp.RequestPolicy().max_attempts


def test_a_retry_after_longer_than_the_limit_is_reported_not_waited(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    fake.fail("properties", 429, headers={"Retry-After": "120"})
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable, match=r"\(429\).*asked to wait 120 s"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert sleeps == []


def test_401_says_what_to_check_and_never_shows_the_token(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    settings = settings_for(fake, token="expired-token-0000")
    with pytest.raises(sp.AuthError) as caught:
        sp.download(settings, session=session_for(settings, sleeps))
    message = str(caught.value)
    assert "refused the credentials (401)" in message
    assert sp.ACCESS_TOKEN in message
    assert "expired-token-0000" not in message + repr(caught.value) + repr(settings)
    assert sleeps == []


def test_403_points_at_the_site_permission(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("properties", 403)
    settings = settings_for(fake)
    with pytest.raises(sp.AuthError, match=r"refused access \(403\).*Sites\.Selected"):
        sp.download(settings, session=session_for(settings, sleeps))


def test_404_names_the_file_setting(fake: FakeSharePoint, sleeps: list[float]) -> None:
    settings = settings_for(fake, path="/sites/cst/Shared Documents/Old Pulse.xlsx")
    with pytest.raises(sp.NotFound, match=r"no file /sites/cst/Shared Documents/Old Pulse\.xlsx"):
        sp.download(settings, session=session_for(settings, sleeps))


def test_a_slow_answer_times_out_quickly(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("properties", None, delay=1.5)
    settings = settings_for(fake)
    started = time.monotonic()
    with pytest.raises(sp.Unreachable, match=r"did not answer within 0\.3 s"):
        sp.download(settings, session=session_for(settings, sleeps, read_timeout=0.3))
    assert time.monotonic() - started < 1.2


def test_a_site_that_does_not_answer_at_all_fails_fast(sleeps: list[float]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = sp.SharePointSettings(
        site_url=f"http://127.0.0.1:{port}/sites/cst", file_path=PATH, access_token=ANN_TOKEN
    )
    started = time.monotonic()
    with pytest.raises(sp.Unreachable, match="cannot be reached"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert time.monotonic() - started < 2.0


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


# --------------------------------------------------------------------------------------------
# Settings


FULL_CERT = {
    sp.SITE_URL: "https://contoso.sharepoint.com/sites/cst",
    sp.FILE: PATH,
    sp.TENANT: "contoso.onmicrosoft.com",
    sp.CLIENT_ID: "11111111-2222-3333-4444-555555555555",
    sp.CERT_PATH: "/secure/pulse.pem",
    sp.CERT_THUMBPRINT: "AB12CD34",
}


def test_no_site_url_means_sharepoint_is_not_used() -> None:
    assert sp.load_sharepoint_settings({}, None) is None
    assert sp.load_sharepoint_settings({sp.FILE: PATH}, {"sharepoint": {sp.SITE_URL: ""}}) is None


def test_settings_from_the_environment() -> None:
    settings = sp.load_sharepoint_settings(
        {**FULL_CERT, sp.SITE_URL: FULL_CERT[sp.SITE_URL] + "/"}, None
    )
    assert settings == sp.SharePointSettings(
        site_url="https://contoso.sharepoint.com/sites/cst",
        file_path=PATH,
        tenant="contoso.onmicrosoft.com",
        client_id="11111111-2222-3333-4444-555555555555",
        cert_path="/secure/pulse.pem",
        cert_thumbprint="AB12CD34",
    )
    assert settings.auth_mode == sp.AuthMode.CERTIFICATE


def test_secrets_section_wins_and_blank_secrets_fall_back_to_the_environment() -> None:
    secrets = {"sharepoint": {sp.FILE: "/sites/cst/Docs/Pulse.xlsx", sp.TENANT: "  "}}
    settings = sp.load_sharepoint_settings(FULL_CERT, secrets)
    assert settings is not None
    assert settings.file_path == "/sites/cst/Docs/Pulse.xlsx"
    assert settings.tenant == "contoso.onmicrosoft.com"


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({sp.FILE: ""}, sp.FILE),
        ({sp.FILE: "Shared Documents/Client Pulse.xlsx"}, "server-relative"),
        ({sp.SITE_URL: "contoso.sharepoint.com/sites/cst"}, "must start with https://"),
        ({sp.CERT_THUMBPRINT: ""}, "needs both"),
        ({sp.TENANT: ""}, sp.TENANT),
        ({sp.CLIENT_ID: "", sp.CERT_PATH: "", sp.CERT_THUMBPRINT: ""}, sp.CLIENT_ID),
    ],
)
def test_incomplete_settings_say_what_is_missing(changes: dict[str, str], complaint: str) -> None:
    with pytest.raises(sp.SharePointConfigError, match=complaint):
        sp.load_sharepoint_settings({**FULL_CERT, **changes}, None)


@pytest.mark.parametrize(
    ("extra", "mode"),
    [
        ({}, sp.AuthMode.CERTIFICATE),
        ({sp.ACCESS_TOKEN: "tok"}, sp.AuthMode.ACCESS_TOKEN),  # a token given wins over the rest
        (
            {sp.CERT_PATH: "", sp.CERT_THUMBPRINT: "", sp.CLIENT_SECRET: "s"},
            sp.AuthMode.GRAPH_CLIENT_SECRET,
        ),
        ({sp.CERT_PATH: "", sp.CERT_THUMBPRINT: ""}, sp.AuthMode.DEVICE_CODE),
    ],
)
def test_auth_mode(extra: dict[str, str], mode: sp.AuthMode) -> None:
    settings = sp.load_sharepoint_settings({**FULL_CERT, **extra}, None)
    assert settings is not None and settings.auth_mode == mode


def test_client_secret_is_refused_for_sharepoint_rest_with_advice() -> None:
    env = {**FULL_CERT, sp.CERT_PATH: "", sp.CERT_THUMBPRINT: "", sp.CLIENT_SECRET: "s3cr3t-value"}
    settings = sp.load_sharepoint_settings(env, None)
    assert settings is not None
    with pytest.raises(sp.SharePointConfigError, match="only through Microsoft Graph") as caught:
        sp.open_session(settings)
    assert "s3cr3t-value" not in str(caught.value)


def test_missing_certificate_file_is_a_config_error(tmp_path: Path) -> None:
    env = {**FULL_CERT, sp.CERT_PATH: str(tmp_path / "absent.pem")}
    settings = sp.load_sharepoint_settings(env, None)
    assert settings is not None
    with pytest.raises(sp.SharePointConfigError, match="no certificate file at"):
        sp.open_session(settings)


SECRET_TEXT = st.text(alphabet="αβγδ0123456789-_", min_size=6)  # never in the fixed fields


@given(secret=SECRET_TEXT, token=SECRET_TEXT, around=st.text())
def test_secrets_never_survive_repr_or_mask(secret: str, token: str, around: str) -> None:
    settings = sp.SharePointSettings(
        site_url="https://x", file_path="/f.xlsx", client_secret=secret, access_token=token
    )
    for value in (secret, token):
        assert value not in repr(settings)
        assert value not in settings.mask(f"{around}{value}{around}{secret} {token}")


def test_session_and_settings_reprs_mask_secrets() -> None:
    settings = sp.SharePointSettings(
        site_url="https://x/sites/cst",
        file_path=PATH,
        client_secret="cs-123456",
        access_token="at-123456",
    )
    for shown in (repr(settings), str(settings), repr(sp.open_session(settings))):
        assert "cs-123456" not in shown and "at-123456" not in shown
    assert "client_secret=***" in repr(settings)


def test_read_secrets_file(tmp_path: Path) -> None:
    assert sp.read_secrets_file(tmp_path / "missing.toml") is None
    good = tmp_path / "secrets.toml"
    good.write_text(f'[sharepoint]\n{sp.SITE_URL} = "https://x/sites/cst"\n')
    assert sp.read_secrets_file(good) == {"sharepoint": {sp.SITE_URL: "https://x/sites/cst"}}
    bad = tmp_path / "bad.toml"
    bad.write_text(f'[sharepoint]\n{sp.CLIENT_SECRET} = "hunter22\n')
    with pytest.raises(sp.SharePointConfigError, match="not valid TOML") as caught:
        sp.read_secrets_file(bad)
    assert "hunter22" not in str(caught.value)


def test_settings_from_files_prefers_the_secrets_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[sharepoint]\n{sp.FILE} = "/sites/cst/Docs/Pulse.xlsx"\n')
    from_file = sp.settings_from_files(FULL_CERT, secrets)
    from_env = sp.settings_from_files(FULL_CERT, tmp_path / "absent.toml")
    assert from_file is not None and from_file.file_path == "/sites/cst/Docs/Pulse.xlsx"
    assert from_env is not None and from_env.file_path == PATH


def test_committed_example_lists_every_setting_empty() -> None:
    example = sp.read_secrets_file(REPO / ".streamlit" / "secrets.toml.example")
    assert example is not None
    assert example["sharepoint"] == dict.fromkeys(sp.SETTING_NAMES, "")
    assert sp.load_sharepoint_settings({}, example) is None


# --------------------------------------------------------------------------------------------
# For the CLI


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (sp.VersionConflict(BOB, MONDAY_10, '"{A},2"'), 3),
        (sp.FileLocked("open in Excel"), 3),
        (sp.Unreachable("down"), 4),
        (sp.AuthError("401"), 4),
        (sp.NotFound("404"), 2),
        (sp.CorruptDownload("html"), 2),
        (sp.SharePointConfigError("no file"), 2),
    ],
)
def test_exit_codes(error: sp.SharePointError, code: int) -> None:
    assert sp.exit_code_for(error) == code


def test_sync_downloads_and_refreshes_the_cache(fake: FakeSharePoint, tmp_path: Path) -> None:
    remote = sp.sync(settings_for(fake), tmp_path / "cache")
    cached = sp.load_cached(tmp_path / "cache")
    assert cached is not None and (cached.etag, cached.data) == (remote.etag, V1)
