"""Forms that record extra-care decisions and action items (seeds 000/001), for the Monday page
and the client page. Every form checks the role first and is disabled, with the reason, when the
role may not do it; a refused transition shows its reason; a recorded change is pending until
saved (pages.pending).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from pages.common import PulseContext, working_workbook
from pages.pending import apply, notice, now, permission_reason
from pulse import workflow
from pulse.frames import cell_text
from pulse.permissions import Action
from pulse.schema import ActionStatus, Criterion, Department, EpisodeStatus, client_key
from pulse.workflow import Outcome, Refused

EDITOR_COLUMNS = ["client", "action", "department", "owner", "due", "status", "done_on", "ticket"]
GENERATION_KEY = "action_editor_generation"  # bumped after recording, so the editor starts afresh
TABS = (
    "Recommend",
    "Approve",
    "Decline",
    "Remove",
    "Weekly review",
    "Root cause",
    "Marked in PSA",
    "Announced",
)
OPEN = {str(EpisodeStatus.RECOMMENDED), str(EpisodeStatus.ACTIVE)}


# --- shared pieces ----------------------------------------------------------------------------


def _record(ctx: PulseContext, done: str, change: Callable[[], Outcome]) -> None:
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


def _latest_statuses(episodes: pd.DataFrame, clients: list[str]) -> dict[str, str]:
    """Each client's latest episode status ('' when it has none)."""
    statuses: dict[str, str] = {}
    latest = workflow.latest_episodes(episodes)  # one pass, not one scan per client
    for name in clients:
        label = latest.get(client_key(name))
        statuses[name] = "" if label is None else cell_text(episodes.at[label, "status"])
    return statuses


class _Picker:
    """Client choice inside a form: fixed on the client page, a select box on the Monday page."""

    def __init__(self, ctx: PulseContext, client: str | None) -> None:
        working = working_workbook(ctx)
        self.client = client
        self.clients = sorted(working.clients["client"].astype(str), key=str.casefold)
        self.statuses = _latest_statuses(working.episodes, self.clients)
        self.suffix = client_key(client) if client else "any"

    def choose(self, form: str, statuses: set[str], *, label: str = "Client") -> str:
        if self.client is not None:
            return self.client
        options = [name for name in self.clients if self.statuses[name] in statuses]
        choice = st.selectbox(label, options, index=None, key=self.key(form, "client"))
        return str(choice or "")

    def key(self, form: str, field: str) -> str:
        return f"{form}_{field}_{self.suffix}"


def _submit(ctx: PulseContext, picker: _Picker, form: str, label: str, action: Action) -> bool:
    """The form's submit button, disabled with the reason when the role may not do this."""
    blocked = permission_reason(ctx, action, label.lower())
    if blocked is not None:
        st.caption(f"🔒 {blocked}")
    pressed = st.form_submit_button(
        label, disabled=blocked is not None, key=picker.key(form, "submit"), type="primary"
    )
    return bool(pressed) and blocked is None


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.today()


def _client_value(ctx: PulseContext, client: str | None, column: str) -> str:
    """A default from the Clients tab (e.g. the client's vCIO) when the client is known."""
    if client is None:
        return ""
    clients = ctx.workbook.clients
    rows = clients[clients["client"].map(client_key) == client_key(client)]
    return cell_text(rows.iloc[0][column]) if not rows.empty and column in rows else ""


# --- the episode forms ------------------------------------------------------------------------


def episode_forms(ctx: PulseContext, client: str | None) -> None:
    """Recommend, approve, decline, remove, review, RCA, PSA mark and announcement forms.

    `client` None: each form picks the client (Monday page); else the forms are for that client.
    """
    picker = _Picker(ctx, client)
    if client is not None:
        status = picker.statuses.get(client) or "no episode"
        st.caption(f"{client}: latest extra-care episode is **{status}**.")
    tabs = st.tabs(list(TABS))
    forms = (
        _recommend_form,
        _approve_form,
        _decline_form,
        _remove_form,
        _review_form,
        _rca_form,
        _psa_form,
        _announcement_form,
    )
    for tab, form in zip(tabs, forms, strict=True):
        with tab:
            form(ctx, picker)


