"""The signal rules: one row per client and criterion that fires, with its evidence (SPEC
"Criteria signals from tickets"; the rules in words are in the `pulse.signals` notes)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.extra_care import SIGNAL_COLUMNS, communication_signals
from pulse.schema import Criterion, Priority, TicketType
from pulse.settings import Settings, SignalSettings
from pulse.signals.evidence import (
    EVIDENCE_COLUMNS,
    concat_or_empty,
    counted,
    display_names,
    merge_parts,
    plural,
    with_reason,
)
from pulse.signals.matching import is_type, mentions, on_board, per_distinct
from pulse.signals.window import day_start, window_tickets

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
    # The reader's attrs (warnings, layout) are deep-copied into every frame and Series pandas
    # derives from a frame; the rules never read them, so they work on a copy without.
    tickets = tickets.copy(deep=False)
    tickets.attrs = {}
    window = window_tickets(tickets, as_of=as_of, days=rules.window_days, zone=zone)
    frames = [
        _service_desk(window, as_of=as_of, rules=rules, clock=clock, zone=zone),
        _noc(window, rules),
        _project(tickets, as_of=as_of, rules=rules, zone=zone),
        _frustrated(window, rules),
        communication_signals(clients, as_of=as_of, quiet_days=rules.communication_days),
    ]
    signals = concat_or_empty(frames, SIGNAL_COLUMNS)
    if signals.empty:
        return signals
    signals["client"] = display_names(signals, clients, tickets)
    order = {criterion.value: rank for rank, criterion in enumerate(Criterion)}
    signals = signals.sort_values(
        ["client_key", "criterion"], key=lambda s: s.map(order) if s.name == "criterion" else s
    )
    return signals[list(SIGNAL_COLUMNS)].reset_index(drop=True)


def late_first_responses(
    tickets: pd.DataFrame, *, as_of: date, rules: SignalSettings, clock: BusinessClock, zone: str
) -> pd.Series:
    """Tickets answered after their priority's business-clock target, or not yet and overdue."""
    targets = per_distinct(
        tickets["priority"],
        lambda labels: labels.map(rules.first_response_targets).astype("Float64"),
    )
    due = clock.add_minutes_series(tickets["created"], targets).dt.tz_convert("UTC")
    answered_late = tickets["first_response"].notna() & (tickets["first_response"] > due)
    as_of_start = day_start(as_of, zone)
    unanswered_overdue = tickets["first_response"].isna() & (due < as_of_start)
    late: pd.Series = (answered_late | unanswered_overdue).fillna(False).astype(bool)
    return late


def _service_desk(
    window: pd.DataFrame, *, as_of: date, rules: SignalSettings, clock: BusinessClock, zone: str
) -> pd.DataFrame:
    urgent = window["priority"].isin(URGENT_PRIORITIES) & is_type(window, TicketType.INCIDENT)
    late = late_first_responses(window, as_of=as_of, rules=rules, clock=clock, zone=zone)
    evidence = window[EVIDENCE_COLUMNS]
    urgent_hits = counted(evidence[urgent], rules.service_desk_urgent_incidents)
    late_hits = counted(evidence[late], rules.service_desk_late_responses)
    days = rules.window_days
    parts = [
        with_reason(
            urgent_hits,
            lambda n: (
                f"{plural(n, 'Critical/High incident')} in {days} days "
                f"(≥{rules.service_desk_urgent_incidents})"
            ),
        ),
        with_reason(
            late_hits,
            lambda n: f"{plural(n, 'ticket')} answered late (≥{rules.service_desk_late_responses})",
        ),
    ]
    return merge_parts(parts, Criterion.SERVICE_DESK)


def _noc(window: pd.DataFrame, rules: SignalSettings) -> pd.DataFrame:
    critical = window["priority"].eq(Priority.CRITICAL.value).fillna(False)
    on_noc = on_board(window["board"], rules.noc_boards)
    hits = counted(
        window[EVIDENCE_COLUMNS][critical & is_type(window, TicketType.INCIDENT) & on_noc],
        rules.noc_critical_incidents,
    )
    days = rules.window_days
    reason = with_reason(
        hits,
        lambda n: (
            f"{plural(n, 'Critical NOC incident')} in {days} days (≥{rules.noc_critical_incidents})"
        ),
    )
    return merge_parts([reason], Criterion.NOC)


def _project(
    tickets: pd.DataFrame, *, as_of: date, rules: SignalSettings, zone: str
) -> pd.DataFrame:
    # Any open project ticket past due counts, however old: not limited to the window.
    overdue = tickets["due"].notna() & (tickets["due"] < day_start(as_of, zone))
    # The cheap date and flag tests first; the type and board rules on the few left.
    columns = [*EVIDENCE_COLUMNS, "type", "board"]
    open_overdue = tickets[columns][tickets["is_open"].astype(bool) & overdue.fillna(False)]
    is_project = is_type(open_overdue, TicketType.PROJECT) | on_board(
        open_overdue["board"], rules.project_boards
    )
    hits = counted(open_overdue[is_project], rules.project_overdue_tickets)
    reason = with_reason(
        hits,
        lambda n: f"{plural(n, 'open project ticket')} past due (≥{rules.project_overdue_tickets})",
    )
    return merge_parts([reason], Criterion.PROJECT)


def _frustrated(window: pd.DataFrame, rules: SignalSettings) -> pd.DataFrame:
    low_score = (window["survey_score"] <= rules.frustrated_survey_max).fillna(False)
    phrase = mentions(window, rules.frustration_phrases)
    frustrated = low_score.astype(bool) | phrase
    hits = counted(window[EVIDENCE_COLUMNS][frustrated], FRUSTRATED_MIN_TICKETS)
    reason = with_reason(
        hits,
        lambda n: (
            f"{plural(n, 'ticket')} with a survey score ≤{rules.frustrated_survey_max} "
            "or a frustrated message"
        ),
    )
    return merge_parts([reason], Criterion.FRUSTRATED)
