"""SharePoint settings: from secrets.toml or the environment, complete or refused, masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors import sharepoint as sp
from tests.connectors.sharepoint.fake_site import FULL_CERT, PATH
from tests.paths import REPO


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
        ({sp.CERT_THUMBPRINT: ""}, "and, for a PEM file, PULSE_SHAREPOINT_CERT_THUMBPRINT"),
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


SECRET_TEXT = st.text(alphabet="αβγδ0123456789-_", min_size=6)  # never in the fixed fields


@given(secret=SECRET_TEXT, token=SECRET_TEXT, around=st.text())
def test_secrets_never_survive_repr_or_mask(secret: str, token: str, around: str) -> None:
    settings = sp.SharePointSettings(
        site_url="https://x", file_path="/f.xlsx", client_secret=secret, access_token=token
    )
    for value in (secret, token):
        assert value not in repr(settings)
        assert value not in settings.mask(f"{around}{value}{around}{secret} {token}")


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


def test_top_level_secrets_count_when_there_is_no_section() -> None:
    secrets = {sp.SITE_URL: "https://x/sites/cst/", sp.FILE: PATH, sp.ACCESS_TOKEN: "tok"}
    settings = sp.load_sharepoint_settings({sp.ACCESS_TOKEN: "from-env"}, secrets)
    assert settings == sp.SharePointSettings(
        site_url="https://x/sites/cst", file_path=PATH, access_token="tok"
    )


def test_file_name_is_the_last_part_of_the_path() -> None:
    settings = sp.SharePointSettings(site_url="https://x", file_path=PATH)
    assert settings.file_name == "Client Pulse.xlsx"


# --- the save mode -----------------------------------------------------------------------------
DELEGATED = {**FULL_CERT, sp.CERT_PATH: "", sp.CERT_THUMBPRINT: ""}  # a person signs in


def test_the_file_save_is_the_default_and_graph_is_microsoft_s() -> None:
    settings = sp.load_sharepoint_settings(FULL_CERT, None)
    assert settings is not None
    assert settings.save_mode == sp.SaveMode.FILE
    assert settings.graph_url == "https://graph.microsoft.com/v1.0"


@pytest.mark.parametrize(
    "env",
    [
        {**DELEGATED, sp.SAVE_MODE: " Excel-API "},
        {
            sp.SITE_URL: FULL_CERT[sp.SITE_URL],
            sp.FILE: PATH,
            sp.ACCESS_TOKEN: "t",
            sp.SAVE_MODE: "excel-api",
        },
    ],
)
def test_the_excel_api_mode_with_a_person_signed_in(env: dict[str, str]) -> None:
    settings = sp.load_sharepoint_settings(
        {**env, sp.GRAPH_URL: "https://graph.microsoft.us/v1.0/"}, None
    )
    assert settings is not None
    assert settings.save_mode == sp.SaveMode.EXCEL_API
    assert settings.graph_url == "https://graph.microsoft.us/v1.0"
    assert "save_mode='excel-api'" in repr(settings)


def test_the_excel_api_mode_with_app_only_sign_in_is_refused_naming_the_fix() -> None:
    with pytest.raises(sp.SharePointConfigError) as caught:
        sp.load_sharepoint_settings({**FULL_CERT, sp.SAVE_MODE: "excel-api"}, None)
    message = str(caught.value)
    assert "PULSE_SHAREPOINT_SAVE_MODE=excel-api writes as the person signed in" in message
    assert "(certificate)" in message
    assert "Leave PULSE_SHAREPOINT_CERT_PATH, PULSE_SHAREPOINT_CERT_THUMBPRINT" in message
    assert "or set PULSE_SHAREPOINT_SAVE_MODE=file" in message
    assert sp.exit_code_for(caught.value) == sp.EXIT_FAILED


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({sp.SAVE_MODE: "graph"}, "'graph' is not a save mode. Use 'file'"),
        ({sp.GRAPH_URL: "graph.microsoft.com"}, "PULSE_SHAREPOINT_GRAPH_URL must start with"),
    ],
)
def test_a_wrong_save_setting_is_named(changes: dict[str, str], complaint: str) -> None:
    with pytest.raises(sp.SharePointConfigError, match=complaint):
        sp.load_sharepoint_settings({**DELEGATED, **changes}, None)
