"""Where the workbook lives and how to sign in: from .streamlit/secrets.toml or the environment.

Secrets are masked in every repr and message built from the settings.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from connectors.secrets import secret_setting
from connectors.sharepoint.errors import SharePointConfigError

# Settings names: the same in the environment and under [sharepoint] in .streamlit/secrets.toml.
SECRETS_SECTION = "sharepoint"
SITE_URL = "PULSE_SHAREPOINT_SITE_URL"
FILE = "PULSE_SHAREPOINT_FILE"
TENANT = "PULSE_SHAREPOINT_TENANT"
CLIENT_ID = "PULSE_SHAREPOINT_CLIENT_ID"
CERT_PATH = "PULSE_SHAREPOINT_CERT_PATH"
CERT_THUMBPRINT = "PULSE_SHAREPOINT_CERT_THUMBPRINT"
CLIENT_SECRET = "PULSE_SHAREPOINT_CLIENT_SECRET"
ACCESS_TOKEN = "PULSE_SHAREPOINT_ACCESS_TOKEN"
CERT_PASSWORD = "PULSE_SHAREPOINT_CERT_PASSWORD"  # a .pfx certificate's password
USER_AGENT = "PULSE_SHAREPOINT_USER_AGENT"  # NONISV|Company|App/version, as Microsoft asks
SAVE_MODE = "PULSE_SHAREPOINT_SAVE_MODE"  # "file" (the default) or "excel-api"
GRAPH_URL = "PULSE_SHAREPOINT_GRAPH_URL"  # Microsoft Graph's root (another for national clouds)
SETTING_NAMES = (
    SITE_URL,
    FILE,
    TENANT,
    CLIENT_ID,
    CERT_PATH,
    CERT_THUMBPRINT,
    CLIENT_SECRET,
    ACCESS_TOKEN,
    CERT_PASSWORD,
    USER_AGENT,
    SAVE_MODE,
    GRAPH_URL,
)
MASK = "***"
DEFAULT_SECRETS_PATH = Path(".streamlit/secrets.toml")
EXAMPLE_FILE = "/sites/cst/Shared Documents/Client Pulse.xlsx"
# Microsoft's throttling guidance: decorate traffic as NONISV|CompanyName|AppName/Version.
DEFAULT_USER_AGENT = "NONISV|ClientPulse|ClientPulse/0.1"
PFX_SUFFIXES = (".pfx", ".p12")  # a PKCS#12 certificate: its thumbprint is read from the file
DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0"


class SaveMode(StrEnum):
    FILE = "file"  # the whole file uploaded over the version read (If-Match)
    EXCEL_API = "excel-api"  # the owned cells written into the open workbook through Graph


class AuthMode(StrEnum):
    ACCESS_TOKEN = "access token"  # a bearer token obtained elsewhere
    CERTIFICATE = "certificate"  # app-only with Sites.Selected: the default
    GRAPH_CLIENT_SECRET = "client secret (Microsoft Graph)"
    DEVICE_CODE = "device code sign-in"  # a person signs in; needs tenant and client id only


# Sign-ins acting as a person: what the Excel API's delegated permissions need (a given access
# token is taken to be one; it is for tests and short jobs).
DELEGATED_MODES = frozenset({AuthMode.ACCESS_TOKEN, AuthMode.DEVICE_CODE})


@dataclass(frozen=True)
class SharePointSettings:
    """Where the workbook lives and how to sign in. Never built from literals in app code."""

    site_url: str  # e.g. https://contoso.sharepoint.com/sites/cst
    file_path: str  # server-relative, e.g. /sites/cst/Shared Documents/Client Pulse.xlsx
    tenant: str = ""
    client_id: str = ""
    cert_path: str = ""
    cert_thumbprint: str = ""
    client_secret: str = ""
    access_token: str = ""
    cert_password: str = ""
    user_agent: str = DEFAULT_USER_AGENT
    save_mode: SaveMode = SaveMode.FILE
    graph_url: str = DEFAULT_GRAPH_URL

    @property
    def is_pfx(self) -> bool:
        return self.cert_path.lower().endswith(PFX_SUFFIXES)

    @property
    def auth_mode(self) -> AuthMode:
        if self.access_token:
            return AuthMode.ACCESS_TOKEN
        if self.cert_path or self.cert_thumbprint:
            return AuthMode.CERTIFICATE
        if self.client_secret:
            return AuthMode.GRAPH_CLIENT_SECRET
        return AuthMode.DEVICE_CODE

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.file_path).name

    def mask(self, text: str) -> str:
        """`text` with every secret value replaced by ***."""
        from connectors.secret_logs import mask_secrets

        return mask_secrets(text, (self.client_secret, self.access_token, self.cert_password))

    def __repr__(self) -> str:
        secret = MASK if self.client_secret else "''"
        token = MASK if self.access_token else "''"
        return (
            f"SharePointSettings(site_url={self.site_url!r}, file_path={self.file_path!r}, "
            f"tenant={self.tenant!r}, client_id={self.client_id!r}, cert_path={self.cert_path!r}, "
            f"cert_thumbprint={self.cert_thumbprint!r}, client_secret={secret}, "
            f"access_token={token}, cert_password={MASK if self.cert_password else repr('')}, "
            f"user_agent={self.user_agent!r}, save_mode={self.save_mode.value!r}, "
            f"graph_url={self.graph_url!r})"
        )

    __str__ = __repr__


def read_secrets_file(path: Path) -> dict[str, Any] | None:
    """The parsed `.streamlit/secrets.toml`, or None when there is no such file."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fp:
            return tomllib.load(fp)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message names the line and column but never echoes a value.
        raise SharePointConfigError(f"{path}: not valid TOML ({exc}). Fix the file.") from None


