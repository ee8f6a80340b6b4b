"""The events recorded for critical incidents (SPEC "Incident events"): which have happened as of
an instant, which a correction voided, and when each first happened.

The Incident Log is append-only: a mistake is voided by a later `corrected` row naming the row it
corrects (the readers put the event and time it names in `corrects_event` / `corrects_at`). A
correction counts from its own time on, like every other event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from pulse.incidents.event_rows import EventRecord, event_records
from pulse.incidents.tickets import ticket_key
from pulse.schema import IncidentEvent

EVENT_COLUMNS: tuple[str, ...] = ("ticket", "event", "at", "actor", "note")  # every source's
# What the readers add: the client a row names (the Incident Log's Client column), and for a
# `corrected` row the event and time of the row it voids.
LOG_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "client", "corrects_event", "corrects_at")


def with_log_columns(events: pd.DataFrame) -> pd.DataFrame:
    """The events with every LOG_COLUMNS column (an events frame without them names nothing)."""
    missing = [column for column in LOG_COLUMNS if column not in events.columns]
    if not missing:
        return events
    added = {
        column: (
            pd.Series(pd.NaT, index=events.index, dtype="datetime64[ns, UTC]")
            if column == "corrects_at"
            else pd.Series(pd.NA, index=events.index, dtype="string")
        )
        for column in missing
    }
    return events.assign(**added)


def events_until(events: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    """The events with a time at or before as_of: later ones have not happened yet."""
    return events[events["at"].notna() & (events["at"] <= pd.Timestamp(as_of))]


def voided(events: pd.DataFrame) -> pd.Series:
    """Rows a `corrected` row among `events` voids (same ticket, event and time it names)."""
    is_correction = events["event"] == IncidentEvent.CORRECTED
    if not is_correction.any():
        return pd.Series(False, index=events.index)
    events = with_log_columns(events)
    corrections = events[is_correction]
    named = set(
        zip(
            corrections["ticket"].map(ticket_key),
            corrections["corrects_event"].astype(str),
            corrections["corrects_at"],
            strict=True,
        )
    )
    keys = zip(
        events["ticket"].map(ticket_key), events["event"].astype(str), events["at"], strict=True
    )
    hit = [key in named for key in keys]
    return pd.Series(hit, index=events.index) & (events["event"] != IncidentEvent.CORRECTED)


def effective_events(events: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    """What counts as of `as_of`: the events then, without the corrections and what they void."""
    known = events_until(events, as_of)
    is_correction = known["event"] == IncidentEvent.CORRECTED
    if not is_correction.any():
        return known
    return known[~voided(known) & ~is_correction]


def first_times(events: pd.DataFrame, *, as_of: datetime) -> dict[IncidentEvent, datetime]:
    """The first time each event happened, counting only what counts as of as_of."""
    return first_event_times(event_records(effective_events(events, as_of)))


def first_event_times(counting: Sequence[EventRecord]) -> dict[IncidentEvent, datetime]:
    """The first time each event happened among `counting` (events that count)."""
    firsts: dict[str, datetime] = {}
    for record in counting:
        first = firsts.get(record.event)
        if first is None or record.at < first:
            firsts[record.event] = record.at
    return {IncidentEvent(name): at for name, at in sorted(firsts.items())}


def reported_time(
    happened: dict[IncidentEvent, datetime], *, fallback: datetime | None
) -> datetime:
    """The first `reported` event; else the fallback (ticket Created); else the earliest event."""
    reported = (
        happened.get(IncidentEvent.REPORTED) or fallback or min(happened.values(), default=None)
    )
    if reported is None:
        raise ValueError("An incident needs a reported time or at least one event.")
    return reported
