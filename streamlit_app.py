"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loaders. Pages get everything through pages.common.context()."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.events import read_incident_events
from connectors.freshness import workbook_modified
from connectors.sharepoint import SharePointError
from connectors.ticket_cache import read_tickets_cached
from connectors.tickets import read_tickets
from connectors.workbook import LoadedWorkbook
from pages.auth import identify, require_sign_in, sign_in_sidebar
from pages.common import (
    CONTEXT_KEY,
    TICKETS_EXPORTED_KEY,
    WORKBOOK_MODIFIED_KEY,
    PulseContext,
    render_problems,
    stale_banner,
)
from pages.pending import show_notices, sidebar_badge, start_run
from pages.source import (
    SAMPLE_WORKBOOK,
    UPLOADED_KEY,
    SourceKind,
    WorkbookSource,
    load_workbook_source,
    outage_message,
)
from pulse.dates import latest_monday
from pulse.freshness import ticket_export_time
from pulse.settings import Settings

SAMPLE_DIR = SAMPLE_WORKBOOK.parent
SAMPLE_TICKETS = SAMPLE_DIR / "tickets_generic.csv"
SAMPLE_EVENTS = SAMPLE_DIR / "incident_events.csv"
TICKETS_ENV = "PULSE_TICKETS"  # a ticket export (CSV/XLSX); "none" to start without one
EVENTS_ENV = "PULSE_EVENTS"  # incident events CSV; "none" to start without one
# Uploads (Ticket import and Workbook pages) take precedence over the files above:
# {"name": str, "data": bytes, "preset": str | None, "mapping": dict | None}
TICKETS_UPLOAD_KEY = "uploaded_tickets"
EVENTS_UPLOAD_KEY = "uploaded_events"  # {"name": str, "data": bytes}

PAGES = (
    ("pages/monday.py", "Monday CST review", "🗓️"),
    ("pages/health.py", "Client health", "🩺"),
    ("pages/client.py", "Client", "🏢"),
    ("pages/incidents.py", "Critical incidents", "🚨"),
    ("pages/escalation.py", "Escalation", "📞"),
    ("pages/announcements.py", "Announcements", "📣"),
    ("pages/workbook.py", "Workbook", "💾"),
    ("pages/tickets.py", "Ticket import", "📥"),
)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    preset: str | None = None
    mapping: dict[str, str] | None = None

    @property
    def version(self) -> str:
        digest = hashlib.blake2b(self.data, digest_size=12).hexdigest()
        return f"upload:{self.name}:{digest}:{self.preset}:{sorted((self.mapping or {}).items())}"


def upload_in_session(key: str) -> Upload | None:
    """An upload stored by a page, as a dict (see above) or a (name, bytes) pair."""
    stored: Any = st.session_state.get(key)
    if stored is None:
        return None
    if isinstance(stored, dict):
        return Upload(stored["name"], stored["data"], stored.get("preset"), stored.get("mapping"))
    name, data = stored
    return Upload(name, data)


@st.cache_resource
def cached_settings() -> Settings:
    return load_settings()


# Ticket and event frames are cached as resources (one shared object, never copied):
# st.cache_data would unpickle half a million tickets on every rerun. Pages only read them.
@st.cache_resource(show_spinner="Reading the ticket export…", max_entries=4)
def load_ticket_file(
    path: str, version: str, timezone: str, preset: str | None, mapping: dict[str, str] | None
) -> pd.DataFrame:
    """Keyed on the file's version; a restart reads the parsed Parquet cache, not the CSV."""
    del version  # part of the cache key only
    return read_tickets_cached(Path(path), timezone=timezone, preset=preset, mapping=mapping)


@st.cache_resource(show_spinner="Reading the uploaded ticket export…", max_entries=4)
def load_ticket_upload(version: str, _upload: Upload, timezone: str) -> pd.DataFrame:
    del version  # the bytes are keyed by their digest, not hashed again
    return read_tickets(
        BytesIO(_upload.data),
        name=_upload.name,
        timezone=timezone,
        preset=_upload.preset,
        mapping=_upload.mapping,
    )


@st.cache_resource(show_spinner="Reading incident events…", max_entries=4)
def load_events_file(path: str, version: str, timezone: str) -> pd.DataFrame:
    del version
    return read_incident_events(Path(path), name=Path(path).name, timezone=timezone)


@st.cache_resource(show_spinner="Reading the uploaded incident events…", max_entries=4)
def load_events_upload(version: str, _upload: Upload, timezone: str) -> pd.DataFrame:
    del version
    return read_incident_events(BytesIO(_upload.data), name=_upload.name, timezone=timezone)


