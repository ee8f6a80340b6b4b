"""Every critical incident as of one instant, built from the incident events and the ticket
export: one row per incident, per step, per event (`CriticalIncidents`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from pulse.business_clock import Int64Array, business_clock
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
from pulse.incidents.procedure import (
    PROMPT_ACTIONS,
    STEP_ACTIONS,
    STEP_ROLES,
    IncidentStep,
    Prompt,
    Responder,
)
from pulse.incidents.step_table import (
    MISSING,
    STEPS,
    BoolArray,
    FactColumns,
    NextColumns,
    StepColumns,
    next_columns,
    ns_column,
    step_columns,
    step_frame_columns,
    utc_column,
)
from pulse.incidents.steps import STEP_COLUMNS, IncidentFacts
from pulse.incidents.tickets import (
    INCIDENT_TICKET_COLUMNS,
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
from pulse.incidents.updates import ClientUpdates, client_updates, update_columns
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
    """Every critical incident's steps as of ``as_of`` (see the package notes for the readings).

    What each incident's events and ticket row say is read incident by incident; the steps, the
    next actions and the client updates are measured for all of them at once (`step_table`)."""
    hours = settings.business_hours
    as_of = aware_instant(as_of, hours)
    known = _one_spelling(events_until(with_log_columns(events), as_of))
    wanted = known["ticket"].unique()
    rows = ticket_rows(tickets, wanted=wanted, columns=INCIDENT_TICKET_COLUMNS)
    found = [
        _read(ticket, counting, rows.get(ticket_key(ticket)) or {})
        for ticket, counting in _counting_by_ticket(known).items()
        if _is_incident(counting, rows.get(ticket_key(ticket)))
    ]
    incidents, steps = _measured(found, as_of=as_of, settings=settings)
    kept = known[known["ticket"].astype(str).isin(incidents["ticket"])]
    kept = kept.assign(voided=voided(kept)).reset_index(drop=True)
    return CriticalIncidents(incidents, steps, kept, as_of, hours.timezone)


def _is_incident(counting: list[EventRecord], row: TicketRow | None) -> bool:
    """Critical (or of unknown priority), and something says it happened: an event that counts
    or the ticket's Created time (every row voided and no Created time: no incident)."""
    if row is not None and not is_critical(row.get("priority")):
        return False
    return bool(counting) or created_at(row or {}) is not None


@dataclass(frozen=True)
class _Read:
    """What one incident's events (those that count) and its ticket row say."""

    described: dict[str, Any]  # ticket, client, title, summary
    facts: IncidentFacts
    channel: str
    resolved: datetime | None
    members_missing: int
    updates_sent: list[datetime]


def _read(ticket: str, counting: list[EventRecord], row: TicketRow) -> _Read:
    happened = first_event_times(counting)
    reported = reported_time(happened, fallback=created_at(row))
    security = is_security(row, counting)
    reported_by = channel(row, counting)
    return _Read(
        _described(ticket, row, counting),
        IncidentFacts(happened, reported, security, phone=reported_by == PHONE),
        reported_by,
        happened.get(IncidentEvent.RESOLVED),
        missing_count(counting, security=security),
        [record.at for record in counting if record.event == IncidentEvent.CLIENT_UPDATE_SENT],
    )


