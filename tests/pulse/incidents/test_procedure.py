"""The procedure as data: every step has its event, its role and its action (SPEC, seed 002)."""

from __future__ import annotations

from pulse.incidents import procedure
from pulse.incidents.procedure import IncidentStep, Responder
from pulse.schema import IncidentEvent


def test_every_step_has_an_event_a_role_and_an_action() -> None:
    for table in (procedure.STEP_EVENTS, procedure.STEP_ROLES, procedure.STEP_ACTIONS):
        assert set(table) == set(IncidentStep)


def test_responding_to_the_client_is_recorded_as_client_responded() -> None:
    assert procedure.STEP_EVENTS[IncidentStep.FIRST_RESPONSE] == IncidentEvent.CLIENT_RESPONDED
    # Every other step is done by the event of the same name.
    others = {
        step: event for step, event in procedure.STEP_EVENTS.items() if step != "first_response"
    }
    assert all(step.value == event.value for step, event in others.items())


def test_who_does_what() -> None:
    assert procedure.STEP_ROLES[IncidentStep.VITM_ACKNOWLEDGED] == Responder.VITM
    assert procedure.STEP_ROLES[IncidentStep.VCIO_ACKNOWLEDGED] == Responder.VCIO
    assert procedure.STEP_ROLES[IncidentStep.INFOSEC_ADDED] == Responder.INFOSEC_LEAD
    # The Service Desk chases the vITM and the vCIO.
    assert (
        procedure.STEP_ROLES[IncidentStep.VITM_PHONED]
        == procedure.STEP_ROLES[IncidentStep.VCIO_PHONED]
    )
    assert procedure.STEP_ROLES[IncidentStep.VITM_PHONED] == Responder.SERVICE_DESK
    assert procedure.STEP_ACTIONS[IncidentStep.VCIO_TAGGED] == "Tag the vCIO in the SWARM space"


def test_the_vitm_steps() -> None:
    assert {step.value for step in procedure.VITM_STEPS} == {
        "vitm_acknowledged",
        "vitm_phoned",
        "vitm_manager_added",
    }


def test_steps_run_in_the_procedures_order() -> None:
    order = list(IncidentStep)
    assert order[0] == "first_response" and order[-1] == "vcio_phoned"
    assert order.index(IncidentStep.SWARM_CREATED) < order.index(IncidentStep.SUMMARY_POSTED)
    assert order.index(IncidentStep.VITM_MANAGER_ADDED) < order.index(IncidentStep.VCIO_TAGGED)


def test_who_may_record_each_event() -> None:
    from pulse.permissions import Action

    assert set(procedure.EVENT_ACTIONS) == set(IncidentEvent)
    assert procedure.EVENT_ACTIONS[IncidentEvent.VITM_ACKNOWLEDGED] == Action.ACKNOWLEDGE_AS_VITM
    assert procedure.EVENT_ACTIONS[IncidentEvent.VCIO_ACKNOWLEDGED] == Action.ACKNOWLEDGE_AS_VCIO
    assert procedure.EVENT_ACTIONS[IncidentEvent.CLIENT_UPDATE_SENT] == Action.SEND_CLIENT_UPDATE
    assert procedure.EVENT_ACTIONS[IncidentEvent.SWARM_CREATED] == Action.RECORD_INCIDENT


def test_the_silent_vitm_prompt_has_its_action() -> None:
    assert procedure.PROMPT_ACTIONS[procedure.Prompt.VITM_UNAVAILABLE] == (
        "Mark the vITM unavailable and tag the vCIO"
    )
