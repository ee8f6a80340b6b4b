"""What every page shares: the loaded context the shell prepared, and small display helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
