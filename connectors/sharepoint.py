"""SharePoint: open the live Client Pulse workbook and save it back without losing anyone's update.

Built on office365-rest-python-client (SharePoint REST v1). What the library sends, and why this
module adds to it:

- Every request first fetches a form digest (``POST {site}/_api/contextinfo``). The library retries
  that request itself with *real* sleeps of up to a minute when the network is down, so each
  operation first checks the site answers at all (one ``HEAD``) and fails fast when it does not.
- File properties: ``GET {site}/_api/Web/getFileByServerRelativePath(DecodedUrl='...')``; content:
  ``GET {site}/_api/Web/GetFileById('...')/$value``.
- Save: ``POST .../getFileByServerRelativePath(DecodedUrl='...')/$value`` with
  ``X-HTTP-Method: PUT`` (the library's own ``File.save_binary`` request). The library never sends
  a real ``If-Match`` on content writes, so we re-read the ETag just before writing and send
  ``If-Match`` ourselves: a save only ever lands on the version the user read.
- ``execute_query()`` never retries; we retry 429/503 with backoff honouring ``Retry-After``.

Authentication: certificate app-only (``Sites.Selected``) is the default. SharePoint's Azure ACS
app-only secrets stopped working on 2 April 2026 and user/password is refused by SharePoint
Online; a client secret only works through Microsoft Graph. A person can sign in with a device
code instead. Secrets come only from ``.streamlit/secrets.toml`` or the environment and are masked
in every repr and message.
"""

from __future__ import annotations

import json
import os
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote, urlsplit

import requests

if TYPE_CHECKING:  # office365 takes ~0.25 s to import: only when SharePoint is really used
    from office365.runtime.client_request_exception import ClientRequestException
    from office365.sharepoint.client_context import ClientContext

T = TypeVar("T")

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
SETTING_NAMES = (
    SITE_URL,
    FILE,
    TENANT,
    CLIENT_ID,
    CERT_PATH,
    CERT_THUMBPRINT,
    CLIENT_SECRET,
    ACCESS_TOKEN,
)
MASK = "***"

# HTTP answers this module treats specially.
UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 401, 403, 404
PRECONDITION_FAILED, LOCKED = 412, 423
TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE = 429, 503
RETRYABLE_STATUSES = frozenset({TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE})

# A download whose content ETag differs from the properties just read is re-read this many times.
MAX_READ_ROUNDS = 3
CACHE_DATA = "workbook.xlsx"
CACHE_META = "workbook.json"
DEFAULT_CACHE_DIR = Path(".pulse-cache/sharepoint")
DEFAULT_SECRETS_PATH = Path(".streamlit/secrets.toml")
MSAL_AUTHORITY = "https://login.microsoftonline.com/"
EXAMPLE_FILE = "/sites/cst/Shared Documents/Client Pulse.xlsx"


# --------------------------------------------------------------------------------------------
# Errors


class SharePointError(Exception):
    """SharePoint could not be used; the message says what to check (secrets already masked)."""


class SharePointConfigError(SharePointError):
    """The SharePoint settings are incomplete or malformed."""


class AuthError(SharePointError):
    """SharePoint refused the credentials (401) or the permission (403)."""


class NotFound(SharePointError):
    """The site or the file does not exist at the configured address."""


class Unreachable(SharePointError):
    """SharePoint did not answer in time, could not be reached, or stayed busy (429/503/5xx)."""


class FileLocked(SharePointError):
    """The file is open in desktop Excel for shared use, so SharePoint refuses the save (423)."""


class CorruptDownload(SharePointError):
    """The downloaded bytes are not an .xlsx (zip) file."""


class VersionConflict(SharePointError):
    """Someone saved the workbook after it was read; nothing was written."""

    def __init__(self, modified_by: str, modified_at: datetime | None, etag: str) -> None:
        self.modified_by = modified_by
        self.modified_at = modified_at
        self.etag = etag
        when = f" at {modified_at:%Y-%m-%d %H:%M} UTC" if modified_at else ""
        who = modified_by or "someone"
        super().__init__(
            f"{who} saved the Client Pulse workbook{when} after you opened it, so nothing was "
            "saved. Reload the latest version; your changes stay pending and can be re-applied."
        )


