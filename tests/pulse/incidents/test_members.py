"""The SWARM members checklist (seed 002): who must be in the space, who is missing, and the
names it shows (vITM and vCIO from the Clients tab, the other roles from configuration)."""

from __future__ import annotations

import pandas as pd

from pulse.incidents.members import (
    member_names,
    missing_members,
    swarm_members,
    swarm_roles,
    unknown_member_notes,
)
from pulse.incidents.procedure import SwarmRole, swarm_role_named
from tests.incident_frames import log_events

CLIENTS = pd.DataFrame(
    {"client": ["Acme Dental", "GPW"], "vitm": ["Ivy Tran", "Sam Lee"], "vcio": ["Cole Park", None]}
)


def test_a_security_incident_needs_the_information_security_lead_too() -> None:
    assert [str(r) for r in swarm_roles(security=False)] == [
        "analyst",
        "escalation_technician",
        "vitm",
        "vcio",
        "service_desk_manager",
    ]
    assert swarm_roles(security=True)[-1] == SwarmRole.INFOSEC_LEAD


def test_members_missing_until_every_role_is_added() -> None:
    rows = [
        ("swarm_member_added", "05-12 09:06", "analyst"),
        ("swarm_member_added", "05-12 09:07", "vITM"),
        ("swarm_member_added", "05-12 09:08", "Service Desk Manager"),
    ]
    members = swarm_members(log_events("TK1", rows), security=False, names={})
    assert missing_members(members) == ["Escalation technician", "vCIO"]
    assert members.set_index("role").loc["vitm", "added_by"] == "Ana"
    more = [
        *rows,
        ("swarm_member_added", "05-12 09:09", "escalation technician"),
        ("swarm_member_added", "05-12 09:10", "vcio"),
    ]
    assert missing_members(swarm_members(log_events("TK1", more), security=False, names={})) == []


def test_infosec_added_puts_the_lead_in_the_space() -> None:
    rows = [("infosec_added", "05-12 09:12")]
    members = swarm_members(log_events("TK1", rows), security=True, names={})
    assert "Information Security Lead" not in missing_members(members)
    assert len(missing_members(members)) == 5


def test_names_come_from_the_clients_tab_and_the_configuration() -> None:
    contacts = {"service_desk_manager": "Dee Manager", "vitm": "ignored: Clients wins"}
    names = member_names("  acme dental ", CLIENTS, contacts)
    assert names == {
        SwarmRole.SERVICE_DESK_MANAGER: "Dee Manager",
        SwarmRole.VITM: "Ivy Tran",
        SwarmRole.VCIO: "Cole Park",
    }
    # GPW has no vCIO on Clients: the configured name (none here) stands.
    assert SwarmRole.VCIO not in member_names("GPW", CLIENTS, {})
    assert member_names(None, CLIENTS, {}) == {}


def test_a_note_naming_no_role_is_listed_to_correct() -> None:
    rows = [("swarm_member_added", "05-12 09:06", "Bob from accounts")]
    assert unknown_member_notes(log_events("TK1", rows)) == ["Bob from accounts"]
    assert swarm_role_named("InfoSec") == SwarmRole.INFOSEC_LEAD
    assert swarm_role_named("escalation_technician") == SwarmRole.ESCALATION_TECHNICIAN
