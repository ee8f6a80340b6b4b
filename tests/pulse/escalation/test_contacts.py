"""The people configured for escalation roles (roles, never names, in code)."""

from __future__ import annotations

from pulse.escalation.contacts import contact_for, contacts_for, role_key
from pulse.settings import Contact, EscalationSettings


def test_matrix_roles_find_their_people_in_config() -> None:
    contacts = {"sales_manager": Contact("Sal Manager"), "project_manager": Contact("Pat PM")}
    assert role_key("Project Team / Account Manager") == "project_team_account_manager"
    assert contact_for(contacts, "Sales Manager").name == "Sal Manager"
    assert contact_for(contacts, "Project Manager").name == "Pat PM"
    assert contact_for(contacts, "executive_sponsor").name == "Executive sponsor"


def test_contacts_for_keeps_the_roles_in_the_order_given() -> None:
    settings = EscalationSettings(contacts={"manager": Contact("Morgan Lead", "m@example.com")})
    contacts = contacts_for(settings, "executive", "manager")
    assert list(contacts) == ["executive", "manager"]
    assert contacts["manager"] == Contact("Morgan Lead", "m@example.com")
    assert contacts["executive"].name == "Executive"  # not configured: the role itself
    assert contacts_for(settings) == {}


def test_role_key_of_a_key_is_itself() -> None:
    assert role_key("sales_contact") == "sales_contact"
    assert role_key("  Sales   Manager ") == "sales_manager"
