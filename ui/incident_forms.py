"""The incident room's controls that record something: start an incident (from a Critical ticket
of the export, or declared by hand), one-click steps, a step done at an earlier time. Each click
is saved at once (ui.incident_log); a role that may not record it sees the control disabled with
a sentence saying who may, and a viewer sees the room read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from app.clock import now, today
from pulse.incidents import (
    EVENT_ACTIONS,
    TIMED_EVENTS,
    Declaration,
    IncidentRoom,
    LogEntry,
    NotRecorded,
    declared_entries,
    started_entries,
    step_entry,
)
from pulse.incidents.procedure import EVENT_LABELS
from pulse.incidents.tickets import ticket_key
from pulse.permissions import Action
from pulse.schema import IncidentEvent, Priority
from ui.context import PulseContext
from ui.incident_log import loaded_log, save_click
from ui.permissions import permission_reason

ROOM_PAGE = "pages/incident_room.py"
TICKET_PARAM = "ticket"
CHANNELS = {"E-mail": "email", "Phone": "phone", "Portal": "portal"}


def is_live(ctx: PulseContext) -> bool:
    """The room runs live on today's date; any other as-of date shows that day's end."""
    return ctx.as_of == today(ctx.settings.business_hours.timezone)


def blocked(ctx: PulseContext, action: Action, doing: str) -> str | None:
    """Why this person cannot record now (None: they can)."""
    loaded = loaded_log()
    if loaded is None:
        return "The Incident Log cannot be read, so nothing can be recorded (see above)."
    if not loaded.location.can_save:
        return loaded.location.why_not
    if not is_live(ctx):
        zone = ctx.settings.business_hours.timezone
        return f"Steps are recorded live: set As of to today ({today(zone):%Y-%m-%d})."
    return permission_reason(ctx, action, doing)


def event_blocked(ctx: PulseContext, event: IncidentEvent) -> str | None:
    return blocked(ctx, EVENT_ACTIONS[event], f"record '{EVENT_LABELS[event]}'")


def record(ctx: PulseContext, entries: Callable[[], list[LogEntry]], *, done: str) -> bool:
    """Save the click's rows (a refusal is shown where the click was); rerun to show it."""
    try:
        made = entries()
    except NotRecorded as refused:
        st.error(refused.reason, icon="🚫")
        return False
    saved = save_click(ctx, made, done=done)
    st.rerun()
    return saved


def open_room(ticket: str) -> None:
    st.switch_page(ROOM_PAGE, query_params={TICKET_PARAM: ticket})


def _caption_blocked(reason: str | None) -> None:
    if reason is not None:
        st.caption(f"🔒 {reason}")


# ---- starting an incident -----------------------------------------------------------------------


def start_incident(ctx: PulseContext, known: list[str]) -> None:
    """From a Critical ticket of the export, or declared by hand."""
    reason = blocked(ctx, Action.RECORD_INCIDENT, "start an incident")
    _caption_blocked(reason)
    from_ticket, by_hand = st.tabs(["From a Critical ticket", "Declare by hand"])
    with from_ticket:
        _from_ticket(ctx, known, reason)
    with by_hand:
        _declare(ctx, known, reason)


def critical_tickets(tickets: pd.DataFrame | None, known: list[str]) -> pd.DataFrame:
    """Open Critical tickets of the export that are no incident yet, newest first."""
    if tickets is None or tickets.empty:
        return pd.DataFrame(columns=["ticket", "client", "summary", "created"])
    taken = {ticket_key(ticket) for ticket in known}
    still_open = tickets.get("is_open", pd.Series(True, index=tickets.index)).astype(bool)
    # The few open Critical ones first: ticket numbers are keyed for those alone.
    wanted = (tickets["priority"] == Priority.CRITICAL) & still_open
    critical = tickets[wanted.to_numpy(dtype=bool, na_value=False)]
    critical = critical[~critical["ticket"].map(ticket_key).isin(taken).to_numpy()]
    return critical.sort_values("created", ascending=False)


def _from_ticket(ctx: PulseContext, known: list[str], reason: str | None) -> None:
    choices = critical_tickets(ctx.tickets, known)
    if choices.empty:
        st.caption("No open Critical ticket in the loaded export is waiting to be started.")
        return
    rows = {str(row["ticket"]): row for _, row in choices.iterrows()}
    ticket = st.selectbox(
        "Critical ticket",
        list(rows),
        format_func=lambda t: f"{t} – {rows[t]['client']} – {rows[t]['summary']}",
        key="incident_start_ticket",
    )
    if st.button("Start the incident", key="incident_start", disabled=reason is not None):
        row = rows[str(ticket)]
        created = pd.Timestamp(row["created"]).to_pydatetime()
        make = lambda: started_entries(  # noqa: E731
            ticket=str(ticket),
            client=str(row["client"]),
            created=created,
            actor=ctx.user,
            known=known,
        )
        _start_and_open(ctx, make, str(ticket))


