"""Every critical incident as of one instant, built from the incident events and the ticket
export: one row per incident, per step, per event (`CriticalIncidents`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.business_clock import BusinessClock, business_clock
from pulse.incidents.cells import is_missing, tidy_text
from pulse.incidents.drafts import swarm_title
from pulse.incidents.event_rows import EventRecord, event_records
from pulse.incidents.events import (
    events_until,
    first_event_times,
    reported_time,
    voided,
    with_log_columns,
)
from pulse.incidents.instants import aware_instant, utc_instants
from pulse.incidents.members import missing_count
from pulse.incidents.procedure import IncidentStep
from pulse.incidents.steps import (
    IncidentFacts,
    NextAction,
    StepRow,
    next_action,
    step_rows,
    steps_frame,
)
from pulse.incidents.tickets import (
    PHONE,
    TicketRow,
    channel,
    created_at,
    declared_client,
    declared_summary,
    is_critical,
    is_security,
    ticket_key,
    ticket_rows,
)
from pulse.incidents.updates import ClientUpdates, client_updates
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import Settings

# What must happen next on an open incident (all missing once it is resolved or all done).
NEXT_COLUMNS: tuple[str, ...] = (
    "next_step",
    "next_action",
    "next_role",
    "next_due",
    "next_minutes_left",
)
INCIDENT_COLUMNS: tuple[str, ...] = (
    "ticket",
    "client",  # display spelling, or <NA> when the ticket export has no row for it
    "title",
    "summary",
    "security",
    "channel",  # phone, e-mail or the export's Source: a phone report is answered live
    "reported_at",
    "resolved_at",
    "is_open",
    "met",
    "breached",
    "pending",
    "not_required",
    "first_response",  # the first_response step's status
    "late_updates",  # client updates sent late, overdue or missed
    "next_update_due",  # the client update an open incident owes next
    "members_missing",  # SWARM roles nobody added yet
    *NEXT_COLUMNS,
)


@dataclass(frozen=True)
class CriticalIncidents:
    """Every critical incident as of one instant: one row per incident, per step, per event."""

    incidents: pd.DataFrame  # see INCIDENT_COLUMNS
    steps: pd.DataFrame  # ticket + STEP_COLUMNS, every step of every incident, procedure order
    # The incidents' events at or before as_of (LOG_COLUMNS), corrections too; `voided` marks
    # the rows a correction voids (they count for nothing).
    events: pd.DataFrame
    as_of: datetime
    timezone: str  # the business zone, for display


def incidents_table(
    events: pd.DataFrame, tickets: pd.DataFrame | None, *, as_of: datetime, settings: Settings
) -> CriticalIncidents:
    """Every critical incident's steps as of ``as_of`` (see the package notes for the readings)."""
    hours = settings.business_hours
    clock = business_clock(hours)
    as_of = aware_instant(as_of, hours)
    known = _one_spelling(events_until(with_log_columns(events), as_of))
    rows = ticket_rows(tickets, wanted=known["ticket"].unique())
    incidents: list[dict[str, Any]] = []
    steps: list[StepRow] = []
    for ticket, counting in _counting_by_ticket(known).items():
        row = rows.get(ticket_key(ticket))
        if row is not None and not is_critical(row.get("priority")):
            continue
        if not counting and created_at(row or {}) is None:
            continue  # every row voided and no Created time: nothing says it happened
        incident, its_steps = _one_incident(
            ticket, counting, row or {}, as_of=as_of, settings=settings, clock=clock
        )
        incidents.append(incident)
        steps.extend(its_steps)
    return _assemble(incidents, steps, known, as_of=as_of, timezone=hours.timezone)


def _counting_by_ticket(known: pd.DataFrame) -> dict[str, list[EventRecord]]:
    """Each ticket's events that count (`effective_events`), in order, by ticket, tickets in the
    order they first appear: one pass over the whole frame instead of a frame per incident."""
    counts = ~voided(known) & (known["event"] != IncidentEvent.CORRECTED)
    by_ticket: dict[str, list[EventRecord]] = {}
    tickets = known["ticket"].tolist()
    for ticket, record, count in zip(tickets, event_records(known), counts.tolist(), strict=True):
        if is_missing(ticket):
            continue
        its = by_ticket.setdefault(str(ticket), [])
        if count:
            its.append(record)
    return by_ticket


def _one_spelling(events: pd.DataFrame) -> pd.DataFrame:
    """One spelling per ticket (the first seen, trimmed): " tk200 " in a CSV and "TK200" in the
    Incident Log are the same incident."""
    tickets = events["ticket"].astype(str)
    trimmed = tickets.str.strip()
    if events.empty or (
        trimmed.eq(tickets).all() and trimmed.str.casefold().nunique() == trimmed.nunique()
    ):
        return events  # every ticket already has one spelling
    keys = events["ticket"].map(ticket_key)
    first = dict(zip(keys[::-1], events["ticket"].astype(str).str.strip()[::-1], strict=True))
    return events.assign(ticket=keys.map(first).astype("string"))


