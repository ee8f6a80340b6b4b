"""What every page shares: the loaded context the shell prepared, and small display helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from connectors.workbook import LoadedWorkbook
from pulse.business_clock import business_clock
from pulse.freshness import stale_sources
from pulse.settings import Settings
from pulse.signals import ticket_signals
from pulse.summary import MondayPicture, monday_picture

CONTEXT_KEY = "pulse_context"


@dataclass
class PulseContext:
    """Everything a page needs, prepared once per run by streamlit_app.py."""

    workbook: LoadedWorkbook
    settings: Settings
    as_of: date  # the date every computation uses (sidebar; defaults to today)
    monday: date  # the CST meeting this view is about (latest Monday on or before as_of)
    user: str  # who is using the app (signed-in email, or settings.local_user)
    role: str  # pulse.settings.Role value
    tickets: pd.DataFrame | None = None  # canonical ticket frame, when an export is loaded
    events: pd.DataFrame | None = None  # incident events, when loaded
    # Identity of each loaded source (path, size, mtime or content hash): cache keys for work
    # derived from them, so a rerun never recomputes what its inputs have not changed.
    workbook_version: str = ""
    tickets_version: str = ""
    tickets_source: str = ""  # file name of the ticket export, for captions


def context() -> PulseContext:
    """The context the shell stored for this run; pages never re-read files."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if not isinstance(ctx, PulseContext):
        if _reached_without_the_shell():
            st.rerun()
        st.error("No workbook is loaded. Choose a source in the sidebar.")
        st.stop()
    return ctx


def _reached_without_the_shell() -> bool:
    """True when Streamlit ran this page in its legacy `pages/` mode, skipping the shell.

    A link straight to a page (/health?vcio=...) on a freshly started server is run that way
    until some session has called st.navigation. Switching the flag and rerunning sends the
    same URL through streamlit_app.py, which loads the workbook and then runs this page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


def render_problems(title: str, problems: list[Any]) -> None:
    """A clear panel listing what is wrong and where; never a traceback."""
    lines = "\n".join(f"- **{p.where}**: {p.message}" for p in problems)
    st.error(f"### {title}\n\n{lines}", icon="🚫")


def money(value: float) -> str:
    return f"${value:,.0f}"


def money_column(label: str, help_text: str | None = None) -> Any:
    return st.column_config.NumberColumn(label, format="dollar", help=help_text)


def percent_column(label: str, help_text: str | None = None) -> Any:
    return st.column_config.ProgressColumn(
        label, min_value=0.0, max_value=1.0, format="percent", help=help_text
    )


BIG_TYPE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.stDataFrame, .stMarkdown p, .stMarkdown li { font-size: 1.05rem; }
</style>
"""


def big_type() -> None:
    """Readable from the back of the room on a 1080p shared screen (static CSS, no user data)."""
    st.markdown(BIG_TYPE_CSS, unsafe_allow_html=True)


@st.cache_data(show_spinner="Computing the Monday figures…", max_entries=16)
def _cached_picture(
    data_version: str, as_of: date, _ctx: PulseContext, _workbook: LoadedWorkbook
) -> MondayPicture:
    """Keyed on the data's version and the date; the frames themselves are not hashed."""
    signals = None
    if _ctx.tickets is not None:
        clock = business_clock(_ctx.settings.business_hours)
        signals = ticket_signals(
            _ctx.tickets, _workbook.clients, as_of=as_of, settings=_ctx.settings, clock=clock
        )
    return monday_picture(
        _workbook.clients,
        _workbook.episodes,
        _workbook.actions,
        as_of=as_of,
        settings=_ctx.settings,
        ticket_signals=signals,
    )


def picture_for(ctx: PulseContext, as_of: date) -> MondayPicture:
    """The Monday picture (risk, signals, candidates, overdue) for `as_of`, with this session's
    unsaved changes applied; computed once per version of the data, so reruns are instant."""
    from pages.pending import pending_version  # pending imports this module

    workbook = working_workbook(ctx)
    if not ctx.workbook_version:
        return _cached_picture.__wrapped__("", as_of, ctx, workbook)  # type: ignore[attr-defined]
    version = "|".join((ctx.workbook_version, ctx.tickets_version, pending_version(ctx)))
    return _cached_picture(version, as_of, ctx, workbook)


# --- Freshness, shared screen, and links to a client's page (explorer) ---------------------

# The shell stores when each source was last refreshed here (datetime | None).
WORKBOOK_MODIFIED_KEY = "workbook_modified"
TICKETS_EXPORTED_KEY = "tickets_exported"
CLIENT_PAGE = "pages/client.py"
CLIENT_PARAM = "client"
SCREEN_PARAM = "screen"
SHARED_SCREEN = "shared"
# Query parameters that describe the session rather than one page; they follow every link.
SESSION_PARAMS = ("as_of", SCREEN_PARAM)


def stale_banner(ctx: PulseContext) -> None:
    """SPEC: data older than a week is flagged as stale on every page."""
    messages = stale_sources(
        workbook_modified=st.session_state.get(WORKBOOK_MODIFIED_KEY),
        tickets_exported=st.session_state.get(TICKETS_EXPORTED_KEY),
        as_of=ctx.as_of,
        stale_days=ctx.settings.stale_days,
    )
    for message in messages:
        st.warning(f"**Stale data.** {message}", icon="⏳")


def shared_screen() -> bool:
    """Shared-screen mode for the Monday meeting (`?screen=shared`)."""
    return st.query_params.get(SCREEN_PARAM) == SHARED_SCREEN


def set_shared_screen(on: bool) -> None:
    if on:
        st.query_params[SCREEN_PARAM] = SHARED_SCREEN
    elif SCREEN_PARAM in st.query_params:
        del st.query_params[SCREEN_PARAM]


SHARED_SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none; }
[data-testid="stMetricValue"] { font-size: 3.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.stMarkdown p, .stMarkdown li, .stCaption p { font-size: 1.35rem; }
h1 { font-size: 3rem !important; } h2 { font-size: 2.3rem !important; }
.stButton button { min-height: 4rem; } .stButton button p { font-size: 1.6rem; }
</style>
"""


def shared_screen_style() -> None:
    """Hide the sidebar and enlarge type for the room (static CSS, no user data)."""
    st.markdown(SHARED_SCREEN_CSS, unsafe_allow_html=True)


def session_params() -> dict[str, str]:
    return {name: st.query_params[name] for name in SESSION_PARAMS if name in st.query_params}


def open_client(name: str) -> None:
    """Go to one client's page, keeping the as-of date and screen mode."""
    st.switch_page(CLIENT_PAGE, query_params={**session_params(), CLIENT_PARAM: name})


def client_table(
    frame: pd.DataFrame, *, key: str, client_column: str = "client", **options: Any
) -> None:
    """A table whose rows open the client's page when clicked (selected)."""
    event = st.dataframe(
        frame,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        **options,
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows:
        open_client(str(frame.iloc[rows[0]][client_column]))


CLICK_HINT = "Click a row to open that client's page."


def working_workbook(ctx: PulseContext) -> LoadedWorkbook:
    """The loaded workbook with this session's unsaved changes applied (pages show this).

    Pages that show episodes, action items or the audit log read it instead of ctx.workbook, so
    a decision recorded a moment ago is on screen before it is saved.
    """
    from pages.pending import working_workbook as with_pending  # pending imports this module

    return with_pending(ctx)