# --------------------------------------------------------------------------------------------
# Settings


class AuthMode(StrEnum):
    ACCESS_TOKEN = "access token"  # a bearer token obtained elsewhere
    CERTIFICATE = "certificate"  # app-only with Sites.Selected: the default
    GRAPH_CLIENT_SECRET = "client secret (Microsoft Graph)"
    DEVICE_CODE = "device code sign-in"  # a person signs in; needs tenant and client id only


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
        for secret in (self.client_secret, self.access_token):
            if secret:
                text = text.replace(secret, MASK)
        return text

    def __repr__(self) -> str:
        secret = MASK if self.client_secret else "''"
        token = MASK if self.access_token else "''"
        return (
            f"SharePointSettings(site_url={self.site_url!r}, file_path={self.file_path!r}, "
            f"tenant={self.tenant!r}, client_id={self.client_id!r}, cert_path={self.cert_path!r}, "
            f"cert_thumbprint={self.cert_thumbprint!r}, client_secret={secret}, "
            f"access_token={token})"
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
    section = secrets.get(SECRETS_SECTION) if secrets is not None else None
    for source in (section, secrets, env):
        if isinstance(source, Mapping):
            value = str(source.get(name, "") or "").strip()
            if value:
                return value
    return ""


def _settings_problems(settings: SharePointSettings) -> list[str]:
    problems: list[str] = []
    if urlsplit(settings.site_url).scheme not in ("https", "http"):
        problems.append(
            f"{SITE_URL} must start with https://, e.g. https://contoso.sharepoint.com/sites/cst."
        )
    if not settings.file_path.startswith("/"):
        problems.append(f"{FILE} must be the server-relative path, e.g. {EXAMPLE_FILE}.")
    mode = settings.auth_mode
    if mode != AuthMode.ACCESS_TOKEN and not (settings.tenant and settings.client_id):
        problems.append(f"Set {TENANT} and {CLIENT_ID} (the app registration) to sign in.")
    if mode == AuthMode.CERTIFICATE and not (settings.cert_path and settings.cert_thumbprint):
        problems.append(f"Certificate sign-in needs both {CERT_PATH} and {CERT_THUMBPRINT}.")
    return problems


# --------------------------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class RequestPolicy:
    """Timeouts and retries; tests shrink the timeouts and inject `sleep`."""

    connect_timeout: float = 5.0
    read_timeout: float = 60.0  # a 20 MB workbook over a slow VPN still fits
    max_attempts: int = 4  # per request, counting the first
    base_delay: float = 1.0  # backoff 1, 2, 4 s when SharePoint gives no Retry-After
    max_delay: float = 30.0  # a longer Retry-After is reported instead of waited out
    sleep: Callable[[float], None] = time.sleep


class SharePointSession:
    """One ClientContext for one person's session.

    The context queues requests and caches a token, so it is never shared between sessions
    (keep it in st.session_state, never in st.cache_resource).
    """

    def __init__(
        self,
        settings: SharePointSettings,
        *,
        policy: RequestPolicy | None = None,
        on_device_code: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy or RequestPolicy()
        self.context = _client_context(settings, self.policy, on_device_code)

    def __repr__(self) -> str:
        return f"SharePointSession({self.settings!r})"


def open_session(
    settings: SharePointSettings,
    *,
    policy: RequestPolicy | None = None,
    on_device_code: Callable[[str], None] | None = None,
) -> SharePointSession:
    """A new session; `on_device_code` shows the sign-in instructions for a device-code login."""
    return SharePointSession(settings, policy=policy, on_device_code=on_device_code)


def _client_context(
    settings: SharePointSettings,
    policy: RequestPolicy,
    on_device_code: Callable[[str], None] | None,
) -> ClientContext:
    from office365.sharepoint.client_context import ClientContext

    ctx = ClientContext(settings.site_url).with_transport(
        timeout=(policy.connect_timeout, policy.read_timeout)
    )
    mode = settings.auth_mode
    if mode == AuthMode.ACCESS_TOKEN:
        token = {"tokenType": "Bearer", "accessToken": settings.access_token}
        return ctx.with_access_token(lambda: token)
    if mode == AuthMode.CERTIFICATE:
        if not Path(settings.cert_path).is_file():
            raise SharePointConfigError(
                f"{CERT_PATH}: no certificate file at {settings.cert_path}. Point it at the PEM "
                "file holding the private key of the certificate uploaded to the app registration."
            )
        return ctx.with_client_certificate(
            settings.tenant,
            settings.client_id,
            thumbprint=settings.cert_thumbprint,
            cert_path=settings.cert_path,
        )
    if mode == AuthMode.GRAPH_CLIENT_SECRET:
        raise SharePointConfigError(
            "A client secret works only through Microsoft Graph, which this build does not use "
            f"for the workbook yet. Use certificate sign-in ({CERT_PATH} and {CERT_THUMBPRINT}) "
            "with the Sites.Selected permission."
        )
    return ctx.with_access_token(_device_code_token(settings, on_device_code or print))


def _device_code_token(
    settings: SharePointSettings, show: Callable[[str], None]
) -> Callable[[], dict[str, Any]]:
    """A token callback: silent from MSAL's cache when it can, else a device-code sign-in."""
    import msal

    app = msal.PublicClientApplication(
        settings.client_id, authority=MSAL_AUTHORITY + settings.tenant
    )
    scopes = [f"{_origin(settings.site_url)}/.default"]

    def acquire() -> dict[str, Any]:
        accounts = app.get_accounts()
        result = app.acquire_token_silent(scopes, account=accounts[0]) if accounts else None
        if not result:
            flow = app.initiate_device_flow(scopes=scopes)
            if "user_code" not in flow:
                raise AuthError(
                    f"Device-code sign-in could not start: {flow.get('error_description', '')}"
                )
            show(str(flow["message"]))
            result = app.acquire_token_by_device_flow(flow)
        if "access_token" not in result:
            raise AuthError(
                f"Sign-in failed: {result.get('error_description', 'no token returned')}"
            )
        return dict(result)

    return acquire


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------------------------
# The file


@dataclass(frozen=True)
class RemoteFile:
    """The workbook's bytes and the version they belong to."""

    name: str
    server_relative_url: str
    data: bytes = field(repr=False)
    etag: str  # SharePoint's '"{GUID},N"'; a save must name it in If-Match
    modified_at: datetime | None
    modified_by: str  # display name of whoever saved this version
    fetched_at: datetime  # when this copy came from SharePoint (UTC)
    from_cache: bool = False  # True when SharePoint was unreachable and this is the disk copy

    @property
    def version(self) -> str:
        """The version counter inside the ETag ('3' for '"{GUID},3"'), or the whole ETag."""
        tail = self.etag.strip('"').rpartition(",")[2]
        return tail or self.etag

    def stream(self) -> BytesIO:
        """A fresh file-like object for read_workbook(fp)."""
        return BytesIO(self.data)


@dataclass(frozen=True)
class _Version:
    unique_id: str
    etag: str
    modified_at: datetime | None
    modified_by: str


def download(
    settings: SharePointSettings,
    *,
    session: SharePointSession | None = None,
    cache_dir: Path | None = None,
) -> RemoteFile:
    """The workbook as it is now on SharePoint; cached in `cache_dir` when given."""
    session = session or open_session(settings)
    with _plain_errors(session, doing="reading"):
        _ensure_reachable(session)
        data, version = _read_consistent(session)
    _check_is_workbook(data, settings, what="The downloaded file")
    remote = _remote_file(settings, data, version)
    _try_to_cache(remote, cache_dir)
    return remote


def upload(
    settings: SharePointSettings,
    data: bytes,
    *,
    expected_etag: str,
    session: SharePointSession | None = None,
    cache_dir: Path | None = None,
) -> RemoteFile:
    """Save `data` over the version read (`expected_etag`) and nothing else.

    Raises VersionConflict, without writing a byte, when someone saved meanwhile.
    """
    _check_is_workbook(data, settings, what="The workbook to save")
    session = session or open_session(settings)
    with _plain_errors(session, doing="saving"):
        _ensure_reachable(session)
        current = _with_retry(session, lambda: _file_version(session))
        if current.etag != expected_etag:
            raise VersionConflict(current.modified_by, current.modified_at, current.etag)
        new_etag = _put_content(session, data, if_match=expected_etag)
        saved = _with_retry(session, lambda: _file_version(session))
    # The ETag the save answered with is ours; a re-read could already show a later save.
    remote = _remote_file(settings, data, saved, etag=new_etag or saved.etag)
    _try_to_cache(remote, cache_dir)
    return remote


def _read_consistent(session: SharePointSession) -> tuple[bytes, _Version]:
    # Properties and content are two requests; a save between them would pair new bytes with
    # the old ETag, so the content's own ETag must match the one just read.
    for _ in range(MAX_READ_ROUNDS):
        version = _with_retry(session, lambda: _file_version(session))
        read_content = partial(_file_content, session, version.unique_id)
        data, content_etag = _with_retry(session, read_content)
        if content_etag in (None, version.etag):
            return data, version
    raise Unreachable(
        f"{session.settings.file_name} kept changing while it was downloaded. "
        "Try again in a minute."
    )


def _file_version(session: SharePointSession) -> _Version:
    ctx = session.context
    file = ctx.web.get_file_by_server_relative_path(session.settings.file_path)
    file.expand(["ModifiedBy"]).get()
    ctx.execute_query()
    modified_by = file.modified_by.properties.get("Title") or ""
    return _Version(
        unique_id=str(file.unique_id or ""),
        etag=str(file.e_tag or ""),
        modified_at=file.time_last_modified,
        modified_by=str(modified_by),
    )


def _file_content(session: SharePointSession, unique_id: str) -> tuple[bytes, str | None]:
    ctx = session.context
    content = ctx.web.get_file_by_id(unique_id).get_content()
    headers: dict[str, str] = {}
    ctx.after_execute(lambda response: headers.update(response.headers), include_response=True)
    ctx.execute_query()
    return bytes(content.value), headers.get("ETag")


def _put_content(session: SharePointSession, data: bytes, *, if_match: str) -> str | None:
    """The library's own save request (File.save_binary) plus a real If-Match; the new ETag."""
    from office365.runtime.http.http_method import HttpMethod
    from office365.runtime.http.request_options import RequestOptions

    ctx = session.context
    path = session.settings.file_path.replace("'", "''")  # OData doubles quotes in literals
    request = RequestOptions(
        f"{ctx.service_root_url}/web/getFileByServerRelativePath(DecodedUrl='{quote(path)}')/$value"
    )
    request.method = HttpMethod.Post
    request.set_header("X-HTTP-Method", "PUT")
    request.set_header("If-Match", if_match)
    request.data = data
    try:
        response = _with_retry(
            session, lambda: ctx.pending_request().execute_request_direct(request)
        )
    except _library_error() as exc:
        if _status(exc) == PRECONDITION_FAILED:
            raise _conflict_after_refusal(session) from None
        raise
    etag = response.headers.get("ETag")
    return str(etag) if etag else None


def _conflict_after_refusal(session: SharePointSession) -> VersionConflict:
    # SharePoint refused the If-Match: someone saved between our check and our write.
    try:
        current = _with_retry(session, lambda: _file_version(session))
    except (_library_error(), requests.RequestException):
        return VersionConflict("", None, "")
    return VersionConflict(current.modified_by, current.modified_at, current.etag)


def _remote_file(
    settings: SharePointSettings, data: bytes, version: _Version, *, etag: str = ""
) -> RemoteFile:
    return RemoteFile(
        name=settings.file_name,
        server_relative_url=settings.file_path,
        data=data,
        etag=etag or version.etag,
        modified_at=version.modified_at,
        modified_by=version.modified_by,
        fetched_at=datetime.now(UTC),
    )


def _check_is_workbook(data: bytes, settings: SharePointSettings, *, what: str) -> None:
    # An .xlsx is a zip; an HTML sign-in page or a truncated transfer is not.
    if not zipfile.is_zipfile(BytesIO(data)):
        raise CorruptDownload(
            f"{what} ({settings.file_name}, {len(data)} bytes) is not an Excel .xlsx file. "
            f"Check {FILE} points at the workbook, and open it in Excel to see if it is damaged."
        )


# --------------------------------------------------------------------------------------------
# Requests: reachability, retries and plain messages


def _library_error() -> type[ClientRequestException]:
    # Imported when an except clause is reached: by then a request has loaded the library.
    from office365.runtime.client_request_exception import ClientRequestException

    return cast("type[ClientRequestException]", ClientRequestException)


def _ensure_reachable(session: SharePointSession) -> None:
    """Fail fast when the site does not answer at all (the library would sleep up to a minute)."""
    policy = session.policy
    timeout = (policy.connect_timeout, policy.read_timeout)
    requests.head(session.settings.site_url, timeout=timeout, allow_redirects=False)


def _with_retry(session: SharePointSession, call: Callable[[], T]) -> T:
    """`call()`, retried on 429/503 with backoff that honours Retry-After, bounded attempts."""
    policy = session.policy
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return call()
        except _library_error() as exc:
            delay = _retry_delay(exc, attempt, policy)
            if delay is None:
                raise
            policy.sleep(delay)
    raise AssertionError("the loop returns or raises")  # pragma: no cover


def _retry_delay(exc: ClientRequestException, attempt: int, policy: RequestPolicy) -> float | None:
    """Seconds to wait before the next attempt, or None when this failure is final."""
    if _status(exc) not in RETRYABLE_STATUSES or attempt >= policy.max_attempts:
        return None
    asked = _retry_after(exc)
    if asked is None:
        backoff: float = policy.base_delay * 2 ** (attempt - 1)
        return min(backoff, policy.max_delay)
    # Never retry sooner than SharePoint asked; a wait longer than max_delay is reported instead.
    return asked if asked <= policy.max_delay else None


def _retry_after(exc: ClientRequestException) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(0.0, float(str(value))) if value is not None else None
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


@contextmanager
def _plain_errors(session: SharePointSession, *, doing: str) -> Iterator[None]:
    """Turn library and network failures into SharePointError with a what-to-check message."""
    settings = session.settings
    try:
        yield
    except SharePointError:
        raise  # already plain and masked
    except _library_error() as exc:
        raise _http_error(exc, settings, doing=doing) from _safe_cause(exc, settings)
    except requests.Timeout as exc:
        raise Unreachable(
            f"SharePoint did not answer within {session.policy.read_timeout:g} s while {doing} "
            f"{settings.file_name}. Check the network or VPN and try again."
        ) from _safe_cause(exc, settings)
    except requests.RequestException as exc:
        raise Unreachable(
            f"SharePoint cannot be reached at {settings.site_url} while {doing} "
            f"{settings.file_name}. Check the network or VPN, and that {SITE_URL} is right."
        ) from _safe_cause(exc, settings)
    except (ValueError, RuntimeError, OSError) as exc:  # mostly token acquisition (MSAL, cert)
        raise AuthError(
            settings.mask(f"Signing in to SharePoint or reading its answer failed while {doing}: ")
            + settings.mask(f"{exc}. Check {TENANT}, {CLIENT_ID} and the certificate ")
            + f"({CERT_PATH}, {CERT_THUMBPRINT})."
        ) from None


def _http_error(
    exc: ClientRequestException, settings: SharePointSettings, *, doing: str
) -> SharePointError:
    status = _status(exc)
    name = settings.file_name
    if status == UNAUTHORIZED:
        return AuthError(
            f"SharePoint refused the credentials (401) while {doing} {name}. Check {TENANT}, "
            f"{CLIENT_ID}, that the certificate ({CERT_THUMBPRINT}) is uploaded to the app "
            f"registration, or that {ACCESS_TOKEN} has not expired."
        )
    if status == FORBIDDEN:
        return AuthError(
            f"SharePoint refused access (403) while {doing} {name}. The app needs the "
            f"Sites.Selected permission granted on {settings.site_url} (write, to save)."
        )
    if status == NOT_FOUND:
        return NotFound(
            f"SharePoint has no file {settings.file_path} on {settings.site_url} (404). Check "
            f"{SITE_URL} and {FILE} (server-relative, e.g. {EXAMPLE_FILE})."
        )
    if status == LOCKED:
        return FileLocked(
            f"{name} is open in Excel for shared use, so SharePoint refused the save (423). "
            "Close it in Excel or try later; your changes stay pending."
        )
    if status in RETRYABLE_STATUSES or (status or 0) >= 500:
        wait = _retry_after(exc)
        hint = f" It asked to wait {wait:g} s." if wait else ""
        return Unreachable(
            f"SharePoint is busy or unavailable ({status}) while {doing} {name}.{hint} "
            "Try again later."
        )
    return SharePointError(
        settings.mask(f"SharePoint answered {status} while {doing} {name}: {exc}")
    )


def _safe_cause(exc: BaseException, settings: SharePointSettings) -> BaseException | None:
    # Chain the library's error for debugging unless its text carries a secret.
    return exc if settings.mask(str(exc)) == str(exc) else None


# --------------------------------------------------------------------------------------------
# The last good copy on disk, for outages


def save_cache(remote: RemoteFile, cache_dir: Path) -> None:
    """Keep `remote` as the last good copy (bytes, then metadata, each replaced atomically)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta = {
        "name": remote.name,
        "server_relative_url": remote.server_relative_url,
        "etag": remote.etag,
        "modified_at": remote.modified_at.isoformat() if remote.modified_at else None,
        "modified_by": remote.modified_by,
        "fetched_at": remote.fetched_at.isoformat(),
    }
    _write_atomically(cache_dir / CACHE_DATA, remote.data)
    _write_atomically(cache_dir / CACHE_META, json.dumps(meta, indent=2).encode())


def _try_to_cache(remote: RemoteFile, cache_dir: Path | None) -> None:
    # The cache only serves outages; a read-only or full disk must not stop a live read or save.
    if cache_dir is not None:
        with suppress(OSError):
            save_cache(remote, cache_dir)


def load_cached(cache_dir: Path) -> RemoteFile | None:
    """The last good copy, marked from_cache; None when there is none or it is unreadable."""
    try:
        meta = json.loads((cache_dir / CACHE_META).read_text(encoding="utf-8"))
        data = (cache_dir / CACHE_DATA).read_bytes()
        modified_at = meta.get("modified_at")
        remote = RemoteFile(
            name=str(meta["name"]),
            server_relative_url=str(meta["server_relative_url"]),
            data=data,
            etag=str(meta["etag"]),
            modified_at=datetime.fromisoformat(modified_at) if modified_at else None,
            modified_by=str(meta.get("modified_by") or ""),
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            from_cache=True,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return remote if zipfile.is_zipfile(BytesIO(data)) else None


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def outage_banner(cached: RemoteFile, *, now: datetime) -> str:
    """'as of 14:05, SharePoint unreachable' (with the date when the copy is not from today)."""
    fetched = cached.fetched_at.astimezone(now.tzinfo) if now.tzinfo else cached.fetched_at
    stamp = f"{fetched:%H:%M}" if fetched.date() == now.date() else f"{fetched:%a %d %b %H:%M}"
    return f"as of {stamp}, SharePoint unreachable"


# --------------------------------------------------------------------------------------------
# For the shells (pulse/cli.py, streamlit_app.py): printing-free


EXIT_OK = 0
EXIT_FAILED = 2  # misconfigured, not found, not a workbook: fix the settings or the file
EXIT_CONFLICT = 3  # someone saved meanwhile, or holds the file open: reload and re-apply
EXIT_UNAVAILABLE = 4  # SharePoint cannot be reached or refuses the credentials


def exit_code_for(error: SharePointError) -> int:
    if isinstance(error, VersionConflict | FileLocked):
        return EXIT_CONFLICT
    if isinstance(error, Unreachable | AuthError):
        return EXIT_UNAVAILABLE
    return EXIT_FAILED


def sync(settings: SharePointSettings, cache_dir: Path = DEFAULT_CACHE_DIR) -> RemoteFile:
    """Download the workbook and refresh the on-disk copy (`pulse sync`)."""
    return download(settings, cache_dir=cache_dir)


def download_or_cached(
    settings: SharePointSettings,
    cache_dir: Path,
    *,
    session: SharePointSession | None = None,
) -> RemoteFile:
    """The live workbook, or the cached copy (from_cache=True) when SharePoint is unreachable."""
    try:
        return download(settings, session=session, cache_dir=cache_dir)
    except Unreachable:
        cached = load_cached(cache_dir)
        if cached is None:
            raise
        return cached
