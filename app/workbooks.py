"""Opening the workbook: its bytes, the frames read from them, and the source they came from.

The CLI names a location (a path, or the word `sharepoint`); the app chooses one from its
configuration and the session's upload. Both get an `Opened`, whose bytes are what a save
writes over.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import environment
from app.sources import (
    Upload,
    WorkbookSource,
    file_version,
    is_app_editor,
    local_source,
    sharepoint_source,
    upload_source,
    who_saved,
)
from connectors.paths import input_file, output_file
from connectors.workbook import LoadedWorkbook, read_workbook
from pulse.schema import Sheet
from pulse.settings import DEFAULT_LIMITS, DEFAULT_TIMEZONE, InputLimits

if TYPE_CHECKING:
    from connectors import sharepoint as sp

SHAREPOINT = "sharepoint"  # the word that means "the configured live file" wherever a path goes


@dataclass(frozen=True)
class Opened:
    workbook: LoadedWorkbook
    source: WorkbookSource
    # The bytes the frames were read from, which a save writes over; None where the shell
    # keeps only the frames of a local file (a save reads it again, if it is still `version`).
    data: bytes | None
    remote: sp.RemoteFile | None = None  # the SharePoint version read, with its ETag
    session: sp.SharePointSession | None = None


def read_local_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and the version they are; a plain error when missing or unreadable."""
    version = file_version(input_file(path))
    try:
        data = path.read_bytes()
    except OSError:
        read_workbook(path)  # raises the reader's WorkbookError naming the file and what to do
        raise
    if version is None or file_version(path) != version:
        version = file_version(path) or "0:0"  # changed while read: the newer version it is
    return data, version


def open_local(
    path: Path,
    *,
    tabs: Collection[Sheet] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Opened:
    data, version = read_local_bytes(path)
    workbook = read_workbook(data, name=path.name, tabs=tabs, timezone=timezone, limits=limits)
    return Opened(workbook, local_source(path, version), data)


def open_upload(
    upload: Upload, *, timezone: str = DEFAULT_TIMEZONE, limits: InputLimits = DEFAULT_LIMITS
) -> Opened:
    workbook = read_workbook(upload.data, name=upload.name, timezone=timezone, limits=limits)
    return Opened(workbook, upload_source(upload), upload.data)


def download(
    settings: sp.SharePointSettings, *, session: sp.SharePointSession, fallback: bool
) -> sp.RemoteFile:
    """The live file now; with `fallback`, the last good copy when SharePoint is unreachable."""
    from connectors import sharepoint as sp

    cache = environment.sharepoint_cache_dir()
    if fallback:
        return sp.download_or_cached(settings, cache, session=session)
    return sp.download(settings, session=session, cache_dir=cache)


def sync_live_file() -> tuple[sp.RemoteFile, Path]:
    """The configured live file downloaded into the SharePoint cache, and that folder."""
    from connectors import sharepoint as sp

    cache = environment.sharepoint_cache_dir()
    return sp.sync(environment.required_sharepoint_settings(), cache), cache


def export_path(path: Path, *, option: str | None = None) -> Path:
    """`path` when an exported workbook can be written there (its folder exists; not a folder,
    device, pipe or socket), checked before any work; else PathError naming `option`."""
    return output_file(path, option=option)


def opened_remote(
    settings: sp.SharePointSettings,
    remote: sp.RemoteFile,
    session: sp.SharePointSession | None = None,
    *,
    tabs: Collection[Sheet] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Opened:
    workbook = read_workbook(
        remote.data, name=remote.name, tabs=tabs, timezone=timezone, limits=limits
    )
    return remote_opened(settings, remote, workbook, session)


def remote_opened(
    settings: sp.SharePointSettings,
    remote: sp.RemoteFile,
    workbook: LoadedWorkbook,
    session: sp.SharePointSession | None = None,
) -> Opened:
    """The live file read as `workbook`, its source naming who saved it (the person in its
    Audit Log when SharePoint names the app)."""
    source = sharepoint_source(
        settings, remote, saved_by=who_saved(remote.modified_by, workbook.audit)
    )
    return Opened(workbook, source, remote.data, remote, session)


def saved_by(remote: sp.RemoteFile) -> str:
    """Who saved `remote` (app.sources.who_saved): its Audit Log is read only when SharePoint
    names the app as the editor."""
    if not is_app_editor(remote.modified_by):
        return remote.modified_by
    from connectors.errors import InputError

    try:
        audit = read_workbook(remote.data, name=remote.name, tabs=(Sheet.AUDIT,)).audit
    except InputError:
        return remote.modified_by
    return who_saved(remote.modified_by, audit)


def named_conflict(
    conflict: sp.VersionConflict,
    settings: sp.SharePointSettings,
    session: sp.SharePointSession | None = None,
) -> sp.VersionConflict:
    """The conflict naming the person who saved meanwhile: when SharePoint names the app (an
    app-only save through Client Pulse), the newer version's Audit Log does (`saved_by`); if
    that version cannot be read, the conflict as SharePoint said it."""
    from connectors import sharepoint as sp

    if not is_app_editor(conflict.modified_by):
        return conflict
    try:
        newer = sp.download(settings, session=session)
    except sp.SharePointError:
        return conflict
    return sp.VersionConflict(saved_by(newer), conflict.modified_at, conflict.etag)


def open_location(
    location: str,
    *,
    tabs: Collection[Sheet] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Opened:
    """For the CLI: a path, or `sharepoint` for the configured live file (no cached fallback:
    a command must not act on an old copy). Date-times are read in `timezone`."""
    if location != SHAREPOINT:
        return open_local(Path(location), tabs=tabs, timezone=timezone, limits=limits)
    from connectors import sharepoint as sp

    settings = environment.required_sharepoint_settings()
    session = sp.open_session(settings, policy=environment.request_policy())
    remote = download(settings, session=session, fallback=False)
    return opened_remote(settings, remote, session, tabs=tabs, timezone=timezone, limits=limits)
