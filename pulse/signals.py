"""Extra-care criteria signals computed from tickets (SPEC "Criteria signals from tickets").

Every rule reads thresholds, boards and phrases from `SignalSettings`; each fired signal carries
its evidence (ticket numbers) and a short reason a person can check by hand.

The window is the `window_days` calendar days before the as-of date: a ticket counts when
``as_of - window_days <= created date <= as_of - 1``, its created date taken in the business time
zone. Rules (one row per client and criterion that fires):

- service desk: >= `service_desk_urgent_incidents` Critical/High tickets of type incident, or
  >= `service_desk_late_responses` tickets answered late. Late: the first response came after
  created + the priority's first-response target on the business clock, or there is no first
  response yet and that target passed before the as-of date began (due < as-of 00:00 local).
- NOC: >= `noc_critical_incidents` Critical incidents on a NOC board/queue.
- project: >= `project_overdue_tickets` open project tickets (type project, or a project board)
  whose due date is before the as-of date -- any open one, however old, not only in the window.
- frustrated messages: a ticket with a survey score <= `frustrated_survey_max`, or whose summary
  or notes contain a frustration phrase (case-insensitive).
- communication: as-of - Last Client Contact >= `communication_days`; a blank contact raises no
  signal and is listed by `missing_contact`.

Hiring internal IT, reducing staff and acquisition are only ever *suggested*
(`ticket_suggestions`): a person sets those flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from pulse.extra_care import communication_signals, missing_contact

__all__ = [
    "communication_signals",
    "missing_contact",
    "signals_json",
    "ticket_signals",
    "ticket_suggestions",
]
from pulse.business_clock import BusinessClock
from pulse.schema import Criterion, Priority, TicketType
from pulse.settings import Settings, SignalSettings

SIGNAL_COLUMNS: tuple[str, ...] = ("client_key", "client", "criterion", "tickets", "reason")
SUGGESTION_COLUMNS: tuple[str, ...] = ("client_key", "client", "criterion", "tickets", "phrase")
URGENT_PRIORITIES: tuple[str, ...] = (Priority.CRITICAL.value, Priority.HIGH.value)
# SPEC: "a survey score <= 2, or a note matching" -- a single such ticket is enough.
FRUSTRATED_MIN_TICKETS = 1


def ticket_signals(
    tickets: pd.DataFrame,
    clients: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    clock: BusinessClock,
) -> pd.DataFrame:
    """One row per (client_key, criterion) that fires, with evidence tickets and a reason."""
    rules = settings.signals
    zone = settings.business_hours.timezone
    window = window_tickets(tickets, as_of=as_of, days=rules.window_days, zone=zone)
    frames = [
        _service_desk(window, as_of=as_of, rules=rules, clock=clock, zone=zone),
        _noc(window, rules),
        _project(tickets, as_of=as_of, rules=rules, zone=zone),
        _frustrated(window, rules),
        communication_signals(clients, as_of=as_of, quiet_days=rules.communication_days),
    ]
    signals = _concat(frames, SIGNAL_COLUMNS)
    if signals.empty:
        return signals
    signals["client"] = _display_names(signals, clients, tickets)
    order = {criterion.value: rank for rank, criterion in enumerate(Criterion)}
    signals = signals.sort_values(
        ["client_key", "criterion"], key=lambda s: s.map(order) if s.name == "criterion" else s
    )
    return signals[list(SIGNAL_COLUMNS)].reset_index(drop=True)


def in_window(created: pd.Series, *, as_of: date, days: int, zone: str) -> pd.Series:
    """Created (UTC) on a business-zone calendar day in [as_of - days, as_of - 1].

    Compared as instants: from the first day's local midnight up to (not including) the as-of
    day's, so half a million tickets need two comparisons, not a time-zone conversion each.
    """
    opens = _day_start(as_of - timedelta(days=days), zone)
    closes = _day_start(as_of, zone)
    inside: pd.Series = ((created >= opens) & (created < closes)).fillna(False).astype(bool)
    return inside


def window_tickets(tickets: pd.DataFrame, *, as_of: date, days: int, zone: str) -> pd.DataFrame:
    """The tickets `in_window`, in their order. An export sorted by created time (the usual
    case) is cut with two binary searches: no copy of every column through a 500,000-row mask."""
    created = tickets["created"]
    if not created.is_monotonic_increasing or created.hasnans:
        return tickets[in_window(created, as_of=as_of, days=days, zone=zone)]
    bounds = [_day_start(as_of - timedelta(days=days), zone), _day_start(as_of, zone)]
    first, end = created.searchsorted(bounds, side="left")
    return tickets.iloc[first:end]


def late_first_responses(
    tickets: pd.DataFrame, *, as_of: date, rules: SignalSettings, clock: BusinessClock, zone: str
) -> pd.Series:
    """Tickets answered after their priority's business-clock target, or not yet and overdue."""
    targets = _per_distinct(
        tickets["priority"],
        lambda labels: labels.map(rules.first_response_targets).astype("Float64"),
    )
    due = clock.add_minutes_series(tickets["created"], targets).dt.tz_convert("UTC")
    answered_late = tickets["first_response"].notna() & (tickets["first_response"] > due)
    as_of_start = _day_start(as_of, zone)
    unanswered_overdue = tickets["first_response"].isna() & (due < as_of_start)
    late: pd.Series = (answered_late | unanswered_overdue).fillna(False).astype(bool)
    return late


