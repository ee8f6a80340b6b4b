"""Stale data (SPEC "Risk to MRR"): data older than a week is flagged on every page."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

# SPEC: a ticket export older than 7 days no longer describes "the last 30 days" well enough.
TICKET_EXPORT_MAX_AGE_DAYS = 7


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
    messages: list[str] = []
    if workbook_modified is not None:
        age = _age_days(workbook_modified, as_of)
        if age > stale_days:
            messages.append(
                f"The Client Pulse workbook was last modified {workbook_modified:%Y-%m-%d}, "
                f"{age} days before {as_of:%Y-%m-%d} (more than {stale_days}): "
                "check that decisions and action items are up to date."
            )
    if tickets_exported is not None:
        age = _age_days(tickets_exported, as_of)
        if age > TICKET_EXPORT_MAX_AGE_DAYS:
            messages.append(
                f"The ticket export is from {tickets_exported:%Y-%m-%d}, {age} days before "
                f"{as_of:%Y-%m-%d} (more than {TICKET_EXPORT_MAX_AGE_DAYS}): "
                "signals from tickets may be out of date; load a fresh export."
            )
    return messages


def ticket_export_time(tickets: pd.DataFrame | None) -> datetime | None:
    """When an export was taken, as best the file tells: its newest ticket's Created time."""
    if tickets is None or tickets.empty or tickets["created"].isna().all():
        return None
    newest: pd.Timestamp = tickets["created"].max()
    return newest.to_pydatetime()
