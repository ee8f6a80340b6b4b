"""The Monday page's "Since the last CST meeting" panel: each kind of change in a tab with its
count in the label, only the open tab's list built and drawn (pulse.history computes them)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pulse.history import Changes, comparison_note
from ui.display import percent_column
from ui.tables import client_table

DATE_CONFIG = {
    name: st.column_config.DateColumn(label, format="YYYY-MM-DD")
    for name, label in (("on", "On"), ("done_on", "Done on"), ("due", "Due"))
}
MOVE_CONFIG = {
    "risk_before": percent_column("Risk before"),
    "risk_now": percent_column("Risk now"),
    "criteria_before": st.column_config.NumberColumn("Criteria before"),
    "criteria_now": st.column_config.NumberColumn("Criteria now"),
}


@dataclass(frozen=True)
class ChangeList:
    title: str
    rows: pd.DataFrame
    key: str
    empty: str

    @property
    def label(self) -> str:
        return f"{self.title} ({len(self.rows)})"


def change_lists(changes: Changes) -> list[ChangeList]:
    """Each kind of change; the flags and bands moved only when a saved week compares."""
    removed = pd.concat([changes.removed, changes.declined], ignore_index=True)
    lists = [
        ChangeList("Episodes added", changes.added, "chg_added", "Nobody recommended."),
        ChangeList("Approved", changes.approved, "chg_approved", "No approval."),
        ChangeList("Removed or declined", removed, "chg_removed", "Nobody removed."),
    ]
    if changes.basis.comparable:
        lists += [
            ChangeList("Risk band moved", changes.bands_moved, "chg_bands", "No band moved."),
            ChangeList("Flags moved", changes.flags_moved, "chg_flags", "No criteria count moved."),
            ChangeList("New since then", changes.new_clients, "chg_new", "No client is new."),
        ]
    done, overdue = changes.actions_completed, changes.actions_newly_overdue
    return [
        *lists,
        ChangeList("Actions completed", done, "chg_done", "No action item was completed."),
        ChangeList(
            "Actions newly overdue", overdue, "chg_overdue", "No action item became overdue."
        ),
    ]


def change_table(change: ChangeList) -> None:
    """One kind of change: its clients (click to open), or a sentence when there is none."""
    if change.rows.empty:
        st.caption(change.empty)
        return
    client_table(
        change.rows.drop(columns=["client_key"], errors="ignore"),
        key=change.key,
        width="stretch",
        column_config={**DATE_CONFIG, **MOVE_CONFIG},
    )


def show_history_note(changes: Changes) -> None:
    """Which saved week the flags and bands are compared with (or why they cannot be)."""
    note = comparison_note(changes.basis)
    if not changes.basis.comparable or changes.basis.skipped_weeks:
        st.info(note)
    else:
        st.caption(note)


def show_change_tabs(changes: Changes, *, key: str) -> None:
    """The comparison note, then one tab per kind of change (`key`: the open tab's label)."""
    show_history_note(changes)
    lists = change_lists(changes)
    tabs = st.tabs([change.label for change in lists], key=key, on_change="rerun")
    for tab, change in zip(tabs, lists, strict=True):
        if tab.open:
            with tab:
                change_table(change)
