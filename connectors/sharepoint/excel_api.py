"""The Excel-API save mode: the owned cells written into the open workbook through Microsoft Graph.

Where a colleague keeps the workbook open in Excel, SharePoint refuses to replace the file (423),
but Excel co-authoring takes edits made through Graph's Excel API inside a workbook session.
A save (``PULSE_SHAREPOINT_SAVE_MODE=excel-api``) goes, as the person signed in:

1. ``GET /sites/{host}:{site path}`` (the site's id), ``GET /sites/{site-id}/drives`` (the
   document library whose web address holds the file) and ``GET /drives/{drive-id}/root:{path in
   the library}`` (the file: its id and ETag). The workbook is then addressed as
   ``/drives/{drive-id}/items/{item-id}/workbook``.
2. The file's ETag is compared with the one read: when someone saved meanwhile, nothing is
   written and VersionConflict sends the shells down their reload, replay and ask-again path.
3. ``POST .../workbook/createSession`` ``{"persistChanges": true}``; every call after it carries
   its id in the ``workbook-session-id`` header.
4. The writes (`excel_writes.planned_writes`): range PATCHes and table row appends.
5. ``POST .../workbook/closeSession``, always, also when a write failed.
6. ``GET /drives/{drive-id}/items/{item-id}``: the version now current.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import requests

from connectors.sharepoint.cache import try_to_cache
from connectors.sharepoint.errors import NotFound, SharePointError, VersionConflict
from connectors.sharepoint.excel_writes import planned_writes
from connectors.sharepoint.failures import plain_errors
from connectors.sharepoint.graph import GraphClient
from connectors.sharepoint.remote import RemoteFile, same_etag
from connectors.sharepoint.session import SharePointSession, open_session
from connectors.sharepoint.settings import FILE, SITE_URL, SharePointSettings
from connectors.xlsx_patch import SheetEdit


@dataclass(frozen=True)
class DriveItem:
    """The workbook as Graph knows it: where it is and which version it is."""

    base: str  # /drives/{drive-id}/items/{item-id}
    etag: str
    modified_by: str
    modified_at: datetime | None


def save_cells(
    settings: SharePointSettings,
    *,
    original: bytes,
    rendered: bytes,
    edits: Sequence[SheetEdit],
    expected_etag: str,
    session: SharePointSession | None = None,
    cache_dir: Path | None = None,
) -> RemoteFile:
    """Write `edits` (the owned cells, as read from `original`) into the open workbook, over the
    version read (`expected_etag`) only. The copy kept is `rendered`, the same save as a file."""
    writes = planned_writes(original, edits)  # a save the mode cannot make is refused first
    session = session or open_session(settings)
    with plain_errors(session, doing="saving"):
        client = GraphClient(session, token=session.graph_token())
        item = drive_item(client, settings)
        if not same_etag(item.etag, expected_etag):
            raise VersionConflict(item.modified_by, item.modified_at, item.etag)
        with workbook_session(client, item):
            for write in writes:
                client.call(write.method, f"{item.base}/workbook{write.path}", body=write.body)
        saved = _item(client.call("GET", item.base), base=item.base)
    remote = RemoteFile(
        name=settings.file_name,
        server_relative_url=settings.file_path,
        data=rendered,
        etag=saved.etag,
        modified_at=saved.modified_at,
        modified_by=saved.modified_by,
        fetched_at=datetime.now(UTC),
    )
    try_to_cache(remote, cache_dir)
    return remote


@contextmanager
def workbook_session(client: GraphClient, item: DriveItem) -> Iterator[None]:
    """A persisting workbook session around the block, closed whatever happens in it."""
    answer = client.call(
        "POST", f"{item.base}/workbook/createSession", body={"persistChanges": True}
    )
    client.session_id = str(answer.get("id") or "")
    try:
        yield
    finally:
        # The writes made are persisted already; a session left open expires by itself, so a
        # failed close must not hide what happened in the block.
        with suppress(SharePointError, requests.RequestException):
            client.call("POST", f"{item.base}/workbook/closeSession")
        client.session_id = ""


def drive_item(client: GraphClient, settings: SharePointSettings) -> DriveItem:
    """The workbook's drive item, found from the site URL and the server-relative file path."""
    site_id = _site_id(client, settings)
    drives = client.call("GET", f"/sites/{_segment(site_id)}/drives")
    drive_id, in_drive = _drive_holding(drives.get("value", []), settings)
    drive = f"/drives/{_segment(drive_id)}"
    found = client.call("GET", f"{drive}/root:{quote(in_drive)}")
    return _item(found, base=f"{drive}/items/{_segment(str(found.get('id', '')))}")


def _site_id(client: GraphClient, settings: SharePointSettings) -> str:
    site = urlsplit(settings.site_url)
    path = site.path.rstrip("/")
    address = f"/sites/{site.hostname}:{quote(path)}" if path else f"/sites/{site.hostname}"
    return str(client.call("GET", address).get("id", ""))


def _segment(text: str) -> str:
    """`text` as one segment of a URL path (ids hold commas; names may hold anything)."""
    return quote(text, safe=",")


def _drive_holding(drives: list[dict[str, Any]], settings: SharePointSettings) -> tuple[str, str]:
    """The document library whose web address holds the file, and the file's path inside it."""
    wanted = settings.file_path.casefold()
    holding = []
    for drive in drives:
        root = unquote(urlsplit(str(drive.get("webUrl", ""))).path).rstrip("/")
        if root and wanted.startswith(root.casefold() + "/"):
            holding.append((len(root), str(drive.get("id", "")), settings.file_path[len(root) :]))
    if not holding:
        library = str(PurePosixPath(settings.file_path).parent)
        raise NotFound(
            f"Microsoft Graph lists no document library at {library} on {settings.site_url}. "
            f"Check {SITE_URL} and {FILE} (see docs/sharepoint.md)."
        )
    _, drive_id, in_drive = max(holding)
    return drive_id, in_drive


def _item(payload: dict[str, Any], *, base: str) -> DriveItem:
    user = (payload.get("lastModifiedBy") or {}).get("user") or {}
    modified = payload.get("lastModifiedDateTime")
    return DriveItem(
        base=base,
        etag=str(payload.get("eTag") or ""),
        modified_by=str(user.get("displayName") or ""),
        modified_at=datetime.fromisoformat(modified) if modified else None,
    )
