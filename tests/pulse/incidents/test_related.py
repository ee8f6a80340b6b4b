"""An incident's child and problem tickets (seed 002), from the export's Parent Ticket and from the
recorded `child_ticket_attached` / `problem_ticket_opened` events, each with its status."""

from __future__ import annotations

import pandas as pd

from pulse.incidents.related import (
    NOT_EXPORTED,
    incident_tickets,
    recorded_numbers,
    related_tickets,
)
from tests.incident_frames import log_events


def export() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ["TK900", "TK901", "TK902", "TK905", "TK906"],
            "summary": ["VPN down", "Cannot connect", "VPN WI missing", "Other", "Also VPN"],
            "type": ["incident", "incident", "problem", "incident", "incident"],
            "status": ["In Progress", "Open", "Closed", "Open", "Open"],
            "parent_ticket": [None, "tk900", "TK900", "TK1", None],
            "is_open": [True, True, False, True, True],
        }
    )


def test_children_and_problems_from_the_export_and_the_events() -> None:
    events = log_events(
        "TK900",
        [
            ("child_ticket_attached", "05-12 10:00", "TK901"),  # also in the export: once
            ("problem_ticket_opened", "05-12 10:05", "TK903 missing WI for the VPN appliance"),
            ("child_ticket_attached", "05-12 10:10", "TK906"),  # no parent in the export
        ],
    )
    related = related_tickets("TK900", events, export())
    assert related.to_dict("records") == [
        {
            "ticket": "TK901",
            "kind": "child",
            "summary": "Cannot connect",
            "status": "Open",
            "is_open": True,
            "source": "ticket export",
        },
        {
            "ticket": "TK902",
            "kind": "problem",
            "summary": "VPN WI missing",
            "status": "Closed",
            "is_open": False,
            "source": "ticket export",
        },
        {
            "ticket": "TK903",
            "kind": "problem",
            "summary": "missing WI for the VPN appliance",
            "status": NOT_EXPORTED,
            "is_open": True,
            "source": "recorded by Ana",
        },
        {
            "ticket": "TK906",
            "kind": "child",
            "summary": "Also VPN",
            "status": "Open",
            "is_open": True,
            "source": "recorded by Ana",
        },
    ]


def test_no_export_and_no_events_lists_nothing() -> None:
    assert related_tickets("TK900", log_events("TK900", []), None).empty


def test_the_room_reads_only_the_rows_it_needs() -> None:
    events = log_events("TK900", [("problem_ticket_opened", "05-12 10:05", "tk906 why")])
    named = recorded_numbers(events)
    assert named == ("tk906",)
    kept = incident_tickets(export(), " tk900 ", named)
    assert kept is not None
    assert kept["ticket"].tolist() == ["TK900", "TK901", "TK902", "TK906"]
    assert incident_tickets(None, "TK900") is None
