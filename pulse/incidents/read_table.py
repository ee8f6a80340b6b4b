"""What every incident's events and ticket row say, read for all incidents at once: the facts
its steps are measured from (`step_table.FactColumns`), its client, summary and channel, the
SWARM roles nobody added and the client updates sent.

The one-incident readings (`events.first_event_times`, `tickets.is_security`, `tickets.channel`,
`tickets.declared_client`, `tickets.declared_summary`, `members.missing_count`) say the rules;
here the same rules run over the columns of the events that count, and Python touches only the
few rows that need a text read (declared, reported, member rows).
`tests/pulse/incidents/test_read_table.py` checks both readings agree on any incidents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from pulse.business_clock import Int64Array
from pulse.incidents.cells import is_missing, tidy_text
from pulse.incidents.drafts import swarm_title
from pulse.incidents.events import voided
from pulse.incidents.members import swarm_roles
from pulse.incidents.procedure import SwarmRole, swarm_role_named
from pulse.incidents.step_table import MISSING, BoolArray, FactColumns, either, instant_ns
from pulse.incidents.tickets import (
    EMAIL,
    PHONE,
    PHONE_PREFIX,
    SECURITY_PREFIX,
    TicketRow,
    created_at,
    is_critical,
    ticket_key,
)
from pulse.schema import IncidentEvent

Codes = npt.NDArray[np.intp]
_LATEST = np.iinfo(np.int64).max
_NEEDED = {security: frozenset(swarm_roles(security=security)) for security in (False, True)}


@dataclass(frozen=True)
class _Counting:
    """The events that count, as columns: the incident (index into the incidents), the event,
    its time (UTC nanoseconds, to the microsecond as a Python datetime holds it), note, client."""

    incident: Codes
    event: npt.NDArray[np.object_]
    at: Int64Array
    note: list[str | None]
    client: list[str | None]

    def rows(self, event: IncidentEvent) -> npt.NDArray[np.intp]:
        return np.flatnonzero(self.event == str(event))


@dataclass(frozen=True)
class ReadColumns:
    """Every incident's reading, one row per incident, in the order the events name them."""

    described: dict[str, list[Any]]  # ticket, client, title, summary
    facts: FactColumns
    channel: list[str]
    resolved: Int64Array
    members_missing: npt.NDArray[np.int64]
    sent: tuple[Codes, Int64Array]  # client updates sent: (incident, time)


def read_columns(known: pd.DataFrame, rows: dict[str, TicketRow]) -> ReadColumns:
    """The incidents among `known` (events at or before as-of, one spelling per ticket) and
    what they say; `rows`: the ticket export's rows by `ticket_key`."""
    named = known["ticket"].notna().to_numpy()
    codes, uniques = pd.factorize(known["ticket"][named].astype(str))
    tickets: list[str] = [str(ticket) for ticket in uniques.tolist()]
    counts = (~voided(known) & (known["event"] != IncidentEvent.CORRECTED)).to_numpy()[named]
    ticket_rows = [rows.get(ticket_key(ticket)) for ticket in tickets]
    created = [instant_ns(created_at(row or {})) for row in ticket_rows]
    has_events = np.bincount(codes[counts], minlength=len(tickets)) > 0
    kept = [
        (row is None or is_critical(row.get("priority"))) and (bool(any_) or at != MISSING)
        for row, any_, at in zip(ticket_rows, has_events.tolist(), created, strict=True)
    ]
    keep = np.array(kept, dtype=bool)
    index = np.cumsum(keep, dtype=np.intp) - 1  # a kept ticket's place among the incidents
    rows_kept = counts & keep[codes]
    counting = _counting(known[named][rows_kept], index[codes[rows_kept]])
    found = [i for i, keep in enumerate(kept) if keep]
    return _read(
        counting,
        tickets=[tickets[i] for i in found],
        rows=[ticket_rows[i] or {} for i in found],
        created=np.array([created[i] for i in found], dtype=np.int64),
    )


def _counting(events: pd.DataFrame, incident: Codes) -> _Counting:
    at = pd.DatetimeIndex(pd.to_datetime(events["at"], utc=True)).as_unit("ns").asi8
    return _Counting(
        incident,
        events["event"].astype(str).to_numpy(dtype=object),
        at // 1000 * 1000,
        _texts(events, "note"),
        _texts(events, "client"),
    )


def _texts(events: pd.DataFrame, column: str) -> list[str | None]:
    values = events[column].tolist()
    present = events[column].notna().tolist()
    return [str(value) if there else None for value, there in zip(values, present, strict=True)]


def _read(
    counting: _Counting, *, tickets: list[str], rows: list[TicketRow], created: Int64Array
) -> ReadColumns:
    count = len(tickets)
    happened = {event: _first(counting, event, count) for event in IncidentEvent}
    reported = either(happened[IncidentEvent.REPORTED], created, _earliest(counting, count))
    security = _security(counting, rows)
    phone = _phone(counting, rows)
    channels = [_channel(row, by_phone) for row, by_phone in zip(rows, phone.tolist(), strict=True)]
    described = _described(counting, tickets, rows)
    sent = counting.rows(IncidentEvent.CLIENT_UPDATE_SENT)
    return ReadColumns(
        described,
        FactColumns(happened, reported, security, phone),
        channels,
        happened[IncidentEvent.RESOLVED],
        _members_missing(counting, security),
        (counting.incident[sent], counting.at[sent]),
    )


