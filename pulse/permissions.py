"""Who may do what (seeds 000/001 responsibilities; the issue: only the right people change the
record). Roles are pulse.settings.Role values; people get them from settings.roles by email.
"""

from __future__ import annotations

from enum import StrEnum

from pulse.schema import Department
from pulse.settings import Role, Settings


class Action(StrEnum):
    RECOMMEND = "recommend"
    APPROVE = "approve"
    DECLINE = "decline"
    REMOVE = "remove"
    EDIT_RCA = "edit_rca"
    EDIT_ACTIONS = "edit_actions"  # any client's, any department's
    UPDATE_DEPARTMENT_ACTIONS = "update_department_actions"  # edit and complete, own department
    RECORD_REVIEW = "record_review"
    MARK_IN_PSA = "mark_in_psa"
    SAVE = "save"
    EXPORT = "export"
    # The live incident room (seed 002's responsibilities): see PERMISSIONS.
    RECORD_INCIDENT = "record_incident"
    ACKNOWLEDGE_AS_VITM = "acknowledge_as_vitm"
    ACKNOWLEDGE_AS_VCIO = "acknowledge_as_vcio"
    SEND_CLIENT_UPDATE = "send_client_update"
    POST_MESSAGE = "post_message"  # to the team's Teams, Slack or e-mail, from the app
    CONFIGURE = "configure"  # write pulse.toml (a saved ticket mapping)


_SIGNED_IN = frozenset(Role) - {Role.VIEWER}
# vCIO and Director of Client Success approve, decline and remove in the CST meeting and review
# the extra-care clients weekly (seed 001, steps 1-2).
_DECIDERS = frozenset({Role.VCIO, Role.DIRECTOR, Role.LOCAL})
# vITM and vCIO determine the root cause; the Account Administrator documents the analysis and
# the resulting action items (seed 000).
_RCA_EDITORS = frozenset({Role.VCIO, Role.VITM, Role.ACCOUNT_ADMIN, Role.LOCAL})
# Seed 001: "Department Managers - Responsible for taking corrective action on any concerns that
# may be related to their department": each completes and updates their department's items.
DEPARTMENT_MANAGERS: dict[Role, Department] = {
    Role.SERVICE_DESK_MANAGER: Department.SERVICE_DESK,
    Role.PROJECTS_MANAGER: Department.PROJECTS,
    Role.NOC_MANAGER: Department.NOC,
    Role.SALES_MANAGER: Department.SALES,
}
# SPEC: the vCIO, vITM, Director and Account Administrator may do so for any department.
_ACTION_EDITORS = _RCA_EDITORS | {Role.DIRECTOR}
# Only the record keepers write the shared Client Pulse workbook.
_RECORD_KEEPERS = frozenset({Role.ACCOUNT_ADMIN, Role.DIRECTOR, Role.LOCAL})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.RECOMMEND: _SIGNED_IN,  # "ALL Team Members: can recommend"
    Action.APPROVE: _DECIDERS,
    Action.DECLINE: _DECIDERS,
    Action.REMOVE: _DECIDERS,
    Action.RECORD_REVIEW: _DECIDERS,
    Action.EDIT_RCA: _RCA_EDITORS,
    Action.EDIT_ACTIONS: _ACTION_EDITORS,
    Action.UPDATE_DEPARTMENT_ACTIONS: _ACTION_EDITORS | frozenset(DEPARTMENT_MANAGERS),
    # The Account Administrator is "responsible for marking the client extra care in Pzzle".
    Action.MARK_IN_PSA: frozenset({Role.ACCOUNT_ADMIN, Role.LOCAL}),
    Action.SAVE: _RECORD_KEEPERS,
    Action.EXPORT: _RECORD_KEEPERS,
    # Seed 002: the Service Desk analyst triages, responds, creates the SWARM space, posts the
    # summary and phones; everyone opens problem tickets and attaches child tickets. Analysts are
    # team members, so anyone signed in but a viewer records those steps.
    Action.RECORD_INCIDENT: _SIGNED_IN,
    # Each acknowledgement is the acknowledging person's own.
    Action.ACKNOWLEDGE_AS_VITM: frozenset({Role.VITM, Role.LOCAL}),
    Action.ACKNOWLEDGE_AS_VCIO: frozenset({Role.VCIO, Role.LOCAL}),
    # Updates to the client's POCs are the vITM's or vCIO's, with the Director of Client Success
    # for mass communications.
    Action.SEND_CLIENT_UPDATE: frozenset({Role.VITM, Role.VCIO, Role.DIRECTOR, Role.LOCAL}),
    # Seed 003 asks every team member to post urgent and escalation messages; not a viewer
    # (the meeting-room screen).
    Action.POST_MESSAGE: _SIGNED_IN,
    # pulse.toml holds everyone's thresholds, roles and mappings: the record keepers' to change.
    Action.CONFIGURE: _RECORD_KEEPERS,
}


def allowed(role: str, action: Action | str) -> bool:
    """Whether `role` may do `action`; unknown roles and actions may do nothing."""
    try:
        return role in PERMISSIONS[Action(action)]
    except ValueError:
        return False


def role_for(email: str, settings: Settings) -> Role:
    """The role settings.roles gives this email (case-insensitive), else settings.default_role.

    A misspelt role in the configuration falls back to viewer (read-only), never to more access.
    """
    roles = {key.strip().casefold(): value for key, value in settings.roles.items()}
    return Role.of(roles.get(email.strip().casefold(), settings.default_role))


def managed_department(role: str) -> Department | None:
    """The department whose action items a department manager keeps (None for other roles)."""
    return DEPARTMENT_MANAGERS.get(Role.of(role))


def may_update_action(role: str, department: object) -> bool:
    """Whether `role` may edit and complete an action item of `department`: anyone who may edit
    action items, or the manager of that department."""
    if allowed(role, Action.EDIT_ACTIONS):
        return True
    mine = managed_department(role)
    return (
        mine is not None
        and allowed(role, Action.UPDATE_DEPARTMENT_ACTIONS)
        and (str(department).strip().casefold() == mine.casefold())
    )
