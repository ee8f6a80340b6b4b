"""What the ticket export (and, for an incident declared by hand, its `declared` row) says about a
critical incident: whether it is critical, a security incident, reported by phone, when it was
created, its client and summary.

Ticket numbers match whatever their spacing and case (" tk200 " is TK200); a ticket with events
but no export row is kept as a critical incident whose client is unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.frames import is_in
from pulse.incidents.cells import is_missing, tidy_text
from pulse.incidents.event_rows import Events, event_records
from pulse.schema import IncidentEvent, Priority

TicketRow = dict[str, Any]  # one export row, by canonical column name
PHONE = "phone"
EMAIL = "email"
PHONE_PREFIX = "phone:"  # a `reported` Note starting so: reported by phone, answered live
SECURITY_PREFIX = "security:"  # a `declared` Note starting so: a security incident
# The export columns what an incident reads from its ticket row (the rules below, the table).
INCIDENT_TICKET_COLUMNS: frozenset[str] = frozenset(
    {"client", "summary", "priority", "created", "security", "source"}
)


def ticket_key(ticket: object) -> str:
    """A ticket number as the events and the export both match it."""
    return str(ticket).strip().casefold()


def ticket_rows(
    tickets: pd.DataFrame | None,
    wanted: Iterable[object] | None = None,
    *,
    columns: Collection[str] | None = None,
) -> dict[str, TicketRow]:
    """Ticket export rows by `ticket_key` (the first row wins on duplicates); given `wanted`
    (ticket numbers, any spelling), only theirs: an export holds half a million rows, a page a
    few incidents. Given `columns`, each row holds only those the export has (and the ticket):
    the incidents table reads a handful of an export's many columns."""
    if tickets is None or tickets.empty:
        return {}
    if columns is not None:
        tickets = tickets[[c for c in tickets.columns if c == "ticket" or c in columns]]
    if wanted is not None:
        keys = ticket_keys(tickets["ticket"])
        tickets = tickets[is_in(keys, {ticket_key(ticket) for ticket in wanted}).to_numpy()]
    names = [str(column) for column in tickets.columns]
    # Column by column (`to_dict("records")` boxes cell by cell: several times slower).
    cells = zip(*(tickets[column].tolist() for column in tickets.columns), strict=True)
    rows: dict[str, TicketRow] = {}
    for values in cells:
        record = dict(zip(names, values, strict=True))
        rows.setdefault(ticket_key(record.get("ticket")), record)
    return rows


def ticket_keys(tickets: pd.Series) -> pd.Series:
    """`ticket_key` of each cell, column-wise. ASCII text is only lower-cased (the same as
    casefold there, and about six times faster on half a million rows); the rest is casefolded."""
    stripped = tickets.astype(str).str.strip()
    keys = stripped.str.lower()
    other = ~stripped.str.isascii().fillna(True).astype(bool)
    if other.any():
        keys = keys.mask(other, stripped[other].str.casefold())
    return keys


def is_critical(priority: Any) -> bool:
    """Critical priority; an unknown priority keeps the incident too: the events file itself says
    it was critical."""
    return is_missing(priority) or str(priority) == Priority.CRITICAL


def is_security(row: TicketRow, events: Events) -> bool:
    """The export flags the ticket as a security incident, an `infosec_added` was recorded, or
    the incident was declared with a Note starting `security:`."""
    flagged = row.get("security")
    if not is_missing(flagged) and bool(flagged):
        return True
    records = event_records(events)
    if any(
        (record.note or "").strip().casefold().startswith(SECURITY_PREFIX)
        for record in records
        if record.event == IncidentEvent.DECLARED
    ):
        return True
    return any(record.event == IncidentEvent.INFOSEC_ADDED for record in records)


def reported_by_phone(row: TicketRow, events: Events) -> bool:
    """SPEC: the ticket's Source is phone, or the first `reported` Note starts `phone:`."""
    source = row.get("source")
    if not is_missing(source) and PHONE in str(source).casefold():
        return True
    reported = [
        record for record in event_records(events) if record.event == IncidentEvent.REPORTED
    ]
    first = min(reported, key=lambda record: record.at).note if reported else None
    return (first or "").strip().casefold().startswith(PHONE_PREFIX)


def channel(row: TicketRow, events: Events) -> str:
    """How the incident was reported: phone, else the export's Source, else e-mail (SPEC: the
    first-response target applies to e-mail and portal reports)."""
    if reported_by_phone(row, events):
        return PHONE
    source = row.get("source")
    return EMAIL if is_missing(source) or not str(source).strip() else str(source).strip().lower()


def declared_client(events: Events) -> str | None:
    """The client named on the incident's rows (a hand-declared incident's Client)."""
    named = (tidy_text(record.client) for record in event_records(events))
    return next((text for text in named if text), None)


def declared_summary(events: Events) -> str | None:
    """A hand-declared incident's summary: its `declared` Note without the `security:` mark."""
    for record in event_records(events):
        if record.event != IncidentEvent.DECLARED:
            continue
        text = tidy_text(record.note)
        if text and text.casefold().startswith(SECURITY_PREFIX):
            text = tidy_text(text[len(SECURITY_PREFIX) :])
        if text:
            return text
    return None


def created_at(row: TicketRow) -> datetime | None:
    """The ticket's Created time; None without one (or without an export row)."""
    created: Any = row.get("created")
    return None if is_missing(created) else pd.Timestamp(created).to_pydatetime()
