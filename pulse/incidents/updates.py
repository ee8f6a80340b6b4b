"""Client updates during an open incident (SPEC "Client updates"): the client hears from us at
least every `client_update` business minutes after the first response.

Each update is due that long after the previous one was sent (the first, after the first
response); a late one resets the clock from when it was actually sent. Updates are reminders, not
SLA steps: a late or missed one is counted in the incident's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from pulse.business_clock import BusinessClock, Int64Array
from pulse.incidents.event_rows import Events, event_records
from pulse.incidents.instants import business_minutes_left, utc_instants
from pulse.incidents.step_table import MISSING, instant_ns
from pulse.schema import IncidentEvent

UPDATE_COLUMNS: tuple[str, ...] = ("number", "due", "sent_at", "status")


class UpdateStatus(StrEnum):
    ON_TIME = "on time"  # sent by its due
    LATE = "late"  # sent after its due
    OVERDUE = "overdue"  # open incident, not sent, due has passed: remind now
    MISSED = "missed"  # due before the incident was resolved, never sent
    DUE = "due"  # open incident, not sent yet, not due yet


LATE_STATUSES = frozenset({UpdateStatus.LATE, UpdateStatus.OVERDUE, UpdateStatus.MISSED})


@dataclass(frozen=True)
class ClientUpdates:
    """One incident's client updates as of an instant."""

    due_rows: list[dict[str, object]]  # UPDATE_COLUMNS, one per update due (see `rows`)
    late: int  # late, overdue or missed
    next_due: datetime | None  # the update the client is waiting for, on an open incident
    minutes_left: float | None  # business minutes until it is due; negative when overdue

    @property
    def rows(self) -> pd.DataFrame:
        """The updates due as a frame (times UTC). Built on demand: the incidents table reads
        only the counts, of thousands of incidents."""
        return _frame(self.due_rows)


def client_updates(
    events: Events,
    *,
    first_response: datetime | None,
    resolved: datetime | None,
    as_of: datetime,
    every: int,
    clock: BusinessClock,
) -> ClientUpdates:
    """The updates due since the first response (`events`: those that count as of `as_of`)."""
    if first_response is None:  # no first response yet: that step is the reminder
        return ClientUpdates([], 0, None, None)
    sent = _sent_times(events, after=first_response, until=resolved)
    rows: list[dict[str, object]] = []
    last = first_response
    for number, at in enumerate(sent, start=1):
        due = clock.add_minutes(last, every)
        status = UpdateStatus.ON_TIME if at <= due else UpdateStatus.LATE
        rows.append({"number": number, "due": due, "sent_at": at, "status": status})
        last = at
    due = clock.add_minutes(last, every)
    pending = _unsent(due, resolved=resolved, as_of=as_of)
    if pending is not None:
        rows.append({"number": len(sent) + 1, "due": due, "sent_at": None, "status": pending})
    late = sum(row["status"] in LATE_STATUSES for row in rows)
    if resolved is not None:
        return ClientUpdates(rows, late, None, None)
    left = business_minutes_left(as_of=as_of, due=due, clock=clock)
    return ClientUpdates(rows, late, due, left)


def _sent_times(events: Events, *, after: datetime, until: datetime | None) -> list[datetime]:
    """Updates sent from the first response on (and, once resolved, before the resolution)."""
    return sorted(
        record.at
        for record in event_records(events)
        if record.event == IncidentEvent.CLIENT_UPDATE_SENT
        and record.at >= after
        and (until is None or record.at <= until)
    )


def _unsent(due: datetime, *, resolved: datetime | None, as_of: datetime) -> UpdateStatus | None:
    """The next update not sent: missed if due before the resolution, else due or overdue."""
    if resolved is not None:
        return UpdateStatus.MISSED if due < resolved else None
    return UpdateStatus.OVERDUE if as_of > due else UpdateStatus.DUE


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(UPDATE_COLUMNS))
    frame["number"] = frame["number"].astype("int64")
    for column in ("due", "sent_at"):
        frame[column] = utc_instants(frame[column])
    frame["status"] = frame["status"].astype(str)
    return frame


@dataclass(frozen=True)
class UpdateColumns:
    """`client_updates`' counts of many incidents, one row each."""

    late: npt.NDArray[np.int64]
    next_due: Int64Array  # MISSING unless open with a first response


def update_columns(
    sent: tuple[npt.NDArray[np.intp], Int64Array],
    *,
    first_response: Int64Array,
    resolved: Int64Array,
    as_of: datetime,
    every: int,
    clock: BusinessClock,
) -> UpdateColumns:
    """`client_updates` of every incident at once (`sent`: the `client_update_sent` events that
    count, as (incident, time); instants as UTC nanoseconds, MISSING when none)."""
    owner, at = _sent_columns(sent, first_response=first_response, resolved=resolved)
    # Each update is due `every` minutes after the one before (the first, after the response).
    first_of_its = np.ones(len(owner), dtype=bool)
    first_of_its[1:] = owner[1:] != owner[:-1]
    previous = np.where(first_of_its, first_response[owner], np.roll(at, 1))
    late_sent = at > clock.add_minutes_ns(previous, every)
    last = first_response.copy()
    last[owner] = at  # sorted by incident then time: the last write is the latest
    answered = first_response != MISSING
    due = np.full_like(first_response, MISSING)
    due[answered] = clock.add_minutes_ns(last[answered], every)
    is_open = resolved == MISSING
    unsent_late = answered & np.where(is_open, instant_ns(as_of) > due, due < resolved)
    late = np.bincount(owner[late_sent], minlength=len(first_response)) + unsent_late
    return UpdateColumns(late.astype(np.int64), np.where(is_open, due, MISSING))


def _sent_columns(
    sent: tuple[npt.NDArray[np.intp], Int64Array],
    *,
    first_response: Int64Array,
    resolved: Int64Array,
) -> tuple[npt.NDArray[np.intp], Int64Array]:
    """The updates that count (from the first response on, and once resolved, until then) as
    (incident, time), by incident then time."""
    owner, at = sent
    answered, until = first_response[owner], resolved[owner]
    kept = (answered != MISSING) & (at >= answered) & ((until == MISSING) | (at <= until))
    owner, at = owner[kept], at[kept]
    order = np.lexsort((at, owner))
    return owner[order], at[order]
