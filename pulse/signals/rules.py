"""The signal rules: one row per client and criterion that fires, with its evidence (SPEC
"Criteria signals from tickets"; the rules in words are in the `pulse.signals` notes). The rules
count entries of a `TicketIndex` (pulse.signals.index): what a ticket is was decided once there;
here only its dates are compared with the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.extra_care import SIGNAL_COLUMNS, communication_signals
from pulse.schema import Criterion
from pulse.settings import Settings, SignalSettings
from pulse.signals.evidence import (
    EVIDENCE_COLUMNS,
    concat_or_empty,
    counted,
    counted_in_order,
    display_names,
    merge_parts,
    plural,
    with_reason,
)
from pulse.signals.index import (
    Flags,
    KeptEvidence,
    ProjectIndex,
    TicketIndex,
    WindowIndex,
    before,
    date_parts,
    recent_entries,
)

# SPEC: "a survey score <= 2, or a note matching" -- a single such ticket is enough.
FRUSTRATED_MIN_TICKETS = 1


def ticket_signals(
    tickets: pd.DataFrame,
    clients: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    clock: BusinessClock,
    index: TicketIndex | None = None,
) -> pd.DataFrame:
    """One row per (client_key, criterion) that fires, with evidence tickets and a reason.
    `index`: the export's `ticket_index` for these settings, when one is kept (built here over
    the tickets this date can count otherwise)."""
    rules = settings.signals
    zone = settings.business_hours.timezone
    # The reader's attrs (warnings, layout) are deep-copied into every frame and Series pandas
    # derives from a frame; the rules never read them, so they work on a copy without.
    tickets = tickets.copy(deep=False)
    tickets.attrs = {}
    if index is None:
        index = date_parts(tickets, as_of=as_of, rules=rules, clock=clock, zone=zone)
    window = index.window
    recent = recent_entries(window, as_of=as_of, days=rules.window_days, zone=zone)
    evidence = _Evidence(tickets[EVIDENCE_COLUMNS], index.evidence)
    frames = [
        _service_desk(evidence, window, recent, as_of=as_of, rules=rules, zone=zone),
        _noc(evidence, window, recent, rules),
        _project(evidence, index.project, as_of=as_of, rules=rules, zone=zone),
        _frustrated(evidence, window, recent, rules),
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


@dataclass(frozen=True)
class _Evidence:
    """Where a rule's hits find their client and ticket number: the export's evidence columns,
    or the index's own copy (kept by the app, with each ticket's place in evidence order)."""

    columns: pd.DataFrame  # the export's EVIDENCE_COLUMNS
    kept: KeptEvidence | None

    def counted(
        self, index: WindowIndex | ProjectIndex, which: Flags, threshold: int
    ) -> pd.DataFrame:
        """`counted` over the tickets of the index's entries `which`."""
        if self.kept is None or index.rank is None:
            return counted(self.columns.take(index.rows[which]), threshold)
        positions = index.rows[which][np.argsort(index.rank[which], kind="stable")]
        return counted_in_order(self.kept.keys(positions), self.kept.tickets[positions], threshold)


def _service_desk(
    evidence: _Evidence,
    index: WindowIndex,
    recent: Flags,
    *,
    as_of: date,
    rules: SignalSettings,
    zone: str,
) -> pd.DataFrame:
    # Late: answered after the target, or not answered and the target passed before as-of began.
    late = recent & (index.answered_late | before(index.response_due, as_of, zone))
    urgent_hits = evidence.counted(
        index, recent & index.urgent, rules.service_desk_urgent_incidents
    )
    late_hits = evidence.counted(index, late, rules.service_desk_late_responses)
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


def _noc(
    evidence: _Evidence, index: WindowIndex, recent: Flags, rules: SignalSettings
) -> pd.DataFrame:
    hits = evidence.counted(index, recent & index.noc_critical, rules.noc_critical_incidents)
    days = rules.window_days
    reason = with_reason(
        hits,
        lambda n: (
            f"{plural(n, 'Critical NOC incident')} in {days} days (≥{rules.noc_critical_incidents})"
        ),
    )
    return merge_parts([reason], Criterion.NOC)


def _project(
    evidence: _Evidence, index: ProjectIndex, *, as_of: date, rules: SignalSettings, zone: str
) -> pd.DataFrame:
    # Any open project ticket past due counts, however old: not limited to the window.
    overdue = before(index.due, as_of, zone)
    hits = evidence.counted(index, overdue, rules.project_overdue_tickets)
    reason = with_reason(
        hits,
        lambda n: f"{plural(n, 'open project ticket')} past due (≥{rules.project_overdue_tickets})",
    )
    return merge_parts([reason], Criterion.PROJECT)


def _frustrated(
    evidence: _Evidence, index: WindowIndex, recent: Flags, rules: SignalSettings
) -> pd.DataFrame:
    hits = evidence.counted(index, recent & index.frustrated, FRUSTRATED_MIN_TICKETS)
    reason = with_reason(
        hits,
        lambda n: (
            f"{plural(n, 'ticket')} with a survey score ≤{rules.frustrated_survey_max} "
            "or a frustrated message"
        ),
    )
    return merge_parts([reason], Criterion.FRUSTRATED)