def _first(counting: _Counting, event: IncidentEvent, count: int) -> Int64Array:
    """Each incident's first time of `event` (MISSING when it has none)."""
    rows = counting.rows(event)
    first = np.full(count, _LATEST, dtype=np.int64)
    np.minimum.at(first, counting.incident[rows], counting.at[rows])
    return np.where(first == _LATEST, MISSING, first)


def _earliest(counting: _Counting, count: int) -> Int64Array:
    first = np.full(count, _LATEST, dtype=np.int64)
    np.minimum.at(first, counting.incident, counting.at)
    return np.where(first == _LATEST, MISSING, first)


def _any(
    counting: _Counting, event: IncidentEvent, count: int, test: Callable[[str], bool]
) -> BoolArray:
    """Incidents with an `event` row whose note (blank when missing) passes `test`."""
    hit = np.zeros(count, dtype=bool)
    for row in counting.rows(event).tolist():
        if test(counting.note[row] or ""):
            hit[counting.incident[row]] = True
    return hit


def _security(counting: _Counting, rows: list[TicketRow]) -> BoolArray:
    """`tickets.is_security` of each incident."""
    count = len(rows)
    flagged = np.array(
        [not is_missing(row.get("security")) and bool(row.get("security")) for row in rows],
        dtype=bool,
    )
    declared = _any(
        counting, IncidentEvent.DECLARED, count, lambda note: _starts(note, SECURITY_PREFIX)
    )
    infosec = (
        np.bincount(counting.incident[counting.rows(IncidentEvent.INFOSEC_ADDED)], minlength=count)
        > 0
    )
    return np.asarray(flagged | declared | infosec, dtype=bool)


def _starts(note: str, prefix: str) -> bool:
    return note.strip().casefold().startswith(prefix)


def _phone(counting: _Counting, rows: list[TicketRow]) -> BoolArray:
    """`tickets.reported_by_phone`: the Source says phone, or the first `reported` Note (the
    earliest; of equal times the first row) starts `phone:`."""
    source = np.array(
        [
            not is_missing(row.get("source")) and PHONE in str(row.get("source")).casefold()
            for row in rows
        ],
        dtype=bool,
    )
    reported = counting.rows(IncidentEvent.REPORTED)
    order = reported[np.lexsort((reported, counting.at[reported], counting.incident[reported]))]
    first = order[np.unique(counting.incident[order], return_index=True)[1]]
    noted = np.zeros(len(rows), dtype=bool)
    for row in first.tolist():
        noted[counting.incident[row]] = _starts(counting.note[row] or "", PHONE_PREFIX)
    return np.asarray(source | noted, dtype=bool)


def _channel(row: TicketRow, by_phone: bool) -> str:
    """`tickets.channel`: phone, else the export's Source, else e-mail."""
    if by_phone:
        return PHONE
    source = row.get("source")
    return EMAIL if is_missing(source) or not str(source).strip() else str(source).strip().lower()


def _described(
    counting: _Counting, tickets: list[str], rows: list[TicketRow]
) -> dict[str, list[Any]]:
    """Client and summary from the export, else from the incident's own rows (`tickets.
    declared_client`, `tickets.declared_summary`), and the SWARM title."""
    named: dict[int, str] = {}
    for row, client in enumerate(counting.client):
        text = tidy_text(client) if client is not None else None
        if text and int(counting.incident[row]) not in named:
            named[int(counting.incident[row])] = text
    declared: dict[int, str] = {}
    for row in counting.rows(IncidentEvent.DECLARED).tolist():
        text = _declared_text(counting.note[row])
        if text and int(counting.incident[row]) not in declared:
            declared[int(counting.incident[row])] = text
    clients = [tidy_text(row.get("client")) or named.get(i) for i, row in enumerate(rows)]
    summaries = [tidy_text(row.get("summary")) or declared.get(i) for i, row in enumerate(rows)]
    titles = [
        swarm_title(client=client, ticket=ticket, summary=summary)
        for client, ticket, summary in zip(clients, tickets, summaries, strict=True)
    ]
    return {"ticket": tickets, "client": clients, "title": titles, "summary": summaries}


def _declared_text(note: str | None) -> str | None:
    """A `declared` Note without its `security:` mark (`tickets.declared_summary`)."""
    text = tidy_text(note)
    if text and text.casefold().startswith(SECURITY_PREFIX):
        text = tidy_text(text[len(SECURITY_PREFIX) :])
    return text


def _members_missing(counting: _Counting, security: BoolArray) -> npt.NDArray[np.int64]:
    """`members.missing_count`: the needed SWARM roles nobody added yet."""
    joined: dict[int, set[SwarmRole]] = {}
    for row in counting.rows(IncidentEvent.INFOSEC_ADDED).tolist():
        joined.setdefault(int(counting.incident[row]), set()).add(SwarmRole.INFOSEC_LEAD)
    roles = _role_reader()
    for row in counting.rows(IncidentEvent.SWARM_MEMBER_ADDED).tolist():
        role = roles(counting.note[row] or "")
        if role is not None:
            joined.setdefault(int(counting.incident[row]), set()).add(role)
    needed = [_NEEDED[bool(flag)] for flag in security.tolist()]
    return np.array(
        [len(roles_needed - joined.get(i, set())) for i, roles_needed in enumerate(needed)],
        dtype=np.int64,
    )


def _role_reader() -> Callable[[str], SwarmRole | None]:
    """`swarm_role_named`, once per distinct Note."""
    seen: dict[str, SwarmRole | None] = {}

    def role(note: str) -> SwarmRole | None:
        if note not in seen:
            seen[note] = swarm_role_named(note)
        return seen[note]

    return role
