"""One incident event's cells as both readers take them (the events CSV and the Incident Log
tab): the event's name, its time, and the row a `corrected` row names.

Times are ISO 8601 with an offset, or a naive local time in the business zone. A `corrected`
row's Note names the row it voids by its event and time, then says why:
`vitm_acknowledged at 2026-05-12T09:40:00-07:00: recorded on the wrong incident`.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pulse.schema import IncidentEvent

EVENT_NAMES: frozenset[str] = frozenset(event.value for event in IncidentEvent)
VALID_EVENTS = ", ".join(event.value for event in IncidentEvent)
TIME_EXAMPLE = "2026-05-04T09:30:00-07:00 or 2026-05-04 09:30 (business time zone)"
CORRECTION_EXAMPLE = "vitm_acknowledged at 2026-05-12T09:40:00-07:00: why it was wrong"
_NAMED_ROW = re.compile(
    r"\b(?P<event>[a-z_]+) at (?P<at>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)",
    re.IGNORECASE,
)


def event_name(text: str) -> str:
    """'Swarm Created' and 'swarm-created' mean swarm_created."""
    return "_".join(text.replace("-", " ").split()).casefold()


def parse_event_time(text: str, zone: ZoneInfo) -> datetime | None:
    """ISO 8601 with an offset, or naive local time in the business zone; None if unreadable."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def corrected_row(note: str, zone: ZoneInfo) -> tuple[str, datetime] | None:
    """(event, time) of the row a `corrected` Note names; None when it names none."""
    found = _NAMED_ROW.search(note)
    if found is None or event_name(found["event"]) not in EVENT_NAMES:
        return None
    at = parse_event_time(found["at"], zone)
    return None if at is None else (event_name(found["event"]), at)


def event_cell_problems(
    ticket: str, event: str, at: str, note: str, zone: ZoneInfo
) -> list[tuple[str, str]]:
    """(column, what is wrong and what to write) for each cell of one event row that cannot be
    read: a blank ticket, an unknown event, an unreadable time, a correction naming no row."""
    problems: list[tuple[str, str]] = []
    name = event_name(event)
    if not ticket:
        problems.append(("ticket", "The ticket number is blank."))
    if name not in EVENT_NAMES:
        problems.append(("event", f"Unknown event {event!r}; use one of: {VALID_EVENTS}."))
    if parse_event_time(at, zone) is None:
        problems.append(
            ("at", f"Cannot read the time {at!r}; write ISO 8601, e.g. {TIME_EXAMPLE}.")
        )
    if name == IncidentEvent.CORRECTED and corrected_row(note, zone) is None:
        message = f"A correction's note must name the row it corrects, e.g. {CORRECTION_EXAMPLE}."
        problems.append(("note", message))
    return problems
