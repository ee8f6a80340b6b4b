"""The response procedure for a critical incident (SPEC, seed 002), as data.

Its steps in the order the procedure runs them, the event that marks each one done, who carries it
out and what they must do. A new step is a member of `IncidentStep`, a row in each table below,
and its due rule in `pulse.incidents.due_rules`.
"""

from __future__ import annotations

from enum import StrEnum

from pulse.permissions import Action
from pulse.schema import IncidentEvent, normalise_header


class Responder(StrEnum):
    """Who carries out a step (roles, never names)."""

    SERVICE_DESK_ANALYST = "Service Desk analyst"
    SERVICE_DESK = "Service Desk"
    VITM = "vITM"
    VCIO = "vCIO"
    INFOSEC_LEAD = "Information Security Lead"


class IncidentStep(StrEnum):
    """The steps of the procedure, in the order the procedure runs them; each comment says what
    the step's due time is measured from and when the step is required."""

    FIRST_RESPONSE = "first_response"  # from reported
    SWARM_CREATED = "swarm_created"  # from reported
    SUMMARY_POSTED = "summary_posted"  # from the swarm
    INFOSEC_ADDED = "infosec_added"  # from the swarm; security incidents only
    VITM_ACKNOWLEDGED = "vitm_acknowledged"  # from the swarm
    VITM_PHONED = "vitm_phoned"  # from the swarm; if not acknowledged by its trigger
    VITM_MANAGER_ADDED = "vitm_manager_added"  # from the swarm; if not acknowledged by its trigger
    VCIO_TAGGED = "vcio_tagged"  # from vitm_unavailable; only once it is recorded
    VCIO_ACKNOWLEDGED = "vcio_acknowledged"  # from the tag; only after vitm_unavailable
    VCIO_PHONED = "vcio_phoned"  # from the tag; if not acknowledged by the acknowledgement's due


# The steps that wait on the vITM: recording the vITM unavailable waives those not yet due, and
# after the hand-over to the vCIO nobody waits on them any more.
VITM_STEPS: frozenset[IncidentStep] = frozenset(
    {IncidentStep.VITM_ACKNOWLEDGED, IncidentStep.VITM_PHONED, IncidentStep.VITM_MANAGER_ADDED}
)


# The event that marks each step done: responding to the client is recorded as client_responded.
STEP_EVENTS: dict[IncidentStep, IncidentEvent] = {
    step: IncidentEvent(step.value) for step in IncidentStep if step != IncidentStep.FIRST_RESPONSE
} | {IncidentStep.FIRST_RESPONSE: IncidentEvent.CLIENT_RESPONDED}

STEP_ROLES: dict[IncidentStep, Responder] = {
    IncidentStep.FIRST_RESPONSE: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.SWARM_CREATED: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.SUMMARY_POSTED: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.INFOSEC_ADDED: Responder.INFOSEC_LEAD,
    IncidentStep.VITM_ACKNOWLEDGED: Responder.VITM,
    IncidentStep.VITM_PHONED: Responder.SERVICE_DESK,
    IncidentStep.VITM_MANAGER_ADDED: Responder.SERVICE_DESK,
    IncidentStep.VCIO_TAGGED: Responder.SERVICE_DESK,
    IncidentStep.VCIO_ACKNOWLEDGED: Responder.VCIO,
    IncidentStep.VCIO_PHONED: Responder.SERVICE_DESK,
}

STEP_ACTIONS: dict[IncidentStep, str] = {
    IncidentStep.FIRST_RESPONSE: "Respond to the client",
    IncidentStep.SWARM_CREATED: "Create the SWARM space (title: CLIENT – TICKET – summary)",
    IncidentStep.SUMMARY_POSTED: "Post a brief summary in the SWARM space",
    IncidentStep.INFOSEC_ADDED: "Add the Information Security Lead to the SWARM space",
    IncidentStep.VITM_ACKNOWLEDGED: "vITM acknowledges the SWARM space",
    IncidentStep.VITM_PHONED: "Phone the vITM",
    IncidentStep.VITM_MANAGER_ADDED: "Add the vITM's manager to the SWARM space",
    IncidentStep.VCIO_TAGGED: "Tag the vCIO in the SWARM space",
    IncidentStep.VCIO_ACKNOWLEDGED: "vCIO acknowledges and takes over client communication",
    IncidentStep.VCIO_PHONED: "Phone the vCIO",
}


class Prompt(StrEnum):
    """A next action that is no step of its own: nothing is recorded until a person does it."""

    # SPEC "When the vITM stays silent": the manager was added (or is past due) and still no
    # acknowledgement -- record the vITM unavailable, which hands the incident to the vCIO.
    VITM_UNAVAILABLE = "vitm_unavailable"


