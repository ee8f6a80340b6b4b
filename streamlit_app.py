"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loader. Pages get everything through pages.common.context()."""

from __future__ import annotations

import tomllib
from datetime import date
from io import BytesIO

import pandas as pd
import streamlit as st

from connectors.config import ConfigError, config_path, load_settings
from connectors.errors import InputError
from connectors.events import read_incident_events
from connectors.sharepoint import SharePointError
from connectors.workbook import LoadedWorkbook
from pages.common import CONTEXT_KEY, PulseContext, render_problems
from pages.pending import show_notices, sidebar_badge, start_run
from pages.source import WorkbookSource, load_workbook_source, outage_message
from pulse.dates import latest_monday
from pulse.settings import Role, Settings

# Local single-user mode (no sign-in) records decisions as the Director of Client Success would.
LOCAL_ROLE = Role.DIRECTOR
EVENTS_UPLOAD_KEY = "uploaded_events"  # (name, bytes), from the Workbook page
TICKETS_UPLOAD_KEY = "uploaded_tickets"  # (name, bytes), from the Workbook page


@st.cache_resource
def cached_settings() -> Settings:
    return load_settings()


def local_role() -> str:
    """Single-user local mode may do everything a Director may, unless pulse.toml sets
    default_role (then that role applies, as it does to signed-in people not in [roles]).

    Read from the file itself: the Settings default cannot tell "unset" from "member".
    """
    path = config_path()
    try:
        configured = tomllib.loads(path.read_text(encoding="utf-8")).get("default_role")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        configured = None  # no file (or a broken one, reported by load_settings)
    if configured is None:
        return LOCAL_ROLE
    role = str(configured).strip().casefold()
    return role if role in Role.ALL else Role.VIEWER  # a typo never grants more


@st.cache_data(show_spinner=False, max_entries=4)
def load_events(data: bytes, name: str, timezone: str) -> pd.DataFrame:
    return read_incident_events(BytesIO(data), name=name, timezone=timezone)


def uploaded_events(settings: Settings) -> pd.DataFrame | None:
    """Incident events uploaded on the Workbook page; problems are shown, not raised."""
    uploaded = st.session_state.get(EVENTS_UPLOAD_KEY)
    if uploaded is None:
        return None
    name, data = uploaded
    try:
        return load_events(data, name, settings.business_hours.timezone)
    except InputError as exc:
        render_problems(f"The incident events in {name} cannot be read", exc.problems)
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


def sidebar_source(source: WorkbookSource) -> None:
    version = f" · version {source.version_label}" if source.version_label else ""
    st.sidebar.caption(f"Workbook ({source.kind}): **{source.location}**{version}")
    outage = outage_message(source)
    if outage:
        st.sidebar.warning(outage)


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
    ("pages/escalation.py", "Escalation", "📞"),
    ("pages/incidents.py", "Critical incidents", "🚨"),
    ("pages/announcements.py", "Announcements", "📣"),
    ("pages/workbook.py", "Workbook", "💾"),
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
    workbook, source = load_workbook()
    sidebar_source(source)
    role = local_role()
    st.sidebar.caption(
        f"Single-user local mode: changes are recorded as *{settings.local_user}* ({role})."
    )
    ctx = PulseContext(
        workbook=workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=settings.local_user,
        role=role,
        events=uploaded_events(settings),
    )
    st.session_state[CONTEXT_KEY] = ctx
    start_run(ctx)
    sidebar_badge(ctx)
    show_notices()  # what the last save or form did, above the page
    navigation.run()


main()
