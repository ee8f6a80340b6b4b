"""One incident's steps as of an instant: each step's due, done time, status and role, and what
must happen next while it is open."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.incidents.cells import is_missing
from pulse.incidents.due_rules import StepDraft, draft_steps, waive_vitm_steps
from pulse.incidents.events import first_times, reported_time
from pulse.incidents.instants import aware_instant, business_minutes_left, utc_instants
from pulse.incidents.procedure import (
    PROMPT_ACTIONS,
    STEP_ACTIONS,
    STEP_ROLES,
    VITM_STEPS,
    IncidentStep,
    Prompt,
    Responder,
)
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import IncidentTargets

STEP_COLUMNS: tuple[str, ...] = ("step", "status", "due", "done_at", "role", "waived")
StepRow = dict[str, Any]  # one step as a plain dict of STEP_COLUMNS
# One incident's steps: a frame of STEP_COLUMNS or its rows (`step_rows`), procedure order.
Steps = pd.DataFrame | Sequence[Mapping[Any, Any]]


def incident_steps(
    events: pd.DataFrame,
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
    security: bool,
    reported_at: datetime | None = None,
    phone: bool = False,
) -> pd.DataFrame:
    """Every procedure step of ONE incident (its events), with due, done_at, status and role.

    ``reported_at`` is used only when no ``reported`` event was recorded (see the package notes);
    ``phone``: reported by phone, so the first response is met at the report (SPEC).
    """
    as_of = aware_instant(as_of, clock.hours)
    happened = first_times(events, as_of=as_of)
    facts = IncidentFacts(happened, reported_time(happened, fallback=reported_at), security, phone)
    return steps_frame(step_rows(facts, as_of=as_of, targets=targets, clock=clock))


@dataclass(frozen=True)
class IncidentFacts:
    """What one incident's events and ticket say that its steps are measured from."""

    happened: dict[IncidentEvent, datetime]  # the first time of each event that counts
    reported: datetime
    security: bool
    phone: bool  # reported by phone: the first response is met at the report


def step_rows(
    facts: IncidentFacts, *, as_of: datetime, targets: IncidentTargets, clock: BusinessClock
) -> list[StepRow]:
    """`incident_steps`' rows as plain dicts (STEP_COLUMNS; times aware, None when missing)."""
    drafts = draft_steps(
        facts.happened,
        reported=facts.reported,
        as_of=as_of,
        security=facts.security,
        phone=facts.phone,
        targets=targets,
        clock=clock,
    )
    drafts = waive_vitm_steps(drafts, facts.happened.get(IncidentEvent.VITM_UNAVAILABLE))
    return [_step_row(draft, as_of) for draft in drafts]


def step_status(*, due: datetime, done_at: datetime | None, as_of: datetime) -> StepStatus:
    """SPEC: met = done <= due; breached = done > due, or not done and as-of > due; else pending."""
    if done_at is not None:
        return StepStatus.MET if done_at <= due else StepStatus.BREACHED
    return StepStatus.BREACHED if as_of > due else StepStatus.PENDING


def _step_row(draft: StepDraft, as_of: datetime) -> StepRow:
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


def steps_frame(rows: list[StepRow], *, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Step rows as a frame of STEP_COLUMNS (and the `extra` columns the rows carry): times as
    UTC instants, waived as a plain bool."""
    frame = pd.DataFrame(rows, columns=[*extra, *STEP_COLUMNS])
    for column in ("due", "done_at"):
        frame[column] = utc_instants(frame[column])
    frame["waived"] = frame["waived"].astype(bool)
    return frame


def steps_by_status(steps: pd.DataFrame, statuses: Iterable[StepStatus]) -> pd.DataFrame:
    """The steps in any of the given statuses."""
    return steps[steps["status"].isin(list(statuses))]


@dataclass(frozen=True)
class NextAction:
    """What must happen next on an open incident: a step, or a prompt (the silent vITM)."""

    step: IncidentStep | Prompt
    action: str
    role: Responder
    due: datetime  # a prompt's: the moment it arose
    minutes_left: float  # business minutes from as-of to due; negative when overdue


def next_action(steps: Steps, *, as_of: datetime, clock: BusinessClock) -> NextAction | None:
    """The required step not done with the earliest due (no vITM step after a vCIO hand-over).

    Once the vITM stays silent past their manager, the prompt to hand over to the vCIO takes the
    vITM steps' place, due from the moment it arose (a step due earlier still comes first).
    """
    rows = _rows(steps)
    waiting = _waiting_steps(rows)
    silent_since = vitm_silent_since(rows, as_of=as_of)
    if silent_since is not None:
        waiting = [row for row in waiting if row["step"] not in VITM_STEPS]
    # min keeps the first of equal dues: procedure order breaks a tie.
    first = min(waiting, key=lambda row: row["due"]) if waiting else None
    if silent_since is not None and (first is None or silent_since < first["due"]):
        prompt = Prompt.VITM_UNAVAILABLE
        role = Responder.SERVICE_DESK
        return _next(prompt, PROMPT_ACTIONS[prompt], role, silent_since, as_of, clock)
    if first is None:
        return None
    step = IncidentStep(first["step"])
    return _next(step, STEP_ACTIONS[step], STEP_ROLES[step], _instant(first["due"]), as_of, clock)


def _next(
    step: IncidentStep | Prompt,
    action: str,
    role: Responder,
    due: datetime,
    as_of: datetime,
    clock: BusinessClock,
) -> NextAction:
    left = business_minutes_left(as_of=as_of, due=due, clock=clock)
    return NextAction(step, action, role, due.astimezone(clock.zone), left)


def vitm_silent_since(steps: Steps, *, as_of: datetime) -> datetime | None:
    """SPEC "When the vITM stays silent": once the vITM's manager was added or that step is past
    due, with no acknowledgement and no hand-over yet, the moment it became so; else None."""
    rows = {row["step"]: row for row in _rows(steps)}
    manager = rows[IncidentStep.VITM_MANAGER_ADDED]
    acknowledged = not is_missing(rows[IncidentStep.VITM_ACKNOWLEDGED]["done_at"])
    if acknowledged or _handed_over(rows.values()) or manager["status"] == StepStatus.NOT_REQUIRED:
        return None
    if not is_missing(manager["done_at"]):
        return _instant(manager["done_at"])
    due = _instant(manager["due"])
    return due if as_of > due else None


def _rows(steps: Steps) -> Sequence[Mapping[Any, Any]]:
    return steps.to_dict("records") if isinstance(steps, pd.DataFrame) else steps


def _instant(value: Any) -> datetime:
    """A step's time as a Python datetime (a frame holds pandas Timestamps)."""
    return value if type(value) is datetime else pd.Timestamp(value).to_pydatetime()


def _handed_over(rows: Iterable[Mapping[Any, Any]]) -> bool:
    """The vITM was recorded unavailable, so the vCIO steps are required."""
    return any(
        row["step"] == IncidentStep.VCIO_TAGGED and row["status"] != StepStatus.NOT_REQUIRED
        for row in rows
    )


def _waiting_steps(rows: Sequence[Mapping[Any, Any]]) -> list[Mapping[Any, Any]]:
    """Required steps not done yet, pending or breached; none of the vITM's after a hand-over."""
    waiting = [
        row
        for row in rows
        if row["status"] in (StepStatus.PENDING, StepStatus.BREACHED) and is_missing(row["done_at"])
    ]
    if _handed_over(rows):  # the vITM is unavailable: nobody waits on them any more
        return [row for row in waiting if row["step"] not in VITM_STEPS]
    return waiting