PROMPT_ACTIONS: dict[Prompt, str] = {
    Prompt.VITM_UNAVAILABLE: "Mark the vITM unavailable and tag the vCIO",
}


class SwarmRole(StrEnum):
    """Who belongs in the SWARM space (seed 002), in the seed's order; each joins with a
    `swarm_member_added` event whose Note names the role."""

    ANALYST = "analyst"
    ESCALATION_TECHNICIAN = "escalation_technician"
    VITM = "vitm"
    VCIO = "vcio"
    SERVICE_DESK_MANAGER = "service_desk_manager"
    INFOSEC_LEAD = "infosec_lead"  # security incidents only

    @property
    def label(self) -> str:
        return SWARM_ROLE_LABELS[self]


SWARM_ROLE_LABELS: dict[SwarmRole, str] = {
    SwarmRole.ANALYST: "Analyst (the ticket's owner)",
    SwarmRole.ESCALATION_TECHNICIAN: "Escalation technician",
    SwarmRole.VITM: "vITM",
    SwarmRole.VCIO: "vCIO",
    SwarmRole.SERVICE_DESK_MANAGER: "Service Desk Manager",
    SwarmRole.INFOSEC_LEAD: "Information Security Lead",
}
# Other ways a Note may name a role (compared ignoring case, spaces and punctuation).
_SWARM_ROLE_ALIASES: dict[SwarmRole, tuple[str, ...]] = {
    SwarmRole.ANALYST: ("Analyst", "Service Desk analyst", "ticket owner"),
    SwarmRole.ESCALATION_TECHNICIAN: ("Escalation tech",),
    SwarmRole.SERVICE_DESK_MANAGER: ("SD manager",),
    SwarmRole.INFOSEC_LEAD: ("InfoSec Lead", "InfoSec", "Security Lead"),
}


def swarm_role_named(note: str) -> SwarmRole | None:
    """The role a `swarm_member_added` Note names (its value, label or a known alias)."""
    wanted = normalise_header(note)
    for role in SwarmRole:
        names = (role.value, role.label, *_SWARM_ROLE_ALIASES.get(role, ()))
        if wanted in {normalise_header(name) for name in names}:
            return role
    return None


# Who may record each event (pulse.permissions holds the roles of each action).
EVENT_ACTIONS: dict[IncidentEvent, Action] = {
    **{event: Action.RECORD_INCIDENT for event in IncidentEvent},
    IncidentEvent.VITM_ACKNOWLEDGED: Action.ACKNOWLEDGE_AS_VITM,
    IncidentEvent.VCIO_ACKNOWLEDGED: Action.ACKNOWLEDGE_AS_VCIO,
    IncidentEvent.CLIENT_UPDATE_SENT: Action.SEND_CLIENT_UPDATE,
}


# How the room's buttons name each event a person records ("done" is implied).
EVENT_LABELS: dict[IncidentEvent, str] = {
    IncidentEvent.REPORTED: "Reported",
    IncidentEvent.CLIENT_RESPONDED: "Responded to the client",
    IncidentEvent.SWARM_CREATED: "SWARM space created",
    IncidentEvent.SUMMARY_POSTED: "Summary posted in the SWARM space",
    IncidentEvent.INFOSEC_ADDED: "Information Security Lead added",
    IncidentEvent.VITM_ACKNOWLEDGED: "vITM acknowledged",
    IncidentEvent.VITM_PHONED: "vITM phoned",
    IncidentEvent.VITM_MANAGER_ADDED: "vITM's manager added",
    IncidentEvent.VITM_UNAVAILABLE: "vITM unavailable",
    IncidentEvent.VCIO_TAGGED: "vCIO tagged",
    IncidentEvent.VCIO_ACKNOWLEDGED: "vCIO acknowledged",
    IncidentEvent.VCIO_PHONED: "vCIO phoned",
    IncidentEvent.CLIENT_UPDATE_SENT: "Client update sent",
    IncidentEvent.CHILD_TICKET_ATTACHED: "Child ticket attached",
    IncidentEvent.PROBLEM_TICKET_OPENED: "Problem ticket opened",
    IncidentEvent.RESOLVED: "Resolved",
    IncidentEvent.SWARM_MEMBER_ADDED: "SWARM member added",
    IncidentEvent.DECLARED: "Declared",
    IncidentEvent.CORRECTED: "Corrected",
}
# The events a person may record for an earlier time, with a reason (members, tickets and
# corrections have their own forms).
TIMED_EVENTS: tuple[IncidentEvent, ...] = (
    *(STEP_EVENTS[step] for step in IncidentStep),
    IncidentEvent.VITM_UNAVAILABLE,
    IncidentEvent.CLIENT_UPDATE_SENT,
    IncidentEvent.RESOLVED,
)
