"""An action-item table's edits as workflow changes: every edited or added row goes through
the workflow, so a bad value is refused with its reason and nothing applies."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from pulse import workflow
from pulse.frames import cell_text
from pulse.schema import ActionStatus
from pulse.workflow import Outcome, Refused


def _optional_day(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Refused(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _edited_row_outcomes(
    actions: pd.DataFrame,
    label: Hashable,
    changes: dict[str, Any],
    *,
    as_of: date,
    at: Any,
    user: str,
) -> list[Outcome]:
    """One edited row: 'Done' goes through complete_action (dated), the rest through update."""
    outcomes: list[Outcome] = []
    becomes_done = (
        changes.get("status") == ActionStatus.DONE
        and cell_text(actions.at[label, "status"]) != ActionStatus.DONE
    )
    if becomes_done:
        changes.pop("status")
        on = _optional_day(changes.pop("done_on", None)) or as_of
        outcomes.append(workflow.complete_action(actions, index=label, on=on, at=at, user=user))
        actions = outcomes[-1].actions  # type: ignore[assignment]
    if changes:
        outcomes.append(
            workflow.update_action(actions, index=label, changes=changes, at=at, user=user)
        )
    return outcomes


def table_edits_outcome(
    actions: pd.DataFrame,
    labels: list[Hashable],
    edits: Mapping[str, Any],
    *,
    client: str | None,
    as_of: date,
    at: Any,
    user: str,
) -> Outcome | None:
    """The workflow changes an action-item table's edits stand for (None: no edit).

    `edits` is st.data_editor's state (edited_rows by position in `labels`, added_rows); every
    row goes through the workflow, so a bad value is refused with its reason and nothing applies.
    """
    outcomes: list[Outcome] = []
    for position, row_changes in sorted(edits.get("edited_rows", {}).items()):
        changes = {k: v for k, v in row_changes.items() if k in workflow.EDITABLE_ACTION_FIELDS}
        label = labels[int(position)]
        for outcome in _edited_row_outcomes(actions, label, changes, as_of=as_of, at=at, user=user):
            actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    for row in edits.get("added_rows", []):
        outcome = workflow.add_action(
            actions,
            client=client or str(row.get("client") or ""),
            action=str(row.get("action") or ""),
            department=str(row.get("department") or ""),
            owner=str(row.get("owner") or ""),
            due=_optional_day(row.get("due")),  # type: ignore[arg-type]
            ticket=str(row.get("ticket") or ""),
            at=at,
            user=user,
        )
        actions, outcomes = outcome.actions, [*outcomes, outcome]  # type: ignore[assignment]
    audits = [outcome.audit for outcome in outcomes if not outcome.audit.empty]
    if not audits:
        return None
    return Outcome(episodes=None, actions=actions, audit=pd.concat(audits, ignore_index=True))
