"""Every critical incident as of one instant, built from the incident events and the ticket
export: one row per incident, per step, per event (`CriticalIncidents`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from pulse.business_clock import business_clock
from pulse.frames import is_in
from pulse.incidents.events import events_until, voided, with_log_columns
from pulse.incidents.instants import aware_instant, utc_instants
from pulse.incidents.procedure import (
    PROMPT_ACTIONS,
    STEP_ACTIONS,
    STEP_ROLES,
    IncidentStep,
    Prompt,
    Responder,
)
from pulse.incidents.read_table import ReadColumns, read_columns
from pulse.incidents.step_table import (
    MISSING,
    STEPS,
    BoolArray,
    NextColumns,
    StepColumns,
    next_columns,
    step_columns,
    step_frame_columns,
    utc_column,
)
from pulse.incidents.steps import STEP_COLUMNS
from pulse.incidents.tickets import INCIDENT_TICKET_COLUMNS, ticket_key, ticket_rows
from pulse.incidents.updates import ClientUpdates, client_updates, update_columns
from pulse.schema import StepStatus
from pulse.settings import Settings

# What must happen next on an open incident (all missing once it is resolved or all done).
NEXT_COLUMNS: tuple[str, ...] = (
    "next_step",
    "next_action",
    "next_role",
    "next_due",
    "next_minutes_left",
)
INCIDENT_COLUMNS: tuple[str, ...] = (
    "ticket",
    "client",  # display spelling, or <NA> when the ticket export has no row for it
    "title",
    "summary",
    "security",
    "channel",  # phone, e-mail or the export's Source: a phone report is answered live
    "reported_at",
    "resolved_at",
    "is_open",
    "met",
    "breached",
    "pending",
    "not_required",
    "first_response",  # the first_response step's status
    "late_updates",  # client updates sent late, overdue or missed
    "next_update_due",  # the client update an open incident owes next
    "members_missing",  # SWARM roles nobody added yet
    *NEXT_COLUMNS,
)


@dataclass(frozen=True)
class CriticalIncidents:
    """Every critical incident as of one instant: one row per incident, per step, per event."""

    incidents: pd.DataFrame  # see INCIDENT_COLUMNS
    steps: pd.DataFrame  # ticket + STEP_COLUMNS, every step of every incident, procedure order
    # The incidents' events at or before as_of (LOG_COLUMNS), corrections too; `voided` marks
    # the rows a correction voids (they count for nothing).
    events: pd.DataFrame
    as_of: datetime
    timezone: str  # the business zone, for display


def incidents_table(
    events: pd.DataFrame, tickets: pd.DataFrame | None, *, as_of: datetime, settings: Settings
) -> CriticalIncidents:
    """Every critical incident's steps as of ``as_of`` (see the package notes for the readings).

    Every incident is read and measured at once, over columns (`read_table`, `step_table`): a
    meeting's page measures thousands."""
    hours = settings.business_hours
    as_of = aware_instant(as_of, hours)
    known = _one_spelling(events_until(with_log_columns(events), as_of))
    wanted = known["ticket"].unique()
    rows = ticket_rows(tickets, wanted=wanted, columns=INCIDENT_TICKET_COLUMNS)
    incidents, steps = _measured(read_columns(known, rows), as_of=as_of, settings=settings)
    kept = known[is_in(known["ticket"].astype(str), set(incidents["ticket"])).to_numpy()]
    kept = kept.assign(voided=voided(kept)).reset_index(drop=True)
    return CriticalIncidents(incidents, steps, kept, as_of, hours.timezone)


