"""Every critical incident as of one instant, built from the incident events and the ticket
export: one row per incident, per step, per event (`CriticalIncidents`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.business_clock import BusinessClock, business_clock
from pulse.incidents.cells import tidy_text
from pulse.incidents.events import events_until, first_times, reported_time
from pulse.incidents.instants import aware_instant, utc_instants
from pulse.incidents.procedure import IncidentStep
from pulse.incidents.steps import STEP_COLUMNS, NextAction, incident_steps, next_action, steps_frame
from pulse.incidents.tickets import (
    TicketRow,
    created_at,
    is_critical,
    is_security,
    ticket_key,
    ticket_rows,
)
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import Settings

TITLE_DASH = (
    " – "  # the seed's SWARM title separator, an en dash: "GPW – TK13256 – PBA inaccessible"
)
UNKNOWN_CLIENT = "(unknown client)"

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
    "reported_at",
    "resolved_at",
    "is_open",
    "met",
    "breached",
    "pending",
    "not_required",
    "first_response",  # the first_response step's status
    *NEXT_COLUMNS,
)


@dataclass(frozen=True)
class CriticalIncidents:
    """Every critical incident as of one instant: one row per incident, per step, per event."""

    incidents: pd.DataFrame  # see INCIDENT_COLUMNS
    steps: pd.DataFrame  # ticket + STEP_COLUMNS, every step of every incident, procedure order
    events: pd.DataFrame  # the incidents' events at or before as_of (EVENT_COLUMNS)
    as_of: datetime
    timezone: str  # the business zone, for display


def incidents_table(
    events: pd.DataFrame, tickets: pd.DataFrame | None, *, as_of: datetime, settings: Settings
) -> CriticalIncidents:
    """Every critical incident's steps as of ``as_of`` (see the package notes for the readings)."""
    hours = settings.business_hours
    clock = business_clock(hours)
    as_of = aware_instant(as_of, hours)
    known = events_until(events, as_of)
    rows = ticket_rows(tickets)
    incidents: list[dict[str, Any]] = []
    steps: list[pd.DataFrame] = []
    for ticket, ticket_events in known.groupby("ticket", sort=False):
        row = rows.get(ticket_key(ticket))
        if row is not None and not is_critical(row.get("priority")):
            continue
        incident, its_steps = _one_incident(
            str(ticket), ticket_events, row or {}, as_of=as_of, settings=settings, clock=clock
        )
        incidents.append(incident)
        steps.append(its_steps)
    return _assemble(incidents, steps, known, as_of=as_of, timezone=hours.timezone)


def _one_incident(
    ticket: str,
    events: pd.DataFrame,
    row: TicketRow,
    *,
    as_of: datetime,
    settings: Settings,
    clock: BusinessClock,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """One incident's row of the table, and its steps tagged with the ticket."""
    happened = first_times(events, as_of=as_of)
    reported = reported_time(happened, fallback=created_at(row))
    security = is_security(row, events)
    targets = settings.incident_targets
    steps = incident_steps(
        events, as_of=as_of, targets=targets, clock=clock, security=security, reported_at=reported
    )
    resolved = happened.get(IncidentEvent.RESOLVED)
    action = next_action(steps, as_of=as_of, clock=clock) if resolved is None else None
    incident = {
        **_described(ticket, row),
        "security": security,
        "reported_at": reported,
        "resolved_at": resolved,
        "is_open": resolved is None,
        **_status_counts(steps),
        **_next_columns(action),
    }
    return incident, steps.assign(ticket=ticket)


def _described(ticket: str, row: TicketRow) -> dict[str, Any]:
    client = tidy_text(row.get("client"))
    summary = tidy_text(row.get("summary"))
    title = swarm_title(client=client, ticket=ticket, summary=summary)
    return {"ticket": ticket, "client": client, "title": title, "summary": summary}


def _status_counts(steps: pd.DataFrame) -> dict[str, Any]:
    """How many steps are in each status, and the first response's own status."""
    counts = steps["status"].value_counts()
    first_response = steps.loc[steps["step"] == IncidentStep.FIRST_RESPONSE, "status"].iloc[0]
    return {
        **{str(status): int(counts.get(status, 0)) for status in StepStatus},
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
    steps: list[pd.DataFrame],
    events: pd.DataFrame,
    *,
    as_of: datetime,
    timezone: str,
) -> CriticalIncidents:
    table = _incidents_frame(incidents)
    all_steps = (
        pd.concat(steps, ignore_index=True)
        if steps
        else steps_frame([]).assign(ticket=pd.Series(dtype="string"))
    )
    all_steps = all_steps[["ticket", *STEP_COLUMNS]].reset_index(drop=True)
    kept = events[events["ticket"].astype(str).isin(table["ticket"])].reset_index(drop=True)
    return CriticalIncidents(table, all_steps, kept, as_of, timezone)


def _incidents_frame(incidents: list[dict[str, Any]]) -> pd.DataFrame:
    """The incident rows typed (UTC instants, text, counts), oldest report first."""
    table = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
    for column in ("reported_at", "resolved_at", "next_due"):
        table[column] = utc_instants(table[column])
    for column in ("client", "summary", "next_step", "next_action", "next_role"):
        table[column] = table[column].astype("string")
    for column in ("met", "breached", "pending", "not_required"):
        table[column] = table[column].astype("int64")
    table["next_minutes_left"] = table["next_minutes_left"].astype("Float64")
    return table.sort_values("reported_at", kind="stable").reset_index(drop=True)


def swarm_title(*, client: str | None, ticket: str, summary: str | None) -> str:
    """The seed's SWARM space title, 'CLIENT – TICKET – summary' (en dashes)."""
    parts = [client or UNKNOWN_CLIENT, ticket, *([summary] if summary else [])]
    return TITLE_DASH.join(parts)
