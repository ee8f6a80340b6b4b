"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loader. Pages get everything through pages.common.context()."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import streamlit as st

from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.freshness import workbook_modified
from connectors.workbook import LoadedWorkbook, read_workbook
from pages.common import (
    CONTEXT_KEY,
    WORKBOOK_MODIFIED_KEY,
    PulseContext,
    render_problems,
    stale_banner,
)
from pulse.dates import latest_monday
from pulse.settings import Settings

SAMPLE_WORKBOOK = Path(__file__).parent / "sample_data" / "client_pulse_sample.xlsx"
WORKBOOK_ENV = "PULSE_WORKBOOK"


@st.cache_data(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def load_local_workbook(path: str, mtime_ns: int, size: int) -> LoadedWorkbook:
    """Cached on the file's identity, so reruns never re-read an unchanged file."""
    del mtime_ns, size  # part of the cache key only
    return read_workbook(Path(path))


@st.cache_data(show_spinner="Reading the uploaded workbook…", max_entries=4)
def load_uploaded_workbook(data: bytes, name: str) -> LoadedWorkbook:
    return read_workbook(data, name=name)


@st.cache_resource
def cached_settings() -> Settings:
    return load_settings()


def workbook_path() -> Path:
    return Path(os.environ.get(WORKBOOK_ENV) or SAMPLE_WORKBOOK)


def load_workbook() -> LoadedWorkbook:
    uploaded = st.session_state.get("uploaded_workbook")
    if uploaded is not None:
        name, data = uploaded
        return load_uploaded_workbook(data, name)
    path = workbook_path()
    try:
        stat = path.stat()
    except OSError:
        return read_workbook(path)  # raises a WorkbookError naming the missing file
    return load_local_workbook(str(path), stat.st_mtime_ns, stat.st_size)


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
        workbook = load_workbook()
    except InputError as exc:
        render_problems("The Client Pulse workbook cannot be read", exc.problems)
        st.stop()
    st.sidebar.caption(f"Workbook: **{workbook.source}**")
    st.sidebar.caption(f"Single-user local mode: changes are recorded as *{settings.local_user}*.")
    st.session_state[CONTEXT_KEY] = PulseContext(
        workbook=workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=settings.local_user,
        role=settings.default_role,
    )
    st.session_state[WORKBOOK_MODIFIED_KEY] = loaded_workbook_modified()
    stale_banner(st.session_state[CONTEXT_KEY])
    navigation.run()


main()