def _measured(
    read: ReadColumns, *, as_of: datetime, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents frame and the steps frame of every incident read."""
    clock = business_clock(settings.business_hours)
    targets = settings.incident_targets
    steps = step_columns(read.facts, as_of=as_of, targets=targets, clock=clock)
    updates = update_columns(
        read.sent,
        first_response=steps.done[:, STEPS.index(IncidentStep.FIRST_RESPONSE)],
        resolved=read.resolved,
        as_of=as_of,
        every=targets.client_update,
        clock=clock,
    )
    following = next_columns(steps, as_of=as_of, clock=clock)
    columns = {
        **_read_columns(read),
        **_status_columns(steps),
        "late_updates": updates.late,
        "next_update_due": utc_column(updates.next_due),
        "members_missing": read.members_missing,
        **_next_action_columns(following, is_open=read.resolved == MISSING),
    }
    tickets = np.array(read.described["ticket"], dtype=object)
    step_frame = {"ticket": np.repeat(tickets, len(STEPS)), **step_frame_columns(steps)}
    return _incidents_frame(columns), _steps_frame(step_frame)


def _one_spelling(events: pd.DataFrame) -> pd.DataFrame:
    """One spelling per ticket (the first seen, trimmed): " tk200 " in a CSV and "TK200" in the
    Incident Log are the same incident."""
    tickets = events["ticket"].astype(str)
    trimmed = tickets.str.strip()
    if events.empty or (
        trimmed.eq(tickets).all() and trimmed.str.casefold().nunique() == trimmed.nunique()
    ):
        return events  # every ticket already has one spelling
    keys = events["ticket"].map(ticket_key)
    first = dict(zip(keys[::-1], events["ticket"].astype(str).str.strip()[::-1], strict=True))
    return events.assign(ticket=keys.map(first).astype("string"))


def incident_updates(
    counting: pd.DataFrame,
    steps: pd.DataFrame,
    *,
    resolved: datetime | None,
    as_of: datetime,
    settings: Settings,
) -> ClientUpdates:
    """One incident's client updates, due from its first response (`counting`: its events that
    count as of `as_of`)."""
    answered = steps.loc[steps["step"] == IncidentStep.FIRST_RESPONSE, "done_at"].iloc[0]
    return client_updates(
        counting,
        first_response=None if pd.isna(answered) else pd.Timestamp(answered).to_pydatetime(),
        resolved=resolved,
        as_of=as_of,
        every=settings.incident_targets.client_update,
        clock=business_clock(settings.business_hours),
    )


def _read_columns(read: ReadColumns) -> dict[str, Any]:
    """The columns each incident's own reading gives."""
    return {
        **read.described,
        "security": read.facts.security.tolist(),
        "channel": read.channel,
        "reported_at": utc_column(read.facts.reported),
        "resolved_at": utc_column(read.resolved),
        "is_open": (read.resolved == MISSING).tolist(),
    }


def _status_columns(steps: StepColumns) -> dict[str, Any]:
    """How many steps are in each status, and the first response's own status."""
    first_response = steps.statuses()[:, STEPS.index(IncidentStep.FIRST_RESPONSE)]
    return {
        **{str(status): steps.count(status) for status in StepStatus},
        "first_response": [str(status) for status in first_response],
    }


def _next_action_columns(following: NextColumns, *, is_open: BoolArray) -> dict[str, Any]:
    """What must happen next on each open incident (missing when resolved or all done)."""
    shown = (following.found & is_open).tolist()
    actions: list[IncidentStep | Prompt | None] = [
        None if not show else Prompt.VITM_UNAVAILABLE if prompt else STEPS[step]
        for show, prompt, step in zip(
            shown, following.prompt.tolist(), following.step.tolist(), strict=True
        )
    ]
    return {
        "next_step": [None if action is None else str(action) for action in actions],
        "next_action": [None if action is None else _ACTIONS[action] for action in actions],
        "next_role": [None if action is None else str(_ROLES[action]) for action in actions],
        "next_due": utc_column(np.where(shown, following.due, MISSING)),
        "next_minutes_left": [
            left if show else None
            for show, left in zip(shown, following.minutes_left.tolist(), strict=True)
        ],
    }


# What each next action says and who does it: a step's, or the silent-vITM prompt's.
_ACTIONS: Mapping[IncidentStep | Prompt, str] = {
    **{step: text for step, text in STEP_ACTIONS.items()},
    **{prompt: text for prompt, text in PROMPT_ACTIONS.items()},
}
_ROLES: Mapping[IncidentStep | Prompt, Responder] = {
    **{step: role for step, role in STEP_ROLES.items()},
    Prompt.VITM_UNAVAILABLE: Responder.SERVICE_DESK,
}


def _steps_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """Every step of every incident (ticket + STEP_COLUMNS), the ticket typed as text even when
    there is none."""
    frame = pd.DataFrame(columns, columns=["ticket", *STEP_COLUMNS])
    frame["waived"] = frame["waived"].astype(bool)
    return frame if len(frame) else frame.astype({"ticket": "string"})


def _incidents_frame(incidents: dict[str, Any]) -> pd.DataFrame:
    """The incident columns typed (UTC instants, text, counts), oldest report first."""
    if not len(incidents["ticket"]):  # every column untyped, then typed as below
        incidents = {}
    table = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
    for column in ("reported_at", "resolved_at", "next_due", "next_update_due"):
        table[column] = utc_instants(table[column])
    for column in ("client", "summary", "channel", "next_step", "next_action", "next_role"):
        table[column] = table[column].astype("string")
    for column in ("met", "breached", "pending", "not_required", "late_updates", "members_missing"):
        table[column] = table[column].astype("int64")
    table["next_minutes_left"] = table["next_minutes_left"].astype("Float64")
    return table.sort_values("reported_at", kind="stable").reset_index(drop=True)
