"""Unsaved changes kept on disk (SPEC: a decision made in the app is never lost before it is
saved; it survives a page reload, a dropped connection and a server restart).

One journal per person and workbook: a JSON file in `drafts` in the user's cache folder
(`connectors.user_cache`), named after a digest of the person and the workbook's identity (so
no name or path shows in a file name). It holds the pending changes' audit rows (the truth, see
app.pending) and the version they were made on, and is replaced atomically after every change.
The next session replays the rows onto whatever version of the workbook it loads
(pulse.workflow.replay); a save or a discard deletes the journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from app.pending import PendingChanges, Replayed, replayed_on
from app.sources import WorkbookSource
from connectors.atomic_file import write_atomically
from connectors.user_cache import user_cache_dir
from pulse.frames import cell_text, moments_in_zone
from pulse.records import Records
from pulse.schema import AUDIT
from pulse.workflow.audit import audit_rows_frame

DRAFTS_FOLDER = "drafts"
DRAFT_FORMAT = 1  # bump when the journal's shape changes
DAMAGED_SUFFIX = ".damaged"


class DamagedDraft(Exception):
    """A journal that cannot be read; it was moved aside (never deleted) as `kept`."""

    def __init__(self, kept: Path, reason: str) -> None:
        super().__init__(f"{kept.name}: {reason}")
        self.kept = kept


@dataclass(frozen=True)
class Draft:
    """One person's unsaved changes to one workbook, as the journal keeps them."""

    user: str
    identity: str
    base_version: str  # the version the changes were last applied to
    written_at: datetime  # when the journal was last written (the latest change)
    audit: pd.DataFrame  # the audit rows, `at` in the business zone

    @property
    def count(self) -> int:
        return len(self.audit)


def drafts_dir(env: Mapping[str, str] = os.environ) -> Path:
    return user_cache_dir(env) / DRAFTS_FOLDER


def draft_path(user: str, identity: str, *, folder: Path | None = None) -> Path:
    """The journal of `user`'s changes to the workbook `identity`."""
    digest = hashlib.blake2b(f"{user}\0{identity}".encode(), digest_size=16).hexdigest()
    return (folder or drafts_dir()) / f"{digest}.json"


def keep_draft(
    changes: PendingChanges, *, user: str, at: datetime, folder: Path | None = None
) -> None:
    """Journal `changes` (replacing the last journal); no change left: no journal."""
    path = draft_path(user, changes.identity, folder=folder)
    if changes.count == 0:
        path.unlink(missing_ok=True)
        return
    record = {
        "format": DRAFT_FORMAT,
        "user": user,
        "identity": changes.identity,
        "base_version": changes.base_version,
        "written_at": at.isoformat(),
        "audit": [_audit_record(row) for row in changes.audit.to_dict("records")],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(record, indent=1, ensure_ascii=False).encode())


def clear_draft(user: str, identity: str, *, folder: Path | None = None) -> None:
    draft_path(user, identity, folder=folder).unlink(missing_ok=True)


def read_draft(
    user: str, identity: str, *, timezone: str, folder: Path | None = None
) -> Draft | None:
    """The journal of `user`'s changes to `identity`, times in `timezone`; None when there is
    none. One that cannot be read is moved aside and DamagedDraft says where."""
    path = draft_path(user, identity, folder=folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return _draft(json.loads(text), user=user, identity=identity, timezone=timezone)
    except (ValueError, KeyError, TypeError) as error:
        kept = path.with_name(path.name + DAMAGED_SUFFIX)
        with contextlib.suppress(OSError):
            path.replace(kept)
        raise DamagedDraft(kept, f"the unsaved changes kept here cannot be read ({error})")


def restored(draft: Draft, records: Records, source: WorkbookSource) -> Replayed:
    """The journal's changes replayed on the version of the workbook loaded now: the same
    version gives the same working frames; a newer one keeps what others changed (see
    pulse.workflow.replay), and `conflicts` counts the clashes."""
    held = PendingChanges(
        draft.identity, draft.base_version, records.episodes, records.actions, draft.audit
    )
    return replayed_on(held, records, source)


def _audit_record(row: Mapping[Any, Any]) -> dict[str, str]:
    """One audit row as JSON text: the time with its UTC offset, every other cell as text."""
    texts = {name: cell_text(row.get(name)) for name in AUDIT.names}
    return {**texts, "at": pd.Timestamp(row["at"]).isoformat()}


def _draft(record: dict[str, Any], *, user: str, identity: str, timezone: str) -> Draft:
    if record["format"] != DRAFT_FORMAT or (record["user"], record["identity"]) != (user, identity):
        raise ValueError("written by another version, or for another person or workbook")
    rows = [{name: str(row[name]) for name in AUDIT.names} for row in record["audit"]]
    # Times keep the offset they were made with (summer or winter): each is read on its own.
    moments = moments_in_zone([row["at"] for row in rows], timezone)
    audit = audit_rows_frame([{**row, "at": at} for row, at in zip(rows, moments, strict=True)])
    [written_at] = moments_in_zone([record["written_at"]], timezone)
    return Draft(user, identity, str(record["base_version"]), written_at.to_pydatetime(), audit)
