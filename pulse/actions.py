"""Corrective action items (SPEC "Action items")."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse.dates import as_timestamp
from pulse.schema import CLIENT_KEY, ActionStatus


def overdue_action_items(
    actions: pd.DataFrame, clients: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Not Done and Due earlier than as-of; days overdue = as-of − Due; most overdue first."""
    cutoff = as_timestamp(as_of)
    overdue = actions[(actions["status"] != ActionStatus.DONE.value) & (actions["due"] < cutoff)]
    overdue = overdue.copy()
    overdue["days_overdue"] = (cutoff - overdue["due"]).dt.days.astype(int)
    names = dict(zip(clients[CLIENT_KEY], clients["client"], strict=True))
    overdue["client"] = [
        names.get(k, c) for k, c in zip(overdue[CLIENT_KEY], overdue["client"], strict=True)
    ]
    return overdue.sort_values(["days_overdue", "client"], ascending=[False, True], kind="stable")


def overdue_by_owner(overdue: pd.DataFrame) -> pd.DataFrame:
    """Counts per owner and department, the way the Monday meeting walks through them."""
    grouped = overdue.fillna({"owner": "(no owner)", "department": "(no department)"})
    return (
        grouped.groupby(["owner", "department"], as_index=False)
        .agg(overdue=("action", "size"), oldest_days=("days_overdue", "max"))
        .sort_values(["overdue", "oldest_days"], ascending=False, kind="stable")
    )