def _one_incident(
    ticket: str,
    counting: list[EventRecord],
    row: TicketRow,
    *,
    as_of: datetime,
    settings: Settings,
    clock: BusinessClock,
) -> tuple[dict[str, Any], list[StepRow]]:
    """One incident's row of the table, and its steps tagged with the ticket (`counting`: its
    events that count as of `as_of`)."""
    happened = first_event_times(counting)
    reported = reported_time(happened, fallback=created_at(row))
    security = is_security(row, counting)
    reported_by = channel(row, counting)
    facts = IncidentFacts(happened, reported, security, phone=reported_by == PHONE)
    steps = step_rows(facts, as_of=as_of, targets=settings.incident_targets, clock=clock)
    resolved = happened.get(IncidentEvent.RESOLVED)
    action = next_action(steps, as_of=as_of, clock=clock) if resolved is None else None
    incident = {
        **_described(ticket, row, counting),
        "security": security,
        "channel": reported_by,
        "reported_at": reported,
        "resolved_at": resolved,
        "is_open": resolved is None,
        **_status_counts(steps),
        **_follow_up(counting, steps, security, resolved=resolved, as_of=as_of, settings=settings),
        **_next_columns(action),
    }
    return incident, [{"ticket": ticket, **step} for step in steps]


def _follow_up(
    counting: list[EventRecord],
    steps: list[StepRow],
    security: bool,
    *,
    resolved: datetime | None,
    as_of: datetime,
    settings: Settings,
) -> dict[str, Any]:
    """Client updates late and next due, and SWARM roles nobody added yet."""
    answered = next(row["done_at"] for row in steps if row["step"] == IncidentStep.FIRST_RESPONSE)
    updates = client_updates(
        counting,
        first_response=answered,
        resolved=resolved,
        as_of=as_of,
        every=settings.incident_targets.client_update,
        clock=business_clock(settings.business_hours),
    )
    return {
        "late_updates": updates.late,
        "next_update_due": updates.next_due,
        "members_missing": missing_count(counting, security=security),
    }


def incident_updates(
    counting: pd.DataFrame,
    steps: pd.DataFrame,
    *,
    resolved: datetime | None,
    as_of: datetime,
    settings: Settings,
) -> ClientUpdates:
    """One incident's client updates, due from its first response (`counting`: its events that
    count as of `as_of`)."""
    answered = steps.loc[steps["step"] == IncidentStep.FIRST_RESPONSE, "done_at"].iloc[0]
    return client_updates(
        counting,
        first_response=None if pd.isna(answered) else pd.Timestamp(answered).to_pydatetime(),
        resolved=resolved,
        as_of=as_of,
        every=settings.incident_targets.client_update,
        clock=business_clock(settings.business_hours),
    )


def _described(ticket: str, row: TicketRow, events: list[EventRecord]) -> dict[str, Any]:
    """Client and summary from the export, else from the incident's own rows (declared)."""
    client = tidy_text(row.get("client")) or declared_client(events)
    summary = tidy_text(row.get("summary")) or declared_summary(events)
    title = swarm_title(client=client, ticket=ticket, summary=summary)
    return {"ticket": ticket, "client": client, "title": title, "summary": summary}


def _status_counts(steps: list[StepRow]) -> dict[str, Any]:
    """How many steps are in each status, and the first response's own status."""
    counts = Counter(row["status"] for row in steps)
    first_response = next(
        row["status"] for row in steps if row["step"] == IncidentStep.FIRST_RESPONSE
    )
    return {
        **{str(status): counts[status] for status in StepStatus},
        "first_response": str(first_response),
    }


def _next_columns(action: NextAction | None) -> dict[str, Any]:
    if action is None:
        return dict.fromkeys(NEXT_COLUMNS)
    return {
        "next_step": str(action.step),
        "next_action": action.action,
        "next_role": str(action.role),
        "next_due": action.due,
        "next_minutes_left": action.minutes_left,
    }


def _assemble(
    incidents: list[dict[str, Any]],
    steps: list[StepRow],
    events: pd.DataFrame,
    *,
    as_of: datetime,
    timezone: str,
) -> CriticalIncidents:
    table = _incidents_frame(incidents)
    all_steps = steps_frame(steps, extra=("ticket",))
    if not steps:  # typed as ticket numbers even when there is none
        all_steps = all_steps.astype({"ticket": "string"})
    kept = events[events["ticket"].astype(str).isin(table["ticket"])]
    kept = kept.assign(voided=voided(kept)).reset_index(drop=True)
    return CriticalIncidents(table, all_steps, kept, as_of, timezone)


def _incidents_frame(incidents: list[dict[str, Any]]) -> pd.DataFrame:
    """The incident rows typed (UTC instants, text, counts), oldest report first."""
    table = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
    for column in ("reported_at", "resolved_at", "next_due", "next_update_due"):
        table[column] = utc_instants(table[column])
    for column in ("client", "summary", "channel", "next_step", "next_action", "next_role"):
        table[column] = table[column].astype("string")
    for column in ("met", "breached", "pending", "not_required", "late_updates", "members_missing"):
        table[column] = table[column].astype("int64")
    table["next_minutes_left"] = table["next_minutes_left"].astype("Float64")
    return table.sort_values("reported_at", kind="stable").reset_index(drop=True)
