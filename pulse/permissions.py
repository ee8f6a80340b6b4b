"""Who may do what (seeds 000/001 responsibilities; the issue: only the right people change the
record). Roles are pulse.settings.Role values; people get them from settings.roles by email.
"""

from __future__ import annotations

from enum import StrEnum

from pulse.settings import Role, Settings


class Action(StrEnum):
    RECOMMEND = "recommend"
    APPROVE = "approve"
    DECLINE = "decline"
    REMOVE = "remove"
    EDIT_RCA = "edit_rca"
    EDIT_ACTIONS = "edit_actions"
    RECORD_REVIEW = "record_review"
    MARK_IN_PSA = "mark_in_psa"
    SAVE = "save"
    EXPORT = "export"
    # The live incident room (seed 002's responsibilities): see PERMISSIONS.
    RECORD_INCIDENT = "record_incident"
    ACKNOWLEDGE_AS_VITM = "acknowledge_as_vitm"
    ACKNOWLEDGE_AS_VCIO = "acknowledge_as_vcio"
    SEND_CLIENT_UPDATE = "send_client_update"


_SIGNED_IN = frozenset(Role) - {Role.VIEWER}
# vCIO and Director of Client Success approve, decline and remove in the CST meeting and review
# the extra-care clients weekly (seed 001, steps 1-2).
_DECIDERS = frozenset({Role.VCIO, Role.DIRECTOR, Role.LOCAL})
# vITM and vCIO determine the root cause; the Account Administrator documents the analysis and
# the resulting action items (seed 000).
_RCA_EDITORS = frozenset({Role.VCIO, Role.VITM, Role.ACCOUNT_ADMIN, Role.LOCAL})
# Only the record keepers write the shared Client Pulse workbook.
_RECORD_KEEPERS = frozenset({Role.ACCOUNT_ADMIN, Role.DIRECTOR, Role.LOCAL})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.RECOMMEND: _SIGNED_IN,  # "ALL Team Members: can recommend"
    Action.APPROVE: _DECIDERS,
    Action.DECLINE: _DECIDERS,
    Action.REMOVE: _DECIDERS,
    Action.RECORD_REVIEW: _DECIDERS,
    Action.EDIT_RCA: _RCA_EDITORS,
    Action.EDIT_ACTIONS: _RCA_EDITORS,
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
