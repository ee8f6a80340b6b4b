"""The Incident Log both shells read, and each click of the incident room saved at once.

Where it lives: the Incident Log tab of the Client Pulse workbook, or, with `[incidents]
log_workbook` in pulse.toml, a separate small workbook of that name beside it (same folder, or
same SharePoint folder) so that live clicks never wait on a workbook someone has open in Excel.

Saving a click: the rows are appended to the file as it is *now* (re-read just before writing),
never to the version this session read, so a click someone made meanwhile is kept and nobody is
asked anything (SPEC: an append-only row replays onto a newer version without asking). A local
file is replaced atomically only while it is still the version just read; SharePoint takes the
upload only with If-Match on the ETag just read; either way a save that meets a newer version
simply appends again onto it, a few times at most.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import pandas as pd

from app import environment
from app.saving import ChangedMeanwhile
from app.sources import SourceKind, WorkbookSource, file_version
from app.workbooks import Opened, read_local_bytes
from connectors.errors import InputError, Problem
from connectors.workbook import LoadedWorkbook
from pulse.incidents import LOG_COLUMNS, with_log_columns
from pulse.schema import Sheet
from pulse.settings import Settings

if TYPE_CHECKING:
    from connectors import sharepoint as sp

# A save that meets a newer version appends again onto it, at most this many times in all.
SAVE_ATTEMPTS = 4
LOG_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class LogLocation:
    """Where the Incident Log is read from and saved to."""

    separate: bool  # a workbook of its own beside the Client Pulse workbook
    name: str  # the file's name, for messages
    path: Path | None = None  # a local file
    sharepoint: sp.SharePointSettings | None = None  # the live file on SharePoint
    can_save: bool = True
    why_not: str = ""  # when it cannot be saved

    @property
    def identity(self) -> str:
        if self.sharepoint is not None:
            return f"sharepoint:{self.sharepoint.site_url}{self.sharepoint.file_path}"
        return f"local:{self.path.resolve() if self.path else self.name}"


@dataclass(frozen=True)
class IncidentLog:
    """The log's events (pulse.incidents.LOG_COLUMNS), what was left out, and its version."""

    events: pd.DataFrame
    warnings: list[Problem]
    version: str  # changes whenever anyone appends (the file's version or ETag)


@dataclass(frozen=True)
class Appended:
    """A click saved: the version it made, and (on SharePoint) the file as now saved."""

    location: LogLocation
    before: str  # the version the rows were appended onto
    after: str  # the version saving them made
    remote: sp.RemoteFile | None = None


def log_location(settings: Settings, source: WorkbookSource) -> LogLocation:
    """Where this workbook's Incident Log lives (pulse.toml `[incidents] log_workbook`)."""
    name = settings.incidents.log_workbook.strip()
    if name:
        _check_log_name(name)
    if source.kind is SourceKind.UPLOADED:
        why = "An uploaded workbook cannot be saved in place: open the team's file to record."
        return LogLocation(False, source.location, can_save=False, why_not=why)
    if source.kind is SourceKind.SHAREPOINT:
        live = environment.required_sharepoint_settings()
        if not name:
            return LogLocation(False, live.file_name, sharepoint=live)
        folder = PurePosixPath(live.file_path).parent
        beside = dataclasses.replace(live, file_path=str(folder / name))
        return LogLocation(True, name, sharepoint=beside)
    assert source.path is not None
    if not name:
        return LogLocation(False, source.path.name, path=source.path)
    return LogLocation(True, name, path=source.path.parent / name)


def _check_log_name(name: str) -> None:
    if "/" in name or "\\" in name or not name.lower().endswith(LOG_SUFFIX):
        message = (
            f"[incidents] log_workbook is '{name}': give only a file name ending .xlsx (e.g. "
            "'Incident Log.xlsx'); it is kept beside the Client Pulse workbook."
        )
        raise InputError([Problem("pulse.toml", message)])


def no_events() -> pd.DataFrame:
    """An events frame without a row (LOG_COLUMNS, typed as the readers type them)."""
    frame = pd.DataFrame({column: pd.Series([], dtype="string") for column in LOG_COLUMNS})
    for column in ("at", "corrects_at"):
        frame[column] = pd.Series([], dtype="datetime64[ns, UTC]")
    return frame


def all_events(*sources: pd.DataFrame | None) -> pd.DataFrame:
    """The events of every source together (an events CSV and the Incident Log); a row in both
    counts once."""
    frames = [with_log_columns(f) for f in sources if f is not None and not f.empty]
    if not frames:
        return no_events()
    if len(frames) == 1:
        return frames[0]
    events = pd.concat([frame[list(LOG_COLUMNS)] for frame in frames], ignore_index=True)
    return events.drop_duplicates(ignore_index=True)


