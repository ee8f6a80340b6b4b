"""The one problems panel (SPEC: nothing is dropped silently): everything reading the loaded
inputs skipped, blanked or merged — the workbook's warnings, the ticket export's and the
incident events' — each with where it is and why, above every page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from connectors.errors import Problem
from ui.context import PulseContext
from ui.display import lazy_expander

PANEL_COLUMNS = {"input": "Input", "where": "Where", "what": "What was done, and why"}


def reading_warnings(ctx: PulseContext) -> list[tuple[str, Problem]]:
    """(which input, warning) for every warning the readers returned with the loaded inputs."""
    found = [(f"Workbook ({ctx.workbook.source})", p) for p in ctx.workbook.warnings]
    tickets = ctx.tickets_source or "ticket export"
    for label, frame in ((f"Tickets ({tickets})", ctx.tickets), ("Incident events", ctx.events)):
        if frame is not None:
            found += [(label, problem) for problem in frame.attrs.get("warnings", [])]
    return found


def problems_panel(ctx: PulseContext) -> None:
    """A collapsed panel listing every reading warning (nothing when there is none). A table,
    not markdown: names and cell texts from the files are shown as they are."""
    warnings = reading_warnings(ctx)
    if not warnings:
        return
    title = f"⚠️ {len(warnings)} warning(s) while reading: rows or cells left out, blanked or merged"
    with (box := lazy_expander(title, key="problems_open")):
        if not box.open:
            return  # closed: the table is neither built nor sent
        rows = [
            {"input": where_from, "where": problem.where, "what": problem.message}
            for where_from, problem in warnings
        ]
        st.dataframe(
            pd.DataFrame(rows, columns=list(PANEL_COLUMNS)).rename(columns=PANEL_COLUMNS),
            hide_index=True,
            width="stretch",
        )
