"""Library and network failures turned into SharePointError with a what-to-check message.

Every message names the setting to check; none carries a secret (they are masked, and a library
error whose text holds one is not chained).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from connectors.sharepoint.errors import (
    AuthError,
    CheckedOut,
    FileLocked,
    NotFound,
    SharePointError,
    Unreachable,
    VersionConflict,
)
from connectors.sharepoint.retries import (
    CONFLICT,
    FORBIDDEN,
    LOCKED,
    NOT_FOUND,
    RETRYABLE_STATUSES,
    UNAUTHORIZED,
    library_error,
    retry_after,
    status_of,
)
from connectors.sharepoint.session import SharePointSession, origin
from connectors.sharepoint.settings import (
    ACCESS_TOKEN,
    CERT_PATH,
    CERT_THUMBPRINT,
    CLIENT_ID,
    EXAMPLE_FILE,
    FILE,
    SITE_URL,
    TENANT,
    SharePointSettings,
)


@contextmanager
def plain_errors(session: SharePointSession, *, doing: str) -> Iterator[None]:
    """Turn library and network failures into SharePointError with a what-to-check message."""
    settings = session.settings
    session.http.restart_budget()  # one overall cap for every retry of this operation
    try:
        yield
    except SharePointError:
        raise  # already plain and masked
    except library_error() as exc:
        raise http_error(exc, settings, doing=doing) from safe_cause(exc, settings)
    except requests.Timeout as exc:
        raise Unreachable(
            f"SharePoint did not answer within {session.policy.read_timeout:g} s while {doing} "
            f"{settings.file_name}. Check the network or VPN and try again."
        ) from safe_cause(exc, settings)
    except requests.RequestException as exc:
        raise Unreachable(
            f"SharePoint cannot be reached at {settings.site_url} while {doing} "
            f"{settings.file_name}. Check the network or VPN, and that {SITE_URL} is right."
        ) from safe_cause(exc, settings)
    except (ValueError, RuntimeError, OSError) as exc:  # mostly token acquisition (MSAL, cert)
        raise AuthError(
            settings.mask(f"Signing in to SharePoint or reading its answer failed while {doing}: ")
            + settings.mask(f"{exc}. Check {TENANT}, {CLIENT_ID} and the certificate ")
            + f"({CERT_PATH}, {CERT_THUMBPRINT})."
        ) from None


# SharePoint's own error codes: the HRESULT that starts the "code" of its error answer.
FILE_LOCKED_CODES = frozenset({"-2147018894", "-2147023436"})  # locked for shared / exclusive use
SAVE_CONFLICT_CODES = frozenset({"-2130246326", "-2130575305"})  # "Save Conflict", "modified by"
CHECKED_OUT_CODE = "-2130575306"
# "... locked for shared use by pat@contoso.com [Pat Excel]." / "... checked out by i:0#.f|...|pat"
_HOLDER = re.compile(r".*\bby (?P<who>.+?)\.?\s*$", re.DOTALL)  # the last "by": not the path's
_NAME_IN_BRACKETS = re.compile(r"^(?P<email>\S+)\s*\[(?P<name>[^\]]+)\]$")


def http_error(exc: BaseException, settings: SharePointSettings, *, doing: str) -> SharePointError:
    """The SharePointError for an HTTP failure, by SharePoint's error code, then its status."""
    status, code = status_of(exc), error_code(exc)
    name = settings.file_name
    if code == CHECKED_OUT_CODE:
        holder = lock_holder(reason_of(exc))
        return CheckedOut(
            f"{name} is checked out to {holder or 'someone'}, so SharePoint refused the save. "
            "Ask them to check it in (or discard the check-out) in the document library, then "
            "save again; your changes stay pending.",
            holder=holder,
        )
    if status == LOCKED or code in FILE_LOCKED_CODES:
        holder = lock_holder(reason_of(exc))
        return FileLocked(
            f"{name} is open in Excel by {holder or 'someone'}, so SharePoint refused the save "
            "(423, locked for shared use). Your changes stay pending.",
            holder=holder,
        )
    if code in SAVE_CONFLICT_CODES or status == CONFLICT:
        return VersionConflict("", None, "")
    if status in (UNAUTHORIZED, FORBIDDEN):
        return _refused(exc, status, settings, doing=doing)
    if status == NOT_FOUND:
        return NotFound(
            f"SharePoint has no file {settings.file_path} on {settings.site_url} (404). Check "
            f"{SITE_URL} and {FILE} (server-relative, e.g. {EXAMPLE_FILE})."
        )
    return _busy_or_other(exc, status, settings, doing=doing)


def _refused(
    exc: BaseException, status: int | None, settings: SharePointSettings, *, doing: str
) -> AuthError:
    reason = reason_of(exc)
    said = settings.mask(f" SharePoint said: {reason}.") if reason else ""
    name = settings.file_name
    if status == UNAUTHORIZED:
        return AuthError(
            f"SharePoint refused the credentials (401) while {doing} {name}.{said} Check "
            f"{TENANT}, {CLIENT_ID}, that the certificate ({CERT_THUMBPRINT}) is uploaded to the "
            f"app registration, or that {ACCESS_TOKEN} has not expired and is for "
            f"{origin(settings.site_url)}."
        )
    return AuthError(
        f"SharePoint refused access (403) while {doing} {name}.{said} The app needs the "
        f"Sites.Selected permission of the SharePoint API, then a grant on {settings.site_url} "
        "(POST /sites/{site-id}/permissions with role write, to save); see docs/sharepoint.md."
    )


def error_code(exc: BaseException) -> str | None:
    """SharePoint's HRESULT for the failure ('-2147018894'), or None."""
    code = getattr(exc, "hresult", None)
    return str(code) if code else None


def reason_of(exc: BaseException) -> str:
    """SharePoint's (or the sign-in service's) own words for a refusal; '' when it gave none."""
    message = str(getattr(exc, "message", "") or "")
    response = getattr(exc, "response", None)
    if not message and response is not None:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            message = str(payload.get("error_description") or "")
    diagnostics = response.headers.get("x-ms-diagnostics", "") if response is not None else ""
    found = re.search(r'reason="([^"]*)"', diagnostics)
    parts = [part.strip().rstrip(".") for part in (message, found[1] if found else "") if part]
    return "; ".join(dict.fromkeys(part for part in parts if part))


def lock_holder(message: str) -> str:
    """Who holds a lock or check-out, from SharePoint's message ('' when it does not say)."""
    found = _HOLDER.search(message)
    if found is None:
        return ""
    who = found["who"].strip().rpartition("|")[2]  # a claims login: i:0#.f|membership|pat@...
    bracketed = _NAME_IN_BRACKETS.match(who)
    return f"{bracketed['name']} ({bracketed['email']})" if bracketed else who


def _busy_or_other(
    exc: BaseException, status: int | None, settings: SharePointSettings, *, doing: str
) -> SharePointError:
    name = settings.file_name
    if status in RETRYABLE_STATUSES or (status or 0) >= 500:
        wait = retry_after(exc)
        hint = f" It asked to wait {wait:g} s." if wait else ""
        return Unreachable(
            f"SharePoint is busy or unavailable ({status}) while {doing} {name}.{hint} "
            "Try again later."
        )
    return SharePointError(
        settings.mask(f"SharePoint answered {status} while {doing} {name}: {exc}")
    )


def safe_cause(exc: BaseException, settings: SharePointSettings) -> BaseException | None:
    """`exc` to chain for debugging, unless its text carries a secret."""
    return exc if settings.mask(str(exc)) == str(exc) else None
