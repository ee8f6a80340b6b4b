"""Sample critical incidents, built deterministically from a seed (datasette-style fixtures).

``build_sample_incidents`` returns the ticket rows (canonical ticket columns) of about a dozen
critical incidents over the eight weeks before ``as_of`` and their incident events. Each scenario
places its events in *business minutes* from the report (or the swarm, or the hand-over), so the
statuses the procedure gives are the same whatever the dates: together they cover every step
status (met, breached, pending, not required), an after-hours and a weekend report, security
incidents, late vITMs with and without a phone call, the vITM's manager, a vCIO hand-over and an
incident still open at the end of the as-of day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.business_clock import BusinessClock, business_clock
from pulse.incidents import EVENT_COLUMNS
from pulse.schema import TICKET_COLUMNS, IncidentEvent, Priority, TicketType
from pulse.settings import BusinessHours

E = IncidentEvent
WINDOW_DAYS = 56  # incidents fall in the eight weeks before as_of
LAST_GAP_DAYS = 14  # the last closed incident starts at least a week (after jitter) before as_of

# Where an event sits: business minutes after an anchor event of the same incident.
Step = tuple[IncidentEvent, IncidentEvent, int]  # (event, anchor, business minutes after anchor)


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    when: str  # "day" | "after_hours" | "friday_late" | "weekend" | "open"
    steps: tuple[Step, ...]
    security: bool = False


ON_TIME: tuple[Step, ...] = (
    (E.SWARM_CREATED, E.REPORTED, 6),
    (E.SUMMARY_POSTED, E.SWARM_CREATED, 8),
    (E.CLIENT_RESPONDED, E.REPORTED, 25),
    (E.VITM_ACKNOWLEDGED, E.SWARM_CREATED, 20),
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "by the book",
        "Network down at main office",
        "day",
        (*ON_TIME, (E.RESOLVED, E.REPORTED, 180)),
    ),
    Scenario(
        "after hours, late swarm",
        "Email outage for all staff",
        "after_hours",
        (
            (E.SWARM_CREATED, E.REPORTED, 25),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 10),
            (E.CLIENT_RESPONDED, E.REPORTED, 40),
            (E.VITM_ACKNOWLEDGED, E.SWARM_CREATED, 15),
            (E.CHILD_TICKET_ATTACHED, E.REPORTED, 60),
            (E.RESOLVED, E.REPORTED, 240),
        ),
    ),
    Scenario(
        "Friday to Monday, late vITM with a phone call and the manager added",
        "Payroll system inoperable",
        "friday_late",
        (
            (E.SWARM_CREATED, E.REPORTED, 5),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 12),
            (E.VITM_PHONED, E.SWARM_CREATED, 40),
            (E.VITM_MANAGER_ADDED, E.SWARM_CREATED, 70),
            (E.VITM_ACKNOWLEDGED, E.SWARM_CREATED, 80),
            (E.CLIENT_RESPONDED, E.REPORTED, 75),
            (E.CLIENT_UPDATE_SENT, E.SWARM_CREATED, 120),
            (E.RESOLVED, E.REPORTED, 400),
        ),
    ),
    Scenario(
        "security, InfoSec on time",
        "Possible ransomware on file server",
        "day",
        (*ON_TIME, (E.INFOSEC_ADDED, E.SWARM_CREATED, 5), (E.RESOLVED, E.REPORTED, 600)),
        security=True,
    ),
    Scenario(
        "security, InfoSec late",
        "Compromised mailbox sending phishing",
        "day",
        (
            *ON_TIME,
            (E.INFOSEC_ADDED, E.SWARM_CREATED, 35),
            (E.PROBLEM_TICKET_OPENED, E.REPORTED, 120),
            (E.RESOLVED, E.REPORTED, 300),
        ),
        security=True,
    ),
    Scenario(
        "vCIO hand-over, vCIO late and phoned",
        "ERP application inaccessible",
        "day",
        (
            (E.SWARM_CREATED, E.REPORTED, 5),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 10),
            (E.CLIENT_RESPONDED, E.REPORTED, 30),
            (E.VITM_UNAVAILABLE, E.SWARM_CREATED, 20),
            (E.VCIO_TAGGED, E.VITM_UNAVAILABLE, 5),
            (E.VCIO_PHONED, E.VCIO_TAGGED, 35),
            (E.VCIO_ACKNOWLEDGED, E.VCIO_TAGGED, 40),
            (E.RESOLVED, E.REPORTED, 200),
        ),
    ),
    Scenario(
        "vCIO hand-over on time",
        "VPN down for remote staff",
        "day",
        (
            (E.SWARM_CREATED, E.REPORTED, 10),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 5),
            (E.CLIENT_RESPONDED, E.REPORTED, 20),
            (E.VITM_PHONED, E.SWARM_CREATED, 32),
            (E.VITM_UNAVAILABLE, E.SWARM_CREATED, 45),
            (E.VCIO_TAGGED, E.VITM_UNAVAILABLE, 10),
            (E.VCIO_ACKNOWLEDGED, E.VCIO_TAGGED, 15),
            (E.RESOLVED, E.REPORTED, 150),
        ),
    ),
    Scenario(
        "vITM late without a phone call",
        "Internet outage at warehouse",
        "day",
        (
            (E.SWARM_CREATED, E.REPORTED, 8),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 14),
            (E.CLIENT_RESPONDED, E.REPORTED, 45),
            (E.VITM_ACKNOWLEDGED, E.SWARM_CREATED, 50),
            (E.RESOLVED, E.REPORTED, 120),
        ),
    ),
    Scenario(
        "late first response",
        "Line-of-business app crashing",
        "day",
        (
            (E.SWARM_CREATED, E.REPORTED, 12),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 20),
            (E.VITM_ACKNOWLEDGED, E.SWARM_CREATED, 10),
            (E.CLIENT_RESPONDED, E.REPORTED, 95),
            (E.RESOLVED, E.REPORTED, 330),
        ),
    ),
    Scenario(
        "weekend report",
        "PBA inaccessible",
        "weekend",
        (*ON_TIME, (E.RESOLVED, E.REPORTED, 90)),
    ),
    Scenario(
        "vITM never acknowledges, manager added late",
        "Phone system down",
        "day",
        (
            (E.SWARM_CREATED, E.REPORTED, 4),
            (E.SUMMARY_POSTED, E.SWARM_CREATED, 9),
            (E.CLIENT_RESPONDED, E.REPORTED, 15),
            (E.VITM_PHONED, E.SWARM_CREATED, 55),
            (E.VITM_MANAGER_ADDED, E.SWARM_CREATED, 90),
            (E.RESOLVED, E.REPORTED, 260),
        ),
    ),
    # Reported at 16:40 on the last business day up to as_of and still open at the end of that
    # day: what is left falls due the next business morning (pending).
    Scenario(
        "open at the end of the as-of day",
        "Server room overheating, hosts shutting down",
        "open",
        ((E.SWARM_CREATED, E.REPORTED, 8),),
    ),
)

CLOSED_STATUS = "Closed"
OPEN_STATUS = "In Progress"
ACTORS: dict[IncidentEvent, str] = {
    E.VITM_ACKNOWLEDGED: "vITM",
    E.VITM_UNAVAILABLE: "Service Desk",
    E.VCIO_ACKNOWLEDGED: "vCIO",
    E.INFOSEC_ADDED: "Service Desk analyst",
}


def build_sample_incidents(
    *, seed: int, clients: list[str], as_of: date, hours: BusinessHours | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ticket rows: TICKET_COLUMNS, events: EVENT_COLUMNS); same input, same frames."""
    if not clients:
        raise ValueError("Sample incidents need at least one client.")
    hours = hours or BusinessHours()
    clock = business_clock(hours)
    rng = random.Random(seed)
    numbers = sorted(rng.sample(range(10_000, 99_999), len(SCENARIOS)))
    days = _incident_days(as_of, count=len(SCENARIOS) - 1, rng=rng)
    tickets: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    for index, scenario in enumerate(SCENARIOS):
        ticket = f"TK{numbers[index]}"
        day = days[index] if scenario.when != "open" else as_of
        reported = _reported_at(scenario.when, day, clock=clock, rng=rng)
        timeline = _timeline(scenario, reported, clock=clock)
        client = clients[rng.randrange(len(clients))]
        tickets.append(_ticket_row(ticket, client, scenario, timeline))
        events.extend(_event_rows(ticket, timeline))
    return _tickets_frame(tickets), _events_frame(events)


