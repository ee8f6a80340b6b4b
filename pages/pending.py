"""This session's unsaved changes, and saving them (SPEC: every change is in the Audit Log; a save
never overwrites a version someone else saved meanwhile).

The store holds the working episode and action frames (every change applied) and the audit rows
that record those changes, keyed by the workbook's identity in st.session_state. The audit rows
are the truth: when the workbook changes underneath (someone saved, on SharePoint or on disk),
they are replayed on the new version (pulse.workflow.replay) and the user is asked to save again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from connectors import sharepoint as sp
from connectors.errors import InputError
from connectors.workbook import LoadedWorkbook
from connectors.workbook_writer import render_workbook
from connectors.workbook_writer import save_local as write_local
from pages.common import PulseContext, picture_for
from pages.source import (
    UPLOADED_KEY,
    SourceKind,
    WorkbookSource,
    cache_dir,
    current_source,
    download_remote,
    held_remote,
    keep_remote,
    local_bytes,
    sharepoint_session,
    sharepoint_settings,
)
from pulse.export import history_with_this_week, owned_frames, with_pending_audit
from pulse.permissions import PERMISSIONS, Action, allowed
from pulse.settings import Role
from pulse.workflow import Outcome, empty_audit, replay

PENDING_KEY = "pending_changes"  # {workbook identity: PendingChanges}
NOTICES_KEY = "pending_notices"  # [(level, text)]: shown once, at the top of the next run
SEEN_KEY = "pending_seen_version"  # the version this run draws
SEEN_BEFORE_KEY = "pending_seen_before"  # the version the previous run drew (what was clicked)
SAVED = "saved"  # base version after a save: the next load starts afresh
WORKING_KEY = "pending_working_workbook"  # (state of the store, the workbook built, its base)


@dataclass
class PendingChanges:
    """Working frames with this session's changes applied, and the audit rows recording them."""

    identity: str  # the workbook these changes belong to
    base_version: str  # the version they were applied to
    episodes: pd.DataFrame
    actions: pd.DataFrame
    audit: pd.DataFrame  # this session's audit rows, not yet saved

    @property
    def count(self) -> int:
        return len(self.audit)


def now() -> datetime:
    """When a change is made (audit `at`): the shells may read the clock, pulse never does."""
    return datetime.now().replace(microsecond=0)


# --- the store ------------------------------------------------------------------------------


def _stores() -> dict[str, PendingChanges]:
    stores: dict[str, PendingChanges] = st.session_state.setdefault(PENDING_KEY, {})
    return stores


def _fresh(workbook: LoadedWorkbook, source: WorkbookSource) -> PendingChanges:
    return PendingChanges(
        source.identity, source.version, workbook.episodes, workbook.actions, empty_audit()
    )


def current(ctx: PulseContext) -> PendingChanges:
    """This session's store for the loaded workbook, re-applied when the workbook changed."""
    source = current_source()
    store = _stores().get(source.identity)
    if store is None or (store.base_version != source.version and store.count == 0):
        store = _fresh(ctx.workbook, source)
    elif store.base_version != source.version:
        store = _replayed(store, ctx.workbook, source)
    _stores()[source.identity] = store
    return store


def _replayed(
    store: PendingChanges, workbook: LoadedWorkbook, source: WorkbookSource
) -> PendingChanges:
    """The same changes on the newer version: cells only the other person changed are kept."""
    outcome = replay(store.audit, workbook.episodes, workbook.actions)
    assert outcome.episodes is not None and outcome.actions is not None
    notes = outcome.audit["note"].astype(str)
    clashes = int(notes.str.contains("conflict:|not applied", regex=True).sum())
    detail = f" {clashes} of them touched the same cells (see their notes)." if clashes else ""
    notice(
        "info",
        f"Loaded the newer version of the workbook and re-applied your {store.count} unsaved "
        f"change(s) on top of it.{detail} Check them, then save again.",
    )
    return PendingChanges(
        source.identity, source.version, outcome.episodes, outcome.actions, outcome.audit
    )


def apply(ctx: PulseContext, outcome: Outcome) -> PendingChanges:
    """Add one workflow outcome (new frames and its audit rows) to the pending changes."""
    store = current(ctx)
    if outcome.episodes is not None:
        store.episodes = outcome.episodes
    if outcome.actions is not None:
        store.actions = outcome.actions
    store.audit = with_pending_audit(store.audit, outcome.audit)
    return store


def discard(ctx: PulseContext) -> None:
    source = current_source()
    _stores()[source.identity] = _fresh(ctx.workbook, source)


def _mark_saved(source: WorkbookSource) -> None:
    # The next load reads what was written (with sheet rows for the new records), afresh.
    store = _stores()[source.identity]
    store.base_version, store.audit = SAVED, empty_audit()