def _recommend_form(ctx: PulseContext, picker: _Picker) -> None:
    with st.form(picker.key("recommend", "form")):
        not_open = {"", str(EpisodeStatus.REMOVED), str(EpisodeStatus.DECLINED)}
        name = picker.choose("recommend", not_open)
        criteria = st.multiselect(
            "Criteria met",
            list(Criterion),
            format_func=lambda criterion: criterion.label,
            key=picker.key("recommend", "criteria"),
        )
        reason = st.text_area("Reason", key=picker.key("recommend", "reason"))
        by = st.text_input("Recommended by", value=ctx.user, key=picker.key("recommend", "by"))
        on = st.date_input("Recommended on", value=ctx.as_of, key=picker.key("recommend", "on"))
        if _submit(ctx, picker, "recommend", "Recommend", Action.RECOMMEND):
            _record(
                ctx,
                f"{name} recommended for extra care",
                lambda: workflow.recommend(
                    working_workbook(ctx).episodes,
                    client=name,
                    criteria=set(criteria),
                    reason=reason,
                    by=by,
                    on=_day(on),
                    at=now(),
                    user=ctx.user,
                ),
            )


def _deciders(ctx: PulseContext, picker: _Picker, form: str) -> tuple[str, str, date]:
    vcio = st.text_input(
        "vCIO", value=_client_value(ctx, picker.client, "vcio"), key=picker.key(form, "vcio")
    )
    director = st.text_input("Director of Client Success", key=picker.key(form, "director"))
    meeting = st.date_input(
        "CST meeting (a Monday)", value=ctx.monday, key=picker.key(form, "meeting")
    )
    return vcio, director, _day(meeting)


def _decision_form(
    ctx: PulseContext,
    picker: _Picker,
    *,
    form: str,
    statuses: set[str],
    button: str,
    action: Action,
    reason_label: str | None,
    done: str,
) -> None:
    """Approve, decline or remove: the vCIO and the Director, in a Monday CST meeting."""
    with st.form(picker.key(form, "form")):
        name = picker.choose(form, statuses)
        vcio, director, meeting = _deciders(ctx, picker, form)
        reason = st.text_area(reason_label, key=picker.key(form, "reason")) if reason_label else ""
        if _submit(ctx, picker, form, button, action):
            decide = DECISIONS[form]
            _record(
                ctx,
                done.format(name=name),
                lambda: decide(
                    working_workbook(ctx).episodes,
                    client=name,
                    vcio=vcio,
                    director=director,
                    meeting=meeting,
                    reason=reason,
                    at=now(),
                    user=ctx.user,
                ),
            )


def _approve(episodes: pd.DataFrame, *, reason: str, **decision: Any) -> Outcome:
    del reason  # approval records no reason
    return workflow.approve(episodes, **decision)


DECISIONS: dict[str, Callable[..., Outcome]] = {
    "approve": _approve,
    "decline": workflow.decline,
    "remove": workflow.remove,
}


def _approve_form(ctx: PulseContext, picker: _Picker) -> None:
    _decision_form(
        ctx,
        picker,
        form="approve",
        statuses={str(EpisodeStatus.RECOMMENDED)},
        button="Approve",
        action=Action.APPROVE,
        reason_label=None,
        done="{name} approved for extra care",
    )


def _decline_form(ctx: PulseContext, picker: _Picker) -> None:
    _decision_form(
        ctx,
        picker,
        form="decline",
        statuses={str(EpisodeStatus.RECOMMENDED)},
        button="Decline",
        action=Action.DECLINE,
        reason_label="Reason",
        done="{name}'s recommendation declined",
    )


