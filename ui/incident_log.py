"""The Incident Log in the app: where it lives, its events each run (read again only when the
file changed), and one click of the incident room saved at once (app.incident_log).

A local file's log is re-read whenever its version changes, so the live room's countdown also
shows a click someone made in another session. A separate log on SharePoint is downloaded once
per session and after each click (Sync in the sidebar reloads the Client Pulse workbook).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from app.clock import now
from app.incident_log import (
    Appended,
    IncidentLog,
    LogLocation,
    append,
    events_of,
    events_version,
    log_location,
    no_events,
    read_log,
)
from app.saving import ChangedMeanwhile
from app.sources import file_version
from app.workbooks import Opened
from connectors import sharepoint as sp
from connectors.errors import InputError
from pulse.incidents import CriticalIncidents, LogEntry, audit_rows, log_rows
from pulse.markdown import plain
from pulse.schema import Sheet
from pulse.settings import Settings
from ui.context import PulseContext
from ui.display import render_problems
from ui.notices import notice
from ui.pending import data_version, moved_by_own_append
from ui.source import keep_remote

LOADED_KEY = "incident_log_loaded"  # the LoadedLog of this run
HELD_KEY = "incident_log_held"  # {location identity: IncidentLog} of separate SharePoint logs
SESSION_KEY = "incident_log_session"  # the SharePoint session of a separate log


@dataclass(frozen=True)
class LoadedLog:
    """Where this run's Incident Log lives and what it held."""

    location: LogLocation
    log: IncidentLog


def load_incident_log(settings: Settings, opened: Opened) -> LoadedLog | None:
    """This run's Incident Log (None when it cannot be used: said on the page)."""
    try:
        location = log_location(settings, opened.source)
        loaded = LoadedLog(location, _read(location, opened, settings))
    except InputError as exc:
        render_problems("The Incident Log cannot be read", exc.problems)
        return None
    except sp.SharePointError as failure:
        st.warning(f"The Incident Log cannot be read from SharePoint: {plain(failure)}")
        return None
    st.session_state[LOADED_KEY] = loaded
    return loaded


def _read(location: LogLocation, opened: Opened, settings: Settings) -> IncidentLog:
    if location.path is not None:
        version = file_version(location.path) or ""
        return _local_log(str(location.path), version, settings)
    if not location.separate:
        return _workbook_log(opened.source.key, opened, settings)
    held: dict[str, IncidentLog] = st.session_state.setdefault(HELD_KEY, {})
    if location.identity not in held:
        held[location.identity] = read_log(location, opened, settings, session=_session(location))
    return held[location.identity]


@st.cache_resource(show_spinner=False, max_entries=8)
def _local_log(path: str, version: str, _settings: Settings) -> IncidentLog:
    """A local file's Incident Log tab, read once per version of the file."""
    from connectors.workbook import read_tabs

    if not version:  # a separate log nobody has clicked into yet
        return IncidentLog(no_events(), [], "")
    workbook = read_tabs(Path(path), tabs=[Sheet.INCIDENT_LOG])
    events, warnings = events_of(workbook, _settings)
    return IncidentLog(events, warnings, version)


@st.cache_resource(show_spinner=False, max_entries=8)
def _workbook_log(key: str, _opened: Opened, _settings: Settings) -> IncidentLog:
    del key  # the workbook's identity and version: the cache key
    events, warnings = events_of(_opened.workbook, _settings)
    return IncidentLog(events, warnings, _opened.source.version)


T = TypeVar("T")
TABLES_KEPT = 4  # incidents tables kept (each with its views): a few versions and minutes


@st.cache_resource(
    show_spinner="Measuring every incident against the procedure…", max_entries=TABLES_KEPT
)
def _incidents_table(key: str, _build: Callable[[], CriticalIncidents]) -> CriticalIncidents:
    del key
    return _build()


def incidents_once(
    ctx: PulseContext,
    events: pd.DataFrame,
    as_of: datetime,
    build: Callable[[], CriticalIncidents],
) -> CriticalIncidents:
    """`build()` (the incidents table of `events` as of `as_of`) once per version of the data and
    minute of `as_of`, shared by every session (callers never edit it); afresh when the workbook
    has no version. A live as-of is "now": within one minute a rerun reuses the table built at
    its first run (countdowns are shown in whole minutes); a click changes the events, so it
    shows at once."""
    version = data_version(ctx)
    if not version:
        return build()
    settings = ctx.settings
    targets = (settings.business_hours, settings.incident_targets)
    minute = as_of.replace(second=0, microsecond=0).isoformat()
    return _incidents_table(f"{version}|{events_version(events)}|{minute}|{targets}", build)


