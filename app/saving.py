"""Saving: the owned tabs written into the workbook's own bytes, over the version read only.

A local file is replaced atomically with a backup beside it, and only while it is still the
version read; the live SharePoint file is uploaded with If-Match on the ETag read (or, in the
Excel-API save mode, only the owned cells are written into the open workbook). Either way,
when someone saved meanwhile nothing is written: the shells reload, replay the unsaved changes
(app.pending) and ask again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from app import environment
from app.sources import file_version, unchanged_bytes
from app.workbooks import Opened
from connectors.workbook import LoadedWorkbook
from pulse.escalation import default_matrix
from pulse.export import owned_frames
from pulse.records import Records
from pulse.schema import Sheet

if TYPE_CHECKING:
    from connectors import sharepoint as sp
    from connectors.xlsx_patch import SheetEdit


class ChangedMeanwhile(Exception):
    """The local file is no longer the version read (someone, or Excel, saved it): nothing was
    written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path.name} was changed on disk after it was read")
        self.path = path


# How long to wait before saving again over a workbook someone holds open in Excel (423): soon
# at first (a colleague closing Excel), then less often, never more than every five minutes.
LOCK_RETRY_SECONDS = (15, 30, 60, 120, 300)


@dataclass(frozen=True)
class LockRetry:
    """A save refused because the workbook is locked, to be tried again by itself at `due`."""

    refusals: int  # saves refused by the lock so far
    due: datetime
    holder: str  # who holds the lock, when SharePoint says; "" otherwise


def next_lock_retry(previous: LockRetry | None, *, holder: str, now: datetime) -> LockRetry:
    """The retry after one more refusal: each wait longer than the last, up to five minutes."""
    refusals = previous.refusals + 1 if previous else 1
    wait = LOCK_RETRY_SECONDS[min(refusals, len(LOCK_RETRY_SECONDS)) - 1]
    return LockRetry(refusals=refusals, due=now + timedelta(seconds=wait), holder=holder)


@dataclass(frozen=True)
class Saved:
    location: str
    backup: Path | None = None  # a local file's previous version, kept beside it
    remote: sp.RemoteFile | None = None  # the SharePoint version now current


@dataclass(frozen=True)
class Rendering:
    """A save made ready: the bytes read, the owned cells written into them, and the result."""

    original: bytes
    edits: list[SheetEdit]
    data: bytes  # the workbook as the save leaves it


def rendering(
    original: bytes,
    loaded: LoadedWorkbook,
    working: Records,
    history: pd.DataFrame,
    *,
    add_matrix: bool = False,
) -> Rendering:
    """The owned tabs written into the workbook's own bytes: episodes, actions, the Audit Log with
    the new rows, and Pulse History; with `add_matrix`, seed 004's matrix as a new Escalation
    Matrix tab (only asked for where the workbook has none: see app.escalation)."""
    from connectors.workbook_writer import owned_edits
    from connectors.xlsx_patch import patch_xlsx

    frames = owned_frames(
        episodes=working.episodes, actions=working.actions, audit=working.audit, history=history
    )
    if add_matrix:
        frames[Sheet.ESCALATION] = default_matrix()
    edits = owned_edits(original, loaded, frames)
    data = patch_xlsx(original, edits, source_name=loaded.source)
    return Rendering(original, edits, data)


def rendered(
    original: bytes,
    loaded: LoadedWorkbook,
    working: Records,
    history: pd.DataFrame,
    *,
    add_matrix: bool = False,
) -> bytes:
    """The workbook's bytes with the owned tabs written (`rendering`'s result)."""
    return rendering(original, loaded, working, history, add_matrix=add_matrix).data


def original_bytes(path: Path, version: str) -> bytes:
    """The local file's bytes while it is still the version read; else ChangedMeanwhile."""
    held = unchanged_bytes(path, version)
    if held is None:
        raise ChangedMeanwhile(path)
    return held


def original_of(opened: Opened) -> bytes:
    """The bytes a save writes over: those read, or a local file's own while it is unchanged."""
    if opened.data is not None:
        return opened.data
    assert opened.source.path is not None  # only local files are kept without their bytes
    return original_bytes(opened.source.path, opened.source.version)


def save_local(path: Path, data: bytes, *, now: datetime, expected: str | None) -> Saved:
    """Replace the file atomically, keeping its previous version as a backup beside it, when it
    is still the `expected` version (None: whatever is there, e.g. a new `--out` file)."""
    from connectors.workbook_writer import save_local as write

    if expected is not None and file_version(path) != expected:
        raise ChangedMeanwhile(path)
    return Saved(str(path), backup=write(path, data, now=now))


def save_sharepoint(
    settings: sp.SharePointSettings,
    save: Rendering,
    *,
    remote: sp.RemoteFile,
    session: sp.SharePointSession | None,
) -> Saved:
    """Over the version read only: someone's save meanwhile raises VersionConflict. The file is
    uploaded, or, in the Excel-API save mode, only the owned cells are written into it."""
    from connectors import sharepoint as sp

    if settings.save_mode == sp.SaveMode.EXCEL_API:
        saved = sp.save_cells(
            settings,
            original=save.original,
            rendered=save.data,
            edits=save.edits,
            expected_etag=remote.etag,
            session=session,
            cache_dir=environment.sharepoint_cache_dir(),
        )
    else:
        saved = sp.upload(
            settings,
            save.data,
            expected_etag=remote.etag,
            session=session,
            cache_dir=environment.sharepoint_cache_dir(),
        )
    return Saved(saved.name, remote=saved)


def save_sharepoint_naming(
    settings: sp.SharePointSettings,
    save: Rendering,
    *,
    remote: sp.RemoteFile,
    session: sp.SharePointSession | None,
) -> Saved:
    """`save_sharepoint` for a shell that does not reload (the CLI): a conflict names the person
    who saved meanwhile, not "SharePoint App" (app.workbooks.named_conflict)."""
    from app.workbooks import named_conflict
    from connectors import sharepoint as sp

    try:
        return save_sharepoint(settings, save, remote=remote, session=session)
    except sp.VersionConflict as conflict:
        raise named_conflict(conflict, settings, session) from None
