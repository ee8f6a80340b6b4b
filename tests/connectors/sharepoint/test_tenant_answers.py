"""What a real SharePoint Online tenant answers and the test site did not, through the library:
ETags spelled differently per endpoint, 409 save conflicts, check-out, a named 423 lock, a 412
on an unchanged file, SharePoint's own reason for a 401."""

from __future__ import annotations

import pytest

from connectors import sharepoint as sp
from tests.connectors.sharepoint.fake_site import (
    BOB,
    PATH,
    V1,
    V2,
    V3,
    marker,
    session_for,
    settings_for,
)
from tests.fake_sharepoint import FakeSharePoint

Read = tuple[sp.SharePointSession, str]


@pytest.mark.parametrize(
    "spellings",
    [{"content": "bare"}, {"properties": "bare"}, {"properties": "bare", "save": "bare"}],
)
def test_etags_spelled_differently_are_one_version(
    fake: FakeSharePoint, sleeps: list[float], spellings: dict[str, str]
) -> None:
    fake.spellings.update(spellings)
    session = session_for(settings_for(fake), sleeps)
    remote = sp.download(session.settings, session=session)
    assert marker(remote.data) == "v1"
    assert len(fake.requests_of("content")) == 1  # one round: never "kept changing"
    saved = sp.upload(session.settings, V2, expected_etag=remote.etag, session=session)
    assert marker(fake.files[PATH].data) == "v2"
    assert saved.version == "2"


def test_a_412_on_an_unchanged_file_is_its_own_error_not_a_conflict(
    fake: FakeSharePoint, ann_read: Read, sleeps: list[float]
) -> None:
    session, etag = ann_read
    fake.fail("save", 412)
    with pytest.raises(sp.RefusedUnchanged) as refused:
        sp.upload(session.settings, V2, expected_etag=etag, session=session)
    assert "Nobody saved meanwhile, so reloading would not help" in str(refused.value)
    assert "pulse sharepoint-check" in str(refused.value)
    assert sp.exit_code_for(refused.value) == 2
    assert len(fake.requests_of("save")) == 1
    assert marker(fake.files[PATH].data) == "v1"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("-2130246326, Microsoft.SharePoint.SPException", "Save Conflict."),
        (
            "-2130575305, Microsoft.SharePoint.SPException",
            f'The file "{PATH}" has been modified by i:0#.f|membership|bob@contoso.com on 02 Mar.',
        ),
    ],
)
def test_a_409_save_conflict_is_a_conflict_naming_who_saved(
    fake: FakeSharePoint, ann_read: Read, code: str, message: str
) -> None:
    session, etag = ann_read
    fake.before_next("save", lambda: fake.put(PATH, V3, by=BOB))
    fake.refuse("save", 409, code, message)
    with pytest.raises(sp.VersionConflict) as conflict:
        sp.upload(session.settings, V2, expected_etag=etag, session=session)
    assert conflict.value.modified_by == BOB
    assert sp.exit_code_for(conflict.value) == 3
    assert marker(fake.files[PATH].data) == "v3"


def test_a_checked_out_file_names_who_has_it_and_what_to_do(
    fake: FakeSharePoint, ann_read: Read
) -> None:
    session, etag = ann_read
    fake.checked_out[PATH] = "pat@contoso.com"
    with pytest.raises(sp.CheckedOut) as checked_out:
        sp.upload(session.settings, V2, expected_etag=etag, session=session)
    assert checked_out.value.holder == "pat@contoso.com"
    assert str(checked_out.value).startswith(
        "Client Pulse.xlsx is checked out to pat@contoso.com, so SharePoint refused the save. "
        "Ask them to check it in"
    )
    assert sp.exit_code_for(checked_out.value) == 3
    assert marker(fake.files[PATH].data) == "v1"


def test_the_exclusive_lock_variant_names_its_holder(
    fake: FakeSharePoint, ann_read: Read, sleeps: list[float]
) -> None:
    session, etag = ann_read
    fake.refuse(
        "save",
        423,
        "-2147023436, Microsoft.SharePoint.SPFileLockException",
        f'The file "{PATH}" is locked for exclusive use by bob@contoso.com.',
    )
    with pytest.raises(sp.FileLocked) as locked:
        sp.upload(session.settings, V2, expected_etag=etag, session=session)
    assert locked.value.holder == "bob@contoso.com"
    assert sp.exit_code_for(locked.value) == 3
    assert sleeps == []


def test_a_401_passes_on_sharepoints_own_reason(fake: FakeSharePoint, sleeps: list[float]) -> None:
    diagnostics = '3000003;reason="Invalid audience Uri \'api://pulse\'.";category="invalid_client"'
    fake.fail(
        "properties",
        401,
        headers={"x-ms-diagnostics": diagnostics},
        body=b'{"error_description":"Unsupported app only token."}',
    )
    settings = settings_for(fake)
    with pytest.raises(sp.AuthError) as refused:
        sp.download(settings, session=session_for(settings, sleeps))
    assert (
        "SharePoint said: Unsupported app only token; Invalid audience Uri 'api://pulse'."
        in str(refused.value)
    )
    assert sp.exit_code_for(refused.value) == 4
    assert fake.files[PATH].data == V1
