"""Corrective action items (SPEC "Action items").

The overdue rule lives here and nowhere else: overdue = status not Done and Due earlier than the
as-of date; days overdue = as-of − Due.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from pulse.dates import as_timestamp
from pulse.frames import cell_text
from pulse.memo import remembered
from pulse.schema import CLIENT_KEY, ActionStatus, Sheet
from pulse.workflow.audit import audit_field


def overdue_mask(actions: pd.DataFrame, *, as_of: date) -> pd.Series[bool]:
    """Whether each action item is overdue on `as_of`: not Done and due before that day."""
    return (actions["status"] != ActionStatus.DONE) & (actions["due"] < as_timestamp(as_of))


def days_overdue(actions: pd.DataFrame, *, as_of: date) -> pd.Series[int]:
    """Days each overdue item is past its due date on `as_of` (as-of − Due); <NA> if not overdue."""
    days: pd.Series[int] = (as_timestamp(as_of) - actions["due"]).dt.days
    late = days.where(overdue_mask(actions, as_of=as_of)).astype("Int64")
    return late.rename("days_overdue")


def overdue_action_items(
    actions: pd.DataFrame, clients: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Not Done and Due earlier than as-of; days overdue = as-of − Due; most overdue first."""
    overdue = actions[overdue_mask(actions, as_of=as_of)].copy()
    overdue["days_overdue"] = days_overdue(overdue, as_of=as_of).astype(int)
    names = dict(zip(clients[CLIENT_KEY].tolist(), clients["client"].tolist(), strict=True))
    pairs = zip(overdue[CLIENT_KEY].tolist(), overdue["client"].tolist(), strict=True)
    overdue["client"] = [names.get(k, c) for k, c in pairs]
    return overdue.sort_values(["days_overdue", "client"], ascending=[False, True], kind="stable")


def overdue_by_owner(overdue: pd.DataFrame) -> pd.DataFrame:
    """Counts per owner and department, the way the Monday meeting walks through them."""
    grouped = overdue.fillna({"owner": "(no owner)", "department": "(no department)"})
    return (
        grouped.groupby(["owner", "department"], as_index=False)
        .agg(overdue=("action", "size"), oldest_days=("days_overdue", "max"))
        .sort_values(["overdue", "oldest_days"], ascending=False, kind="stable")
    )


def action_created_on(actions: pd.DataFrame, audit: pd.DataFrame) -> pd.Series:
    """The day each action item was added, as the Audit Log records it (the tab has no Created
    column; NaT for items added in Excel): the first audit row creating its text."""
    empty = pd.Series(pd.NaT, index=actions.index, dtype="datetime64[ns]")
    if audit.empty or not {"field", "old", "at", CLIENT_KEY} <= set(audit.columns):
        return empty
    found = remembered("first_fills", (audit,), lambda: _first_fills(audit))
    # Plain lists, each cell read once: iterating an Arrow-backed column costs per element.
    fields = [
        audit_field(Sheet.ACTIONS, "action", row=text)
        for text in actions["action"].map(cell_text).tolist()
    ]
    keys = zip(actions[CLIENT_KEY].tolist(), fields, strict=True)
    days = [found.get(key, pd.NaT) for key in keys]
    return pd.Series(days, index=actions.index, dtype="datetime64[ns]")


def _first_fills(audit: pd.DataFrame) -> dict[tuple[str, str], Any]:
    """(client key, audit field) -> the day the Audit Log first records that cell filled in from
    blank (for an action item's text: the day it was added); kept per `audit` frame."""
    creating = audit[(audit["old"].map(cell_text) == "").to_numpy(dtype=bool)]
    first = creating.groupby([creating[CLIENT_KEY], creating["field"]])["at"].min().dt.normalize()
    return dict(zip(first.index, first.to_numpy(), strict=True))  # a dict: one lookup per item