# ---- rules --------------------------------------------------------------------------------------


def _service_desk(
    window: pd.DataFrame, *, as_of: date, rules: SignalSettings, clock: BusinessClock, zone: str
) -> pd.DataFrame:
    urgent = window["priority"].isin(URGENT_PRIORITIES) & _is_type(window, TicketType.INCIDENT)
    late = late_first_responses(window, as_of=as_of, rules=rules, clock=clock, zone=zone)
    urgent_hits = _counted(window[urgent], rules.service_desk_urgent_incidents)
    late_hits = _counted(window[late], rules.service_desk_late_responses)
    days = rules.window_days
    parts = [
        _with_reason(
            urgent_hits,
            lambda n: (
                f"{_count(n, 'Critical/High incident')} in {days} days "
                f"(≥{rules.service_desk_urgent_incidents})"
            ),
        ),
        _with_reason(
            late_hits,
            lambda n: f"{_count(n, 'ticket')} answered late (≥{rules.service_desk_late_responses})",
        ),
    ]
    return _merge_parts(parts, Criterion.SERVICE_DESK)


def _noc(window: pd.DataFrame, rules: SignalSettings) -> pd.DataFrame:
    critical = window["priority"].eq(Priority.CRITICAL.value).fillna(False)
    on_noc = _on_board(window["board"], rules.noc_boards)
    hits = _counted(
        window[critical & _is_type(window, TicketType.INCIDENT) & on_noc],
        rules.noc_critical_incidents,
    )
    days = rules.window_days
    reason = _with_reason(
        hits,
        lambda n: (
            f"{_count(n, 'Critical NOC incident')} in {days} days (≥{rules.noc_critical_incidents})"
        ),
    )
    return _merge_parts([reason], Criterion.NOC)


def _project(
    tickets: pd.DataFrame, *, as_of: date, rules: SignalSettings, zone: str
) -> pd.DataFrame:
    # Any open project ticket past due counts, however old: not limited to the window.
    overdue = tickets["due"].notna() & (tickets["due"] < _day_start(as_of, zone))
    # The cheap date and flag tests first; the type and board rules on the few left.
    open_overdue = tickets[tickets["is_open"].astype(bool) & overdue.fillna(False)]
    is_project = _is_type(open_overdue, TicketType.PROJECT) | _on_board(
        open_overdue["board"], rules.project_boards
    )
    hits = _counted(open_overdue[is_project], rules.project_overdue_tickets)
    reason = _with_reason(
        hits,
        lambda n: f"{_count(n, 'open project ticket')} past due (≥{rules.project_overdue_tickets})",
    )
    return _merge_parts([reason], Criterion.PROJECT)


def _frustrated(window: pd.DataFrame, rules: SignalSettings) -> pd.DataFrame:
    low_score = (window["survey_score"] <= rules.frustrated_survey_max).fillna(False)
    phrase = _mentions(window, rules.frustration_phrases)
    hits = _counted(window[low_score.astype(bool) | phrase], FRUSTRATED_MIN_TICKETS)
    reason = _with_reason(
        hits,
        lambda n: (
            f"{_count(n, 'ticket')} with a survey score ≤{rules.frustrated_survey_max} "
            "or a frustrated message"
        ),
    )
    return _merge_parts([reason], Criterion.FRUSTRATED)


