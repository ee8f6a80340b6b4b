"""What the index decides per ticket, and the evidence order, worked out by hand (as-of Monday
2026-03-16, Los Angeles; the rules' own thresholds are tested through both indexes in
test_rules.py)."""

from __future__ import annotations

from datetime import date

import numpy as np

from pulse.business_clock import business_clock
from pulse.settings import DEFAULT_SETTINGS
from pulse.signals.index import (
    before,
    date_parts,
    evidence_order,
    recent_entries,
    ticket_index,
)
from tests.ticket_frames import AS_OF, TZ, frame, ticket

RULES = DEFAULT_SETTINGS.signals
CLOCK = business_clock(DEFAULT_SETTINGS.business_hours)


def test_evidence_order_is_client_then_oldest_then_ticket_number_with_blanks_last() -> None:
    tickets = frame(
        ticket("G1", client="Globex", created="2026-03-02 09:00"),
        ticket("B", created="2026-03-05 09:00"),
        ticket("A", created="2026-03-05 09:00"),  # same client and instant as B: by number
        ticket("OLD", created="2026-03-01 09:00"),
        ticket("NONE", created=None),  # no created time: last of its client
    )
    order = evidence_order(tickets)
    assert tickets["ticket"].to_numpy()[order].tolist() == ["OLD", "A", "B", "NONE", "G1"]


def test_what_each_ticket_is_does_not_depend_on_the_date() -> None:
    tickets = frame(
        ticket("URGENT", priority="High"),
        ticket("NOC", priority="Critical", board="NOC"),
        ticket("CROSS", notes="We are NOT HAPPY about this"),
        # Medium = 240 business minutes: created Tue 09:00, due 13:00.
        ticket("LATE", created="2026-03-10 09:00", first_response="2026-03-10 13:01"),
        ticket("WAITING", created="2026-03-10 09:00", first_response=None),
        ticket("PROJ", type="project", due="2026-03-13 17:00"),
        ticket("DONE-PROJ", type="project", due="2026-03-13 17:00", status="Closed"),
    )
    index = ticket_index(tickets, rules=RULES, clock=CLOCK)
    window, project = index.window, index.project
    names = tickets["ticket"].to_numpy()
    assert names[window.rows[window.urgent]].tolist() == ["URGENT", "NOC"]
    assert names[window.rows[window.noc_critical]].tolist() == ["NOC"]
    assert names[window.rows[window.frustrated]].tolist() == ["CROSS"]
    assert names[window.rows[window.answered_late]].tolist() == ["LATE"]
    waiting = window.response_due[names == "WAITING"]
    assert np.array_equal(waiting, np.array(["2026-03-10T20:00"], dtype="datetime64[ns]"))
    assert names[project.rows].tolist() == ["PROJ"]  # the closed one is not open
    assert project.rank is not None and window.rank is not None
    assert project.rank.tolist() == [window.rank[names == "PROJ"][0]]


def test_dates_are_compared_with_the_start_of_the_business_day() -> None:
    tickets = frame(
        ticket("IN", created="2026-03-15 23:59"),
        ticket("OUT", created="2026-03-16 00:00"),
        ticket("PROJ", type="project", due="2026-03-15 23:59", created="2025-01-06 10:00"),
    )
    index = ticket_index(tickets, rules=RULES, clock=CLOCK)
    recent = recent_entries(index.window, as_of=AS_OF, days=30, zone=TZ)
    assert recent.tolist() == [True, False, False]
    assert before(index.project.due, AS_OF, TZ).tolist() == [True]
    assert before(index.project.due, date(2026, 3, 15), TZ).tolist() == [False]


def test_one_dates_parts_hold_only_the_tickets_that_date_can_count() -> None:
    tickets = frame(
        ticket("ANCIENT-OPEN-PROJ", type="project", due="2025-06-02 12:00", created="2025-05-05"),
        ticket("ANCIENT", created="2025-05-05 10:00"),
        ticket("RECENT", created="2026-03-10 10:00"),
        ticket("LATER-PROJ", type="project", due="2026-04-01 12:00", created="2025-05-05"),
    )
    parts = date_parts(tickets, as_of=AS_OF, rules=RULES, clock=CLOCK, zone=TZ)
    names = tickets["ticket"].to_numpy()
    assert names[parts.window.rows].tolist() == ["RECENT"]
    assert names[parts.project.rows].tolist() == ["ANCIENT-OPEN-PROJ"]
    assert parts.window.rank is None and parts.project.rank is None


def test_an_export_without_tickets_gives_empty_indexes() -> None:
    index = ticket_index(frame(), rules=RULES, clock=CLOCK)
    assert len(index.window.rows) == 0 and len(index.project.rows) == 0


def test_the_kept_index_lists_each_tickets_client_and_number_by_position() -> None:
    tickets = frame(
        ticket("G1", client="Globex"),
        ticket("A1", client="Acme"),
    )
    index = ticket_index(tickets, rules=RULES, clock=CLOCK)
    assert index.evidence is not None
    assert index.evidence.keys(np.array([1, 0])).tolist() == ["acme", "globex"]
    assert index.evidence.tickets.tolist() == ["G1", "A1"]
    per_date = date_parts(tickets, as_of=AS_OF, rules=RULES, clock=CLOCK, zone=TZ)
    assert per_date.evidence is None  # one date's hits read the export's own columns
