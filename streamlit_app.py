"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loader. Pages get everything through pages.common.context()."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.events import read_incident_events
from connectors.tickets import read_tickets
from connectors.workbook import LoadedWorkbook, read_workbook
from pages.common import CONTEXT_KEY, PulseContext, render_problems
from pulse.dates import latest_monday
from pulse.settings import Settings

SAMPLE_DIR = Path(__file__).parent / "sample_data"
SAMPLE_WORKBOOK = SAMPLE_DIR / "client_pulse_sample.xlsx"
SAMPLE_TICKETS = SAMPLE_DIR / "tickets_generic.csv"
SAMPLE_EVENTS = SAMPLE_DIR / "incident_events.csv"
WORKBOOK_ENV = "PULSE_WORKBOOK"
TICKETS_ENV = "PULSE_TICKETS"  # a ticket export (CSV/XLSX); "none" to start without one
EVENTS_ENV = "PULSE_EVENTS"  # incident events CSV; "none" to start without one
# Uploads put in the session by pages/tickets.py; they take precedence over the files above.
UPLOADED_TICKETS = "uploaded_tickets"  # {"name": str, "data": bytes, "preset", "mapping"}
UPLOADED_EVENTS = "uploaded_events"  # {"name": str, "data": bytes}


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


@st.cache_data(show_spinner="Reading the uploaded ticket export…", max_entries=4)
def load_ticket_upload(version: str, timezone: str, _upload: dict[str, Any]) -> pd.DataFrame:
    """Cached on `version` (a hash of the bytes and the layout), so the bytes are hashed once."""
    return read_tickets(
        _upload["data"],
        name=_upload["name"],
        timezone=timezone,
        preset=_upload.get("preset"),
        mapping=_upload.get("mapping"),
    )


@st.cache_data(show_spinner="Reading the uploaded incident events…", max_entries=4)
def load_events_upload(version: str, timezone: str, _upload: dict[str, Any]) -> pd.DataFrame:
    del version  # part of the cache key only
    return read_incident_events(
        io.BytesIO(_upload["data"]), name=_upload["name"], timezone=timezone
    )


def upload_version(upload: dict[str, Any]) -> str:
    """ "upload:<name>:<hash>", the hash covering the bytes and how they are read."""
    digest = hashlib.sha256(upload["data"])
    layout = (upload.get("preset"), sorted((upload.get("mapping") or {}).items()))
    digest.update(repr(layout).encode("utf-8"))
    return f"upload:{upload['name']}:{digest.hexdigest()[:16]}"


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
    upload = st.session_state.get(UPLOADED_TICKETS)
    if upload is not None:
        return load_uploaded_tickets(upload, settings)
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


def load_uploaded_tickets(
    upload: dict[str, Any], settings: Settings
) -> tuple[pd.DataFrame | None, str, str]:
    version = upload_version(upload)
    try:
        tickets = load_ticket_upload(version, settings.business_hours.timezone, upload)
    except InputError as exc:
        render_problems(f"The uploaded ticket export {upload['name']} cannot be read", exc.problems)
        return None, "", ""
    return tickets, version, str(upload["name"])


def load_events(settings: Settings) -> pd.DataFrame | None:
    upload = st.session_state.get(UPLOADED_EVENTS)
    if upload is not None:
        try:
            zone = settings.business_hours.timezone
            return load_events_upload(upload_version(upload), zone, upload)
        except InputError as exc:
            title = f"The uploaded incident events {upload['name']} cannot be read"
            render_problems(title, exc.problems)
            return None
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
    ("pages/escalation.py", "Escalation", "📞"),
    ("pages/tickets.py", "Ticket import", "📥"),
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
    if tickets is not None:
        uploaded = ", uploaded" if UPLOADED_TICKETS in st.session_state else ""
        st.sidebar.caption(f"Tickets: **{tickets_source}** ({len(tickets):,} tickets{uploaded})")
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
    navigation.run()


main()
