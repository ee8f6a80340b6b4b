"""The signal rules (SPEC "Criteria signals from tickets"), worked out by hand.

As-of is Monday 2026-03-16 in America/Los_Angeles; the 30-day window is 2026-02-14 .. 2026-03-15.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from pulse.extra_care import missing_contact
from pulse.settings import DEFAULT_SETTINGS
from tests.ticket_frames import AS_OF, both_indexes, clients, fired, frame, signals, ticket

# ---- service desk --------------------------------------------------------------------------------


# Each rule holds on both ways the rules get their ticket index (tests.ticket_frames).
pytestmark = pytest.mark.usefixtures(both_indexes.__name__)


@pytest.mark.parametrize(("count", "fires"), [(2, False), (3, True), (4, True)])
def test_service_desk_fires_at_three_urgent_incidents(count: int, fires: bool) -> None:
    rows = [ticket(f"T{i}", priority="High" if i % 2 else "Critical") for i in range(count)]
    result = fired(signals(frame(*rows)), "service_desk")
    assert result == ({"Acme": [f"T{i}" for i in range(count)]} if fires else {})


def test_urgent_service_requests_and_medium_incidents_do_not_count() -> None:
    rows = [
        ticket("A", priority="High", type="service request"),
        ticket("B", priority="Medium"),
        ticket("C", priority="Critical"),
        ticket("D", priority="High"),
    ]
    assert fired(signals(frame(*rows)), "service_desk") == {}


def late(
    number: str, *, created: str, answered: str | None, priority: str = "Medium"
) -> dict[str, Any]:
    return ticket(number, priority=priority, created=created, first_response=answered)


@pytest.mark.parametrize(("late_count", "fires"), [(1, False), (2, True), (3, True)])
def test_service_desk_fires_at_two_late_first_responses(late_count: int, fires: bool) -> None:
    # Medium: 240 business minutes. Created Tue 09:00 -> due Tue 13:00; answered 14:00 is late.
    rows = [
        late(f"L{i}", created=f"2026-03-0{3 + i} 09:00", answered=f"2026-03-0{3 + i} 14:00")
        for i in range(late_count)
    ]
    rows.append(late("OK", created="2026-03-10 09:00", answered="2026-03-10 12:59"))
    result = fired(signals(frame(*rows)), "service_desk")
    assert result == ({"Acme": [f"L{i}" for i in range(late_count)]} if fires else {})


@pytest.mark.parametrize(
    ("answered", "is_late"),
    [
        # High = 120 business minutes. Friday 18:00 is after hours: the clock starts Monday 08:00,
        # so the target is Monday 10:00 (on a wall clock it would have been Friday 20:00).
        ("2026-03-09 09:30", False),
        ("2026-03-09 10:00", False),
        ("2026-03-09 10:01", True),
    ],
)
def test_a_friday_evening_ticket_is_measured_on_the_business_clock(
    answered: str, is_late: bool
) -> None:
    friday = late("FRI", created="2026-03-06 18:00", answered=answered, priority="High")
    other_late = late("X", created="2026-03-10 09:00", answered="2026-03-10 16:00")
    result = fired(signals(frame(friday, other_late)), "service_desk")
    assert result == ({"Acme": ["FRI", "X"]} if is_late else {})


@pytest.mark.parametrize(
    ("as_of", "is_late"), [(date(2026, 3, 16), False), (date(2026, 3, 17), True)]
)
def test_an_unanswered_ticket_is_late_once_its_target_passed_before_the_as_of_date(
    as_of: date, is_late: bool
) -> None:
    # Friday 2026-03-13 18:00, High: due Monday 2026-03-16 10:00. On as-of Monday the target has
    # not passed before the day began; on Tuesday it has.
    friday = late("FRI", created="2026-03-13 18:00", answered=None, priority="High")
    other_late = late("X", created="2026-03-10 09:00", answered="2026-03-10 16:00")
    result = fired(signals(frame(friday, other_late), as_of=as_of), "service_desk")
    assert ("Acme" in result) is is_late


def test_both_service_desk_reasons_are_given_once() -> None:
    rows = [ticket(f"U{i}", priority="Critical") for i in range(3)]
    rows += [
        late(f"L{i}", created="2026-03-03 09:00", answered="2026-03-03 15:00") for i in range(2)
    ]
    result = signals(frame(*rows))
    (row,) = result[result["criterion"] == "service_desk"].to_dict("records")
    assert row["reason"] == (
        "3 Critical/High incidents in 30 days (≥3); 2 tickets answered late (≥2)"
    )
    assert sorted(row["tickets"]) == ["L0", "L1", "U0", "U1", "U2"]


# ---- NOC, project, frustrated --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "fires"),
    [
        ([("Critical", "NOC"), ("Critical", "Service Desk")], False),
        ([("Critical", "NOC"), ("Critical", "noc")], True),
        (
            [("Critical", "NOC"), ("Critical", "Network Operations Center"), ("Critical", "NOC")],
            True,
        ),
        ([("Critical", "NOC"), ("High", "NOC")], False),
    ],
)
def test_noc_fires_at_two_critical_noc_incidents(rows: list[tuple[str, str]], fires: bool) -> None:
    tickets = frame(*(ticket(f"N{i}", priority=p, board=b) for i, (p, b) in enumerate(rows)))
    assert ("Acme" in fired(signals(tickets), "noc")) is fires


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({"type": "project", "due": "2026-03-15 17:00"}, True),
        ({"type": "project", "due": "2026-03-16 17:00"}, False),  # due on as-of: not yet late
        ({"type": "project", "due": "2026-03-15 17:00", "status": "Closed"}, False),
        ({"type": "project", "due": None}, False),
        # Any open overdue project ticket counts, however long ago it was created.
        ({"type": "project", "due": "2025-06-01 17:00", "created": "2025-05-01 09:00"}, True),
        ({"type": "service request", "board": "Projects", "due": "2026-03-01 17:00"}, True),
        ({"type": "incident", "due": "2026-03-01 17:00"}, False),
    ],
)
def test_project_fires_on_one_open_overdue_project_ticket(
    fields: dict[str, Any], fires: bool
) -> None:
    result = fired(signals(frame(ticket("P", **fields))), "project")
    assert result == ({"Acme": ["P"]} if fires else {})


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({"survey_score": 2.0}, True),
        ({"survey_score": 1.0}, True),
        ({"survey_score": 3.0}, False),
        ({"notes": "Honestly this is UNACCEPTABLE"}, True),
        ({"summary": "Printer down again?"}, True),
        ({"notes": "All good, thanks"}, False),
        ({"survey_score": 1.0, "created": "2026-02-01 10:00"}, False),  # outside the window
    ],
)
def test_frustrated_messages(fields: dict[str, Any], fires: bool) -> None:
    result = fired(signals(frame(ticket("F", **fields))), "frustrated_messages")
    assert result == ({"Acme": ["F"]} if fires else {})


# ---- communication -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "fires"),
    [(date(2026, 3, 3), False), (date(2026, 3, 2), True), (date(2026, 3, 1), True)],
    ids=["13-days", "14-days", "15-days"],
)
def test_communication_fires_after_fourteen_days_without_contact(
    contact: date, fires: bool
) -> None:
    result = signals(frame(), contacts={"Acme": contact})
    rows = result[result["criterion"] == "communication"].to_dict("records")
    days = (AS_OF - contact).days
    assert rows == (
        [
            {
                "client_key": "acme",
                "client": "Acme",
                "criterion": "communication",
                "tickets": [],
                "reason": f"no client contact for {days} days (since {contact}; ≥14)",
            }
        ]
        if fires
        else []
    )


def test_a_blank_contact_raises_no_signal_but_is_missing_data() -> None:
    contacts: dict[str, date | None] = {"Acme": None, "Globex": AS_OF}
    assert signals(frame(), contacts=contacts).empty
    assert missing_contact(clients(contacts)) == ["Acme"]


# ---- settings, spelling, no tickets --------------------------------------------------------------


def test_thresholds_come_from_settings() -> None:
    settings = replace(
        DEFAULT_SETTINGS, signals=replace(DEFAULT_SETTINGS.signals, service_desk_urgent_incidents=2)
    )
    rows = [ticket("A", priority="High"), ticket("B", priority="High")]
    assert fired(signals(frame(*rows), settings=settings), "service_desk") == {"Acme": ["A", "B"]}


def test_ticket_client_spelling_is_replaced_by_the_workbooks() -> None:
    result = signals(frame(*(ticket(f"T{i}", client=" ACME ", priority="High") for i in range(3))))
    assert list(result["client"]) == ["Acme"]


def test_no_tickets_no_signals() -> None:
    assert list(signals(frame()).columns) == [
        "client_key",
        "client",
        "criterion",
        "tickets",
        "reason",
    ]


def test_the_rules_leave_the_readers_warnings_on_the_tickets() -> None:
    # The rules work on a copy without attrs (pandas deep-copies them into every derived frame);
    # the caller's frame keeps its warnings and layout, and the evidence is the same.
    tickets = frame(*(ticket(f"T{i}", priority="Critical") for i in range(3)))
    tickets.attrs = {"warnings": ["row 9: blank Client"], "layout": {"preset": "generic"}}
    assert fired(signals(tickets), "service_desk") == {"Acme": ["T0", "T1", "T2"]}
    assert tickets.attrs == {"warnings": ["row 9: blank Client"], "layout": {"preset": "generic"}}