def pending_version(ctx: PulseContext) -> str:
    """Changes whenever this session's pending changes do (a cache key for derived figures)."""
    store = current(ctx)
    rows = store.audit[["at", "field", "new"]].astype(str).itertuples(index=False, name=None)
    return f"{store.identity}:{store.base_version}:{store.count}:{hash(tuple(rows))}"


def working_workbook(ctx: PulseContext) -> LoadedWorkbook:
    """The loaded workbook with this session's pending changes applied (audit rows appended).

    Built once per state of the store: pages ask for it many times in a run.
    """
    store = current(ctx)
    # The store's frames are replaced, never edited in place, so their identities are its state.
    key = (id(ctx.workbook), id(store.episodes), id(store.actions), id(store.audit))
    built: tuple[tuple[int, ...], LoadedWorkbook, LoadedWorkbook] | None = st.session_state.get(
        WORKING_KEY
    )
    if built is not None and built[0] == key:
        return built[1]
    working = dataclasses.replace(
        ctx.workbook,
        episodes=store.episodes,
        actions=store.actions,
        audit=with_pending_audit(ctx.workbook.audit, store.audit),
    )
    # The loaded workbook is kept alongside, so no other object can take over its id meanwhile.
    st.session_state[WORKING_KEY] = (key, working, ctx.workbook)
    return working


def this_week_history(ctx: PulseContext) -> pd.DataFrame:
    working = working_workbook(ctx)
    return history_with_this_week(
        working.clients,
        working.episodes,
        working.actions,
        ctx.workbook.history,
        as_of=ctx.as_of,
        settings=ctx.settings,
        # The same signals the pages show (tickets included), so history matches the screen.
        ticket_signals=picture_for(ctx, ctx.as_of).signals,
    )


def rendered(ctx: PulseContext, original: bytes) -> bytes:
    """The workbook bytes with pending changes, audit rows and this week's history written."""
    working = working_workbook(ctx)
    frames = owned_frames(
        episodes=working.episodes,
        actions=working.actions,
        audit=working.audit,
        history=this_week_history(ctx),
    )
    return render_workbook(original, ctx.workbook, frames)


# --- notices ----------------------------------------------------------------------------------


def notice(level: str, text: str) -> None:
    """A message for the top of the next run (saves rerun the page)."""
    st.session_state.setdefault(NOTICES_KEY, []).append((level, text))


def show_notices() -> None:
    shown = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
    for level, text in st.session_state.pop(NOTICES_KEY, []):
        shown[level](text)


# --- permissions ------------------------------------------------------------------------------


def permission_reason(ctx: PulseContext, action: Action, doing: str) -> str | None:
    """None when the role may do it, else who may (shown beside the disabled control)."""
    if allowed(ctx.role, action):
        return None
    # Named roles only: single-user local mode (which may do everything) is nobody to ask.
    who = [role.person for role in Role if role in PERMISSIONS[action] and role != Role.LOCAL]
    you = Role.of(ctx.role).person
    return f"Only {' or '.join(who)} may {doing}; you are signed in as {you}."


def save_blocked(ctx: PulseContext, source: WorkbookSource) -> str | None:
    reason = permission_reason(ctx, Action.SAVE, "save the workbook")
    if reason is None and not source.can_save:
        reason = "An uploaded workbook cannot be saved in place: download it instead."
    return reason


# --- saving -----------------------------------------------------------------------------------


def original_bytes(source: WorkbookSource) -> bytes | None:
    """The bytes the loaded frames came from (None: the local file changed since)."""
    if source.kind is SourceKind.LOCAL:
        return local_bytes(source)
    if source.kind is SourceKind.UPLOADED:
        data: bytes = st.session_state[UPLOADED_KEY][1]
        return data
    settings = sharepoint_settings()
    remote = held_remote(settings) if settings is not None else None
    return remote.data if remote is not None else None


def start_run(ctx: PulseContext) -> None:
    """Called by the shell each run, after loading: remembers which version the user saw."""
    st.session_state[SEEN_BEFORE_KEY] = st.session_state.get(SEEN_KEY)
    st.session_state[SEEN_KEY] = current(ctx).base_version


def _changed_since_drawn(ctx: PulseContext, source: WorkbookSource) -> bool:
    """The click was made on an older version: the changes were just replayed on a new one."""
    seen = st.session_state.get(SEEN_BEFORE_KEY)
    if seen is None or seen == current(ctx).base_version:
        return False
    when = f" (saved {source.modified_at:%Y-%m-%d %H:%M})" if source.modified_at else ""
    who = f" by {source.modified_by}" if source.modified_by else ""
    notice(
        "warning",
        f"The workbook changed{who}{when} since this page was drawn, so nothing was saved. "
        "Your changes were re-applied on the new version: check them and save again.",
    )
    return True


