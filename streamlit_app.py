"""Client Pulse: the Streamlit shell. Page config, navigation, sidebar (source, as-of, who),
and the cached loader. Pages get everything through pages.common.context()."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import streamlit as st

from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.workbook import LoadedWorkbook, read_workbook
from pages.auth import identify, require_sign_in, sign_in_sidebar
from pages.common import CONTEXT_KEY, PulseContext, render_problems
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
    identity = identify(settings)
    require_sign_in(identity)  # with sign-in configured, nothing below runs for a stranger
    sign_in_sidebar(identity)
    as_of = sidebar_as_of()
    try:
        workbook = load_workbook()
    except InputError as exc:
        render_problems("The Client Pulse workbook cannot be read", exc.problems)
        st.stop()
    st.sidebar.caption(f"Workbook: **{workbook.source}**")
    st.session_state[CONTEXT_KEY] = PulseContext(
        workbook=workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=identity.user,
        role=identity.role,
    )
    navigation.run()


main()
