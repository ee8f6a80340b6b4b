"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loader. Pages get everything through pages.common.context()."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.events import read_incident_events
from connectors.freshness import workbook_modified
from connectors.tickets import read_tickets
from connectors.workbook import LoadedWorkbook, read_workbook
from pages.common import (
    CONTEXT_KEY,
    TICKETS_EXPORTED_KEY,
    WORKBOOK_MODIFIED_KEY,
    PulseContext,
    render_problems,
    stale_banner,
)
from pulse.dates import latest_monday
from pulse.freshness import ticket_export_time
from pulse.settings import Settings

SAMPLE_DIR = Path(__file__).parent / "sample_data"
SAMPLE_WORKBOOK = SAMPLE_DIR / "client_pulse_sample.xlsx"
SAMPLE_TICKETS = SAMPLE_DIR / "tickets_generic.csv"
SAMPLE_EVENTS = SAMPLE_DIR / "incident_events.csv"
WORKBOOK_ENV = "PULSE_WORKBOOK"
TICKETS_ENV = "PULSE_TICKETS"  # a ticket export (CSV/XLSX); "none" to start without one
EVENTS_ENV = "PULSE_EVENTS"  # incident events CSV; "none" to start without one


@st.cache_data(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def load_local_workbook(path: str, mtime_ns: int, size: int) -> LoadedWorkbook:
    """Cached on the file's identity, so reruns never re-read an unchanged file."""
    del mtime_ns, size  # part of the cache key only
    return read_workbook(Path(path))


@st.cache_data(show_spinner="Reading the uploaded workbook…", max_entries=4)
def load_uploaded_workbook(data: bytes, name: str) -> LoadedWorkbook:
    return read_workbook(data, name=name)


@st.cache_data(show_spinner="Reading the ticket export…", max_entries=4)
def load_ticket_file(path: str, version: str, timezone: str, preset: str | None) -> pd.DataFrame:
    del version  # part of the cache key only
    return read_tickets(Path(path), name=Path(path).name, timezone=timezone, preset=preset)


@st.cache_data(show_spinner="Reading incident events…", max_entries=4)
def load_events_file(path: str, version: str, timezone: str) -> pd.DataFrame:
    del version
    return read_incident_events(Path(path), name=Path(path).name, timezone=timezone)


def file_version(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def optional_source(env: str, sample: Path) -> Path | None:
    """The file named by `env`, else the sample's when the app runs on the sample workbook."""
    value = os.environ.get(env, "")
    if value.lower() == "none":
        return None
    if value:
        return Path(value)
    return sample if workbook_path() == SAMPLE_WORKBOOK and sample.is_file() else None


def load_tickets(settings: Settings) -> tuple[pd.DataFrame | None, str, str]:
    """(tickets, version, file name); a broken export is shown, and the app goes on without it."""
    path = optional_source(TICKETS_ENV, SAMPLE_TICKETS)
    if path is None:
        return None, "", ""
    try:
        version = file_version(path)
        zone = settings.business_hours.timezone
        return load_ticket_file(str(path), version, zone, None), version, path.name
    except OSError:
        st.warning(f"Ticket export not found: {path}. Signals from tickets are off.")
    except InputError as exc:
        render_problems(f"The ticket export {path.name} cannot be read", exc.problems)
    return None, "", ""


def load_events(settings: Settings) -> pd.DataFrame | None:
    path = optional_source(EVENTS_ENV, SAMPLE_EVENTS)
    if path is None:
        return None
    try:
        return load_events_file(str(path), file_version(path), settings.business_hours.timezone)
    except OSError:
        st.warning(f"Incident events file not found: {path}.")
    except InputError as exc:
        render_problems(f"The incident events file {path.name} cannot be read", exc.problems)
    return None


@st.cache_resource
def cached_settings() -> Settings:
    return load_settings()


def workbook_path() -> Path:
    return Path(os.environ.get(WORKBOOK_ENV) or SAMPLE_WORKBOOK)


def load_workbook() -> tuple[LoadedWorkbook, str]:
    """(workbook, version): the version keys every cached computation derived from it."""
    uploaded = st.session_state.get("uploaded_workbook")
    if uploaded is not None:
        name, data = uploaded
        return load_uploaded_workbook(data, name), f"upload:{name}:{hash(data)}"
    path = workbook_path()
    try:
        stat = path.stat()
    except OSError:
        return read_workbook(path), ""  # raises a WorkbookError naming the missing file
    workbook = load_local_workbook(str(path), stat.st_mtime_ns, stat.st_size)
    return workbook, file_version(path)


@st.cache_data(max_entries=8)
def cached_workbook_modified(path: str, mtime_ns: int) -> datetime | None:
    del mtime_ns  # part of the cache key only
    return workbook_modified(Path(path))


def loaded_workbook_modified() -> datetime | None:
    """When the workbook in use was last saved (docProps/core.xml, else the file's mtime)."""
    uploaded = st.session_state.get("uploaded_workbook")
    if uploaded is not None:
        return workbook_modified(uploaded[1])
    path = workbook_path()
    try:
        return cached_workbook_modified(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None


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


PAGES = (
    ("pages/monday.py", "Monday CST review", "🗓️"),
    ("pages/incidents.py", "Critical incidents", "🚨"),
    ("pages/health.py", "Client health", "🩺"),
    ("pages/client.py", "Client", "🏢"),
    ("pages/escalation.py", "Escalation", "📞"),
)


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
    as_of = sidebar_as_of()
    try:
        workbook, workbook_version = load_workbook()
    except InputError as exc:
        render_problems("The Client Pulse workbook cannot be read", exc.problems)
        st.stop()
    tickets, tickets_version, tickets_source = load_tickets(settings)
    st.sidebar.caption(f"Workbook: **{workbook.source}**")
    if tickets_source:
        st.sidebar.caption(f"Tickets: **{tickets_source}** ({len(tickets):,} tickets)")
    st.sidebar.caption(f"Single-user local mode: changes are recorded as *{settings.local_user}*.")
    st.session_state[CONTEXT_KEY] = PulseContext(
        workbook=workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=settings.local_user,
        role=settings.default_role,
        tickets=tickets,
        events=load_events(settings),
        workbook_version=workbook_version,
        tickets_version=tickets_version,
        tickets_source=tickets_source,
    )
    st.session_state[WORKBOOK_MODIFIED_KEY] = loaded_workbook_modified()
    st.session_state[TICKETS_EXPORTED_KEY] = ticket_export_time(tickets)
    stale_banner(st.session_state[CONTEXT_KEY])
    navigation.run()


main()
