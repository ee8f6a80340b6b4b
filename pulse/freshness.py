"""Stale data (SPEC "Risk to MRR"): data older than a week is flagged on every page."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

# SPEC: a ticket export older than 7 days no longer describes "the last 30 days" well enough.
TICKET_EXPORT_MAX_AGE_DAYS = 7

# What each stale source's banner says; {when}, {age}, {as_of} and {limit} are filled in.
_WORKBOOK_STALE = (
    "The Client Pulse workbook was last modified {when:%Y-%m-%d}, {age} days before "
    "{as_of:%Y-%m-%d} (more than {limit}): check that decisions and action items are up to date."
)
_TICKETS_STALE = (
    "The ticket export is from {when:%Y-%m-%d}, {age} days before {as_of:%Y-%m-%d} "
    "(more than {limit}): signals from tickets may be out of date; load a fresh export."
)


def _age_days(moment: datetime, as_of: date) -> int:
    return (as_of - moment.date()).days


def stale_sources(
    *,
    workbook_modified: datetime | None,
    tickets_exported: datetime | None,
    as_of: date,
    stale_days: int,
) -> list[str]:
    """One plain sentence per stale source; empty when everything is fresh or unknown.

    The workbook is stale when not modified for more than `stale_days` days before `as_of`; the
    ticket export when exported more than TICKET_EXPORT_MAX_AGE_DAYS days before `as_of`. An
    unknown time (None) is not called stale: there is nothing to date it by.
    """
    sources = (
        (workbook_modified, stale_days, _WORKBOOK_STALE),
        (tickets_exported, TICKET_EXPORT_MAX_AGE_DAYS, _TICKETS_STALE),
    )
    return [
        banner.format(when=when, age=_age_days(when, as_of), as_of=as_of, limit=limit)
        for when, limit, banner in sources
        if when is not None and _age_days(when, as_of) > limit
    ]


def ticket_export_time(tickets: pd.DataFrame | None) -> datetime | None:
    """When an export was taken, as best the file tells: its newest ticket's Created time."""
    if tickets is None or tickets.empty or tickets["created"].isna().all():
        return None
    newest: pd.Timestamp = tickets["created"].max()
    return newest.to_pydatetime()