def file_version(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def optional_source(env: str, sample: Path, source: WorkbookSource) -> Path | None:
    """The file named by `env`, else the sample's when the app runs on the sample workbook."""
    value = os.environ.get(env, "")
    if value.lower() == "none":
        return None
    if value:
        return Path(value)
    on_sample = source.path is not None and Path(source.path).resolve() == SAMPLE_WORKBOOK
    return sample if on_sample and sample.is_file() else None


@dataclass(frozen=True)
class Tickets:
    frame: pd.DataFrame | None = None
    version: str = ""
    name: str = ""


def load_tickets(settings: Settings, source: WorkbookSource) -> Tickets:
    """The ticket export in use; a broken one is shown and the app goes on without it."""
    zone = settings.business_hours.timezone
    upload = upload_in_session(TICKETS_UPLOAD_KEY)
    try:
        if upload is not None:
            return Tickets(
                load_ticket_upload(upload.version, upload, zone), upload.version, upload.name
            )
        path = optional_source(TICKETS_ENV, SAMPLE_TICKETS, source)
        if path is None:
            return Tickets()
        version = file_version(path)
        return Tickets(load_ticket_file(str(path), version, zone, None, None), version, path.name)
    except OSError as exc:
        st.warning(
            f"The ticket export cannot be opened ({exc.strerror}). Signals from tickets "
            "are off until one is loaded on the Ticket import page."
        )
    except InputError as exc:
        render_problems(
            "The ticket export cannot be read; signals from tickets are off", exc.problems
        )
    return Tickets()


def load_events(settings: Settings, source: WorkbookSource) -> pd.DataFrame | None:
    zone = settings.business_hours.timezone
    upload = upload_in_session(EVENTS_UPLOAD_KEY)
    try:
        if upload is not None:
            return load_events_upload(upload.version, upload, zone)
        path = optional_source(EVENTS_ENV, SAMPLE_EVENTS, source)
        if path is None:
            return None
        return load_events_file(str(path), file_version(path), zone)
    except OSError as exc:
        st.warning(f"The incident events file cannot be opened ({exc.strerror}).")
    except InputError as exc:
        render_problems("The incident events cannot be read", exc.problems)
    return None


def load_workbook() -> tuple[LoadedWorkbook, WorkbookSource]:
    """The workbook and where it came from; stops with a plain message when it cannot be read."""
    try:
        return load_workbook_source()
    except InputError as exc:
        render_problems("The Client Pulse workbook cannot be read", exc.problems)
    except SharePointError as exc:
        st.error(
            f"### The Client Pulse workbook cannot be read from SharePoint\n\n{exc}", icon="🚫"
        )
    st.stop()
    raise AssertionError("st.stop() ends the run")


@st.cache_data(max_entries=8)
def saved_time(path: str, version: str) -> datetime | None:
    del version  # part of the cache key only
    return workbook_modified(Path(path))


def modified_time(source: WorkbookSource) -> datetime | None:
    """When the workbook in use was last saved, for the stale-data banner: Excel's own record
    (docProps/core.xml) for a file, which survives copying; SharePoint's for the live file."""
    if source.kind == SourceKind.SHAREPOINT:
        return source.modified_at
    uploaded = st.session_state.get(UPLOADED_KEY)
    if source.kind == SourceKind.UPLOADED and uploaded is not None:
        return workbook_modified(uploaded[1])
    if source.path is not None:
        return saved_time(str(source.path), source.version)
    return source.modified_at


def sidebar_source(source: WorkbookSource, tickets: Tickets) -> None:
    version = f" · version {source.version_label}" if source.version_label else ""
    st.sidebar.caption(f"Workbook ({source.kind}): **{source.location}**{version}")
    outage = outage_message(source)
    if outage:
        st.sidebar.warning(outage)
    if tickets.frame is not None:
        st.sidebar.caption(f"Tickets: **{tickets.name}** ({len(tickets.frame):,} tickets)")


def sidebar_as_of() -> date:
    """As-of date for every computation: ?as_of=YYYY-MM-DD, else today."""
    default = date.today()
    if "as_of" in st.query_params:
        try:
            default = date.fromisoformat(st.query_params["as_of"])
        except ValueError:
            st.sidebar.warning(f"Ignoring as_of={st.query_params['as_of']!r}: not YYYY-MM-DD.")
    chosen = st.sidebar.date_input("As of", value=default, format="YYYY-MM-DD", key="as_of_input")
    return chosen if isinstance(chosen, date) else default


def main() -> None:
    st.set_page_config(page_title="Client Pulse", page_icon="📈", layout="wide")
    # Navigation first, so the sidebar is right even when the workbook cannot be read.
    navigation = st.navigation(
        [
            st.Page(path, title=title, icon=icon, default=index == 0)
            for index, (path, title, icon) in enumerate(PAGES)
        ]
    )
    st.sidebar.title("📈 Client Pulse")
    try:
        settings = cached_settings()
    except ConfigError as exc:
        render_problems("pulse.toml cannot be used", exc.problems)
        st.stop()
    identity = identify(settings)
    require_sign_in(identity)  # with sign-in configured, nothing below runs for a stranger
    sign_in_sidebar(identity)
    as_of = sidebar_as_of()
    workbook, source = load_workbook()
    tickets = load_tickets(settings, source)
    sidebar_source(source, tickets)
    ctx = PulseContext(
        workbook=workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=identity.user,
        role=identity.role,
        tickets=tickets.frame,
        events=load_events(settings, source),
        workbook_version=f"{source.identity}@{source.version}",
        tickets_version=tickets.version,
        tickets_source=tickets.name,
    )
    st.session_state[CONTEXT_KEY] = ctx
    st.session_state[WORKBOOK_MODIFIED_KEY] = modified_time(source)
    st.session_state[TICKETS_EXPORTED_KEY] = ticket_export_time(tickets.frame)
    start_run(ctx)
    sidebar_badge(ctx)
    stale_banner(ctx)
    show_notices()  # what the last save or form did, above the page
    navigation.run()


main()