@st.cache_resource(show_spinner=False, max_entries=TABLES_KEPT)
def _views(key: str, _table: CriticalIncidents) -> tuple[CriticalIncidents, dict[str, Any]]:
    # The table is held with its views: while this entry lives, no other object can take over
    # its id, so the key names this table alone.
    return _table, {}


def per_table(ctx: PulseContext, table: CriticalIncidents, name: str, build: Callable[[], T]) -> T:
    """`build()` once per table incidents_once shares and `name` (a page's figures and lists),
    so a revisit builds nothing again; afresh when the workbook has no version, as the table
    itself is."""
    if not data_version(ctx):
        return build()
    _, views = _views(str(id(table)), table)
    if name not in views:
        views[name] = build()
    built: T = views[name]
    return built


def loaded_log() -> LoadedLog | None:
    loaded = st.session_state.get(LOADED_KEY)
    return loaded if isinstance(loaded, LoadedLog) else None


def fresh_events(ctx: PulseContext) -> pd.DataFrame | None:
    """The log's events now: a local file changed by another session is read again (the live
    room's countdown calls this every few seconds without rerunning the page)."""
    loaded = loaded_log()
    if loaded is None or loaded.location.path is None:
        return ctx.incident_log
    version = file_version(loaded.location.path) or ""
    if version == loaded.log.version:
        return ctx.incident_log
    return _local_log(str(loaded.location.path), version, ctx.settings).events


def _session(location: LogLocation) -> sp.SharePointSession | None:
    """One session per browser session for a separate log (the main file has its own)."""
    if location.sharepoint is None:
        return None
    held = st.session_state.get(SESSION_KEY)
    if not isinstance(held, sp.SharePointSession) or held.settings != location.sharepoint:
        held = sp.open_session(location.sharepoint, on_device_code=st.info)
        st.session_state[SESSION_KEY] = held
    return held


def save_click(ctx: PulseContext, entries: list[LogEntry], *, done: str) -> bool:
    """Append the click's rows and their Audit Log rows at once; say what happened."""
    loaded = loaded_log()
    if loaded is None:
        notice("error", "Not recorded: the Incident Log cannot be read (see the page).")
        return False
    zone = ctx.settings.business_hours.timezone
    moment = now(zone)
    rows = {
        Sheet.INCIDENT_LOG: log_rows(entries, timezone=zone),
        Sheet.AUDIT: audit_rows(entries, user=ctx.user, at=moment, timezone=zone),
    }
    try:
        with st.spinner(f"Saving to {plain(loaded.location.name)}…"):
            appended = append(loaded.location, rows, now=moment, session=_main_session(loaded))
    except InputError as exc:
        notice(
            "error", "Not recorded: " + "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
        )
        return False
    except (ChangedMeanwhile, sp.VersionConflict):
        notice("warning", f"Not recorded: {loaded.location.name} kept changing. Click again.")
        return False
    except sp.FileLocked as locked:
        notice("warning", f"Not recorded: {locked} {LOCKED_HINT}")
        return False
    except sp.SharePointError as failure:
        notice("error", f"Not recorded: {failure}")
        return False
    _after_append(ctx, appended)
    notice("success", f"{done} — saved to {loaded.location.name}.")
    return True


LOCKED_HINT = (
    "A separate incident workbook ([incidents] log_workbook in pulse.toml) never waits on a "
    "workbook someone has open in Excel."
)


def _main_session(loaded: LoadedLog) -> sp.SharePointSession | None:
    if loaded.location.sharepoint is None:
        return None
    if loaded.location.separate:
        return _session(loaded.location)
    from ui.source import sharepoint_session

    return sharepoint_session(loaded.location.sharepoint)


def _after_append(ctx: PulseContext, appended: Appended) -> None:
    """The next run shows what was saved: no replay of this session's own click."""
    location = appended.location
    if location.separate:
        if location.sharepoint is not None:
            st.session_state.get(HELD_KEY, {}).pop(location.identity, None)
        return
    moved_by_own_append(ctx, appended.before, appended.after)
    if location.sharepoint is not None and appended.remote is not None:
        keep_remote(location.sharepoint, appended.remote)
