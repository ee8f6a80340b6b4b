"""The extra-care decision forms (seeds 000/001) for the Monday page and the client page:
recommend, approve, decline, remove, weekly review, root cause, PSA mark, announcement, and
deleting a recommendation recorded by mistake. Each
checks the role first and is disabled, with the reason, when the role may not use it; a refused
transition shows its reason; a recorded change is pending until saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from pulse import workflow
from pulse.frames import cell_text
from pulse.markdown import plain
from pulse.permissions import Action
from pulse.schema import Criterion, EpisodeStatus
from pulse.workflow import Outcome
from ui.context import PulseContext
from ui.forms.common import Picker, client_value, day, record, submit
from ui.pending import now, working_workbook

TAB_KEY = "decision_tab"  # + the picker's suffix: the open tab's label in session state
TABS = (
    "Recommend",
    "Approve",
    "Decline",
    "Remove",
    "Weekly review",
    "Root cause",
    "Marked in PSA",
    "Announced",
    "Delete a mistake",
)


def episode_forms(ctx: PulseContext, client: str | None) -> None:
    """Recommend, approve, decline, remove, review, RCA, PSA mark and announcement forms.

    `client` None: each form picks the client (Monday page); else the forms are for that client.
    """
    picker = Picker(ctx, client)
    if client is not None:
        status = picker.statuses.get(client) or "no episode"
        st.caption(f"{plain(client)}: latest extra-care episode is **{plain(status)}**.")
    # Only the open tab's form is built, sent and drawn (nine forms at once were most of the
    # Monday page's drawing): choosing a tab reruns the page.
    tabs = st.tabs(list(TABS), key=f"{TAB_KEY}_{picker.suffix}", on_change="rerun")
    forms = (
        _recommend_form,
        _approve_form,
        _decline_form,
        _remove_form,
        _review_form,
        _rca_form,
        _psa_form,
        _announcement_form,
        _delete_form,
    )
    for tab, form in zip(tabs, forms, strict=True):
        if tab.open:
            with tab:
                form(ctx, picker)


def _recommend_form(ctx: PulseContext, picker: Picker) -> None:
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
        if submit(ctx, picker, "recommend", "Recommend", Action.RECOMMEND):
            record(
                ctx,
                f"{name} recommended for extra care",
                lambda: workflow.recommend(
                    working_workbook(ctx).episodes,
                    client=name,
                    criteria=set(criteria),
                    reason=reason,
                    by=by,
                    on=day(on),
                    at=now(),
                    user=ctx.user,
                ),
            )


def _deciders(ctx: PulseContext, picker: Picker, form: str) -> tuple[str, str, date]:
    vcio = st.text_input(
        "vCIO", value=client_value(ctx, picker.client, "vcio"), key=picker.key(form, "vcio")
    )
    director = st.text_input("Director of Client Success", key=picker.key(form, "director"))
    meeting = st.date_input(
        "CST meeting (a Monday)", value=ctx.monday, key=picker.key(form, "meeting")
    )
    return vcio, director, day(meeting)


def _decision_form(
    ctx: PulseContext,
    picker: Picker,
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
        if submit(ctx, picker, form, button, action):
            decide = DECISIONS[form]
            record(
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


def _approve_form(ctx: PulseContext, picker: Picker) -> None:
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


def _decline_form(ctx: PulseContext, picker: Picker) -> None:
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


def _remove_form(ctx: PulseContext, picker: Picker) -> None:
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


def _review_form(ctx: PulseContext, picker: Picker) -> None:
    with st.form(picker.key("review", "form")):
        name = picker.choose("review", {str(EpisodeStatus.ACTIVE)})
        meeting = st.date_input(
            "CST meeting (a Monday)", value=ctx.monday, key=picker.key("review", "meeting")
        )
        notes = st.text_area("Progress notes", key=picker.key("review", "notes"))
        if submit(ctx, picker, "review", "Record review", Action.RECORD_REVIEW):
            record(
                ctx,
                f"{name} reviewed",
                lambda: workflow.record_review(
                    working_workbook(ctx).episodes,
                    client=name,
                    meeting=day(meeting),
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


def _rca_form(ctx: PulseContext, picker: Picker) -> None:
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
        if submit(ctx, picker, "rca", "Record root-cause analysis", Action.EDIT_RCA):
            given = {column: text or None for column, text in parts.items()}
            record(
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


def _psa_form(ctx: PulseContext, picker: Picker) -> None:
    with st.form(picker.key("psa", "form")):
        statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
        name = picker.choose("psa", statuses)
        marked = st.toggle(
            "Marked as extra care in the PSA", value=True, key=picker.key("psa", "marked")
        )
        if submit(ctx, picker, "psa", "Record PSA mark", Action.MARK_IN_PSA):
            record(
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


def _announcement_form(ctx: PulseContext, picker: Picker) -> None:
    with st.form(picker.key("announce", "form")):
        statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
        name = picker.choose("announce", statuses)
        on = st.date_input(
            "Announced at the Tuesday all-staff huddle of",
            value=ctx.monday + timedelta(days=1),
            key=picker.key("announce", "on"),
        )
        # Recording it is the record keepers' job (Account Administrator, Director).
        if submit(ctx, picker, "announce", "Record announcement", Action.SAVE):
            record(
                ctx,
                f"Announcement of {name} recorded",
                lambda: workflow.record_announcement(
                    working_workbook(ctx).episodes,
                    client=name,
                    on=day(on),
                    at=now(),
                    user=ctx.user,
                ),
            )


def _delete_form(ctx: PulseContext, picker: Picker) -> None:
    """A recommendation recorded by mistake (the wrong client, twice), before any meeting
    decided on it; the audit row keeps what it was."""
    with st.form(picker.key("delete", "form")):
        name = picker.choose("delete", {str(EpisodeStatus.RECOMMENDED)})
        st.caption(
            "Only a recommendation no CST meeting has decided on yet. Decisions stay in the "
            "record: decline or remove instead."
        )
        reason = st.text_input("Why it was a mistake", key=picker.key("delete", "reason"))
        # Correcting the record is the record keepers' job (Account Administrator, Director).
        if submit(ctx, picker, "delete", "Delete recommendation", Action.SAVE):
            record(
                ctx,
                f"{name}'s recommendation deleted",
                lambda: workflow.delete_recommendation(
                    working_workbook(ctx).episodes,
                    client=name,
                    reason=reason,
                    at=now(),
                    user=ctx.user,
                ),
            )