def _remove_form(ctx: PulseContext, picker: _Picker) -> None:
    _decision_form(
        ctx,
        picker,
        form="remove",
        statuses={str(EpisodeStatus.ACTIVE)},
        button="Remove from extra care",
        action=Action.REMOVE,
        reason_label="Removal reason",
        done="{name} removed from extra care",
    )


def _review_form(ctx: PulseContext, picker: _Picker) -> None:
    with st.form(picker.key("review", "form")):
        name = picker.choose("review", {str(EpisodeStatus.ACTIVE)})
        meeting = st.date_input(
            "CST meeting (a Monday)", value=ctx.monday, key=picker.key("review", "meeting")
        )
        notes = st.text_area("Progress notes", key=picker.key("review", "notes"))
        if _submit(ctx, picker, "review", "Record review", Action.RECORD_REVIEW):
            _record(
                ctx,
                f"{name} reviewed",
                lambda: workflow.record_review(
                    working_workbook(ctx).episodes,
                    client=name,
                    meeting=_day(meeting),
                    notes=notes,
                    at=now(),
                    user=ctx.user,
                ),
            )


RCA_PARTS = {
    "root_cause": "Root cause (specific reasons)",
    "related_tickets": "Related tickets, documents, dates (comma-separated)",
    "success_criteria": "Success criteria (what done looks like)",
    "team_instructions": "Team instructions",
}


def _episode_value(ctx: PulseContext, client: str | None, column: str) -> str:
    if client is None:
        return ""
    episodes = working_workbook(ctx).episodes
    label = workflow.latest_episode(episodes, client)
    if label is None or column not in episodes:
        return ""
    return cell_text(episodes.at[label, column])


def _rca_form(ctx: PulseContext, picker: _Picker) -> None:
    with st.form(picker.key("rca", "form")):
        name = picker.choose("rca", {str(EpisodeStatus.ACTIVE)})
        st.caption("A blank part is left as it is.")
        parts = {
            column: st.text_area(
                label,
                value=_episode_value(ctx, picker.client, column),
                key=picker.key("rca", column),
            )
            for column, label in RCA_PARTS.items()
        }
        if _submit(ctx, picker, "rca", "Record root-cause analysis", Action.EDIT_RCA):
            given = {column: text or None for column, text in parts.items()}
            _record(
                ctx,
                f"Root-cause analysis for {name} recorded",
                lambda: workflow.record_rca(
                    working_workbook(ctx).episodes,
                    client=name,
                    at=now(),
                    user=ctx.user,
                    **given,
                ),
            )


def _psa_form(ctx: PulseContext, picker: _Picker) -> None:
    with st.form(picker.key("psa", "form")):
        statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
        name = picker.choose("psa", statuses)
        marked = st.toggle(
            "Marked as extra care in the PSA", value=True, key=picker.key("psa", "marked")
        )
        if _submit(ctx, picker, "psa", "Record PSA mark", Action.MARK_IN_PSA):
            _record(
                ctx,
                f"PSA mark for {name} recorded",
                lambda: workflow.mark_in_psa(
                    working_workbook(ctx).episodes,
                    client=name,
                    marked=bool(marked),
                    at=now(),
                    user=ctx.user,
                ),
            )


def _announcement_form(ctx: PulseContext, picker: _Picker) -> None:
    with st.form(picker.key("announce", "form")):
        statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
        name = picker.choose("announce", statuses)
        on = st.date_input(
            "Announced at the Tuesday all-staff huddle of",
            value=ctx.monday + timedelta(days=1),
            key=picker.key("announce", "on"),
        )
        # Recording it is the record keepers' job (Account Administrator, Director).
        if _submit(ctx, picker, "announce", "Record announcement", Action.SAVE):
            _record(
                ctx,
                f"Announcement of {name} recorded",
                lambda: workflow.record_announcement(
                    working_workbook(ctx).episodes,
                    client=name,
                    on=_day(on),
                    at=now(),
                    user=ctx.user,
                ),
            )