def save(ctx: PulseContext) -> bool:
    """Save pending changes and this week's Pulse History to where the workbook came from."""
    source = current_source()
    blocked = save_blocked(ctx, source)
    if blocked is not None:
        notice("error", blocked)
        return False
    if _changed_since_drawn(ctx, source):
        return False
    try:
        if source.kind is SourceKind.SHAREPOINT:
            return save_sharepoint(ctx, source)
        return save_local(ctx, source)
    except InputError as exc:
        problems = "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
        notice("error", f"Nothing was saved: {problems}")
        return False


def save_local(ctx: PulseContext, source: WorkbookSource) -> bool:
    """Atomic save with a backup; a file changed meanwhile is reloaded and never overwritten."""
    assert source.path is not None
    original = local_bytes(source)
    count = current(ctx).count
    if original is None:
        notice(
            "warning",
            f"{source.path.name} was changed on disk after you opened it (by someone else or "
            f"Excel), so nothing was saved. Its new version is loaded; your {count} change(s) "
            "stay pending.",
        )
        return False
    with st.spinner(f"Saving {source.path.name}…"):
        backup = write_local(source.path, rendered(ctx, original), now=now())
    _mark_saved(source)
    kept = f" The previous version is kept as {backup.name}." if backup else ""
    notice(
        "success", f"Saved {count} change(s) and this week's Pulse History to {source.path}.{kept}"
    )
    return True


def _who_and_when(conflict: sp.VersionConflict) -> str:
    when = f" at {conflict.modified_at:%Y-%m-%d %H:%M} UTC" if conflict.modified_at else ""
    return f"{conflict.modified_by or 'Someone'} saved the workbook{when}"


def save_sharepoint(ctx: PulseContext, source: WorkbookSource) -> bool:
    """Upload over the version read only; on a conflict reload, replay, and ask to save again."""
    settings = sharepoint_settings()
    remote = held_remote(settings) if settings is not None else None
    if settings is None or remote is None:
        notice("error", "SharePoint is no longer configured; nothing was saved.")
        return False
    count = current(ctx).count
    data = rendered(ctx, remote.data)
    try:
        with st.spinner(f"Saving {settings.file_name} to SharePoint…"):
            saved = sp.upload(
                settings,
                data,
                expected_etag=remote.etag,
                session=sharepoint_session(settings),
                cache_dir=cache_dir(),
            )
    except sp.VersionConflict as conflict:
        notice(
            "warning",
            f"{_who_and_when(conflict)} after you opened it, so nothing was overwritten. "
            "Loading their version and re-applying your changes.",
        )
        _reload_after_conflict(settings)
        return False
    except sp.FileLocked as locked:
        notice("warning", f"Not saved: {locked}")
        return False
    except sp.SharePointError as failure:
        notice("error", f"Not saved: {failure} Your {count} change(s) stay pending.")
        return False
    keep_remote(settings, saved)
    _mark_saved(source)
    notice("success", f"Saved {count} change(s) to SharePoint: version {saved.version}.")
    return True


def _reload_after_conflict(settings: sp.SharePointSettings) -> None:
    try:
        download_remote(settings)
    except sp.SharePointError as failure:
        notice(
            "error", f"The newer version could not be loaded: {failure} Your changes stay pending."
        )


def sync_now(ctx: PulseContext) -> bool:
    """Download the live file again (pending changes are replayed on it if it changed)."""
    settings = sharepoint_settings()
    if settings is None:
        st.cache_data.clear()  # a local file is re-read on its mtime anyway; uploads stay
        return True
    try:
        remote = download_remote(settings)
    except sp.SharePointError as failure:
        notice("error", f"Sync failed: {failure}")
        return False
    if remote.from_cache:
        notice("warning", "SharePoint is unreachable; still showing the last downloaded copy.")
        return False
    notice(
        "success", f"Synced: version {remote.version}, saved by {remote.modified_by or 'unknown'}."
    )
    return True


# --- the sidebar badge ------------------------------------------------------------------------


def save_button(ctx: PulseContext, *, key: str, label: str | None = None) -> None:
    """A save button (disabled with its reason when this role or source cannot save)."""
    source = current_source()
    blocked = save_blocked(ctx, source)
    label = label or ("Save to SharePoint" if source.kind is SourceKind.SHAREPOINT else "Save")
    if st.button(label, key=key, disabled=blocked is not None, help=blocked, type="primary"):
        save(ctx)
        st.rerun()
    if blocked is not None:
        st.caption(blocked)


def sidebar_badge(ctx: PulseContext) -> None:
    """'3 unsaved changes — Save' on every page."""
    count = current(ctx).count
    with st.sidebar:
        if count == 0:
            st.caption("No unsaved changes.")
            return
        st.warning(f"**{count} unsaved change{'s' if count != 1 else ''}**", icon="✏️")
        save_button(ctx, key="sidebar_save")
