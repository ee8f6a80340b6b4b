"""The events recorded for critical incidents (SPEC "Incident events"): which have happened as of
an instant, and when each first happened."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from pulse.schema import IncidentEvent

EVENT_COLUMNS: tuple[str, ...] = ("ticket", "event", "at", "actor", "note")


def events_until(events: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    """The events with a time at or before as_of: later ones have not happened yet."""
    return events[events["at"].notna() & (events["at"] <= pd.Timestamp(as_of))]


def first_times(events: pd.DataFrame, *, as_of: datetime) -> dict[IncidentEvent, datetime]:
    """The first time each event happened, counting only events at or before as_of."""
    firsts = events_until(events, as_of).groupby("event", observed=True)["at"].min()
    return {
        IncidentEvent(str(name)): pd.Timestamp(at).to_pydatetime() for name, at in firsts.items()
    }


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
