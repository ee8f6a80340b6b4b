"""The incident room's panels beside the steps: the SWARM members and the drafts to copy, client
updates, child and problem tickets, the timeline with its corrections, and after resolution the
post-incident report and "recommend extra care" (a pending change, through the workflow)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from app.clock import now
from pulse import workflow
from pulse.business_clock import business_clock
from pulse.incidents import (
    IncidentRoom,
    LogEntry,
    correction_entry,
    post_incident_report,
)
from pulse.incidents.charts import event_label, status_label
from pulse.incidents.instants import local_wall_times
from pulse.incidents.procedure import EVENT_LABELS, SwarmRole
from pulse.markdown import plain
from pulse.permissions import Action
from pulse.schema import Criterion, IncidentEvent
from ui.context import PulseContext
from ui.forms.common import record as record_change
from ui.incident_forms import blocked, entry_now, event_blocked, record, room_client
from ui.pending import now as change_time
from ui.pending import working_workbook
from ui.permissions import permission_reason
from ui.tables import show_table

KINDS = {
    "Child ticket (same issue)": IncidentEvent.CHILD_TICKET_ATTACHED,
    "Problem ticket (missing documentation)": IncidentEvent.PROBLEM_TICKET_OPENED,
}


def swarm_panel(ctx: PulseContext, room: IncidentRoom) -> None:
    """The members checklist and the SWARM title and summary, ready to copy."""
    st.markdown("**SWARM space title**")
    st.code(room.title, language=None)
    st.markdown("**Summary to post**")
    st.code(room.summary_draft, language=None, wrap_lines=True)
    reason = event_blocked(ctx, IncidentEvent.SWARM_MEMBER_ADDED)
    for member in room.members.itertuples(index=False):
        left, right = st.columns([3, 1])
        name = f" — {member.name}" if member.name else ""
        if pd.isna(member.added_at):
            left.markdown(f"☐ **{plain(member.label)}**{plain(name)} · missing")
            if right.button(
                "Added now",
                key=f"member_{member.role}_{room.ticket}",
                disabled=reason is not None,
                help=reason,
            ):
                record(
                    ctx,
                    lambda r=member.role: [
                        entry_now(ctx, room, IncidentEvent.SWARM_MEMBER_ADDED, SwarmRole(r).label)
                    ],
                    done=f"{member.label} added to the SWARM space",
                )
        else:
            at = pd.Timestamp(member.added_at).tz_convert(room.timezone)
            left.markdown(f"☑ **{plain(member.label)}**{plain(name)} · added {at:%H:%M}")
    for note in room.unknown_members:
        st.caption(
            f"⚠️ A member row names no SWARM role ('{plain(note)}'): correct it in the timeline."
        )


def updates_panel(ctx: PulseContext, room: IncidentRoom) -> None:
    """Client updates so far and the button to record one sent now."""
    every = ctx.settings.incident_targets.client_update
    st.caption(
        f"While the incident is open, the client hears from us at least every {every} "
        "business minutes after the first response."
    )
    rows = room.updates.rows
    if not rows.empty:
        show_table(
            pd.DataFrame(
                {
                    "#": rows["number"],
                    "Due": local_wall_times(rows["due"], room.timezone),
                    "Sent": local_wall_times(rows["sent_at"], room.timezone),
                    "Status": rows["status"].astype(str).map(status_label),
                }
            )
        )
    if room.is_open:
        reason = event_blocked(ctx, IncidentEvent.CLIENT_UPDATE_SENT)
        if st.button(
            "✉️ Client update sent now",
            key=f"update_{room.ticket}",
            disabled=reason is not None,
            help=reason,
        ):
            record(
                ctx,
                lambda: [entry_now(ctx, room, IncidentEvent.CLIENT_UPDATE_SENT)],
                done="Client update recorded",
            )


def tickets_panel(ctx: PulseContext, room: IncidentRoom) -> None:
    """Child and problem tickets with their status, and a form to record one."""
    if room.related.empty:
        st.caption("No child or problem ticket yet.")
    else:
        show_table(room.related.drop(columns="is_open"))
    reason = event_blocked(ctx, IncidentEvent.CHILD_TICKET_ATTACHED)
    with st.form(f"related_{room.ticket}"):
        kind = st.radio("Kind", list(KINDS), key=f"related_kind_{room.ticket}")
        number = st.text_input("Ticket number", key=f"related_number_{room.ticket}")
        about = st.text_input("What it is about (optional)", key=f"related_about_{room.ticket}")
        pressed = st.form_submit_button("Record the ticket", disabled=reason is not None)
    if pressed:
        if not number.strip() or " " in number.strip():
            st.error("Give the ticket number (one word, e.g. TK13900).", icon="🚫")
            return
        event = KINDS[str(kind)]
        note = f"{number.strip()} {about.strip()}".strip()
        record(
            ctx,
            lambda: [entry_now(ctx, room, event, note)],
            done=f"{EVENT_LABELS[event]}: {number.strip()}",
        )


def timeline_panel(ctx: PulseContext, room: IncidentRoom) -> None:
    """Every row recorded, oldest first; a wrong one is voided by a correction (a new row)."""
    events = room.events
    shown = pd.DataFrame(
        {
            "Time": local_wall_times(events["at"], room.timezone),
            "Event": events["event"].astype(str).map(event_label),
            "By": events["actor"].fillna(""),
            "Note": events["note"].fillna(""),
            "Voided": events["voided"].astype(bool),
        }
    )
    show_table(shown)
    _correction_form(ctx, room)


def _correction_form(ctx: PulseContext, room: IncidentRoom) -> None:
    events = room.events
    choices = [
        i
        for i in events.index
        if not events.at[i, "voided"] and events.at[i, "event"] != IncidentEvent.CORRECTED
    ]
    if not choices:
        return
    reason = blocked(ctx, Action.RECORD_INCIDENT, "correct a row")
    zone = room.timezone

    def label(index: int) -> str:
        at = pd.Timestamp(events.at[index, "at"]).tz_convert(zone)
        who = events.at[index, "actor"] or "someone"
        return f"{events.at[index, 'event']} at {at:%a %H:%M} by {who}"

    with st.form(f"correct_{room.ticket}"):
        chosen = st.selectbox(
            "Row to correct", choices, format_func=label, key=f"correct_row_{room.ticket}"
        )
        why = st.text_input("Why it is wrong", key=f"correct_why_{room.ticket}")
        pressed = st.form_submit_button("Void this row", disabled=reason is not None, help=reason)
    if pressed and chosen is not None:
        record(
            ctx,
            lambda: [_correction(ctx, room, int(chosen), why)],
            done="Row voided by a correction",
        )


def _correction(ctx: PulseContext, room: IncidentRoom, index: int, why: str) -> LogEntry:
    row = room.events.loc[index]
    wrong = LogEntry(
        room.ticket,
        room_client(room),
        IncidentEvent(str(row["event"])),
        pd.Timestamp(row["at"]).to_pydatetime(),
        str(row["actor"] or ""),
    )
    zone = ctx.settings.business_hours.timezone
    return correction_entry(wrong, reason=why, actor=ctx.user, now=now(zone), timezone=zone)


def after_resolution(ctx: PulseContext, room: IncidentRoom) -> None:
    """The post-incident report to download, and recommending the client for extra care."""
    report = post_incident_report(room, clock=business_clock(ctx.settings.business_hours))
    st.download_button(
        "⬇️ Post-incident report (Markdown)",
        data=report.encode("utf-8"),
        file_name=f"post-incident-{room.ticket}.md",
        mime="text/markdown",
        key=f"report_{room.ticket}",
    )
    _recommend_form(ctx, room)


def recommendation_reason(room: IncidentRoom) -> str:
    incident = room.incident
    related = ", ".join(room.related["ticket"].astype(str))
    evidence = f" Related tickets: {related}." if related else ""
    return (
        f"Critical incident {room.title}: {int(incident['breached'])} procedure step(s) breached, "
        f"{room.updates.late} client update(s) late.{evidence}"
    )


def _recommend_form(ctx: PulseContext, room: IncidentRoom) -> None:
    client = room_client(room)
    if not client:
        st.caption("Recommending extra care needs the incident's client.")
        return
    reason_blocked = permission_reason(ctx, Action.RECOMMEND, "recommend a client")
    with st.form(f"recommend_{room.ticket}"):
        st.markdown(f"**Recommend {plain(client)} for extra care** (pending until saved)")
        criteria = st.multiselect(
            "Criteria met",
            list(Criterion),
            default=[Criterion.SERVICE_DESK],
            format_func=lambda c: c.label,
            key=f"recommend_criteria_{room.ticket}",
        )
        reason = st.text_area(
            "Reason", value=recommendation_reason(room), key=f"recommend_reason_{room.ticket}"
        )
        pressed = st.form_submit_button(
            "Recommend extra care", disabled=reason_blocked is not None, help=reason_blocked
        )
    if pressed:
        record_change(
            ctx,
            f"{client} recommended for extra care",
            lambda: _recommended(ctx, client, set(criteria), reason),
        )


def _recommended(
    ctx: PulseContext, client: str, criteria: set[Criterion], reason: str
) -> workflow.Outcome:
    at: datetime = change_time()
    return workflow.recommend(
        working_workbook(ctx).episodes,
        client=client,
        criteria=criteria,
        reason=reason,
        by=ctx.user,
        on=ctx.as_of,
        at=at,
        user=ctx.user,
    )
