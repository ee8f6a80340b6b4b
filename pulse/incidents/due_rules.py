"""When each step of one incident is due and whether it is required (SPEC; the readings where SPEC
is silent are in the `pulse.incidents` notes).

Every due time is measured on the business clock. Steps after the swarm run from its actual
creation, else from its own due; the vCIO steps run from the tag, else from its due. A conditional
step is required once its trigger passed with no acknowledgement by then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from pulse.business_clock import BusinessClock
from pulse.incidents.procedure import STEP_EVENTS, VITM_STEPS, IncidentStep
from pulse.schema import IncidentEvent
from pulse.settings import IncidentTargets


@dataclass(frozen=True)
class StepDraft:
    """One step before its status is read: whether it is required, its due and done times."""

    step: IncidentStep
    required: bool
    due: datetime
    done_at: datetime | None = None
    waived: bool = False  # not required because the vITM was recorded unavailable

    def done(self, at: datetime | None) -> StepDraft:
        """This step done at `at` (a direct copy: `dataclasses.replace` is slow in a loop)."""
        return StepDraft(self.step, self.required, self.due, at, self.waived)


def draft_steps(
    happened: dict[IncidentEvent, datetime],
    *,
    reported: datetime,
    as_of: datetime,
    security: bool,
    phone: bool = False,
    targets: IncidentTargets,
    clock: BusinessClock,
) -> list[StepDraft]:
    """Every step in procedure order, with its due time and the time its event first happened.

    An incident reported by phone was answered live: its first response is done at the report.
    """
    swarm_due = clock.add_minutes(reported, targets.swarm_created)
    # No swarm yet: the steps after it run from the swarm's own due (module notes).
    swarm = happened.get(IncidentEvent.SWARM_CREATED) or swarm_due
    acknowledged = happened.get(IncidentEvent.VITM_ACKNOWLEDGED)
    first_response_due = clock.add_minutes(reported, targets.first_response)
    drafts = [
        StepDraft(IncidentStep.FIRST_RESPONSE, True, first_response_due),
        StepDraft(IncidentStep.SWARM_CREATED, True, swarm_due),
        *_swarm_drafts(swarm, security=security, targets=targets, clock=clock),
        *_vitm_drafts(swarm, acknowledged, as_of=as_of, targets=targets, clock=clock),
        *_vcio_drafts(happened, as_of=as_of, targets=targets, clock=clock),
    ]
    answered = {IncidentStep.FIRST_RESPONSE: reported} if phone else {}
    return [
        draft.done(answered.get(draft.step) or happened.get(STEP_EVENTS[draft.step]))
        for draft in drafts
    ]


def _swarm_drafts(
    swarm: datetime, *, security: bool, targets: IncidentTargets, clock: BusinessClock
) -> list[StepDraft]:
    summary_due = clock.add_minutes(swarm, targets.summary_posted)
    infosec_due = clock.add_minutes(swarm, targets.infosec_added)
    # The Information Security Lead joins security incidents only.
    return [
        StepDraft(IncidentStep.SUMMARY_POSTED, True, summary_due),
        StepDraft(IncidentStep.INFOSEC_ADDED, security, infosec_due),
    ]


def _vitm_drafts(
    swarm: datetime,
    acknowledged: datetime | None,
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
) -> list[StepDraft]:
    def after_swarm(minutes: int) -> datetime:
        return clock.add_minutes(swarm, minutes)

    phone_trigger = after_swarm(targets.vitm_phone_trigger)
    manager_trigger = after_swarm(targets.vitm_manager_trigger)
    return [
        StepDraft(IncidentStep.VITM_ACKNOWLEDGED, True, after_swarm(targets.vitm_acknowledged)),
        StepDraft(
            IncidentStep.VITM_PHONED,
            unacknowledged_after(phone_trigger, acknowledged, as_of),
            after_swarm(targets.vitm_phoned),
        ),
        StepDraft(
            IncidentStep.VITM_MANAGER_ADDED,
            unacknowledged_after(manager_trigger, acknowledged, as_of),
            after_swarm(targets.vitm_manager_added),
        ),
    ]


def _vcio_drafts(
    happened: dict[IncidentEvent, datetime],
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
) -> list[StepDraft]:
    # The vCIO hand-over exists only once someone recorded the vITM as unavailable.
    unavailable = happened.get(IncidentEvent.VITM_UNAVAILABLE)
    handover = unavailable is not None
    tag_due = clock.add_minutes(unavailable or as_of, targets.vcio_tagged)
    tagged = happened.get(IncidentEvent.VCIO_TAGGED) or tag_due
    acknowledgement_due = clock.add_minutes(tagged, targets.vcio_acknowledged)
    acknowledged = happened.get(IncidentEvent.VCIO_ACKNOWLEDGED)
    return [
        StepDraft(IncidentStep.VCIO_TAGGED, handover, tag_due),
        StepDraft(IncidentStep.VCIO_ACKNOWLEDGED, handover, acknowledgement_due),
        StepDraft(
            IncidentStep.VCIO_PHONED,
            handover and unacknowledged_after(acknowledgement_due, acknowledged, as_of),
            clock.add_minutes(tagged, targets.vcio_phoned),
        ),
    ]


def unacknowledged_after(trigger: datetime, acknowledged: datetime | None, as_of: datetime) -> bool:
    """A conditional step's condition: the trigger passed with no acknowledgement by then."""
    return as_of > trigger and (acknowledged is None or acknowledged > trigger)


def waive_vitm_steps(drafts: list[StepDraft], unavailable: datetime | None) -> list[StepDraft]:
    """vITM steps not done and not yet due when the vITM was recorded unavailable are waived; a
    step already past due at that moment stays as it was (breached)."""
    if unavailable is None:
        return drafts
    return [
        replace(draft, required=False, waived=True)
        if draft.step in VITM_STEPS
        and (draft.done_at is None or draft.done_at > unavailable)
        and draft.due >= unavailable
        else draft
        for draft in drafts
    ]
