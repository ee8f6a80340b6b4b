"""`pulse sharepoint-check` and the Workbook page's check: a tenant diagnosed step by step.

Settings present; the site reachable; a token obtained (and for which audience); the file found;
read allowed; the ETag round trip consistent; write allowed. The write check is dry: it asks
SharePoint for the file's effective permissions and changes nothing. In the Excel-API save mode a
last step finds the file through Microsoft Graph as a save does, up to its ETag check. The steps
run in order and stop at the first failure, which names its fix.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

import requests

from connectors.sharepoint.errors import (
    EXIT_FAILED,
    EXIT_UNAVAILABLE,
    AuthError,
    SharePointError,
    exit_code_for,
)
from connectors.sharepoint.excel_api import drive_item
from connectors.sharepoint.failures import plain_errors
from connectors.sharepoint.graph import GraphClient
from connectors.sharepoint.remote import same_etag
from connectors.sharepoint.retries import RequestPolicy
from connectors.sharepoint.session import SharePointSession, open_session, origin
from connectors.sharepoint.settings import (
    CERT_PATH,
    CLIENT_ID,
    FILE,
    SAVE_MODE,
    SITE_URL,
    TENANT,
    SaveMode,
    SharePointSettings,
)
from connectors.sharepoint.transfer import (
    FileVersion,
    ensure_reachable,
    file_content,
    file_version,
)

T = TypeVar("T")

EDIT_LIST_ITEMS = 0x4  # SP.PermissionKind.EditListItems, in the Low half of BasePermissions
FIX_NAMED = "Fix what the message names, then run the check again."
GRANT_GRAPH = (
    "Add the delegated Microsoft Graph permission Files.ReadWrite to the app registration "
    "(admin consent), sign in again, and check the person may edit the file; see "
    "docs/sharepoint.md."
)
GRANT_WRITE = (
    "Grant the app Sites.Selected on the SharePoint API (admin consent), then POST "
    "/sites/{site-id}/permissions through Microsoft Graph with role write for this app; see "
    "docs/sharepoint.md."
)


@dataclass(frozen=True)
class CheckStep:
    name: str
    ok: bool
    detail: str  # what was found, or what went wrong
    fix: str = ""  # what to do, for a failed step
    exit_code: int = 0  # the CLI's, for a failed step


class StepFailed(Exception):
    def __init__(self, detail: str, fix: str, exit_code: int) -> None:
        super().__init__(detail)
        self.fix, self.exit_code = fix, exit_code


def run_check(
    load_settings: Callable[[], SharePointSettings | None],
    *,
    policy: RequestPolicy | None = None,
) -> list[CheckStep]:
    """The steps passed, then the first that failed (if any)."""
    checker = _Checker(load_settings, policy)
    steps: list[CheckStep] = []
    for name, step in checker.steps():
        try:
            detail = step()
        except StepFailed as failed:
            steps.append(CheckStep(name, False, str(failed), failed.fix, failed.exit_code))
            break
        steps.append(CheckStep(name, True, detail))
    return steps


class _Checker:
    """The steps, each using what the ones before it found."""

    def __init__(
        self, load_settings: Callable[[], SharePointSettings | None], policy: RequestPolicy | None
    ) -> None:
        self.load_settings, self.policy = load_settings, policy
        self._settings: SharePointSettings | None = None
        self._session: SharePointSession | None = None
        self.version: FileVersion | None = None
        self.content_etag: str | None = None

    def steps(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """The steps in order; lazily, so the last can depend on the settings read first."""
        yield from [
            ("Settings present", self.settings_present),
            ("Site reachable", self.site_reachable),
            ("Token obtained", self.token_obtained),
            ("File found", self.file_found),
            ("Read allowed", self.read_allowed),
            ("ETag round trip consistent", self.etags_consistent),
            ("Write allowed (checked dry, nothing changed)", self.write_allowed),
        ]
        if self.settings.save_mode == SaveMode.EXCEL_API:
            yield ("Excel API reaches the file (nothing written)", self.excel_api_reaches_file)

    @property
    def settings(self) -> SharePointSettings:
        assert self._settings is not None  # the first step set it, or the check stopped there
        return self._settings

    @property
    def session(self) -> SharePointSession:
        assert self._session is not None  # the site step set it, or the check stopped there
        return self._session

    def settings_present(self) -> str:
        try:
            settings = self.load_settings()
        except SharePointError as exc:
            raise StepFailed(str(exc), "Fix the setting named above.", EXIT_FAILED) from None
        if settings is None:
            raise StepFailed(
                f"SharePoint is not configured ({SITE_URL} is not set).",
                f"Set {SITE_URL}, {FILE} and a way to sign in ({TENANT}, {CLIENT_ID}, "
                f"{CERT_PATH}) in the environment or under [sharepoint] in "
                ".streamlit/secrets.toml; see docs/sharepoint.md.",
                EXIT_FAILED,
            )
        self._settings = settings
        return f"{settings.site_url}, file {settings.file_path}, sign-in by {settings.auth_mode}"

    def site_reachable(self) -> str:
        settings = self.settings
        try:
            self._session = open_session(settings, policy=self.policy)
        except SharePointError as exc:
            raise StepFailed(str(exc), "Fix the setting named above.", exit_code_for(exc)) from None
        try:
            ensure_reachable(self.session)
        except requests.RequestException:
            raise StepFailed(
                f"{settings.site_url} does not answer.",
                f"Check the network or VPN, and that {SITE_URL} is the site's address.",
                EXIT_UNAVAILABLE,
            ) from None
        return f"{settings.site_url} answers"

    def token_obtained(self) -> str:
        request = self.session.context.pending_request()
        _as_step(self.session, "signing in to", request.warm_up)  # POST _api/contextinfo
        return f"a token for {_audience(self.settings)} signs requests to the site"

    def file_found(self) -> str:
        version = _as_step(self.session, "finding", lambda: file_version(self.session))
        self.version = version
        return f"{self.settings.file_name}, version {version.etag}, saved by {version.modified_by}"

    def read_allowed(self) -> str:
        assert self.version is not None
        unique_id = self.version.unique_id
        data, etag = _as_step(
            self.session, "reading", lambda: file_content(self.session, unique_id)
        )
        self.content_etag = etag
        return f"{len(data):,} bytes read"

    def etags_consistent(self) -> str:
        assert self.version is not None
        first = self.version.etag
        again = _as_step(self.session, "re-reading", lambda: file_version(self.session)).etag
        seen = [first, again] + ([self.content_etag] if self.content_etag else [])
        if not all(same_etag(first, other) for other in seen):
            raise StepFailed(
                f"SharePoint named one version by ETags that do not match: {', '.join(seen)}.",
                "Run the check again while nobody saves. If it fails again, something between "
                "here and SharePoint (a proxy) rewrites ETags, and every save would be refused.",
                EXIT_FAILED,
            )
        return f"{first} on the properties, a re-read and the content alike"

    def write_allowed(self) -> str:
        low = _as_step(self.session, "checking permissions on", self._permissions_low)
        if not low & EDIT_LIST_ITEMS:
            raise StepFailed(
                f"The app may read {self.settings.file_name} but not save it.",
                GRANT_WRITE,
                EXIT_UNAVAILABLE,
            )
        return "the app may save the file (asked without changing it)"

    def excel_api_reaches_file(self) -> str:
        """The Excel-API save mode's way to the file, as a save takes it up to its ETag check."""
        assert self.version is not None
        try:
            with plain_errors(self.session, doing="finding through Microsoft Graph"):
                client = GraphClient(self.session, token=self.session.graph_token())
                item = drive_item(client, self.settings)
        except SharePointError as exc:
            fix = GRANT_GRAPH if isinstance(exc, AuthError) else FIX_NAMED
            raise StepFailed(str(exc), fix, exit_code_for(exc)) from None
        if not same_etag(item.etag, self.version.etag):
            raise StepFailed(
                f"Microsoft Graph names the file's version {item.etag}, SharePoint "
                f"{self.version.etag}.",
                "Run the check again while nobody saves. If it fails again, every save in the "
                f"Excel-API mode would be refused as a conflict: set {SAVE_MODE}=file.",
                EXIT_FAILED,
            )
        return f"found through {self.settings.graph_url}, version {item.etag}"

    def _permissions_low(self) -> int:
        from office365.runtime.http.request_options import RequestOptions

        ctx = self.session.context
        path = quote(self.settings.file_path.replace("'", "''"))
        request = RequestOptions(
            f"{ctx.service_root_url}/web/getFileByServerRelativePath(DecodedUrl='{path}')"
            "/ListItemAllFields/EffectiveBasePermissions"
        )
        answer = ctx.pending_request().execute_request_direct(request).json()
        found = answer.get("d", answer)
        found = found.get("EffectiveBasePermissions", found)
        return int(found.get("Low", 0))


def _as_step(session: SharePointSession, doing: str, call: Callable[[], T]) -> T:
    """`call()`, its failure a failed step with SharePoint's message and a fix."""
    try:
        with plain_errors(session, doing=doing):
            return call()
    except SharePointError as exc:
        refused = isinstance(exc, AuthError) and "(403)" in str(exc)
        fix = GRANT_WRITE if refused else FIX_NAMED
        raise StepFailed(str(exc), fix, exit_code_for(exc)) from None


def _audience(settings: SharePointSettings) -> str:
    """The token's audience: a given token's own `aud` claim, else the one asked for."""
    parts = settings.access_token.split(".")
    if len(parts) == 3:
        try:
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
            return str(claims.get("aud", "an unnamed audience"))
        except (ValueError, AttributeError):
            pass
    return origin(settings.site_url)
