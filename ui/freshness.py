"""SPEC: data older than a week is flagged as stale on every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

from app.sources import SourceKind
from app.workbooks import Opened
from connectors.freshness import workbook_modified
from pulse.freshness import stale_sources
from ui.context import PulseContext

# The shell stores when each source was last refreshed here (datetime | None).
WORKBOOK_MODIFIED_KEY = "workbook_modified"
TICKETS_EXPORTED_KEY = "tickets_exported"


@st.cache_data(max_entries=8)
def _saved_time(path: str, version: str) -> datetime | None:
    del version  # part of the cache key only
    return workbook_modified(Path(path))


def modified_time(opened: Opened) -> datetime | None:
    """When the workbook in use was last saved: Excel's own record (docProps/core.xml) for a
    file, which survives copying; SharePoint's for the live file."""
    source = opened.source
    if source.kind is SourceKind.SHAREPOINT:
        return source.modified_at
    if opened.data is not None:
        return workbook_modified(opened.data)
    if source.path is not None:
        return _saved_time(str(source.path), source.version)
    return source.modified_at


def stale_banner(ctx: PulseContext) -> None:
    messages = stale_sources(
        workbook_modified=st.session_state.get(WORKBOOK_MODIFIED_KEY),
        tickets_exported=st.session_state.get(TICKETS_EXPORTED_KEY),
        as_of=ctx.as_of,
        stale_days=ctx.settings.stale_days,
    )
    for message in messages:
        st.warning(f"**Stale data.** {message}", icon="⏳")
