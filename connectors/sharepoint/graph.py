"""Microsoft Graph requests over the connector's own HTTP session, and its answers in plain words.

Graph is called directly (office365-rest-python-client speaks SharePoint REST here): every
request goes through `PulseHttp`, so it carries the configured User-Agent, and a throttled
answer (429/503) is retried honouring Retry-After within the operation's one overall cap
(`RetryBudget`). Graph's error answers are ``{"error": {"code", "message", "innerError":
{"code", ...}}}``; the messages below quote Graph's own ``message`` (secrets masked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from connectors.secret_logs import mask_secrets
from connectors.sharepoint.errors import (
    AuthError,
    FileLocked,
    NotFound,
    SharePointError,
    Unreachable,
    VersionConflict,
)
from connectors.sharepoint.failures import lock_holder
from connectors.sharepoint.retries import (
    CONFLICT,
    FORBIDDEN,
    LOCKED,
    NOT_FOUND,
    RETRYABLE_STATUSES,
    UNAUTHORIZED,
    delay_for,
    seconds_asked,
)
from connectors.sharepoint.session import SharePointSession
from connectors.sharepoint.settings import GRAPH_URL, SAVE_MODE, SharePointSettings

SESSION_HEADER = "workbook-session-id"  # names the workbook session on every call within it
# Graph's detailed codes (innerError) for a workbook another editor's session keeps busy: like a
# lock, waiting and trying again helps; anything else answered 409 is a conflict.
LOCK_CODES = frozenset(
    {"accessconflict", "invalidsessionaccessconflict", "editmodecannotacquirelock"}
)


@dataclass
class GraphClient:
    """Calls to Graph as the person signed in, within one workbook session once it is opened."""

    session: SharePointSession
    token: str
    session_id: str = ""  # the open workbook session, sent with every call while it is set

    def call(self, method: str, path: str, *, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """Graph's JSON answer to `method` on `path` (under the Graph root); a refusal raises."""
        policy = self.session.policy
        attempt = 1
        while True:
            response = self._send(method, path, body=body)
            if response.status_code < 400:
                return _json_of(response)
            delay = _retry_delay(response, attempt, self.session)
            if delay is None:
                raise graph_error(response, self.session.settings, secrets=(self.token,))
            policy.sleep(delay)
            attempt += 1

    def _send(self, method: str, path: str, *, body: dict[str, Any] | None) -> requests.Response:
        settings, policy = self.session.settings, self.session.policy
        try:
            return self.session.http.request(
                method,
                settings.graph_url + path,
                json=body,
                headers=self._headers(),
                timeout=policy.timeout,
            )
        except requests.Timeout:
            raise Unreachable(
                f"Microsoft Graph did not answer within {policy.read_timeout:g} s while saving "
                f"{settings.file_name}. Check the network or VPN and try again."
            ) from None
        except requests.RequestException:
            raise Unreachable(
                f"Microsoft Graph cannot be reached at {settings.graph_url} while saving "
                f"{settings.file_name}. Check the network or VPN, and that {GRAPH_URL} is right."
            ) from None

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if self.session_id:
            headers[SESSION_HEADER] = self.session_id
        return headers


def _retry_delay(
    response: requests.Response, attempt: int, session: SharePointSession
) -> float | None:
    """The wait before trying a throttled request again; None to give up (not throttled, or
    the wait would end past the operation's overall cap)."""
    if response.status_code not in RETRYABLE_STATUSES:
        return None
    delay = delay_for(seconds_asked(response.headers.get("Retry-After")), attempt, session.policy)
    return delay if delay is not None and session.http.budget.allows(delay) else None


def _json_of(response: requests.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    payload = response.json()
    return payload if isinstance(payload, dict) else {}


def graph_error(
    response: requests.Response, settings: SharePointSettings, *, secrets: tuple[str, ...] = ()
) -> SharePointError:
    """The SharePointError for Graph's refusal, by its status and detailed codes."""
    status = response.status_code
    codes, said = _error_of(response)
    reason = mask_secrets(settings.mask(said), secrets)
    name = settings.file_name
    if status == LOCKED or (status == CONFLICT and codes & LOCK_CODES):
        holder = lock_holder(reason)
        return FileLocked(
            f"{name} is open in Excel by {holder or 'someone'} in a way that keeps the Excel "
            f"API out ({status}{_quoted(reason)}). Nothing was written; your changes stay "
            "pending.",
            holder=holder,
        )
    if status == CONFLICT:
        return VersionConflict("", None, "")
    if status in (UNAUTHORIZED, FORBIDDEN):
        return _refused(status, reason, settings)
    if status == NOT_FOUND:
        return NotFound(
            f"Microsoft Graph found no {name} to write into (404{_quoted(reason)}). Check "
            "the site and file settings (see docs/sharepoint.md)."
        )
    if status in RETRYABLE_STATUSES or status >= 500:
        wait = seconds_asked(response.headers.get("Retry-After"))
        hint = f" It asked to wait {wait:g} s." if wait else ""
        return Unreachable(
            f"Microsoft Graph is busy or unavailable ({status}) while saving {name}.{hint} "
            "Nothing more was written; try again later."
        )
    return SharePointError(
        f"Microsoft Graph answered {status} while saving {name}{_quoted(reason)}."
    )


def _refused(status: int, reason: str, settings: SharePointSettings) -> AuthError:
    what = "the credentials" if status == UNAUTHORIZED else "access"
    return AuthError(
        f"Microsoft Graph refused {what} ({status}) while saving {settings.file_name}"
        f"{_quoted(reason)}. {SAVE_MODE}=excel-api needs the delegated Microsoft Graph "
        "permission Files.ReadWrite (or Sites.Selected with the site granted) consented for "
        "the app registration, a sign-in that has not expired, and edit rights on the file; "
        "see docs/sharepoint.md."
    )


def _quoted(reason: str) -> str:
    return f": Graph said: {reason}" if reason else ""


def _error_of(response: requests.Response) -> tuple[frozenset[str], str]:
    """Graph's error codes (the code and each nested innerError's, lower-cased) and message."""
    try:
        payload = response.json()
    except ValueError:
        return frozenset(), ""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return frozenset(), ""
    message = str(error.get("message") or "").strip().rstrip(".")
    codes: set[str] = set()
    while isinstance(error, dict):
        codes.add(str(error.get("code") or "").lower())
        error = error.get("innerError") or error.get("innererror")
    return frozenset(codes - {""}), message