def events_version(events: pd.DataFrame) -> str:
    """A digest of the events' content (their rows in order): a cache key that changes when any
    row, from any source, is added or changed."""
    rows = pd.util.hash_pandas_object(events, index=False).to_numpy()
    columns = "|".join(map(str, events.columns)).encode()
    return hashlib.blake2b(rows.tobytes() + columns, digest_size=16).hexdigest()


def events_of(workbook: LoadedWorkbook, settings: Settings) -> tuple[pd.DataFrame, list[Problem]]:
    """The Incident Log tab of a workbook as events, and the rows left out."""
    from connectors.incident_log import incident_log_events

    return incident_log_events(workbook, timezone=settings.business_hours.timezone)


def read_log(
    location: LogLocation,
    opened: Opened,
    settings: Settings,
    *,
    session: sp.SharePointSession | None = None,
) -> IncidentLog:
    """The log as it is in the opened workbook, or in its separate workbook now."""
    if not location.separate:
        events, warnings = events_of(opened.workbook, settings)
        return IncidentLog(events, warnings, opened.source.version)
    data, version = _separate_bytes(location, session)
    if data is None:
        return IncidentLog(no_events(), [], "")
    from connectors.incident_log import read_log_workbook

    events, warnings = events_of(read_log_workbook(data, name=location.name), settings)
    return IncidentLog(events, warnings, version)


def log_version(location: LogLocation) -> str | None:
    """A separate local log's version now (cheap: no read); None where it cannot be known."""
    if location.separate and location.path is not None:
        return file_version(location.path) or ""
    return None


def _separate_bytes(
    location: LogLocation, session: sp.SharePointSession | None
) -> tuple[bytes | None, str]:
    if location.path is not None:
        if not location.path.exists():
            return None, ""
        return read_local_bytes(location.path)
    remote = _download(location, session)
    return remote.data, remote.etag


def append(
    location: LogLocation,
    rows: dict[Sheet, pd.DataFrame],
    *,
    now: datetime,
    session: sp.SharePointSession | None = None,
) -> Appended:
    """Append `rows` (the Incident Log's and the Audit Log's) to the file as it is now."""
    if not location.can_save:
        raise InputError([Problem(location.name, location.why_not)])
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            return _append_once(location, rows, now=now, session=session)
        except (ChangedMeanwhile, _version_conflict()):
            if attempt == SAVE_ATTEMPTS:
                raise
    raise AssertionError("the loop returns or raises")


def _append_once(
    location: LogLocation,
    rows: dict[Sheet, pd.DataFrame],
    *,
    now: datetime,
    session: sp.SharePointSession | None,
) -> Appended:
    from connectors.log_append import append_rows

    if location.sharepoint is not None:
        remote = _download(location, session)
        data = append_rows(remote.data, rows, name=location.name)
        return _upload(location, data, remote, session)
    assert location.path is not None
    original, version = _local_or_new(location)
    data = append_rows(original, rows, name=location.name)
    return _replace_local(location, data, version=version, now=now)


def _local_or_new(location: LogLocation) -> tuple[bytes, str | None]:
    """The local file and its version; a separate log not made yet starts as a new workbook."""
    assert location.path is not None
    if location.separate and not location.path.exists():
        from connectors.incident_log import new_log_workbook

        return new_log_workbook(), None
    return read_local_bytes(location.path)


def _replace_local(
    location: LogLocation, data: bytes, *, version: str | None, now: datetime
) -> Appended:
    from connectors.workbook_writer import save_local

    assert location.path is not None
    if version is not None and file_version(location.path) != version:
        raise ChangedMeanwhile(location.path)
    if version is None and location.path.exists():  # made by someone else meanwhile
        raise ChangedMeanwhile(location.path)
    save_local(location.path, data, now=now, keep_backup=False)
    return Appended(location, version or "", file_version(location.path) or "")


def _download(location: LogLocation, session: sp.SharePointSession | None) -> sp.RemoteFile:
    from connectors import sharepoint as sp

    assert location.sharepoint is not None
    session = session or sp.open_session(location.sharepoint, policy=environment.request_policy())
    return sp.download(location.sharepoint, session=session)


def _upload(
    location: LogLocation, data: bytes, read: sp.RemoteFile, session: sp.SharePointSession | None
) -> Appended:
    from connectors import sharepoint as sp

    assert location.sharepoint is not None
    # The main file's outage copy stays current; a separate log is never served from a copy.
    cache = None if location.separate else environment.sharepoint_cache_dir()
    saved = sp.upload(
        location.sharepoint, data, expected_etag=read.etag, session=session, cache_dir=cache
    )
    return Appended(location, read.etag, saved.etag, saved)


def _version_conflict() -> type[Exception]:
    from connectors import sharepoint as sp

    return sp.VersionConflict
