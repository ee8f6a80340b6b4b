"""What every decision form shares: recording one workflow change as pending, the client
picker, and the submit button that says who may use it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from pulse import workflow
from pulse.frames import cell_text
from pulse.permissions import Action
from pulse.schema import EpisodeStatus, client_key
from pulse.workflow import Outcome, Refused
from ui.context import PulseContext
from ui.notices import notice
from ui.pending import apply, per_version, working_workbook
from ui.permissions import permission_reason

OPEN = {str(EpisodeStatus.RECOMMENDED), str(EpisodeStatus.ACTIVE)}


def record(ctx: PulseContext, done: str, change: Callable[[], Outcome]) -> None:
    """Run one workflow change: its refusal as an error, or pending and a rerun to show it."""
    try:
        outcome = change()
    except Refused as refused:
        st.error(refused.reason, icon="🚫")
        return
    if outcome.audit.empty:
        st.info("Nothing changed: the record already says that.")
        return
    count = apply(ctx, outcome).count
    notice("success", f"{done}. Not saved yet: {count} unsaved change(s).")
    st.rerun()


def latest_statuses(episodes: pd.DataFrame, clients: list[str]) -> dict[str, str]:
    """Each client's latest episode status ('' when it has none)."""
    statuses: dict[str, str] = {}
    latest = workflow.latest_episodes(episodes)  # one pass, not one scan per client
    for name in clients:
        label = latest.get(client_key(name))
        statuses[name] = "" if label is None else cell_text(episodes.at[label, "status"])
    return statuses


def _clients_and_statuses(ctx: PulseContext) -> tuple[list[str], dict[str, str]]:
    working = working_workbook(ctx)
    clients = sorted(working.clients["client"].astype(str), key=str.casefold)
    return clients, latest_statuses(working.episodes, clients)


class Picker:
    """Client choice inside a form: fixed on the client page, a select box on the Monday page."""

    def __init__(self, ctx: PulseContext, client: str | None) -> None:
        self.client = client
        # Every client and its latest episode status: the same on any as-of date.
        self.clients, self.statuses = per_version(
            ctx, "client_picker", None, lambda: _clients_and_statuses(ctx)
        )
        self.suffix = client_key(client) if client else "any"

    def choose(self, form: str, statuses: set[str], *, label: str = "Client") -> str:
        if self.client is not None:
            return self.client
        options = [name for name in self.clients if self.statuses[name] in statuses]
        choice = st.selectbox(label, options, index=None, key=self.key(form, "client"))
        return str(choice or "")

    def key(self, form: str, field: str) -> str:
        return f"{form}_{field}_{self.suffix}"


def submit(ctx: PulseContext, picker: Picker, form: str, label: str, action: Action) -> bool:
    """The form's submit button, disabled with the reason when the role may not do this."""
    blocked = permission_reason(ctx, action, label.lower())
    if blocked is not None:
        st.caption(f"🔒 {blocked}")
    pressed = st.form_submit_button(
        label, disabled=blocked is not None, key=picker.key(form, "submit"), type="primary"
    )
    return bool(pressed) and blocked is None


def day(value: Any) -> date:
    return value if isinstance(value, date) else date.today()


def client_value(ctx: PulseContext, client: str | None, column: str) -> str:
    """A default from the Clients tab (e.g. the client's vCIO) when the client is known."""
    if client is None:
        return ""
    clients = ctx.workbook.clients
    rows = clients[clients["client"].map(client_key) == client_key(client)]
    return cell_text(rows.iloc[0][column]) if not rows.empty and column in rows else ""
