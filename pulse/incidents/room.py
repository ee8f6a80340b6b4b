"""One incident as its live room shows it: the steps and what is next, the SWARM members, the
client updates, the child and problem tickets, and the drafts to copy into the SWARM space."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.incidents.cells import is_missing, tidy_text
from pulse.incidents.drafts import swarm_summary
from pulse.incidents.events import effective_events
from pulse.incidents.members import (
    member_names,
    missing_members,
    swarm_members,
    unknown_member_notes,
)
from pulse.incidents.procedure import STEP_EVENTS, IncidentStep
from pulse.incidents.related import related_tickets
from pulse.incidents.table import CriticalIncidents, incident_updates
from pulse.incidents.tickets import ticket_key, ticket_rows
from pulse.incidents.updates import ClientUpdates
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import Settings


@dataclass(frozen=True)
class IncidentRoom:
    """Everything the room shows about one incident as of `as_of`."""

    incident: pd.Series  # its row of the incidents table (INCIDENT_COLUMNS)
    steps: pd.DataFrame  # STEP_COLUMNS, procedure order
    events: pd.DataFrame  # every row recorded as of as_of, oldest first; `voided` marks voided
    members: pd.DataFrame  # pulse.incidents.members.MEMBER_COLUMNS
    missing: list[str]  # SWARM roles nobody added yet
    unknown_members: list[str]  # member Notes that name no role (to correct)
    updates: ClientUpdates
    related: pd.DataFrame  # pulse.incidents.related.RELATED_COLUMNS
    summary_draft: str  # to post in the SWARM space
    as_of: datetime
    timezone: str

    @property
    def ticket(self) -> str:
        return str(self.incident["ticket"])

    @property
    def title(self) -> str:
        return str(self.incident["title"])

    @property
    def is_open(self) -> bool:
        return bool(self.incident["is_open"])


def find_incident(table: CriticalIncidents, ticket: str) -> str | None:
    """The table's spelling of `ticket` (matched ignoring case and spaces), else None."""
    for known in table.incidents["ticket"]:
        if ticket_key(known) == ticket_key(ticket):
            return str(known)
    return None


def incident_room(
    table: CriticalIncidents,
    ticket: str,
    *,
    tickets: pd.DataFrame | None,
    clients: pd.DataFrame | None,
    settings: Settings,
) -> IncidentRoom:
    """The room of `ticket`, which must be in `table` (see `find_incident`)."""
    incident = table.incidents.loc[table.incidents["ticket"] == ticket].iloc[0]
    steps = table.steps[table.steps["ticket"] == ticket].drop(columns="ticket")
    events = table.events[table.events["ticket"] == ticket].sort_values("at", kind="stable")
    counting = effective_events(events, table.as_of)
    names = member_names(_text(incident["client"]), clients, settings.incidents.swarm_contacts)
    members = swarm_members(counting, security=bool(incident["security"]), names=names)
    return IncidentRoom(
        incident=incident,
        steps=steps.reset_index(drop=True),
        events=events.reset_index(drop=True),
        members=members,
        missing=missing_members(members),
        unknown_members=unknown_member_notes(counting),
        updates=incident_updates(
            counting,
            steps,
            resolved=_instant(incident["resolved_at"]),
            as_of=table.as_of,
            settings=settings,
        ),
        related=related_tickets(ticket, counting, tickets),
        summary_draft=_summary_draft(
            incident,
            ticket_rows(tickets, wanted=[ticket]).get(ticket_key(ticket), {}),
            table.timezone,
        ),
        as_of=table.as_of,
        timezone=table.timezone,
    )


def _summary_draft(incident: pd.Series, row: dict[str, Any], timezone: str) -> str:
    """The SWARM summary from the incident and its export row (its notes: what was tried)."""
    return swarm_summary(
        summary=_text(incident["summary"]),
        reported=pd.Timestamp(incident["reported_at"]).to_pydatetime(),
        channel=str(incident["channel"]),
        troubleshooting=tidy_text(row.get("notes")),
        timezone=timezone,
    )


def _text(value: Any) -> str | None:
    return None if is_missing(value) else str(value)


def _instant(value: Any) -> datetime | None:
    return None if is_missing(value) else pd.Timestamp(value).to_pydatetime()


def events_to_record(room: IncidentRoom) -> list[IncidentEvent]:
    """The one-click buttons of an open incident, in procedure order: each step not done yet
    (the vITM's conditional steps while the vITM is silent, the vCIO's after the hand-over),
    "vITM unavailable" until it is recorded, and "resolved"."""
    if not room.is_open:
        return []
    steps = room.steps.set_index("step")
    silent = is_missing(steps.loc[IncidentStep.VITM_ACKNOWLEDGED, "done_at"])
    handed_over = steps.loc[IncidentStep.VCIO_TAGGED, "status"] != StepStatus.NOT_REQUIRED
    offered = [
        STEP_EVENTS[IncidentStep(str(step))]
        for step, row in steps.iterrows()
        if is_missing(row["done_at"]) and _offered(IncidentStep(str(step)), row, silent=silent)
    ]
    if silent and not handed_over:
        offered.append(IncidentEvent.VITM_UNAVAILABLE)
    return [*offered, IncidentEvent.RESOLVED]


def _offered(step: IncidentStep, row: pd.Series, *, silent: bool) -> bool:
    if row["status"] != StepStatus.NOT_REQUIRED:
        return True
    # Phoning the vITM or adding their manager early is allowed while they are silent.
    return silent and step in (IncidentStep.VITM_PHONED, IncidentStep.VITM_MANAGER_ADDED)
