"""How old a ticket export is (SPEC "Risk to MRR": a tickets export older than 7 days is stale).

The age of an export is judged by its newest Created time: an export pulled today holds tickets
created today or yesterday, so when its newest ticket is more than `stale_days` before the as-of
date, the export was pulled that long ago and the signals computed from it are out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class ExportAge:
    newest_created: pd.Timestamp | None  # in the business zone; None for an export with no dates
    age_days: int | None  # as-of date minus the newest Created day (negative: after the as-of)
    stale: bool


def ticket_export_age(
    tickets: pd.DataFrame, *, as_of: date, timezone: str, stale_days: int
) -> ExportAge:
    """The newest Created time of a canonical ticket frame and whether the export is stale."""
    created = tickets["created"].dropna()
    if created.empty:
        return ExportAge(newest_created=None, age_days=None, stale=False)
    newest = pd.Timestamp(created.max()).tz_convert(timezone)
    age_days = (as_of - newest.date()).days
    return ExportAge(newest_created=newest, age_days=age_days, stale=age_days > stale_days)
