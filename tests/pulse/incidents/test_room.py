"""One incident's room (tests/incident_frames.py's TK800, worked there by hand): its steps,
members with their names, client updates, child tickets and the drafts to copy."""

from __future__ import annotations

from pulse.incidents.room import find_incident
from pulse.incidents.table import incidents_table
from tests.incident_frames import ROOM_EVENTS, log_events, room_settings, t, tk800_room


def test_the_room_is_found_whatever_the_tickets_spelling() -> None:
    table = incidents_table(
        log_events("TK800", ROOM_EVENTS), None, as_of=t("05-12 17:00"), settings=room_settings()
    )
    assert find_incident(table, " tk800 ") == "TK800"


def test_the_room_has_the_incident_its_steps_and_events() -> None:
    room = tk800_room()
    assert room.title == "GPW – TK800 – Firewall down"
    assert room.is_open is False
    assert len(room.steps) == 10 and len(room.events) == len(ROOM_EVENTS)
    statuses = room.steps.set_index("step")["status"].to_dict()
    assert [statuses[s] for s in ("vitm_acknowledged", "vitm_phoned", "vitm_manager_added")] == [
        "breached",
        "breached",
        "breached",
    ]


def test_members_are_named_and_the_missing_listed() -> None:
    room = tk800_room()
    assert room.missing == ["Escalation technician", "vCIO", "Service Desk Manager"]
    names = room.members.set_index("role")["name"].to_dict()
    assert (names["vitm"], names["vcio"], names["service_desk_manager"]) == (
        "Sam Lee",
        "Cole Park",
        "Dee",
    )


def test_updates_related_tickets_and_the_summary_draft() -> None:
    room = tk800_room()
    assert room.updates.rows["status"].tolist() == ["on time"]
    assert room.updates.late == 0 and room.updates.next_due is None
    assert room.related[["ticket", "kind", "status"]].values.tolist() == [
        ["TK801", "child", "Open"]
    ]
    assert room.summary_draft.splitlines() == [
        "Issue: Firewall down",
        "Reported: Tue 12 May 2026 09:00 PDT by e-mail",
        "Troubleshooting so far: Power-cycled the firewall; no change.",
    ]


def test_an_unknown_ticket_has_no_room() -> None:
    table = incidents_table(
        log_events("TK800", ROOM_EVENTS), None, as_of=t("05-12 17:00"), settings=room_settings()
    )
    assert find_incident(table, "TK999") is None
