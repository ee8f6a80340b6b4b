"""The incident room: one critical incident run as it happens (SPEC "Live use", seed 002).

What must happen next, who must do it and the business time left are redrawn every few seconds
(`[incidents] refresh_seconds`) by a fragment that holds no input, so nothing someone is typing
is lost; every click is saved to the Incident Log at once. Reached from the Critical incidents
page, `?ticket=TK123`.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from app.clock import now
from app.incident_log import all_events
from pulse.incidents import (
    IncidentRoom,
    as_of_instant,
    countdown,
    events_to_record,
    find_incident,
    incident_room,
    incidents_table,
    steps_overview,
)
from pulse.incidents.related import incident_tickets, recorded_numbers
from pulse.incidents.tickets import ticket_key
from pulse.markdown import plain
from pulse.permissions import Action
from ui.context import PulseContext, context
from ui.display import render_problems
from ui.incident_forms import TICKET_PARAM, earlier_form, is_live, step_buttons
from ui.incident_log import fresh_events, loaded_log
from ui.incident_panels import (
    after_resolution,
    swarm_panel,
    tickets_panel,
    timeline_panel,
    updates_panel,
)
from ui.intro import page_intro
from ui.permissions import permission_reason
from ui.tables import show_table

INCIDENTS_PAGE = "pages/incidents.py"
SOON_MINUTES = 10  # a step due within this many business minutes is shown as urgent


def room_of(ctx: PulseContext, ticket: str) -> IncidentRoom | None:
    """The incident's room now (live) or at the end of the as-of day; None when unknown."""
    events = all_events(ctx.events, fresh_events(ctx))
    mine = events[events["ticket"].map(ticket_key) == ticket_key(ticket)]
    hours = ctx.settings.business_hours
    at = as_of_instant(ctx.as_of, hours, now=now(hours.timezone))
    tickets = room_tickets(ctx, ticket, recorded_numbers(mine))
    table = incidents_table(mine, tickets, as_of=at, settings=ctx.settings)
    found = find_incident(table, ticket)
    if found is None:
        return None
    clients = ctx.workbook.clients
    return incident_room(table, found, tickets=tickets, clients=clients, settings=ctx.settings)


def room_tickets(ctx: PulseContext, ticket: str, named: tuple[str, ...]) -> pd.DataFrame | None:
    """The export rows the room reads, cut once per version of the export (the countdown
    redraws every few seconds); an export without a version is cut every time."""
    if not ctx.tickets_version:
        return incident_tickets(ctx.tickets, ticket, named)
    return _cut_tickets(ctx.tickets_version, ticket, named, ctx.tickets)


@st.cache_resource(show_spinner=False, max_entries=16)
def _cut_tickets(
    version: str, ticket: str, named: tuple[str, ...], _tickets: pd.DataFrame | None
) -> pd.DataFrame | None:
    del version  # the cache key
    return incident_tickets(_tickets, ticket, named)


def header(ctx: PulseContext, room: IncidentRoom) -> None:
    incident = room.incident
    reported = pd.Timestamp(incident["reported_at"]).tz_convert(room.timezone)
    state = "open" if room.is_open else "resolved"
    security = "Security incident · " if bool(incident["security"]) else ""
    st.title(f"🚨 {plain(room.title)}")
    st.caption(
        f"Reported {reported:%a %d %b %H:%M} by {plain(incident['channel'])} · {security}{state} · "
        f"business clock {ctx.settings.business_hours.opens:%H:%M}–"
        f"{ctx.settings.business_hours.closes:%H:%M}"
    )
    if not is_live(ctx):
        st.info(f"As of the end of {ctx.as_of:%a %d %b %Y}; set As of to today to run it live.")
    read_only = permission_reason(ctx, Action.RECORD_INCIDENT, "record incident steps")
    if read_only is not None:
        st.info(f"You see this room read-only. {read_only}", icon="👀")


def live_panel(ctx: PulseContext, ticket: str) -> None:
    """What is next and the time left, redrawn by itself while the room is live."""
    every = ctx.settings.incidents.refresh_seconds if is_live(ctx) else None

    @st.fragment(run_every=every)
    def panel() -> None:
        room = room_of(context(), ticket)
        if room is None:
            return
        show_next(room)
        show_reminders(room)
        show_table(steps_overview(room.steps, timezone=room.timezone))
        st.caption(f"Updated {room.as_of.astimezone(ZoneInfo(room.timezone)):%H:%M:%S}")

    panel()


def show_next(room: IncidentRoom) -> None:
    incident = room.incident
    if not room.is_open:
        st.success("Resolved: no step is waiting. The report and the follow-up are below.")
        return
    if pd.isna(incident["next_step"]):
        st.info("Open; every required step is done. Keep the client updated until it is resolved.")
        return
    left = float(incident["next_minutes_left"])
    due = pd.Timestamp(incident["next_due"]).tz_convert(room.timezone)
    text = (
        f"### Next: {incident['next_action']}\n**{incident['next_role']}** · due {due:%H:%M} · "
        f"⏱ **{countdown(left)}** (business time)"
    )
    shown = st.error if left < 0 else st.warning if left <= SOON_MINUTES else st.info
    shown(text)


def show_reminders(room: IncidentRoom) -> None:
    updates = room.updates
    if room.is_open and updates.next_due is not None and updates.minutes_left is not None:
        due = pd.Timestamp(updates.next_due).tz_convert(room.timezone)
        text = f"Client update due {due:%H:%M} ({countdown(updates.minutes_left)})"
        (st.warning if updates.minutes_left < 0 else st.caption)(f"✉️ {text}")
    if updates.late:
        st.caption(f"{updates.late} client update(s) late or missed so far.")
    if room.missing:
        st.caption("SWARM members missing: " + plain(", ".join(room.missing)))


def record_panel(ctx: PulseContext, room: IncidentRoom) -> None:
    st.subheader("Record a step")
    step_buttons(ctx, room, events_to_record(room))
    with st.expander("Done at an earlier time (with the reason)"):
        earlier_form(ctx, room)


def log_warnings() -> None:
    loaded = loaded_log()
    if loaded is not None and loaded.log.warnings:
        with st.expander(f"⚠️ {len(loaded.log.warnings)} Incident Log row(s) left out"):
            render_problems("Rows that cannot be read", loaded.log.warnings)


def panels(ctx: PulseContext, room: IncidentRoom) -> None:
    swarm, updates, tickets, timeline = st.tabs(
        ["SWARM space", "Client updates", "Child and problem tickets", "Timeline"]
    )
    with swarm:
        swarm_panel(ctx, room)
    with updates:
        updates_panel(ctx, room)
    with tickets:
        tickets_panel(ctx, room)
    with timeline:
        timeline_panel(ctx, room)


def main() -> None:
    ctx = context()
    page_intro(ctx, __file__)
    if st.button("⬅️ All critical incidents", key="back_to_incidents", type="tertiary"):
        st.switch_page(INCIDENTS_PAGE)
    ticket = str(st.query_params.get(TICKET_PARAM, "")).strip()
    if not ticket:
        st.info("Open an incident's room from the Critical incidents page (or start one there).")
        return
    room = room_of(ctx, ticket)
    if room is None:
        st.warning(
            f"No critical incident {plain(ticket)} in the Incident Log or the events file as of "
            f"{ctx.as_of:%Y-%m-%d}. Start it on the Critical incidents page."
        )
        return
    header(ctx, room)
    log_warnings()
    live_panel(ctx, room.ticket)
    if room.is_open:
        record_panel(ctx, room)
    else:
        after_resolution(ctx, room)
    panels(ctx, room)


if __name__ == "__main__":
    main()
