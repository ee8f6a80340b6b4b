"""Every incident's steps at once: the due rules (`due_rules`), the statuses and the next action
(`steps`) over columns of instants, one column per step.

The incidents table measures thousands of incidents: a dozen business-clock calls and a few
dicts per incident cost over a second there, a few numpy calls over all of them milliseconds.
The one-incident functions stay the rules' plain statement (the room and the notifications read
them); `tests/pulse/incidents/test_step_table.py` checks the two agree on every incident.

Instants are UTC nanoseconds (int64); `MISSING` stands for an event that did not happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from pulse.business_clock import NAT_NS, BusinessClock, Int64Array, aware_ns
from pulse.incidents.procedure import STEP_EVENTS, STEP_ROLES, VITM_STEPS, IncidentStep
from pulse.incidents.steps import IncidentFacts
from pulse.schema import IncidentEvent, StepStatus
from pulse.settings import IncidentTargets

MISSING = NAT_NS  # an instant that did not happen
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]
STEPS: tuple[IncidentStep, ...] = tuple(IncidentStep)  # procedure order: the columns' order
# Status codes, indexes into _STATUSES.
_MET, _BREACHED, _PENDING, _NOT_REQUIRED = range(4)
_STATUSES = np.array(
    [StepStatus.MET, StepStatus.BREACHED, StepStatus.PENDING, StepStatus.NOT_REQUIRED],
    dtype=object,
)


def instant_ns(instant: datetime | None) -> int:
    """An aware instant as UTC nanoseconds (as the business clock counts it); None: MISSING."""
    return int(MISSING) if instant is None else aware_ns(instant)


def ns_column(instants: Sequence[datetime | None]) -> Int64Array:
    return np.array([instant_ns(instant) for instant in instants], dtype=np.int64)


def utc_column(instants_ns: Int64Array) -> pd.Series:
    """UTC instants at nanosecond resolution, NaT where MISSING (the tables' time columns)."""
    return pd.Series(pd.DatetimeIndex(instants_ns.view("datetime64[ns]")).tz_localize("UTC"))


@dataclass(frozen=True)
class FactColumns:
    """`IncidentFacts` of many incidents, one row each."""

    happened: dict[IncidentEvent, Int64Array]  # each event's first time, MISSING if none
    reported: Int64Array
    security: BoolArray
    phone: BoolArray

    @classmethod
    def of(cls, facts: Sequence[IncidentFacts]) -> FactColumns:
        happened = {
            event: ns_column([fact.happened.get(event) for fact in facts]) for event in _MEASURED
        }
        return cls(
            happened,
            ns_column([fact.reported for fact in facts]),
            np.array([fact.security for fact in facts], dtype=bool),
            np.array([fact.phone for fact in facts], dtype=bool),
        )


# The events the step rules read.
_MEASURED: tuple[IncidentEvent, ...] = (
    *(STEP_EVENTS[step] for step in STEPS),
    IncidentEvent.VITM_UNAVAILABLE,
)


@dataclass(frozen=True)
class StepColumns:
    """Every incident's steps: one row per incident, one column per step (STEPS' order)."""

    required: BoolArray
    due: Int64Array  # the rule's due, also where the step is not required
    done: Int64Array  # MISSING when not done
    waived: BoolArray
    status: npt.NDArray[np.int8]  # codes into _STATUSES

    def statuses(self) -> ObjectArray:
        """Each step's StepStatus."""
        result: ObjectArray = _STATUSES[self.status]
        return result

    def count(self, status: StepStatus) -> npt.NDArray[np.int64]:
        """How many of each incident's steps are in `status`."""
        code = list(_STATUSES).index(status)
        return np.asarray((self.status == code).sum(axis=1), dtype=np.int64)


def step_columns(
    facts: FactColumns, *, as_of: datetime, targets: IncidentTargets, clock: BusinessClock
) -> StepColumns:
    """`steps.step_rows` of every incident at once."""
    as_of_ns = instant_ns(as_of)
    dues, required = _drafts(facts, as_of_ns=as_of_ns, targets=targets, clock=clock)
    done = np.column_stack([_done(facts, step) for step in STEPS]) if len(facts.reported) else dues
    waived = _waived(facts.happened[IncidentEvent.VITM_UNAVAILABLE], dues, done)
    required &= ~waived
    has_done = done != MISSING
    status = np.where(
        required,
        np.where(
            has_done,
            np.where(done <= dues, _MET, _BREACHED),
            np.where(as_of_ns > dues, _BREACHED, _PENDING),
        ),
        _NOT_REQUIRED,
    ).astype(np.int8)
    return StepColumns(required, dues, done, waived, status)


def _drafts(
    facts: FactColumns, *, as_of_ns: int, targets: IncidentTargets, clock: BusinessClock
) -> tuple[Int64Array, BoolArray]:
    """`due_rules.draft_steps`' due times and required flags (before the vITM waiver)."""
    dues = _dues(facts, as_of_ns=as_of_ns, targets=targets, clock=clock)
    swarm = either(facts.happened[IncidentEvent.SWARM_CREATED], dues[IncidentStep.SWARM_CREATED])
    vitm = facts.happened[IncidentEvent.VITM_ACKNOWLEDGED]
    handover = facts.happened[IncidentEvent.VITM_UNAVAILABLE] != MISSING
    vcio = _unacknowledged_after(
        dues[IncidentStep.VCIO_ACKNOWLEDGED],
        facts.happened[IncidentEvent.VCIO_ACKNOWLEDGED],
        as_of_ns,
    )
    required = {
        IncidentStep.INFOSEC_ADDED: facts.security.copy(),
        IncidentStep.VITM_PHONED: _unacknowledged_after(
            clock.add_minutes_ns(swarm, targets.vitm_phone_trigger), vitm, as_of_ns
        ),
        IncidentStep.VITM_MANAGER_ADDED: _unacknowledged_after(
            clock.add_minutes_ns(swarm, targets.vitm_manager_trigger), vitm, as_of_ns
        ),
        IncidentStep.VCIO_TAGGED: handover,
        IncidentStep.VCIO_ACKNOWLEDGED: handover,
        IncidentStep.VCIO_PHONED: handover & vcio,
    }
    always = np.ones(len(facts.reported), dtype=bool)
    due_columns = _stacked([dues[step] for step in STEPS]).astype(np.int64)
    return due_columns, _stacked([required.get(step, always) for step in STEPS]).astype(bool)


def _dues(
    facts: FactColumns, *, as_of_ns: int, targets: IncidentTargets, clock: BusinessClock
) -> dict[IncidentStep, Int64Array]:
    """Each step's due: after the swarm from its creation (else its due), the vCIO's from the
    tag (else its due, from the moment the vITM was recorded unavailable, else as-of)."""
    add = clock.add_minutes_ns
    happened = facts.happened
    swarm_due = add(facts.reported, targets.swarm_created)
    swarm = either(happened[IncidentEvent.SWARM_CREATED], swarm_due)
    unavailable = happened[IncidentEvent.VITM_UNAVAILABLE]
    tag_due = add(either(unavailable, np.full_like(unavailable, as_of_ns)), targets.vcio_tagged)
    tagged = either(happened[IncidentEvent.VCIO_TAGGED], tag_due)
    return {
        IncidentStep.FIRST_RESPONSE: add(facts.reported, targets.first_response),
        IncidentStep.SWARM_CREATED: swarm_due,
        IncidentStep.SUMMARY_POSTED: add(swarm, targets.summary_posted),
        IncidentStep.INFOSEC_ADDED: add(swarm, targets.infosec_added),
        IncidentStep.VITM_ACKNOWLEDGED: add(swarm, targets.vitm_acknowledged),
        IncidentStep.VITM_PHONED: add(swarm, targets.vitm_phoned),
        IncidentStep.VITM_MANAGER_ADDED: add(swarm, targets.vitm_manager_added),
        IncidentStep.VCIO_TAGGED: tag_due,
        IncidentStep.VCIO_ACKNOWLEDGED: add(tagged, targets.vcio_acknowledged),
        IncidentStep.VCIO_PHONED: add(tagged, targets.vcio_phoned),
    }


def _stacked(columns: Sequence[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """Columns side by side (N x len(STEPS)), also when there are no incidents."""
    if not len(columns[0]):
        return np.zeros((0, len(STEPS)), columns[0].dtype)
    return np.column_stack(columns)


def either(*choices: Int64Array) -> Int64Array:
    """The first choice that is not MISSING, incident by incident."""
    result = choices[-1]
    for choice in reversed(choices[:-1]):
        result = np.where(choice != MISSING, choice, result)
    return result


def _unacknowledged_after(
    trigger: Int64Array, acknowledged: Int64Array, as_of_ns: int
) -> BoolArray:
    """`due_rules.unacknowledged_after`: the trigger passed with no acknowledgement by then."""
    passed: BoolArray = (as_of_ns > trigger) & (
        (acknowledged == MISSING) | (acknowledged > trigger)
    )
    return passed


def _done(facts: FactColumns, step: IncidentStep) -> Int64Array:
    """When the step's event first happened; a phone report's first response at the report."""
    happened = facts.happened[STEP_EVENTS[step]]
    if step == IncidentStep.FIRST_RESPONSE:
        return np.where(facts.phone, facts.reported, happened)
    return happened


def _waived(unavailable: Int64Array, dues: Int64Array, done: Int64Array) -> BoolArray:
    """`due_rules.waive_vitm_steps`: vITM steps not done and not yet due when the vITM was
    recorded unavailable."""
    moment = unavailable[:, None]
    vitm = np.array([step in VITM_STEPS for step in STEPS], dtype=bool)[None, :]
    not_done_then = (done == MISSING) | (done > moment)
    waived: BoolArray = (moment != MISSING) & vitm & not_done_then & (dues >= moment)
    return waived


def step_frame_columns(columns: StepColumns) -> dict[str, object]:
    """The steps frame's columns (STEP_COLUMNS), incident by incident in procedure order."""
    incidents = len(columns.due)
    return {
        "step": np.tile(np.array(STEPS, dtype=object), incidents),
        "status": columns.statuses().ravel(),
        "due": utc_column(np.where(columns.required, columns.due, MISSING).ravel()),
        "done_at": utc_column(columns.done.ravel()),
        "role": np.tile(np.array([STEP_ROLES[step] for step in STEPS], dtype=object), incidents),
        "waived": columns.waived.ravel(),
    }


@dataclass(frozen=True)
class NextColumns:
    """`steps.next_action` of every incident (open or not; the table keeps the open ones')."""

    found: BoolArray  # an action is waiting
    prompt: BoolArray  # the silent-vITM prompt rather than a step
    step: npt.NDArray[np.intp]  # index into STEPS of the step (where not a prompt)
    due: Int64Array
    minutes_left: npt.NDArray[np.float64]


def next_columns(columns: StepColumns, *, as_of: datetime, clock: BusinessClock) -> NextColumns:
    """The required step not done with the earliest due (procedure order breaks a tie), or the
    prompt to hand over to the vCIO once the vITM stays silent (see `steps.next_action`)."""
    as_of_ns = instant_ns(as_of)
    index = {step: number for number, step in enumerate(STEPS)}
    vitm = np.array([step in VITM_STEPS for step in STEPS], dtype=bool)[None, :]
    handed_over = columns.required[:, index[IncidentStep.VCIO_TAGGED]]
    silent_since = _silent_since(columns, handed_over, as_of_ns=as_of_ns, index=index)
    silent = silent_since != MISSING
    waiting = columns.required & (columns.done == MISSING)
    waiting &= ~((handed_over | silent)[:, None] & vitm)
    earliest = np.where(waiting, columns.due, np.iinfo(np.int64).max)
    step = np.argmin(earliest, axis=1) if len(earliest) else np.zeros(0, dtype=np.intp)
    first_due = np.take_along_axis(earliest, step[:, None], axis=1).ravel()
    any_waiting = waiting.any(axis=1)
    prompt = silent & (~any_waiting | (silent_since < first_due))
    due = np.where(prompt, silent_since, first_due)
    found = prompt | any_waiting
    return NextColumns(found, prompt, step, due, _minutes_left(due, found, as_of_ns, clock))


def _silent_since(
    columns: StepColumns, handed_over: BoolArray, *, as_of_ns: int, index: dict[IncidentStep, int]
) -> Int64Array:
    """`steps.vitm_silent_since`: the manager added (or past due) with no acknowledgement and no
    hand-over: since when; else MISSING."""
    manager = index[IncidentStep.VITM_MANAGER_ADDED]
    acknowledged = columns.done[:, index[IncidentStep.VITM_ACKNOWLEDGED]] != MISSING
    possible = ~acknowledged & ~handed_over & columns.required[:, manager]
    added, due = columns.done[:, manager], columns.due[:, manager]
    since = np.where(added != MISSING, added, np.where(as_of_ns > due, due, MISSING))
    return np.where(possible, since, MISSING)


def _minutes_left(
    due: Int64Array, found: BoolArray, as_of_ns: int, clock: BusinessClock
) -> npt.NDArray[np.float64]:
    """`instants.business_minutes_left`: business minutes to the due, negative once past it."""
    due = np.where(found, due, as_of_ns)
    as_of = np.full_like(due, as_of_ns)
    ahead = clock.minutes_between_ns(as_of, due)
    behind = clock.minutes_between_ns(due, as_of)
    return np.where(due >= as_of_ns, ahead, -behind)
