"""The CLI's JSON and terminal text, and the page's filters, on the hand-worked incidents of
tests/incident_frames.py (as of Tue 2026-05-12 17:00 unless told)."""

from __future__ import annotations

import json

import pandas as pd

from pulse.incidents.views import (
    client_choices,
    filter_incidents,
    incidents_json,
    most_relevant_first,
    render_incidents_text,
)
from tests.incident_frames import table_as_of


def test_incidents_json_shape_and_values() -> None:
    payload = incidents_json(table_as_of())
    json.dumps(payload)  # serialisable as is
    first = payload[0]
    assert list(first) == [
        "ticket",
        "client",
        "title",
        "reported_at",
        "reported_by",
        "security",
        "resolved_at",
        "late_client_updates",
        "next_client_update_due",
        "swarm_members_missing",
        "next_action",
        "steps",
    ]
    assert first["ticket"] == "TK100"
    assert first["client"] == "GPW"
    assert first["reported_at"] == "2026-05-05T10:00:00-07:00"
    assert first["steps"][0] == {
        "step": "first_response",
        "status": "met",
        "due": "2026-05-05T11:00:00-07:00",
        "done_at": "2026-05-05T10:30:00-07:00",
    }
    assert first["steps"][3] == {
        "step": "infosec_added",
        "status": "not_required",
        "due": None,
        "done_at": None,
    }
    # TK100 was answered at 10:30, so an update was due 11:30; resolved at 12:00 without one.
    assert (first["reported_by"], first["security"], first["late_client_updates"]) == (
        "email",
        False,
        1,
    )
    assert first["resolved_at"] == "2026-05-05T12:00:00-07:00"
    assert first["next_action"] is None and first["next_client_update_due"] is None
    assert first["swarm_members_missing"] == 5  # nobody recorded as added
    # TK300, open: the swarm was due 10:15, 405 business minutes before 17:00.
    assert payload[2]["next_action"] == {
        "step": "swarm_created",
        "action": "Create the SWARM space (title: CLIENT – TICKET – summary)",
        "who": "Service Desk analyst",
        "due": "2026-05-12T10:15:00-07:00",
        "business_minutes_left": -405.0,
    }
    # Answered at 10:20: the update due 11:20 is still owed.
    assert payload[2]["next_client_update_due"] == "2026-05-12T11:20:00-07:00"
    assert payload[2]["client"] is None
    assert all(len(incident["steps"]) == 10 for incident in payload)
    statuses = {s["status"] for incident in payload for s in incident["steps"]}
    assert statuses <= {"met", "breached", "pending", "not_required"}


def test_incidents_json_of_no_incidents_is_an_empty_list() -> None:
    assert incidents_json(table_as_of("05-01 09:00")) == []


def test_render_incidents_text() -> None:
    text = render_incidents_text(table_as_of())
    assert text.startswith(
        "3 critical incidents as of 2026-05-12 17:00 PDT; 1 open; 6 steps breached."
    )
    assert "GPW – TK100 – PBA inaccessible  (reported 2026-05-05 10:00 PDT, resolved" in text
    assert "NEXT: Create the SWARM space" in text
    assert render_incidents_text(table_as_of("05-01 09:00")).startswith("No critical incidents")


def test_render_incidents_text_lines_of_steps_and_the_next_action() -> None:
    lines = render_incidents_text(table_as_of()).splitlines()
    # Step name padded to 20, status to 13, due to 22; a step not required shows dashes.
    assert (
        "  first_response       met           due 2026-05-05 11:00 PDT   done 2026-05-05 10:30 PDT"
        in lines
    )
    assert "  infosec_added        not_required  due -                      done -" in lines
    # TK300: the swarm was due 10:15, 405 business minutes before 17:00.
    assert lines[-2:] == [
        "  NEXT: Create the SWARM space (title: CLIENT – TICKET – summary) -- "
        "Service Desk analyst, due 2026-05-12 10:15 PDT (405 business min overdue)",
        "  client updates late or missed: 1",  # answered 10:20, nothing sent since 11:20
    ]
    assert "(unknown client) – TK300  (reported 2026-05-12 10:00 PDT, open)" in lines


def test_filters_and_client_choices() -> None:
    incidents = table_as_of().incidents
    assert client_choices(incidents) == ["(unknown client)", "Acme Dental", "GPW"]
    assert list(filter_incidents(incidents, clients=["GPW"])["ticket"]) == ["TK100"]
    assert list(filter_incidents(incidents, state="open")["ticket"]) == ["TK300"]
    assert list(filter_incidents(incidents, state="closed", breached_only=True)["ticket"]) == [
        "TK200"
    ]


def test_the_unknown_client_label_filters_the_incidents_without_a_client() -> None:
    incidents = table_as_of().incidents
    unknown = filter_incidents(incidents, clients=["(unknown client)", "GPW"])
    assert list(unknown["ticket"]) == ["TK100", "TK300"]
    assert len(filter_incidents(incidents, state="all")) == 3


def test_most_relevant_first_puts_open_incidents_first_then_the_most_recent() -> None:
    incidents = pd.DataFrame(
        {
            "ticket": ["A", "B", "C", "D", "E"],
            "is_open": [False, True, False, True, False],
            "reported_at": pd.to_datetime(
                ["2026-05-01", "2026-05-02", "2026-05-09", "2026-05-05", "2026-05-09"], utc=True
            ),
        }
    )
    # Open: D (05-05) before B (05-02); then resolved: C and E (05-09, table order), then A.
    assert most_relevant_first(incidents)["ticket"].tolist() == ["D", "B", "C", "E", "A"]