# ---- suggestions --------------------------------------------------------------------------------


def ticket_suggestions(tickets: pd.DataFrame, *, as_of: date, settings: Settings) -> pd.DataFrame:
    """Phrases in window tickets that *suggest* a person-only criterion; never a flag."""
    rules = settings.signals
    zone = settings.business_hours.timezone
    window = window_tickets(tickets, as_of=as_of, days=rules.window_days, zone=zone)
    phrases = {
        Criterion.HIRING_INTERNAL_IT: rules.hiring_phrases,
        Criterion.REDUCING_STAFF: rules.reducing_phrases,
        Criterion.ACQUISITION: rules.acquisition_phrases,
    }
    frames = [_suggested(window, criterion, found) for criterion, found in phrases.items()]
    suggestions = _concat(frames, SUGGESTION_COLUMNS)
    ordered = suggestions.sort_values(["client_key", "criterion"])
    return ordered[list(SUGGESTION_COLUMNS)].reset_index(drop=True)


def _suggested(window: pd.DataFrame, criterion: Criterion, phrases: Iterable[str]) -> pd.DataFrame:
    pattern = _phrase_pattern(phrases)
    if pattern is None or window.empty:
        return _empty(SUGGESTION_COLUMNS)
    # Every phrase a ticket mentions, one row per (ticket, phrase).
    matches = _ticket_text(window).str.findall(pattern, flags=re.IGNORECASE)
    hits = window.assign(phrase=matches).explode("phrase").dropna(subset=["phrase"])
    if hits.empty:
        return _empty(SUGGESTION_COLUMNS)
    hits = hits.assign(phrase=hits["phrase"].str.lower())
    grouped = hits.sort_values(["created", "ticket"]).groupby("client_key", sort=True)
    return pd.DataFrame(
        {
            "client": grouped["client"].first(),
            "criterion": criterion.value,
            "tickets": grouped["ticket"].agg(_unique_list),
            "phrase": grouped["phrase"].agg(lambda s: ", ".join(dict.fromkeys(s))),
        }
    ).reset_index()


def _unique_list(values: pd.Series) -> list[str]:
    return [str(value) for value in dict.fromkeys(values)]


# ---- JSON ---------------------------------------------------------------------------------------


def signals_json(signals: pd.DataFrame, suggestions: pd.DataFrame) -> list[dict[str, Any]]:
    """Per client with a signal or a suggestion: {"client", "signals", "suggestions"}."""
    keys = sorted(set(signals["client_key"]) | set(suggestions["client_key"]))
    names = dict(zip(suggestions["client_key"], suggestions["client"], strict=True))
    names.update(zip(signals["client_key"], signals["client"], strict=True))
    return [
        {
            "client": names[key],
            "signals": _records(signals, key, ("criterion", "tickets", "reason")),
            "suggestions": _records(suggestions, key, ("criterion", "tickets", "phrase")),
        }
        for key in sorted(keys, key=lambda k: names[k].casefold())
    ]


