"""Sessions: one ClientContext each, signed in the configured way, secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from office365.sharepoint.client_context import ClientContext

from connectors import sharepoint as sp
from connectors.sharepoint.session import origin
from tests.connectors.sharepoint.fake_site import FULL_CERT, PATH


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


def test_a_certificate_file_that_exists_opens_a_session_without_a_request(tmp_path: Path) -> None:
    pem = tmp_path / "pulse.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
    settings = sp.load_sharepoint_settings({**FULL_CERT, sp.CERT_PATH: str(pem)}, None)
    assert settings is not None
    session = sp.open_session(settings)
    assert isinstance(session.context, ClientContext)
    assert session.policy == sp.RequestPolicy()


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


def test_each_session_has_its_own_context() -> None:
    settings = sp.SharePointSettings(
        site_url="https://x/sites/cst", file_path=PATH, access_token="t"
    )
    assert sp.open_session(settings).context is not sp.open_session(settings).context


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://contoso.sharepoint.com/sites/cst", "https://contoso.sharepoint.com"),
        ("https://contoso.sharepoint.com", "https://contoso.sharepoint.com"),
        ("http://127.0.0.1:8080/sites/cst/", "http://127.0.0.1:8080"),
    ],
)
def test_origin_is_the_tokens_audience(url: str, expected: str) -> None:
    assert origin(url) == expected


def test_a_given_access_token_is_also_the_graph_token() -> None:
    settings = sp.SharePointSettings(
        site_url="https://x/sites/cst", file_path=PATH, access_token="at-777"
    )
    assert sp.open_session(settings).graph_token() == "at-777"


def test_an_app_only_session_has_no_graph_token(tmp_path: Path) -> None:
    pem = tmp_path / "pulse.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
    settings = sp.load_sharepoint_settings({**FULL_CERT, sp.CERT_PATH: str(pem)}, None)
    assert settings is not None
    with pytest.raises(sp.SharePointConfigError, match="needs a person signed in, not the app"):
        sp.open_session(settings).graph_token()