def _incident_days(as_of: date, *, count: int, rng: random.Random) -> list[date]:
    """Days spread over the window, oldest first, jittered by up to two days, a week clear of as_of
    (so every closed incident's events, up to two business days long, end before it)."""
    spacing = (WINDOW_DAYS - LAST_GAP_DAYS) / count
    return [
        as_of - timedelta(days=WINDOW_DAYS) + timedelta(days=round(i * spacing) + rng.randint(0, 2))
        for i in range(count)
    ]


def _reported_at(when: str, day: date, *, clock: BusinessClock, rng: random.Random) -> datetime:
    zone = ZoneInfo(clock.hours.timezone)
    if when == "weekend":
        saturday = day + timedelta(days=(5 - day.weekday()) % 7)
        return datetime.combine(saturday, time(10, rng.randrange(60)), tzinfo=zone)
    if when == "friday_late":
        friday = day + timedelta(days=(4 - day.weekday()) % 7)
        return _last_business_day(friday, clock, at=time(16, 40))
    if when == "open":
        return _last_business_day(day, clock, at=time(16, 40))
    business_day = _last_business_day(day, clock, at=time(12))
    if when == "after_hours":
        return business_day.replace(hour=19, minute=rng.randrange(60))
    return business_day.replace(hour=rng.randint(9, 14), minute=rng.randrange(60))


