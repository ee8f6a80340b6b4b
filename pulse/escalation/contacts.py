"""Who to call: the people configured for each escalation role (roles, never names, in code).

The seeds' named people are roles in `EscalationSettings.contacts`, keyed by `role_key`.
"""

from __future__ import annotations

import re

from pulse.settings import Contact, EscalationSettings

SALES_CONTACT = "sales_contact"
MANAGER = "manager"
EXECUTIVE_SPONSOR = "executive_sponsor"
CS_MANAGER = "cs_manager"
SALES_MANAGER = "sales_manager"
EXECUTIVE = "executive"


def role_key(role: str) -> str:
    """The config key of a matrix role: 'Project Team / Account Manager' becomes
    'project_team_account_manager' ([escalation.contacts.project_team_account_manager])."""
    return "_".join(re.findall(r"[a-z0-9]+", role.casefold()))


def contact_for(contacts: dict[str, Contact], role: str) -> Contact:
    """The configured person for a role (key or matrix wording); the role itself if none is set."""
    found = contacts.get(role_key(role))
    return found if found is not None else Contact(name=role.replace("_", " ").capitalize())


def contacts_for(settings: EscalationSettings, *roles: str) -> dict[str, Contact]:
    """Each role's configured person, by role key, in the order given."""
    return {role: contact_for(settings.contacts, role) for role in roles}
