"""The last good copy of the workbook on disk, served when SharePoint is unreachable."""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from connectors.atomic_file import write_atomically
from connectors.sharepoint.remote import RemoteFile, is_xlsx_package

CACHE_DATA = "workbook.xlsx"
CACHE_META = "workbook.json"
DEFAULT_CACHE_DIR = Path(".pulse-cache/sharepoint")


def save_cache(remote: RemoteFile, cache_dir: Path) -> None:
    """Keep `remote` as the last good copy (bytes, then metadata, each replaced atomically)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta = {
        "name": remote.name,
        "server_relative_url": remote.server_relative_url,
        "etag": remote.etag,
        "modified_at": remote.modified_at.isoformat() if remote.modified_at else None,
        "modified_by": remote.modified_by,
        "fetched_at": remote.fetched_at.isoformat(),
    }
    # Unique temporary names (two sessions may refresh the copy at once), replaced atomically.
    write_atomically(cache_dir / CACHE_DATA, remote.data)
    write_atomically(cache_dir / CACHE_META, json.dumps(meta, indent=2).encode())


def try_to_cache(remote: RemoteFile, cache_dir: Path | None) -> None:
    """`save_cache` when a folder is given, without failing."""
    # The cache only serves outages; a read-only or full disk must not stop a live read or save.
    if cache_dir is not None:
        with suppress(OSError):
            save_cache(remote, cache_dir)


def load_cached(cache_dir: Path) -> RemoteFile | None:
    """The last good copy, marked from_cache; None when there is none or it is unreadable."""
    try:
        meta = json.loads((cache_dir / CACHE_META).read_text(encoding="utf-8"))
        data = (cache_dir / CACHE_DATA).read_bytes()
        modified_at = meta.get("modified_at")
        remote = RemoteFile(
            name=str(meta["name"]),
            server_relative_url=str(meta["server_relative_url"]),
            data=data,
            etag=str(meta["etag"]),
            modified_at=datetime.fromisoformat(modified_at) if modified_at else None,
            modified_by=str(meta.get("modified_by") or ""),
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            from_cache=True,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return remote if is_xlsx_package(data) else None


def outage_banner(cached: RemoteFile, *, now: datetime) -> str:
    """'as of 14:05, SharePoint unreachable' (with the date when the copy is not from today)."""
    fetched = cached.fetched_at.astimezone(now.tzinfo) if now.tzinfo else cached.fetched_at
    stamp = f"{fetched:%H:%M}" if fetched.date() == now.date() else f"{fetched:%a %d %b %H:%M}"
    return f"as of {stamp}, SharePoint unreachable"
