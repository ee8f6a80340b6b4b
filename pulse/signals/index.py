"""What each ticket is for the signal rules, decided once: the tests that do not depend on the
as-of date (an urgent incident? a frustrated message? answered late?), and the dates the rules
compare with it.

An as-of change then only compares dates in arrays: no phrase search, no business-clock sum. The
app keeps one index of every ticket per export; `pulse summary`, which computes one date, builds
two small ones over just the tickets that date can count (`date_parts`). Both count exactly the
same tickets: every test here is made per ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.schema import Priority, TicketType
from pulse.settings import SignalSettings
from pulse.signals.matching import is_type, mentions, on_board, per_distinct
from pulse.signals.window import day_start, window_positions

URGENT_PRIORITIES: tuple[str, ...] = (Priority.CRITICAL.value, Priority.HIGH.value)

Flags = npt.NDArray[np.bool_]
Moments = npt.NDArray[np.datetime64]  # UTC, NaT where there is none
Rows = slice | npt.NDArray[np.intp]
Ranks = npt.NDArray[np.int64]


@dataclass(frozen=True)
class WindowIndex:
    """What the window rules read of each indexed ticket, in the export's order. Shared: nobody
    edits its arrays."""

    rows: npt.NDArray[np.intp]  # each entry's position in the export
    created: Moments
    urgent: Flags  # a Critical or High incident
    noc_critical: Flags  # a Critical incident on a NOC board or queue
    frustrated: Flags  # a low survey score, or a frustration phrase in its text
    answered_late: Flags  # first response after its priority's business-clock target
    response_due: Moments  # that target, for tickets not answered yet
    rank: Ranks | None = None  # each entry's place in evidence order, when worked out


@dataclass(frozen=True)
class ProjectIndex:
    """What the project rule reads: open project tickets (type or board) and their due dates."""

    rows: npt.NDArray[np.intp]
    due: Moments
    rank: Ranks | None = None


@dataclass(frozen=True)
class KeptEvidence:
    """Every ticket's client and number by its position in the export: an as-of date's hits are
    then listed without reading the export's text columns."""

    key_codes: Ranks  # client_key, as its rank among the export's keys
    key_names: npt.NDArray[np.object_]  # the keys by rank (a blank key last)
    tickets: npt.NDArray[np.object_]

    def keys(self, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        names: npt.NDArray[np.object_] = self.key_names[self.key_codes[positions]]
        return names


@dataclass(frozen=True)
class TicketIndex:
    """Both parts, over the tickets one date can count or (with `evidence`) over every ticket of
    an export, as the app keeps it per export and rules."""

    window: WindowIndex
    project: ProjectIndex
    evidence: KeptEvidence | None = None


def ticket_index(
    tickets: pd.DataFrame, *, rules: SignalSettings, clock: BusinessClock
) -> TicketIndex:
    """The index of every ticket (typed export rows) for these rules and business hours, with
    each ticket's place in evidence order: an as-of date's hits are then put in order by
    number, not by sorting their text."""
    key_codes, key_names = _ranks(tickets["client_key"])
    rank = np.empty(len(tickets), dtype=np.int64)
    rank[evidence_order(tickets, key_codes)] = np.arange(len(tickets))
    window = window_index(tickets, rules=rules, clock=clock, rows=slice(None))
    project = project_index(tickets, rules=rules, rows=slice(None))
    return TicketIndex(
        window=replace(window, rank=rank),
        project=replace(project, rank=rank[project.rows]),
        evidence=KeptEvidence(key_codes, key_names, tickets["ticket"].to_numpy(dtype=object)),
    )


def evidence_order(tickets: pd.DataFrame, keys: Ranks | None = None) -> npt.NDArray[np.intp]:
    """Positions in `tickets.sort_values(EVIDENCE_COLUMNS, kind="stable")` order (blanks last in
    each column), sorted on integer ranks of the text rather than the text itself (`keys`: the
    client keys' ranks, when known)."""
    if keys is None:
        keys = _ranks(tickets["client_key"])[0]
    created = tickets["created"]
    stamps = created.to_numpy(dtype="datetime64[ns]").view(np.int64).copy()
    stamps[created.isna().to_numpy()] = np.iinfo(np.int64).max
    order: npt.NDArray[np.intp] = np.lexsort((stamps, keys))
    ordered_keys, ordered_stamps = keys[order], stamps[order]
    tied = (ordered_keys[1:] == ordered_keys[:-1]) & (ordered_stamps[1:] == ordered_stamps[:-1])
    if tied.any():  # a client's tickets created at the same instant: by ticket number
        order = np.lexsort((_ranks(tickets["ticket"])[0], stamps, keys))
    return order


def _ranks(values: pd.Series) -> tuple[Ranks, npt.NDArray[np.object_]]:
    """Each value's rank among the distinct values (equal values, equal ranks), blanks last; and
    the values by rank (a blank as the last)."""
    codes, distinct = pd.factorize(values, sort=True)
    ranks = codes.astype(np.int64)
    ranks[ranks < 0] = len(distinct)
    by_rank = np.append(np.asarray(distinct, dtype=object), np.nan)
    return ranks, by_rank


def window_index(
    tickets: pd.DataFrame, *, rules: SignalSettings, clock: BusinessClock, rows: Rows
) -> WindowIndex:
    """The window rules' index of the tickets at `rows`."""
    read = tickets.iloc[rows]
    due = first_response_due(read, rules=rules, clock=clock)
    answered = read["first_response"]
    critical = read["priority"].eq(Priority.CRITICAL.value).fillna(False).astype(bool)
    incident = is_type(read, TicketType.INCIDENT)
    low_score = (read["survey_score"] <= rules.frustrated_survey_max).fillna(False).astype(bool)
    return WindowIndex(
        rows=np.arange(len(tickets))[rows],
        created=_moments(read["created"]),
        urgent=_flags(read["priority"].isin(URGENT_PRIORITIES) & incident),
        noc_critical=_flags(critical & incident & on_board(read["board"], rules.noc_boards)),
        frustrated=_flags(low_score | mentions(read, rules.frustration_phrases)),
        answered_late=_flags(answered.notna() & (answered > due)),
        response_due=_moments(due.where(answered.isna())),
    )


def project_index(tickets: pd.DataFrame, *, rules: SignalSettings, rows: Rows) -> ProjectIndex:
    """The open project tickets among those at `rows`, with their due dates."""
    read = tickets[["type", "board", "due", "is_open"]].iloc[rows]
    opened = read[read["is_open"].astype(bool)]
    project = _flags(
        is_type(opened, TicketType.PROJECT) | on_board(opened["board"], rules.project_boards)
    )
    positions = np.arange(len(tickets))[rows][read["is_open"].to_numpy(dtype=bool)]
    return ProjectIndex(rows=positions[project], due=_moments(opened["due"])[project])


def first_response_due(
    tickets: pd.DataFrame, *, rules: SignalSettings, clock: BusinessClock
) -> pd.Series:
    """Created + the priority's first-response target on the business clock (UTC; NaT when the
    priority has no target)."""
    targets = per_distinct(
        tickets["priority"],
        lambda labels: labels.map(rules.first_response_targets).astype("Float64"),
    )
    due: pd.Series = clock.add_minutes_series(tickets["created"], targets).dt.tz_convert("UTC")
    return due


def date_parts(
    tickets: pd.DataFrame, *, as_of: date, rules: SignalSettings, clock: BusinessClock, zone: str
) -> TicketIndex:
    """The index of just the tickets one as-of date can count: those in its window for the
    window rules, and the open ones past due, however old, for the project rule."""
    recent = window_positions(tickets["created"], as_of=as_of, days=rules.window_days, zone=zone)
    overdue = (tickets["due"] < day_start(as_of, zone)).fillna(False).to_numpy(dtype=bool)
    return TicketIndex(
        window=window_index(tickets, rules=rules, clock=clock, rows=recent),
        project=project_index(tickets, rules=rules, rows=np.flatnonzero(overdue)),
    )


def recent_entries(index: WindowIndex, *, as_of: date, days: int, zone: str) -> Flags:
    """Entries created on a business-zone day in [as_of - days, as_of - 1]: see signals.window."""
    opens = _instant(day_start(as_of - timedelta(days=days), zone))
    closes = _instant(day_start(as_of, zone))
    inside: Flags = (index.created >= opens) & (index.created < closes)
    return inside


def before(moments: Moments, day: date, zone: str) -> Flags:
    """Moments before the business-zone day begins (NaT is not)."""
    earlier: Flags = moments < _instant(day_start(day, zone))
    return earlier


def _instant(stamp: pd.Timestamp) -> np.datetime64:
    return stamp.tz_convert("UTC").tz_localize(None).to_datetime64()


def _moments(values: pd.Series) -> Moments:
    moments: Moments = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]")
    return moments


def _flags(values: pd.Series) -> Flags:
    flags: Flags = values.fillna(False).to_numpy(dtype=bool)
    return flags
