"""Saving this session's changes, and this week's Pulse History, to where the workbook came
from (SPEC: a save never overwrites a version someone else saved meanwhile), and syncing."""

from __future__ import annotations

import streamlit as st

from app.environment import sharepoint_settings
from app.saving import (
    ChangedMeanwhile,
    Rendering,
    original_of,
    rendering,
    save_local,
    save_sharepoint,
)
from app.sources import SourceKind, WorkbookSource, is_app_editor
from app.workbooks import Opened, saved_by
from connectors import sharepoint as sp
from connectors.errors import InputError
from pulse.markdown import plain
from pulse.permissions import Action
from ui import lock_retry
from ui.context import PulseContext
from ui.notices import notice
from ui.pending import (
    current,
    mark_saved,
    now,
    restored_note,
    this_week_history,
    working_workbook,
)
from ui.permissions import permission_reason
from ui.source import (
    current_opened,
    download_remote,
    forget_local_reads,
    keep_remote,
    sharepoint_session,
)

SEEN_KEY = "pending_seen_version"  # the version this run draws
SEEN_BEFORE_KEY = "pending_seen_before"  # the version the previous run drew (what was clicked)


def save_blocked(ctx: PulseContext, source: WorkbookSource) -> str | None:
    reason = permission_reason(ctx, Action.SAVE, "save the workbook")
    if reason is None and not source.can_save:
        reason = "An uploaded workbook cannot be saved in place: download it instead."
    return reason


def rendered_now(ctx: PulseContext, opened: Opened, *, add_matrix: bool = False) -> bytes:
    """The workbook's bytes with pending changes, audit rows and this week's history written
    (and seed 004's matrix as a new tab with `add_matrix`); ChangedMeanwhile when a local file
    is no longer the version read."""
    return rendering_now(ctx, opened, add_matrix=add_matrix).data


def rendering_now(ctx: PulseContext, opened: Opened, *, add_matrix: bool = False) -> Rendering:
    """`rendered_now`'s save with the owned cells it writes (what the Excel-API mode sends)."""
    history = this_week_history(ctx)
    working = working_workbook(ctx)
    return rendering(original_of(opened), ctx.workbook, working, history, add_matrix=add_matrix)


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
    opened = current_opened()
    blocked = save_blocked(ctx, opened.source)
    if blocked is not None:
        notice("error", blocked)
        return False
    if _changed_since_drawn(ctx, opened.source):
        return False
    try:
        if opened.source.kind is SourceKind.SHAREPOINT:
            return _save_sharepoint(ctx, opened)
        return _save_local(ctx, opened)
    except InputError as exc:
        problems = "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
        notice("error", f"Nothing was saved: {problems}")
        return False


def _save_local(ctx: PulseContext, opened: Opened) -> bool:
    """Atomic save with a backup; a file changed meanwhile is reloaded and never overwritten."""
    path, count = opened.source.path, current(ctx).count
    assert path is not None
    try:
        with st.spinner(f"Saving {plain(path.name)}…"):
            data = rendered_now(ctx, opened)
            saved = save_local(path, data, now=now(), expected=opened.source.version)
    except ChangedMeanwhile:
        notice(
            "warning",
            f"{path.name} was changed on disk after you opened it (by someone else or Excel), "
            f"so nothing was saved. Its new version is loaded; your {count} change(s) stay "
            "pending.",
        )
        return False
    mark_saved(ctx)
    kept = f" The previous version is kept as {saved.backup.name}." if saved.backup else ""
    notice("success", f"Saved {count} change(s) and this week's Pulse History to {path}.{kept}")
    return True


def _who_and_when(conflict: sp.VersionConflict, reloaded: sp.RemoteFile | None) -> str:
    when = f" at {conflict.modified_at:%Y-%m-%d %H:%M} UTC" if conflict.modified_at else ""
    who = conflict.modified_by
    if reloaded is not None and is_app_editor(who):
        who = saved_by(reloaded)  # an app-only save: the person from the workbook's Audit Log
    return f"{who or 'Someone'} saved the workbook{when}"


def _save_sharepoint(ctx: PulseContext, opened: Opened) -> bool:
    """Upload over the version read only; on a conflict reload, replay, and ask to save again."""
    settings, count = sharepoint_settings(), current(ctx).count
    if settings is None or opened.remote is None:
        notice("error", "SharePoint is no longer configured; nothing was saved.")
        return False
    try:
        with st.spinner(f"Saving {plain(settings.file_name)} to SharePoint…"):
            save = rendering_now(ctx, opened)
            session = sharepoint_session(settings)
            saved = save_sharepoint(settings, save, remote=opened.remote, session=session)
    except sp.VersionConflict as conflict:
        reloaded = _reload_after_conflict(settings)
        notice(
            "warning",
            f"{_who_and_when(conflict, reloaded)} after you opened it, so nothing was "
            "overwritten. Loading their version and re-applying your changes.",
        )
        return False
    except sp.FileLocked as locked:
        lock_retry.schedule(locked.holder)  # its banner says so, on every page until saved
        return False
    except sp.SharePointError as failure:
        notice("error", f"Not saved: {failure} Your {count} change(s) stay pending.")
        return False
    assert saved.remote is not None
    lock_retry.clear()
    keep_remote(settings, saved.remote)
    mark_saved(ctx)
    notice("success", f"Saved {count} change(s) to SharePoint: version {saved.remote.version}.")
    return True


def _reload_after_conflict(settings: sp.SharePointSettings) -> sp.RemoteFile | None:
    try:
        return download_remote(settings)
    except sp.SharePointError as failure:
        notice(
            "error", f"The newer version could not be loaded: {failure} Your changes stay pending."
        )
        return None


def sync_now() -> bool:
    """Download the live file again (pending changes are replayed on it if it changed)."""
    settings = sharepoint_settings()
    if settings is None:
        st.cache_data.clear()  # the files' times, read afresh
        forget_local_reads()  # a local file is re-read on its mtime anyway; uploads stay
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


def save_button(ctx: PulseContext, *, key: str, label: str | None = None) -> None:
    """A save button (disabled with its reason when this role or source cannot save)."""
    source = current_opened().source
    blocked = save_blocked(ctx, source)
    label = label or ("Save to SharePoint" if source.kind is SourceKind.SHAREPOINT else "Save")
    if st.button(label, key=key, disabled=blocked is not None, help=blocked, type="primary"):
        save(ctx)
        lock_retry.tried()
        st.rerun()
    if blocked is not None:
        st.caption(blocked)


def sidebar_badge(ctx: PulseContext) -> None:
    """'3 unsaved changes — Save' on every page; a save refused by a lock is tried again here
    when due, under its banner."""
    if lock_retry.take_due():
        save(ctx)
        lock_retry.tried()
        st.rerun()  # drawn again on the version just saved (or under the next wait's banner)
    lock_retry.banner(ctx)
    count, restored = current(ctx).count, restored_note(ctx)
    with st.sidebar:
        if restored is not None:
            st.info(plain(restored), icon="↩️")
        if count == 0:
            st.caption("No unsaved changes.")
            return
        st.warning(f"**{count} unsaved change{'s' if count != 1 else ''}**", icon="✏️")
        save_button(ctx, key="sidebar_save")