def _last_business_day(day: date, clock: BusinessClock, *, at: time) -> datetime:
    zone = ZoneInfo(clock.hours.timezone)
    candidate = datetime.combine(day, at, tzinfo=zone)
    while not clock.is_open(candidate):
        candidate -= timedelta(days=1)
    return candidate


def _timeline(
    scenario: Scenario, reported: datetime, *, clock: BusinessClock
) -> dict[IncidentEvent, datetime]:
    timeline = {E.REPORTED: reported}
    for event, anchor, minutes in scenario.steps:
        timeline[event] = clock.add_minutes(timeline[anchor], minutes)
    return timeline


def _ticket_row(
    ticket: str, client: str, scenario: Scenario, timeline: dict[IncidentEvent, datetime]
) -> dict[str, object]:
    resolved = timeline.get(E.RESOLVED)
    return {
        "ticket": ticket,
        "client": client,
        "summary": scenario.summary,
        "priority": Priority.CRITICAL.value,
        "type": TicketType.INCIDENT.value,
        "board": "Service Desk",
        "status": CLOSED_STATUS if resolved else OPEN_STATUS,
        "created": timeline[E.REPORTED],
        "first_response": timeline.get(E.CLIENT_RESPONDED),
        "resolved": resolved,
        "parent_ticket": "",
        "due": None,
        "survey_score": None,
        "notes": f"Critical incident: {scenario.name}.",
        "security": scenario.security,
    }


def _event_rows(ticket: str, timeline: dict[IncidentEvent, datetime]) -> list[dict[str, object]]:
    return [
        {
            "ticket": ticket,
            "event": event.value,
            "at": at,
            "actor": ACTORS.get(event, "Service Desk analyst"),
            "note": "",
        }
        for event, at in sorted(timeline.items(), key=lambda item: item[1])
    ]


def _tickets_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(TICKET_COLUMNS))
    for column in ("created", "first_response", "resolved", "due"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.as_unit("ns")
    for column in ("ticket", "client", "summary", "priority", "type", "board", "status"):
        frame[column] = frame[column].astype("string")
    frame["parent_ticket"] = frame["parent_ticket"].astype("string")
    frame["notes"] = frame["notes"].astype("string")
    frame["survey_score"] = frame["survey_score"].astype("Float64")
    frame["security"] = frame["security"].astype(bool)
    return frame


def _events_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for column in ("ticket", "event", "actor", "note"):
        frame[column] = frame[column].astype("string")
    frame["at"] = pd.to_datetime(frame["at"], utc=True).dt.as_unit("ns")
    return frame
