"""What can go wrong with SharePoint, each a class the shells can tell apart, and exit codes."""

from __future__ import annotations

from datetime import datetime


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
    """The file is open in Excel for shared use, so SharePoint refuses the save (423)."""

    def __init__(self, message: str, *, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder  # who holds the lock, when SharePoint says


class CheckedOut(SharePointError):
    """Someone has the file checked out, so nobody else can save it until it is checked in."""

    def __init__(self, message: str, *, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder


class RefusedUnchanged(SharePointError):
    """SharePoint refused a save's If-Match (412) though the file's ETag has not changed.

    Not someone else's save: reloading and saving again would be refused the same way.
    """


class NeedsFileSave(SharePointError):
    """The Excel-API save mode cannot make this save (a tab to add): the file save can."""


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


# For the shells (pulse/cli.py, streamlit_app.py): printing-free.
EXIT_OK = 0
EXIT_FAILED = 2  # misconfigured, not found, not a workbook: fix the settings or the file
EXIT_CONFLICT = 3  # someone saved meanwhile, or holds the file open: reload and re-apply
EXIT_UNAVAILABLE = 4  # SharePoint cannot be reached or refuses the credentials


def exit_code_for(error: SharePointError) -> int:
    if isinstance(error, VersionConflict | FileLocked | CheckedOut):
        return EXIT_CONFLICT
    if isinstance(error, Unreachable | AuthError):
        return EXIT_UNAVAILABLE
    return EXIT_FAILED
