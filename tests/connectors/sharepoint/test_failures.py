"""Failures say what to check, in plain words, and never show a secret."""

from __future__ import annotations

import socket
import time

import pytest
import requests
from office365.runtime.client_request_exception import ClientRequestException

from connectors import sharepoint as sp
from connectors.sharepoint.failures import http_error, lock_holder, plain_errors, safe_cause
from tests.connectors.sharepoint.fake_site import ANN_TOKEN, PATH, session_for, settings_for
from tests.fake_sharepoint import FakeSharePoint

# --------------------------------------------------------------------------------------------
# Through the library, against the fake site


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


# --------------------------------------------------------------------------------------------
# Each status, on the library's own exception built from a real response

SETTINGS = sp.SharePointSettings(
    site_url="https://contoso.sharepoint.com/sites/cst",
    file_path=PATH,
    access_token="tok-secret-123",
)


def answered(status: int, **headers: str) -> ClientRequestException:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    response.reason = "tok-secret-123 echoed back"  # a careless server repeating the token
    response.url = "https://contoso.sharepoint.com/sites/cst/_api/web"
    return ClientRequestException.from_response(response)


@pytest.mark.parametrize(
    ("status", "headers", "kind", "says"),
    [
        (401, {}, sp.AuthError, "refused the credentials (401) while saving Client Pulse.xlsx"),
        (403, {}, sp.AuthError, "then a grant on https://contoso.sharepoint.com/sites/cst (POST"),
        (404, {}, sp.NotFound, "(404). Check PULSE_SHAREPOINT_SITE_URL and PULSE_SHAREPOINT_FILE"),
        (423, {}, sp.FileLocked, "Client Pulse.xlsx is open in Excel by someone, so"),
        (409, {}, sp.VersionConflict, "someone saved the Client Pulse workbook"),
        (429, {"Retry-After": "90"}, sp.Unreachable, "busy or unavailable (429) while saving"),
        (502, {}, sp.Unreachable, "busy or unavailable (502)"),
        (418, {}, sp.SharePointError, "SharePoint answered 418 while saving Client Pulse.xlsx"),
    ],
)
def test_http_error_by_status(
    status: int, headers: dict[str, str], kind: type[sp.SharePointError], says: str
) -> None:
    error = http_error(answered(status, **headers), SETTINGS, doing="saving")
    assert type(error) is kind
    assert says in str(error)
    assert "tok-secret-123" not in str(error)


def test_a_busy_answer_passes_on_how_long_sharepoint_asked_to_wait() -> None:
    error = http_error(answered(503, **{"Retry-After": "45"}), SETTINGS, doing="reading")
    assert "It asked to wait 45 s." in str(error)
    assert "asked to wait" not in str(http_error(answered(503), SETTINGS, doing="reading"))


def test_safe_cause_drops_an_error_that_carries_a_secret() -> None:
    clean = ValueError("connection reset")
    assert safe_cause(clean, SETTINGS) is clean
    assert safe_cause(ValueError("Bearer tok-secret-123 refused"), SETTINGS) is None


def session_to(settings: sp.SharePointSettings) -> sp.SharePointSession:
    return sp.open_session(settings, policy=sp.RequestPolicy(read_timeout=7.0))


def test_a_sign_in_failure_is_an_auth_error_without_the_secret() -> None:
    with pytest.raises(sp.AuthError) as caught, plain_errors(session_to(SETTINGS), doing="reading"):
        raise ValueError("token endpoint said tok-secret-123 is malformed")
    message = str(caught.value)
    assert message.startswith("Signing in to SharePoint or reading its answer failed while reading")
    assert "tok-secret-123" not in message and "***" in message
    assert caught.value.__cause__ is None


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (requests.ReadTimeout("slow"), "did not answer within 7 s while reading"),
        (requests.ConnectionError("refused"), "cannot be reached at https://contoso"),
    ],
)
def test_network_failures_are_unreachable(failure: Exception, says: str) -> None:
    with (
        pytest.raises(sp.Unreachable, match=says),
        plain_errors(session_to(SETTINGS), doing="reading"),
    ):
        raise failure


def test_errors_already_plain_pass_through_unchanged() -> None:
    conflict = sp.VersionConflict("Bob", None, '"{A},2"')
    with (
        pytest.raises(sp.VersionConflict) as caught,
        plain_errors(session_to(SETTINGS), doing="saving"),
    ):
        raise conflict
    assert caught.value is conflict


@pytest.mark.parametrize(
    ("message", "holder"),
    [
        (
            'The file "/a/Client Pulse.xlsx" is locked for shared use by pat@c.com [Pat Excel].',
            "Pat Excel (pat@c.com)",
        ),
        ('The file "/a/Made by CST.xlsx" is locked for exclusive use by bob@c.com.', "bob@c.com"),
        (
            'The file "/a/b.xlsx" is checked out for editing by i:0#.f|membership|pat@c.com',
            "pat@c.com",
        ),
        ("The file is locked.", ""),
    ],
)
def test_lock_holder(message: str, holder: str) -> None:
    assert lock_holder(message) == holder
