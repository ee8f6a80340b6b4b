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
from pulse.incidents.related import related_tickets
from pulse.incidents.table import CriticalIncidents, incident_updates
from pulse.incidents.tickets import ticket_key, ticket_rows
from pulse.incidents.updates import ClientUpdates
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
    client = None if pd.isna(incident["client"]) else str(incident["client"])
    names = member_names(client, clients, settings.incidents.swarm_contacts)
    members = swarm_members(counting, security=bool(incident["security"]), names=names)
    row = ticket_rows(tickets).get(ticket_key(ticket), {})
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
        summary_draft=swarm_summary(
            summary=None if pd.isna(incident["summary"]) else str(incident["summary"]),
            reported=pd.Timestamp(incident["reported_at"]).to_pydatetime(),
            channel=str(incident["channel"]),
            troubleshooting=tidy_text(row.get("notes")),
            timezone=table.timezone,
        ),
        as_of=table.as_of,
        timezone=table.timezone,
    )


def _instant(value: Any) -> datetime | None:
    return None if is_missing(value) else pd.Timestamp(value).to_pydatetime()
