"""Library and network failures turned into SharePointError with a what-to-check message.

Every message names the setting to check; none carries a secret (they are masked, and a library
error whose text holds one is not chained).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests

from connectors.sharepoint.errors import (
    AuthError,
    FileLocked,
    NotFound,
    SharePointError,
    Unreachable,
)
from connectors.sharepoint.retries import (
    FORBIDDEN,
    LOCKED,
    NOT_FOUND,
    RETRYABLE_STATUSES,
    UNAUTHORIZED,
    library_error,
    retry_after,
    status_of,
)
from connectors.sharepoint.session import SharePointSession
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


def http_error(exc: BaseException, settings: SharePointSettings, *, doing: str) -> SharePointError:
    """The SharePointError for an HTTP failure, by its status."""
    status = status_of(exc)
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
    return _busy_or_other(exc, status, settings, doing=doing)


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