def _measured(
    found: list[_Read], *, as_of: datetime, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents frame and the steps frame of every incident found."""
    clock = business_clock(settings.business_hours)
    targets = settings.incident_targets
    facts = FactColumns.of([one.facts for one in found])
    steps = step_columns(facts, as_of=as_of, targets=targets, clock=clock)
    resolved = ns_column([one.resolved for one in found])
    updates = update_columns(
        [one.updates_sent for one in found],
        first_response=steps.done[:, STEPS.index(IncidentStep.FIRST_RESPONSE)],
        resolved=resolved,
        as_of=as_of,
        every=targets.client_update,
        clock=clock,
    )
    following = next_columns(steps, as_of=as_of, clock=clock)
    columns = {
        **_read_columns(found, facts, resolved),
        **_status_columns(steps),
        "late_updates": updates.late,
        "next_update_due": utc_column(updates.next_due),
        "members_missing": [one.members_missing for one in found],
        **_next_action_columns(following, is_open=resolved == MISSING),
    }
    tickets = np.array([one.described["ticket"] for one in found], dtype=object)
    step_frame = {"ticket": np.repeat(tickets, len(STEPS)), **step_frame_columns(steps)}
    return _incidents_frame(columns), _steps_frame(step_frame)


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


def _read_columns(found: list[_Read], facts: FactColumns, resolved: Int64Array) -> dict[str, Any]:
    """The columns each incident's own reading gives."""
    described = ("ticket", "client", "title", "summary")
    return {
        **{column: [one.described[column] for one in found] for column in described},
        "security": facts.security.tolist(),
        "channel": [one.channel for one in found],
        "reported_at": utc_column(facts.reported),
        "resolved_at": utc_column(resolved),
        "is_open": (resolved == MISSING).tolist(),
    }


def _status_columns(steps: StepColumns) -> dict[str, Any]:
    """How many steps are in each status, and the first response's own status."""
    first_response = steps.statuses()[:, STEPS.index(IncidentStep.FIRST_RESPONSE)]
    return {
        **{str(status): steps.count(status) for status in StepStatus},
        "first_response": [str(status) for status in first_response],
    }


def _next_action_columns(following: NextColumns, *, is_open: BoolArray) -> dict[str, Any]:
    """What must happen next on each open incident (missing when resolved or all done)."""
    shown = (following.found & is_open).tolist()
    actions: list[IncidentStep | Prompt | None] = [
        None if not show else Prompt.VITM_UNAVAILABLE if prompt else STEPS[step]
        for show, prompt, step in zip(
            shown, following.prompt.tolist(), following.step.tolist(), strict=True
        )
    ]
    return {
        "next_step": [None if action is None else str(action) for action in actions],
        "next_action": [None if action is None else _ACTIONS[action] for action in actions],
        "next_role": [None if action is None else str(_ROLES[action]) for action in actions],
        "next_due": utc_column(np.where(shown, following.due, MISSING)),
        "next_minutes_left": [
            left if show else None
            for show, left in zip(shown, following.minutes_left.tolist(), strict=True)
        ],
    }


# What each next action says and who does it: a step's, or the silent-vITM prompt's.
_ACTIONS: Mapping[IncidentStep | Prompt, str] = {
    **{step: text for step, text in STEP_ACTIONS.items()},
    **{prompt: text for prompt, text in PROMPT_ACTIONS.items()},
}
_ROLES: Mapping[IncidentStep | Prompt, Responder] = {
    **{step: role for step, role in STEP_ROLES.items()},
    Prompt.VITM_UNAVAILABLE: Responder.SERVICE_DESK,
}


def _steps_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """Every step of every incident (ticket + STEP_COLUMNS), the ticket typed as text even when
    there is none."""
    frame = pd.DataFrame(columns, columns=["ticket", *STEP_COLUMNS])
    frame["waived"] = frame["waived"].astype(bool)
    return frame if len(frame) else frame.astype({"ticket": "string"})


def _incidents_frame(incidents: dict[str, Any]) -> pd.DataFrame:
    """The incident columns typed (UTC instants, text, counts), oldest report first."""
    if not len(incidents["ticket"]):  # every column untyped, then typed as below
        incidents = {}
    table = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
    for column in ("reported_at", "resolved_at", "next_due", "next_update_due"):
        table[column] = utc_instants(table[column])
    for column in ("client", "summary", "channel", "next_step", "next_action", "next_role"):
        table[column] = table[column].astype("string")
    for column in ("met", "breached", "pending", "not_required", "late_updates", "members_missing"):
        table[column] = table[column].astype("int64")
    table["next_minutes_left"] = table["next_minutes_left"].astype("Float64")
    return table.sort_values("reported_at", kind="stable").reset_index(drop=True)
