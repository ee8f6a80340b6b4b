"""Open loops as the Monday page and a client's page show them (SPEC "Open loops"): the client,
what is missing, who must act and since when, oldest first. A loop closes when the record shows
the step done, so there is nothing to tick here: the forms below each page record the steps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pulse.markdown import plain
from pulse.open_loops import Loop
from ui.display import CLICK_HINT, lazy_expander
from ui.tables import client_table, first_rows, show_table

CLOSED_BY = (
    "Each loop closes when the record shows the step done: the PSA mark, Announced On, the "
    "RCA's parts, a review, or a newer Last Client Contact."
)
ROWS_AT_ONCE = 25
MESSAGES_AT_ONCE = 20  # ready-to-post messages drawn until "Show all" (each is a code box)
LOOP_CONFIG = {
    "loop": "Open loop",
    "since": st.column_config.DateColumn("Since", format="YYYY-MM-DD"),
}


def loops_shown(loops: pd.DataFrame) -> pd.DataFrame:
    """The loops as a table shows them: the kind in words."""
    shown = loops.assign(loop=[Loop(kind).label for kind in loops["loop"]])
    return shown[["client", "loop", "missing", "owner_role", "since"]]


def show_open_loops(loops: pd.DataFrame, *, key: str) -> None:
    """Every client's open loops; a row opens the client's page."""
    if loops.empty:
        st.success("No open loop: every step the record asks for is done.")
        return
    st.caption(f"{CLOSED_BY} {CLICK_HINT}")
    # The meeting sees every loop at once; a long list scrolls inside the table instead.
    height = "content" if len(loops) <= ROWS_AT_ONCE else "auto"
    client_table(
        loops_shown(loops), key=key, width="stretch", height=height, column_config=LOOP_CONFIG
    )


def show_client_loops(loops: pd.DataFrame) -> None:
    """One client's open loops (without the client column)."""
    if loops.empty:
        st.success("No open loop for this client.")
        return
    st.caption(CLOSED_BY)
    show_table(
        loops_shown(loops).drop(columns="client"), width="stretch", column_config=LOOP_CONFIG
    )


def show_ready_messages(quiet: pd.DataFrame) -> None:
    """The ready-to-post message for each client at an unresponsive-customer stage (the rows of
    pulse.escalation `client_pathways`)."""
    if not quiet.empty:
        ready_messages(
            quiet,
            title=f"Ready-to-post messages for {len(quiet)} unresponsive customer(s)",
            key="monday_ready_all",
        )


def ready_messages(quiet: pd.DataFrame, *, title: str, key: str = "ready_messages_all") -> None:
    """`client_pathways` rows' messages in an expander, each with its copy button: the first
    MESSAGES_AT_ONCE (the longest silent first), the rest behind "Show all"."""
    with (box := lazy_expander(title, key=f"{key}_open")):
        if not box.open:
            return
        quiet = first_rows(
            quiet,
            limit=MESSAGES_AT_ONCE,
            key=key,
            toggle=f"Show all {len(quiet)} messages",
            caption=f"The {MESSAGES_AT_ONCE} waiting longest; Show all for the rest.",
        )
        for row in quiet.itertuples():
            client, who = plain(row.client), plain(row.who)
            st.markdown(f"**{client}** — {row.days} days without a response; {who}")
            st.code(row.message, language=None, wrap_lines=True)
