"""What one click in the incident room appends (SPEC "Live use"): Incident Log rows and the Audit
Log rows that record them. Nothing here writes; the shells append the rows (app.incident_log).

A step is recorded done now, or at an earlier time with a reason; an incident is started from a
ticket of the export (`reported` at its Created time) or declared by hand (`declared` now, with
the client and summary, and `reported` at the time given); a mistake is voided by a `corrected`
row that names the row and says why (the log is append-only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.frames import to_moment
from pulse.incidents.tickets import PHONE_PREFIX, SECURITY_PREFIX, ticket_key
from pulse.schema import INCIDENT_LOG, IncidentEvent, Sheet
from pulse.workflow import audit_field, audit_rows_frame

# A time this close to now is "now": a form filled in a minute ago needs no reason.
NOW_TOLERANCE = timedelta(minutes=1)
DECLARED_PREFIX = "INC"  # ticket of an incident declared without a PSA ticket: INC-20260512-0930


class NotRecorded(Exception):
    """The click cannot be recorded as asked; the reason is for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LogEntry:
    """One Incident Log row."""

    ticket: str
    client: str  # "" when nobody knows it yet
    event: IncidentEvent
    at: datetime  # aware
    actor: str
    note: str = ""


def step_entry(
    *,
    ticket: str,
    client: str,
    event: IncidentEvent,
    actor: str,
    now: datetime,
    at: datetime | None = None,
    note: str = "",
) -> LogEntry:
    """`event` done now (`at` None), or at an earlier time, which needs a reason (`note`)."""
    when = _checked_time(at, now=now, note=note)
    return LogEntry(ticket.strip(), client.strip(), event, when, actor, note.strip())


def _checked_time(at: datetime | None, *, now: datetime, note: str) -> datetime:
    if at is None:
        return now
    if at > now + NOW_TOLERANCE:
        raise NotRecorded("That time is still to come: record a step when it has happened.")
    if at < now - NOW_TOLERANCE and not note.strip():
        raise NotRecorded("Say why the step is recorded for an earlier time (the reason).")
    return at


def started_entries(
    *, ticket: str, client: str, created: datetime, actor: str, known: Iterable[str]
) -> list[LogEntry]:
    """An incident started from a Critical ticket of the export: reported at its Created time."""
    _not_known(ticket, known)
    note = "Started from the ticket export"
    return [LogEntry(ticket.strip(), client.strip(), IncidentEvent.REPORTED, created, actor, note)]


@dataclass(frozen=True)
class Declaration:
    """An incident declared by hand (no Critical ticket in the loaded export)."""

    client: str
    summary: str
    reported_at: datetime
    security: bool = False
    by_phone: bool = False
    ticket: str = ""  # the PSA ticket, when there is one; else one is made up


def declared_entries(
    declaration: Declaration, *, actor: str, now: datetime, known: Iterable[str]
) -> list[LogEntry]:
    """`declared` now (Client, Note = summary, `security:` first for a security incident) and
    `reported` at the time given (Note `phone:` when it came by phone)."""
    client = _required(declaration.client, "Name the client the incident is for.")
    summary = _required(declaration.summary, "Give a short summary of the issue.")
    if declaration.reported_at > now + NOW_TOLERANCE:
        raise NotRecorded("The reported time is still to come: give the time it was reported.")
    ticket = declaration.ticket.strip() or declared_ticket(declaration.reported_at, known)
    _not_known(ticket, known)
    note = f"{SECURITY_PREFIX} {summary}" if declaration.security else summary
    reported_note = f"{PHONE_PREFIX} reported by phone" if declaration.by_phone else ""
    return [
        LogEntry(ticket, client, IncidentEvent.DECLARED, now, actor, note),
        LogEntry(
            ticket, client, IncidentEvent.REPORTED, declaration.reported_at, actor, reported_note
        ),
    ]


def declared_ticket(reported_at: datetime, known: Iterable[str]) -> str:
    """A ticket number for an incident without one: INC-<date>-<time>, unique among `known`."""
    base = f"{DECLARED_PREFIX}-{reported_at:%Y%m%d-%H%M}"
    taken = {ticket_key(ticket) for ticket in known}
    number, candidate = 2, base
    while ticket_key(candidate) in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def correction_entry(
    voided: LogEntry, *, reason: str, actor: str, now: datetime, timezone: str
) -> LogEntry:
    """A `corrected` row voiding `voided`: its Note names the row (event and time) and why."""
    why = _required(reason, "Say why the row is wrong (the reason).")
    if voided.event == IncidentEvent.CORRECTED:
        raise NotRecorded("A correction cannot be corrected; record the step again instead.")
    named = f"{voided.event} at {iso_time(voided.at, timezone)}"
    return LogEntry(
        voided.ticket, voided.client, IncidentEvent.CORRECTED, now, actor, f"{named}: {why}"
    )


def log_rows(entries: Iterable[LogEntry], *, timezone: str) -> pd.DataFrame:
    """The Incident Log rows (its columns; At as ISO 8601 text with the zone's UTC offset)."""
    rows = [
        {
            "ticket": entry.ticket,
            "client": entry.client or None,
            "event": str(entry.event),
            "at": iso_time(entry.at, timezone),
            "actor": entry.actor,
            "note": entry.note or None,
        }
        for entry in entries
    ]
    return pd.DataFrame(rows, columns=INCIDENT_LOG.names, dtype=object)


def audit_rows(
    entries: Iterable[LogEntry], *, user: str, at: datetime, timezone: str
) -> pd.DataFrame:
    """One Audit Log row per appended row, written the way the workflow writes its own."""
    return audit_rows_frame(
        [
            {
                "at": to_moment(at),
                "user": user,
                "client": entry.client,
                "field": audit_field(Sheet.INCIDENT_LOG, "event", row=entry.ticket),
                "old": "",
                "new": f"{entry.event} at {iso_time(entry.at, timezone)}",
                "note": entry.note or "Recorded in the incident room",
            }
            for entry in entries
        ]
    )


def iso_time(at: datetime, timezone: str) -> str:
    """ISO 8601 with the UTC offset, in the business zone, to the second."""
    return at.astimezone(ZoneInfo(timezone)).replace(microsecond=0).isoformat()


def _required(text: str, refusal: str) -> str:
    if not text.strip():
        raise NotRecorded(refusal)
    return text.strip()


def _not_known(ticket: str, known: Iterable[str]) -> None:
    if not ticket.strip():
        raise NotRecorded("Give the incident's ticket number.")
    if ticket_key(ticket) in {ticket_key(other) for other in known}:
        raise NotRecorded(f"{ticket.strip()} is already an incident: open its room instead.")
