"""What every page shares: the loaded context the shell prepared, and small display helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from connectors.workbook import LoadedWorkbook
from pulse.settings import Settings

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


def context() -> PulseContext:
    """The context the shell stored for this run; pages never re-read files."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if not isinstance(ctx, PulseContext):
        st.error("No workbook is loaded. Choose a source in the sidebar.")
        st.stop()
    return ctx


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


def working_workbook(ctx: PulseContext) -> LoadedWorkbook:
    """The loaded workbook with this session's unsaved changes applied (pages show this).

    Pages that show episodes, action items or the audit log read it instead of ctx.workbook, so
    a decision recorded a moment ago is on screen before it is saved.
    """
    from pages.pending import working_workbook as with_pending  # pending imports this module

    return with_pending(ctx)
