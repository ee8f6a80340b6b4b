"""One incident's event rows as plain records, for rules that read them one by one.

The incidents table reads thousands of incidents of a few rows each: plain tuples cost
microseconds where a small frame per incident costs milliseconds. The rules that read an
incident's rows take either its frame or its records (`Events`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import pandas as pd

from pulse.incidents.cells import is_missing


class EventRecord(NamedTuple):
    """One event row as plain values (`at` aware, in UTC)."""

    event: str
    at: datetime
    note: str | None
    actor: str | None
    client: str | None


# One incident's events: a frame (EVENT_COLUMNS at least) or its rows as records, in frame order.
Events = pd.DataFrame | Sequence[EventRecord]


def event_records(events: Events) -> Sequence[EventRecord]:
    """The rows as records, in order (records are returned as they are)."""
    if not isinstance(events, pd.DataFrame):
        return events
    names = [str(event) for event in events["event"].tolist()]
    times = pd.to_datetime(events["at"], utc=True).dt.to_pydatetime().tolist()
    texts = [_texts(events, column) for column in ("note", "actor", "client")]
    return [EventRecord(*values) for values in zip(names, times, *texts, strict=True)]


def _texts(events: pd.DataFrame, column: str) -> list[str | None]:
    """A text column's cells (None when missing, or when the frame has no such column)."""
    if column not in events.columns:
        return [None] * len(events)
    return [None if is_missing(value) else str(value) for value in events[column].tolist()]