def _records(frame: pd.DataFrame, key: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = frame[frame["client_key"] == key]
    return [{field: _plain(row[field]) for field in fields} for _, row in rows.iterrows()]


def _plain(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list) else str(value)


# ---- helpers ------------------------------------------------------------------------------------


def _day_start(day: date, zone: str) -> pd.Timestamp:
    """The instant the business-zone calendar day begins (a midnight skipped by DST: 01:00)."""
    return pd.Timestamp(day).tz_localize(zone, nonexistent="shift_forward").tz_convert("UTC")


def _is_type(tickets: pd.DataFrame, ticket_type: TicketType) -> pd.Series:
    return tickets["type"].eq(ticket_type.value).fillna(False).astype(bool)


def _on_board(boards: pd.Series, names: Iterable[str]) -> pd.Series:
    wanted = {" ".join(name.split()).casefold() for name in names}

    def named(labels: pd.Series) -> pd.Series:
        normal = labels.astype("str").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
        return normal.isin(wanted).fillna(False).astype(bool)

    return _per_distinct(boards, named)


def _per_distinct(values: pd.Series, rule: Any) -> pd.Series:
    """`rule` (Series -> Series of the same length) once per distinct value, spread back.

    A column of 500,000 tickets holds a few dozen boards or summaries: string rules run on those.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    answers: pd.Series = rule(pd.Series(distinct)).reset_index(drop=True)
    return pd.Series(answers.array.take(codes), index=values.index, name=values.name)


def _ticket_text(tickets: pd.DataFrame) -> pd.Series:
    summary = tickets["summary"].astype("str").fillna("")
    notes = tickets["notes"].astype("str").fillna("")
    return summary + " \n " + notes


def _phrase_pattern(phrases: Iterable[str]) -> str | None:
    # Phrases are literal text ("again?" means the word and a question mark), longest first.
    cleaned = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in cleaned) if cleaned else None


def _mentions(tickets: pd.DataFrame, phrases: Iterable[str]) -> pd.Series:
    pattern = _phrase_pattern(phrases)
    if pattern is None or tickets.empty:
        return pd.Series(False, index=tickets.index)
    found = _per_distinct(
        _ticket_text(tickets),
        lambda texts: texts.str.contains(pattern, case=False, regex=True, na=False),
    )
    return found.astype(bool)


def _counted(hits: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """client_key -> evidence tickets (oldest first) for clients with >= threshold hits."""
    ordered = hits.sort_values(["client_key", "created", "ticket"], kind="stable")
    keys = ordered["client_key"].to_numpy(dtype=object)
    tickets = ordered["ticket"].to_numpy(dtype=object)
    # Runs of one client in the sorted frame: [starts[i], ends[i]) -- no per-group Python call.
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], int)
    ends = np.r_[starts[1:], len(keys)].astype(int)
    enough = (ends - starts) >= threshold
    return pd.DataFrame(
        {
            "client_key": pd.Series(keys[starts[enough]], dtype=object),
            "tickets": pd.Series(
                [tickets[a:b].tolist() for a, b in zip(starts[enough], ends[enough], strict=True)],
                dtype=object,
            ),
        }
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _with_reason(hits: pd.DataFrame, reason: Any) -> pd.DataFrame:
    return hits.assign(reason=[reason(len(t)) for t in hits["tickets"]])


def _merge_parts(parts: list[pd.DataFrame], criterion: Criterion) -> pd.DataFrame:
    """One row per client: evidence of every fired part (no repeats), reasons joined by '; '."""
    fired = _concat(parts, ("client_key", "tickets", "reason"))
    if fired.empty:
        return _empty(SIGNAL_COLUMNS)
    evidence: dict[str, list[list[str]]] = {}
    reasons: dict[str, list[str]] = {}
    # One row per fired (client, part): a few thousand at most, never one per ticket.
    for key, tickets, reason in zip(
        fired["client_key"], fired["tickets"], fired["reason"], strict=True
    ):
        evidence.setdefault(key, []).append(tickets)
        reasons.setdefault(key, []).append(reason)
    keys = sorted(evidence)
    merged = pd.DataFrame(
        {
            "client_key": keys,
            "tickets": pd.Series([_union(evidence[key]) for key in keys], dtype=object),
            "reason": ["; ".join(reasons[key]) for key in keys],
        }
    )
    return merged.assign(criterion=criterion.value, client="")


def _union(lists: Iterable[list[str]]) -> list[str]:
    """Evidence of every fired part, in order, without repeats."""
    return list(dict.fromkeys(ticket for tickets in lists for ticket in tickets))


def _display_names(
    signals: pd.DataFrame, clients: pd.DataFrame, tickets: pd.DataFrame
) -> pd.Series:
    """The workbook's spelling of each client; the export's when the workbook lacks it."""
    names = dict(zip(clients["client_key"], clients["client"], strict=True))
    unknown = set(signals["client_key"]) - names.keys()
    if unknown:  # the first spelling in the export, looked up only for those clients
        spelled = tickets[tickets["client_key"].isin(unknown)]
        spellings = spelled[["client_key", "client"]].drop_duplicates("client_key")
        names.update(zip(spellings["client_key"], spellings["client"], strict=True))
    return signals["client_key"].map(lambda key: str(names.get(key, key)))


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
    present = [frame for frame in frames if len(frame)]
    return pd.concat(present, ignore_index=True) if present else _empty(columns)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
