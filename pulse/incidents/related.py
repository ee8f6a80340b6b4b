"""An incident's child and problem tickets (seed 002): the Service Desk attaches tickets about the
same issue as children; whoever finds missing documentation opens a problem ticket.

Listed from the ticket export (tickets whose Parent Ticket is the incident; type Problem makes a
problem ticket) and from the events (`child_ticket_attached`, `problem_ticket_opened`: the Note's
first word is the ticket number, the rest a description), each with its status in the export.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pulse.incidents.cells import is_missing, tidy_text
from pulse.incidents.tickets import TicketRow, ticket_key
from pulse.schema import IncidentEvent, TicketType

RELATED_COLUMNS: tuple[str, ...] = ("ticket", "kind", "summary", "status", "is_open", "source")
CHILD, PROBLEM = "child", "problem"
NOT_EXPORTED = "not in the ticket export"
KIND_OF_EVENT: dict[IncidentEvent, str] = {
    IncidentEvent.CHILD_TICKET_ATTACHED: CHILD,
    IncidentEvent.PROBLEM_TICKET_OPENED: PROBLEM,
}


def related_tickets(
    ticket: str, events: pd.DataFrame, tickets: pd.DataFrame | None
) -> pd.DataFrame:
    """Every child and problem ticket of `ticket`, export rows first, then recorded ones."""
    rows: dict[str, dict[str, Any]] = {}
    for row in _export_children(ticket, tickets):
        rows.setdefault(ticket_key(row["ticket"]), _from_export(row, source="ticket export"))
    by_number = _export_rows(tickets)
    for number, kind, description, actor in _recorded(events):
        key = ticket_key(number)
        if key in rows:
            continue
        found = by_number.get(key)
        recorded = f"recorded by {actor}" if actor else "recorded"
        rows[key] = (
            _from_export(found, source=recorded, kind=kind)
            if found is not None
            else _unexported(number, kind, description, recorded)
        )
    return pd.DataFrame(list(rows.values()), columns=list(RELATED_COLUMNS))


def _export_children(ticket: str, tickets: pd.DataFrame | None) -> list[TicketRow]:
    if tickets is None or tickets.empty:
        return []
    parents = tickets["parent_ticket"].map(lambda p: None if is_missing(p) else ticket_key(p))
    children = tickets[parents == ticket_key(ticket)]
    return [{str(k): v for k, v in record.items()} for record in children.to_dict("records")]


def _export_rows(tickets: pd.DataFrame | None) -> dict[str, TicketRow]:
    if tickets is None or tickets.empty:
        return {}
    return {
        ticket_key(record["ticket"]): {str(k): v for k, v in record.items()}
        for record in tickets.to_dict("records")
    }


def _recorded(events: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(ticket number, kind, description, who recorded it) of each recorded related ticket."""
    found = []
    rows = events[events["event"].isin(list(KIND_OF_EVENT))].sort_values("at", kind="stable")
    for record in rows.itertuples(index=False):
        number, _, description = (tidy_text(record.note) or "").partition(" ")
        if number:
            kind = KIND_OF_EVENT[IncidentEvent(str(record.event))]
            found.append((number, kind, description, tidy_text(record.actor) or ""))
    return found


def _from_export(row: TicketRow, *, source: str, kind: str | None = None) -> dict[str, Any]:
    problem = str(row.get("type")) == TicketType.PROBLEM
    is_open = row.get("is_open")
    return {
        "ticket": str(row["ticket"]),
        "kind": kind or (PROBLEM if problem else CHILD),
        "summary": tidy_text(row.get("summary")) or "",
        "status": tidy_text(row.get("status")) or "",
        "is_open": True if is_missing(is_open) else bool(is_open),
        "source": source,
    }


def _unexported(number: str, kind: str, description: str, source: str) -> dict[str, Any]:
    return {
        "ticket": number,
        "kind": kind,
        "summary": description,
        "status": NOT_EXPORTED,
        "is_open": True,
        "source": source,
    }


def recorded_numbers(events: pd.DataFrame) -> tuple[str, ...]:
    """The ticket numbers the incident's child and problem events name."""
    return tuple(sorted({ticket_key(number) for number, *_ in _recorded(events)}))


def incident_tickets(
    tickets: pd.DataFrame | None, ticket: str, named: tuple[str, ...] = ()
) -> pd.DataFrame | None:
    """The export rows one incident's room reads: its own, its children and the tickets its
    events name (`recorded_numbers`). Column-wise, so a 500,000-row export is cut down at once."""
    if tickets is None or tickets.empty:
        return tickets
    wanted = {ticket_key(ticket), *named}
    keys = tickets["ticket"].astype("string").str.strip().str.casefold()
    parents = tickets["parent_ticket"].astype("string").str.strip().str.casefold()
    return tickets[keys.isin(wanted).fillna(False) | parents.eq(ticket_key(ticket)).fillna(False)]