# --- the action-item table --------------------------------------------------------------------


def _optional_day(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Refused(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _edited_row_outcomes(
    actions: pd.DataFrame,
    label: Hashable,
    changes: dict[str, Any],
    *,
    as_of: date,
    at: Any,
    user: str,
) -> list[Outcome]:
    """One edited row: 'Done' goes through complete_action (dated), the rest through update."""
    outcomes: list[Outcome] = []
    becomes_done = (
        changes.get("status") == ActionStatus.DONE
        and cell_text(actions.at[label, "status"]) != ActionStatus.DONE
    )
    if becomes_done:
        changes.pop("status")
        on = _optional_day(changes.pop("done_on", None)) or as_of
        outcomes.append(workflow.complete_action(actions, index=label, on=on, at=at, user=user))
        actions = outcomes[-1].actions  # type: ignore[assignment]
    if changes:
        outcomes.append(
            workflow.update_action(actions, index=label, changes=changes, at=at, user=user)
        )
    return outcomes


def table_edits_outcome(
    actions: pd.DataFrame,
    labels: list[Hashable],
    edits: Mapping[str, Any],
    *,
    client: str | None,
    as_of: date,
    at: Any,
    user: str,
) -> Outcome | None:
    """The workflow changes an action-item table's edits stand for (None: no edit).

    `edits` is st.data_editor's state (edited_rows by position in `labels`, added_rows); every
    row goes through the workflow, so a bad value is refused with its reason and nothing applies.
    """
    outcomes: list[Outcome] = []
    for position, row_changes in sorted(edits.get("edited_rows", {}).items()):
        changes = {k: v for k, v in row_changes.items() if k in workflow.EDITABLE_ACTION_FIELDS}
        label = labels[int(position)]
        for outcome in _edited_row_outcomes(actions, label, changes, as_of=as_of, at=at, user=user):
            actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    for row in edits.get("added_rows", []):
        outcome = workflow.add_action(
            actions,
            client=client or str(row.get("client") or ""),
            action=str(row.get("action") or ""),
            department=str(row.get("department") or ""),
            owner=str(row.get("owner") or ""),
            due=_optional_day(row.get("due")),  # type: ignore[arg-type]
            ticket=str(row.get("ticket") or ""),
            at=at,
            user=user,
        )
        actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    audits = [outcome.audit for outcome in outcomes if not outcome.audit.empty]
    if not audits:
        return None
    return Outcome(episodes=None, actions=actions, audit=pd.concat(audits, ignore_index=True))


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
    return len(edits.get("edited_rows", {})) + len(edits.get("added_rows", []))


def action_items_editor(ctx: PulseContext, client: str | None) -> None:
    """Action items to add, edit and mark done; edits become pending changes when recorded.

    The editor's input is the pending store's frame, never its own output (Streamlit #7749:
    feeding it back loses every second edit); a generation in its key starts it afresh once its
    edits are recorded.
    """
    working = working_workbook(ctx)
    blocked = permission_reason(ctx, Action.EDIT_ACTIONS, "edit action items")
    suffix = client_key(client) if client else "any"
    show_done = st.toggle("Show done items", value=client is not None, key=f"show_done_{suffix}")
    view = _action_view(working.actions, client, show_done=show_done)
    generation = st.session_state.get(GENERATION_KEY, 0)
    key = f"actions_editor_{suffix}_{show_done}_{generation}"
    clients = sorted(working.clients["client"].astype(str), key=str.casefold)
    st.data_editor(
        view.reset_index(drop=True),
        key=key,
        hide_index=True,
        width="stretch",
        num_rows="fixed" if blocked else "add",
        disabled=blocked is not None,
        column_config=_editor_config(clients),
    )
    if blocked is not None:
        st.caption(f"🔒 {blocked}")
        return
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