def _start_and_open(ctx: PulseContext, make: Callable[[], list[LogEntry]], ticket: str) -> None:
    try:
        entries = make()
    except NotRecorded as refused:
        st.error(refused.reason, icon="🚫")
        return
    if save_click(ctx, entries, done=f"Incident {entries[0].ticket} started"):
        open_room(entries[0].ticket)
    st.rerun()


def _declare(ctx: PulseContext, known: list[str], reason: str | None) -> None:
    zone = ctx.settings.business_hours.timezone
    moment = now(zone)
    names = ctx.workbook.clients.get("client", pd.Series([], dtype=object))
    clients = sorted(names.dropna().astype(str), key=str.casefold)
    with st.form("incident_declare"):
        client = st.selectbox(
            "Client", clients, index=None, accept_new_options=True, key="declare_client"
        )
        summary = st.text_input("Summary (the issue)", key="declare_summary")
        day = st.date_input("Reported on", value=moment.date(), key="declare_day")
        at = st.time_input("Reported at", value=moment.time(), step=60, key="declare_time")
        channel = st.radio("Reported by", list(CHANNELS), horizontal=True, key="declare_channel")
        security = st.checkbox("Security incident", key="declare_security")
        ticket = st.text_input("PSA ticket (optional)", key="declare_ticket")
        pressed = st.form_submit_button(
            "Declare the incident", disabled=reason is not None, type="primary"
        )
    if pressed:
        declaration = Declaration(
            client=str(client or ""),
            summary=summary,
            reported_at=local_time(day, at, zone, fallback=moment),
            security=security,
            by_phone=CHANNELS[str(channel)] == "phone",
            ticket=ticket,
        )
        make = lambda: declared_entries(declaration, actor=ctx.user, now=moment, known=known)  # noqa: E731
        _start_and_open(ctx, make, ticket)


def local_time(day: object, at: object, zone: str, *, fallback: datetime) -> datetime:
    """A date and a time picked on the page, as an instant in the business zone."""
    from zoneinfo import ZoneInfo

    if not isinstance(day, date) or not isinstance(at, time):
        return fallback
    return datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=ZoneInfo(zone))


# ---- recording steps ----------------------------------------------------------------------------


def step_buttons(ctx: PulseContext, room: IncidentRoom, offered: list[IncidentEvent]) -> None:
    """One button per step still to do: done now."""
    columns = st.columns(3)
    for index, event in enumerate(offered):
        reason = event_blocked(ctx, event)
        label = f"✓ {EVENT_LABELS[event]}"
        column = columns[index % 3]
        if column.button(
            label,
            key=f"now_{event}_{room.ticket}",
            disabled=reason is not None,
            help=reason,
            use_container_width=True,
        ):
            record(ctx, lambda e=event: [entry_now(ctx, room, e)], done=EVENT_LABELS[event])


def room_client(room: IncidentRoom) -> str:
    return "" if pd.isna(room.incident["client"]) else str(room.incident["client"])


def entry_now(
    ctx: PulseContext, room: IncidentRoom, event: IncidentEvent, note: str = ""
) -> LogEntry:
    """`event` done now by this person."""
    moment = now(ctx.settings.business_hours.timezone)
    return step_entry(
        ticket=room.ticket,
        client=room_client(room),
        event=event,
        actor=ctx.user,
        now=moment,
        note=note,
    )


def earlier_form(ctx: PulseContext, room: IncidentRoom) -> None:
    """A step done at an earlier time, with the reason it is recorded late."""
    zone = ctx.settings.business_hours.timezone
    moment = now(zone)
    with st.form(f"earlier_{room.ticket}"):
        event = st.selectbox(
            "Step",
            list(TIMED_EVENTS),
            format_func=lambda e: EVENT_LABELS[e],
            key=f"earlier_event_{room.ticket}",
        )
        day = st.date_input("Done on", value=moment.date(), key=f"earlier_day_{room.ticket}")
        at = st.time_input(
            "Done at", value=moment.time(), step=60, key=f"earlier_time_{room.ticket}"
        )
        note = st.text_input("Why it is recorded late", key=f"earlier_note_{room.ticket}")
        reason = event_blocked(ctx, IncidentEvent(str(event)))
        pressed = st.form_submit_button("Record at that time", disabled=reason is not None)
    _caption_blocked(reason)
    if pressed:
        when = local_time(day, at, zone, fallback=moment)
        client = room_client(room)
        make = lambda: [  # noqa: E731
            step_entry(
                ticket=room.ticket,
                client=client,
                event=IncidentEvent(str(event)),
                actor=ctx.user,
                now=moment,
                at=when,
                note=note,
            )
        ]
        record(
            ctx, make, done=f"{EVENT_LABELS[IncidentEvent(str(event))]} recorded for {when:%H:%M}"
        )
