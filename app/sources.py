"""Which workbook a session works on and which version of it: a local file, an upload, or the
live SharePoint file (with the copy kept for outages).

A source's `identity` stays the same across versions (unsaved changes belong to it); its
`version` changes whenever anyone saves (the file's mtime and size, an upload's digest, or
SharePoint's ETag), so a save can check it is writing over the version it read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import pandas as pd

    from connectors import sharepoint as sp

# How SharePoint names the editor of an app-only save (certificate sign-in): the app, no person.
APP_EDITORS = frozenset({"sharepoint app", "app@sharepoint"})


class SourceKind(StrEnum):
    LOCAL = "local file"
    UPLOADED = "uploaded file"
    SHAREPOINT = "SharePoint"


@dataclass(frozen=True)
class Upload:
    """A file someone uploaded: a workbook, a ticket export (with the layout chosen for it) or
    incident events. The one shape every page and loader passes around."""

    name: str
    data: bytes
    preset: str | None = None
    mapping: dict[str, str] | None = None
    exported_at: datetime | None = None  # when the export was made (Created from its Age column)

    @property
    def version(self) -> str:
        """Names these bytes read this way: a cache key that never hashes the bytes again."""
        digest = hashlib.blake2b(self.data, digest_size=12).hexdigest()
        mapping = sorted((self.mapping or {}).items())
        made = "" if self.exported_at is None else f":{self.exported_at.isoformat()}"
        return f"upload:{self.name}:{digest}:{self.preset}:{mapping}{made}"


@dataclass(frozen=True)
class WorkbookSource:
    """Which workbook (identity) and which version of it a session's frames come from."""

    kind: SourceKind
    location: str  # a path, the upload's name, or the SharePoint file URL
    identity: str  # the same across versions: pending changes belong to it
    version: str  # changes whenever someone saves (file mtime and size, digest, or the ETag)
    path: Path | None = None  # local files only
    modified_by: str = ""
    modified_at: datetime | None = None
    fetched_at: datetime | None = None
    from_cache: bool = False
    version_label: str = ""  # SharePoint's version number, for people

    @property
    def can_save(self) -> bool:
        return self.kind is not SourceKind.UPLOADED

    @property
    def key(self) -> str:
        """Identity and version together: a cache key for anything derived from the frames."""
        return f"{self.identity}@{self.version}"


def file_version(path: Path) -> str | None:
    """mtime and size: a save by anyone else (or Excel) changes at least one of them."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def local_source(path: Path, version: str) -> WorkbookSource:
    mtime_ns = int(version.split(":")[0])
    return WorkbookSource(
        SourceKind.LOCAL,
        str(path),
        f"local:{path.resolve()}",
        version,
        path,
        modified_at=datetime.fromtimestamp(mtime_ns / 1e9),
    )


def upload_source(upload: Upload) -> WorkbookSource:
    digest = hashlib.blake2b(upload.data, digest_size=12).hexdigest()
    return WorkbookSource(
        SourceKind.UPLOADED, upload.name, f"upload:{upload.name}", f"{len(upload.data)}:{digest}"
    )


def file_url(settings: sp.SharePointSettings) -> str:
    parts = urlsplit(settings.site_url)
    return f"{parts.scheme}://{parts.netloc}{settings.file_path}"


def is_app_editor(modified_by: str) -> bool:
    return modified_by.strip().lower() in APP_EDITORS


def who_saved(modified_by: str, audit: pd.DataFrame) -> str:
    """Who saved: SharePoint's editor; when that is the app (an app-only save through Client
    Pulse), the person of the newest row of the workbook's own Audit Log."""
    if not is_app_editor(modified_by) or "user" not in audit or "at" not in audit:
        return modified_by
    rows = audit.dropna(subset=["user", "at"])
    rows = rows[rows["user"].astype(str).str.strip() != ""]
    if rows.empty:
        return modified_by
    newest = rows.sort_values("at", kind="stable").iloc[-1]
    return f"{str(newest['user']).strip()} (through Client Pulse)"


def sharepoint_source(
    settings: sp.SharePointSettings, remote: sp.RemoteFile, *, saved_by: str | None = None
) -> WorkbookSource:
    """`saved_by`: who saved, when known better than SharePoint's editor (see `who_saved`)."""
    return WorkbookSource(
        SourceKind.SHAREPOINT,
        file_url(settings),
        f"sharepoint:{settings.site_url}{settings.file_path}",
        remote.etag,
        modified_by=remote.modified_by if saved_by is None else saved_by,
        modified_at=remote.modified_at,
        fetched_at=remote.fetched_at,
        from_cache=remote.from_cache,
        version_label=remote.version,
    )


def outage_message(source: WorkbookSource) -> str | None:
    """Said beside a copy served from the cache because SharePoint could not be reached."""
    if not source.from_cache or source.fetched_at is None:
        return None
    stamp = source.fetched_at.astimezone(UTC).strftime("%a %d %b %H:%M UTC")
    return f"Showing the copy downloaded {stamp}: SharePoint is unreachable. Saving waits."


def unchanged_bytes(path: Path, version: str) -> bytes | None:
    """The local file's bytes, or None when it is no longer the version read (a conflict)."""
    if file_version(path) != version:
        return None
    data = path.read_bytes()
    return data if file_version(path) == version else None
