"""What the ticket export says about a critical incident: whether it is critical, whether it is a
security incident, when it was created.

Ticket numbers match whatever their spacing and case (" tk200 " is TK200); a ticket with events
but no export row is kept as a critical incident whose client is unknown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from pulse.incidents.cells import is_missing
from pulse.schema import IncidentEvent, Priority

TicketRow = dict[str, Any]  # one export row, by canonical column name


def ticket_key(ticket: object) -> str:
    """A ticket number as the events and the export both match it."""
    return str(ticket).strip().casefold()


def ticket_rows(tickets: pd.DataFrame | None) -> dict[str, TicketRow]:
    """Ticket export rows by `ticket_key` (the first row wins on duplicates)."""
    if tickets is None or tickets.empty:
        return {}
    rows: dict[str, TicketRow] = {}
    for record in tickets.to_dict("records"):
        rows.setdefault(ticket_key(record.get("ticket")), {str(k): v for k, v in record.items()})
    return rows


def is_critical(priority: Any) -> bool:
    """Critical priority; an unknown priority keeps the incident too: the events file itself says
    it was critical."""
    return is_missing(priority) or str(priority) == Priority.CRITICAL


def is_security(row: TicketRow, events: pd.DataFrame) -> bool:
    """The export flags the ticket as a security incident, or an `infosec_added` was recorded."""
    flagged = row.get("security")
    if not is_missing(flagged) and bool(flagged):
        return True
    return bool((events["event"] == IncidentEvent.INFOSEC_ADDED).any())


def created_at(row: TicketRow) -> datetime | None:
    """The ticket's Created time; None without one (or without an export row)."""
    created: Any = row.get("created")
    return None if is_missing(created) else pd.Timestamp(created).to_pydatetime()
