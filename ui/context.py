"""The context the shell prepares once per run; pages read everything from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from app.sources import WorkbookSource
from connectors.workbook import LoadedWorkbook
from pulse.settings import Role, Settings
from ui.routing import through_the_shell

CONTEXT_KEY = "pulse_context"


@dataclass
class PulseContext:
    """Everything a page needs, prepared once per run by the shell (ui/shell.py)."""

    workbook: LoadedWorkbook
    settings: Settings
    as_of: date  # the date every computation uses (sidebar; defaults to today)
    monday: date  # the CST meeting this view is about (latest Monday on or before as_of)
    user: str  # who is using the app (signed-in email, or settings.local_user)
    role: Role
    tickets: pd.DataFrame | None = None  # canonical ticket frame, when an export is loaded
    events: pd.DataFrame | None = None  # incident events, when loaded
    incident_log: pd.DataFrame | None = None  # the Incident Log's events (ui.incident_log)
    source: WorkbookSource | None = None  # where the workbook came from (None in page tests)
    # Identity of each loaded source (path, size, mtime or content hash): cache keys for work
    # derived from them, so a rerun never recomputes what its inputs have not changed.
    workbook_version: str = ""
    tickets_version: str = ""
    tickets_source: str = ""  # file name of the ticket export, for captions


def context() -> PulseContext:
    """The context the shell stored for this run; pages never re-read files."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if not isinstance(ctx, PulseContext):
        through_the_shell()
        st.error("No workbook is loaded. Choose a source in the sidebar.")
        st.stop()
    return ctx
