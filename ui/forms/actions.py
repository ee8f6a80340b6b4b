"""The action-item table: add, edit, mark done and delete (a row added by mistake), recorded as
pending changes."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from pulse.frames import cell_text
from pulse.permissions import Action, managed_department
from pulse.schema import ActionStatus, Department, client_key
from pulse.settings import Role
from pulse.workflow import Refused, table_edits_outcome
from ui.context import PulseContext
from ui.notices import notice
from ui.pending import apply, now, working_workbook
from ui.permissions import permission_reason
from ui.tables import edit_table

EDITOR_COLUMNS = ["client", "action", "department", "owner", "due", "status", "done_on", "ticket"]
GENERATION_KEY = "action_editor_generation"  # bumped after recording, so the editor starts afresh


def _action_view(actions: pd.DataFrame, client: str | None, *, show_done: bool) -> pd.DataFrame:
    rows = actions
    if client is not None:
        rows = rows[rows["client"].map(client_key) == client_key(client)]
    if not show_done:
        rows = rows[rows["status"].map(cell_text) != ActionStatus.DONE]
    columns = [c for c in EDITOR_COLUMNS if c in rows and not (client and c == "client")]
    return rows[columns]


def _editor_config(clients: list[str]) -> dict[str, Any]:
    return {
        "client": st.column_config.SelectboxColumn("Client", options=clients, required=True),
        "action": st.column_config.TextColumn("Action", required=True, width="large"),
        "department": st.column_config.SelectboxColumn(
            "Department", options=[str(d) for d in Department], required=True
        ),
        "owner": st.column_config.TextColumn("Owner", required=True),
        "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD", required=True),
        "status": st.column_config.SelectboxColumn(
            "Status", options=[str(s) for s in ActionStatus], default=str(ActionStatus.OPEN)
        ),
        "done_on": st.column_config.DateColumn("Done on", format="YYYY-MM-DD"),
        "ticket": st.column_config.TextColumn("Ticket"),
    }


def _edit_count(edits: Mapping[str, Any]) -> int:
    return sum(len(edits.get(kind) or ()) for kind in ("edited_rows", "added_rows", "deleted_rows"))


def _department_view(view: pd.DataFrame, department: str | None) -> pd.DataFrame:
    """A department manager's table: their department's items only."""
    if department is None or "department" not in view:
        return view
    return view[view["department"].map(cell_text).str.casefold() == department.casefold()]


def _department_scope(ctx: PulseContext, department: str) -> str:
    return (
        f"🔧 As {Role.of(ctx.role).person} you update and complete the {department} department's "
        "action items (shown here); a vCIO, a vITM, the Director or the Account Administrator "
        "adds items and edits any department's."
    )


def action_items_editor(ctx: PulseContext, client: str | None) -> None:
    """Action items to add, edit, mark done and delete; edits become pending changes when
    recorded. A department manager sees, edits and completes their own department's items only.

    The editor's input is the pending store's frame, never its own output (Streamlit #7749:
    feeding it back loses every second edit); a generation in its key starts it afresh once its
    edits are recorded.
    """
    working = working_workbook(ctx)
    blocked = permission_reason(ctx, Action.EDIT_ACTIONS, "edit action items")
    department = managed_department(ctx.role) if blocked else None
    suffix = client_key(client) if client else "any"
    show_done = st.toggle("Show done items", value=client is not None, key=f"show_done_{suffix}")
    view = _action_view(working.actions, client, show_done=show_done)
    view = _department_view(view, department)
    generation = st.session_state.get(GENERATION_KEY, 0)
    key = f"actions_editor_{suffix}_{show_done}_{generation}"
    clients = sorted(working.clients["client"].astype(str), key=str.casefold)
    locked = blocked is not None and department is None
    edit_table(
        view.reset_index(drop=True),
        key=key,
        width="stretch",
        # a row deleted here is audited as such; a department manager adds and deletes none
        num_rows="dynamic" if blocked is None else "fixed",
        disabled=True if locked else (["client", "department"] if department else False),
        column_config=_editor_config(clients),
    )
    if locked:
        st.caption(f"🔒 {blocked}")
        return
    if department is not None:
        st.caption(_department_scope(ctx, department))
    edits: Mapping[str, Any] = st.session_state.get(key) or {}
    count = _edit_count(edits)
    if count:
        st.caption(f"✏️ {count} row(s) edited in the table, not recorded yet.")
    if st.button("Record table edits", key=f"record_{key}", disabled=count == 0):
        _record_table_edits(ctx, list(view.index), edits, client=client)


def _record_table_edits(
    ctx: PulseContext, labels: list[Hashable], edits: Mapping[str, Any], *, client: str | None
) -> None:
    try:
        outcome = table_edits_outcome(
            working_workbook(ctx).actions,
            labels,
            edits,
            client=client,
            as_of=ctx.as_of,
            at=now(),
            user=ctx.user,
            role=ctx.role,
        )
    except Refused as refused:
        st.error(refused.reason, icon="🚫")
        return
    if outcome is None:
        st.info("Nothing changed.")
        return
    count = apply(ctx, outcome).count
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    notice("success", f"Action items recorded. Not saved yet: {count} unsaved change(s).")
    st.rerun()