def load_sharepoint_settings(
    env: Mapping[str, str], secrets: Mapping[str, Any] | None
) -> SharePointSettings | None:
    """Settings from secrets ([sharepoint] section first) then the environment; None if unused.

    SharePoint is used when the site URL is set; then the file and a way to sign in must be too.
    """
    values = {name: _setting(name, env, secrets) for name in SETTING_NAMES}
    if not values[SITE_URL]:
        return None
    settings = SharePointSettings(
        site_url=values[SITE_URL].rstrip("/"),
        file_path=values[FILE],
        tenant=values[TENANT],
        client_id=values[CLIENT_ID],
        cert_path=values[CERT_PATH],
        cert_thumbprint=values[CERT_THUMBPRINT],
        client_secret=values[CLIENT_SECRET],
        access_token=values[ACCESS_TOKEN],
        cert_password=values[CERT_PASSWORD],
        user_agent=values[USER_AGENT] or DEFAULT_USER_AGENT,
        save_mode=_save_mode(values[SAVE_MODE]),
        graph_url=(values[GRAPH_URL] or DEFAULT_GRAPH_URL).rstrip("/"),
    )
    problems = _settings_problems(settings)
    if problems:
        raise SharePointConfigError(settings.mask("SharePoint settings: " + " ".join(problems)))
    return settings


def settings_from_files(
    env: Mapping[str, str], secrets_path: Path = DEFAULT_SECRETS_PATH
) -> SharePointSettings | None:
    """For the CLI: `secrets_path` (when it exists) over the environment, as the app does."""
    return load_sharepoint_settings(env, read_secrets_file(secrets_path))


def _setting(name: str, env: Mapping[str, str], secrets: Mapping[str, Any] | None) -> str:
    return secret_setting(name, env, secrets, section=SECRETS_SECTION)


def _save_mode(value: str) -> SaveMode:
    try:
        return SaveMode(value.strip().lower() or SaveMode.FILE)
    except ValueError:
        raise SharePointConfigError(
            f"{SAVE_MODE}: {value!r} is not a save mode. Use {SaveMode.FILE.value!r} (the "
            f"default: the file is uploaded) or {SaveMode.EXCEL_API.value!r} (see "
            "docs/sharepoint.md)."
        ) from None


def _settings_problems(settings: SharePointSettings) -> list[str]:
    problems: list[str] = []
    if urlsplit(settings.site_url).scheme not in ("https", "http"):
        problems.append(
            f"{SITE_URL} must start with https://, e.g. https://contoso.sharepoint.com/sites/cst."
        )
    if urlsplit(settings.graph_url).scheme not in ("https", "http"):
        problems.append(f"{GRAPH_URL} must start with https://, e.g. {DEFAULT_GRAPH_URL}.")
    if not settings.file_path.startswith("/"):
        problems.append(f"{FILE} must be the server-relative path, e.g. {EXAMPLE_FILE}.")
    mode = settings.auth_mode
    if mode != AuthMode.ACCESS_TOKEN and not (settings.tenant and settings.client_id):
        problems.append(f"Set {TENANT} and {CLIENT_ID} (the app registration) to sign in.")
    if mode == AuthMode.CERTIFICATE and not (
        settings.cert_path and (settings.cert_thumbprint or settings.is_pfx)
    ):
        problems.append(
            f"Certificate sign-in needs {CERT_PATH} and, for a PEM file, {CERT_THUMBPRINT}."
        )
    if settings.save_mode == SaveMode.EXCEL_API and mode not in DELEGATED_MODES:
        problems.append(
            f"{SAVE_MODE}=excel-api writes as the person signed in (Microsoft Graph lists only "
            f"delegated permissions for the Excel API), but the settings sign in as the app "
            f"({mode.value}). Leave {CERT_PATH}, {CERT_THUMBPRINT} and {CLIENT_SECRET} empty "
            f"for a device-code sign-in, or set {SAVE_MODE}=file."
        )
    return problems
