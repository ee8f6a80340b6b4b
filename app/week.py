"""The week's picture: ticket signals, the Monday figures, and this week's Pulse History rows,
computed the same way for the app's pages, `pulse summary` and every save."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from pulse.records import Records
from pulse.settings import Settings
from pulse.summary import MondayPicture, monday_picture

if TYPE_CHECKING:
    from pulse.signals import TicketIndex


def week_signals(
    tickets: pd.DataFrame | None,
    records: Records,
    *,
    as_of: date,
    settings: Settings,
    index: TicketIndex | None = None,
) -> pd.DataFrame | None:
    """The criteria signals the tickets raise for the 30 days before `as_of` (None: no export).
    `index`: `kept_ticket_index` of these tickets and settings, when the caller keeps one."""
    if tickets is None:
        return None
    from pulse.business_clock import business_clock
    from pulse.signals import ticket_signals

    clock = business_clock(settings.business_hours)
    return ticket_signals(
        tickets, records.clients, as_of=as_of, settings=settings, clock=clock, index=index
    )


def kept_ticket_index(tickets: pd.DataFrame, settings: Settings) -> TicketIndex:
    """What each ticket is for the signal rules, decided once for every date (a shell that
    computes several dates of one export keeps it: each date then only compares dates)."""
    from pulse.business_clock import business_clock
    from pulse.signals import ticket_index

    clock = business_clock(settings.business_hours)
    return ticket_index(tickets, rules=settings.signals, clock=clock)


def week_picture(
    records: Records,
    tickets: pd.DataFrame | None,
    *,
    as_of: date,
    settings: Settings,
    index: TicketIndex | None = None,
) -> MondayPicture:
    """Risk, signals, candidates, overdue actions and open loops as of `as_of`."""
    signals = week_signals(tickets, records, as_of=as_of, settings=settings, index=index)
    return monday_picture(
        records.clients,
        records.episodes,
        records.actions,
        as_of=as_of,
        settings=settings,
        ticket_signals=signals,
        audit=records.audit,
    )


def history_with_this_week(
    records: Records, signals: pd.DataFrame | None, *, as_of: date, settings: Settings
) -> pd.DataFrame:
    """Pulse History with the week of `as_of` (re)computed from the same signals the pages
    show: re-saving a week replaces its rows."""
    from pulse.export import history_with_this_week as merged

    return merged(
        records.clients,
        records.episodes,
        records.actions,
        records.history,
        as_of=as_of,
        settings=settings,
        ticket_signals=signals,
    )
