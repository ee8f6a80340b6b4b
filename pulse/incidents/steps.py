"""One incident's steps as of an instant: each step's due, done time, status and role, and what
must happen next while it is open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.incidents.due_rules import StepDraft, draft_steps, waive_vitm_steps
from pulse.incidents.events import first_times, reported_time
from pulse.incidents.instants import aware_instant, business_minutes_left, utc_instants
from pulse.incidents.procedure import (
    STEP_ACTIONS,
    STEP_ROLES,
    VITM_STEPS,
    IncidentStep,
    Responder,
)
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import IncidentTargets

STEP_COLUMNS: tuple[str, ...] = ("step", "status", "due", "done_at", "role", "waived")


def incident_steps(
    events: pd.DataFrame,
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
    security: bool,
    reported_at: datetime | None = None,
) -> pd.DataFrame:
    """Every procedure step of ONE incident (its events), with due, done_at, status and role.

    ``reported_at`` is used only when no ``reported`` event was recorded (see the package notes).
    """
    as_of = aware_instant(as_of, clock.hours)
    happened = first_times(events, as_of=as_of)
    reported = reported_time(happened, fallback=reported_at)
    drafts = draft_steps(
        happened, reported=reported, as_of=as_of, security=security, targets=targets, clock=clock
    )
    drafts = waive_vitm_steps(drafts, happened.get(IncidentEvent.VITM_UNAVAILABLE))
    return steps_frame([_step_row(draft, as_of) for draft in drafts])


def step_status(*, due: datetime, done_at: datetime | None, as_of: datetime) -> StepStatus:
    """SPEC: met = done <= due; breached = done > due, or not done and as-of > due; else pending."""
    if done_at is not None:
        return StepStatus.MET if done_at <= due else StepStatus.BREACHED
    return StepStatus.BREACHED if as_of > due else StepStatus.PENDING


def _step_row(draft: StepDraft, as_of: datetime) -> dict[str, Any]:
    if draft.required:
        status = step_status(due=draft.due, done_at=draft.done_at, as_of=as_of)
    else:
        status = StepStatus.NOT_REQUIRED
    return {
        "step": draft.step,
        "status": status,
        "due": draft.due if draft.required else None,  # a step not required has no due
        "done_at": draft.done_at,
        "role": STEP_ROLES[draft.step],
        "waived": draft.waived,
    }


def steps_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Step rows as a frame of STEP_COLUMNS: times as UTC instants, waived as a plain bool."""
    frame = pd.DataFrame(rows, columns=list(STEP_COLUMNS))
    for column in ("due", "done_at"):
        frame[column] = utc_instants(frame[column])
    frame["waived"] = frame["waived"].astype(bool)
    return frame


def steps_by_status(steps: pd.DataFrame, statuses: Iterable[StepStatus]) -> pd.DataFrame:
    """The steps in any of the given statuses."""
    return steps[steps["status"].isin(list(statuses))]


@dataclass(frozen=True)
class NextAction:
    """What must happen next on an open incident."""

    step: IncidentStep
    action: str
    role: Responder
    due: datetime
    minutes_left: float  # business minutes from as-of to due; negative when overdue


def next_action(steps: pd.DataFrame, *, as_of: datetime, clock: BusinessClock) -> NextAction | None:
    """The required step not done with the earliest due (no vITM step after a vCIO hand-over)."""
    waiting = _waiting_steps(steps)
    if waiting.empty:
        return None
    first = waiting.sort_values("due", kind="stable").iloc[0]
    step = IncidentStep(first["step"])
    due = pd.Timestamp(first["due"]).to_pydatetime()
    return NextAction(
        step=step,
        action=STEP_ACTIONS[step],
        role=STEP_ROLES[step],
        due=due.astimezone(clock.zone),
        minutes_left=business_minutes_left(as_of=as_of, due=due, clock=clock),
    )


def _waiting_steps(steps: pd.DataFrame) -> pd.DataFrame:
    """Required steps not done yet, pending or breached; none of the vITM's after a hand-over."""
    waiting = steps[
        steps["status"].isin([StepStatus.PENDING, StepStatus.BREACHED]) & steps["done_at"].isna()
    ]
    handed_over = (
        steps.loc[steps["step"] == IncidentStep.VCIO_TAGGED, "status"] != StepStatus.NOT_REQUIRED
    ).any()
    if handed_over:  # the vITM is unavailable: nobody waits on them any more
        return waiting[~waiting["step"].isin(list(VITM_STEPS))]
    return waiting
