"""Sample ticket exports, built deterministically from a seed (pure builder + separate writer).

`build_sample_tickets` returns the canonical ticket frame (what `connectors.tickets.read_tickets`
returns) for about six months of an MSP's tickets: a background of ordinary, on-time tickets whose
volume follows each client's MRR, plus scenarios placed on a few clients so that the sample shows
every ticket signal with its evidence -- urgent incidents and late first responses (one of them a
Friday-evening ticket), critical NOC incidents, overdue open project tickets (one months old),
low survey scores and frustrated notes -- and notes that suggest hiring internal IT, reducing
staff and an acquisition. `write_sample_exports` writes the same tickets in the generic,
ConnectWise, Autotask and HaloPSA layouts.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from connectors.ticket_presets import AUTOTASK, CONNECTWISE, GENERIC, HALOPSA, canonical_to_export
from pulse.schema import TICKET_COLUMNS, Priority, TicketType, client_key
from pulse.settings import DEFAULT_SETTINGS

ZONE = DEFAULT_SETTINGS.business_hours.timezone
_ZONE = ZoneInfo(ZONE)
RULES = DEFAULT_SETTINGS.signals
TICKETS_PER_MONTH_AT_MEDIAN_MRR = 4
MAX_VOLUME_MULTIPLE = 6  # the largest clients open at most six times the median client's tickets
EXPORT_FILES: dict[str, str] = {
    GENERIC: "tickets_generic.csv",
    CONNECTWISE: "tickets_connectwise.csv",
    AUTOTASK: "tickets_autotask.csv",
    HALOPSA: "tickets_halopsa.csv",
}
OPEN_STATUSES = ("New", "In Progress", "Waiting on Client")
ROUTINE_SUMMARIES: dict[str, tuple[str, ...]] = {
    TicketType.INCIDENT: (
        "Printer not printing",
        "Outlook not syncing",
        "VPN connection drops",
        "Laptop running slow",
        "Teams audio not working",
        "Shared drive not mapping",
        "Wi-Fi slow in conference room",
    ),
    TicketType.SERVICE_REQUEST: (
        "Password reset",
        "New user setup",
        "Install Adobe Acrobat",
        "MFA enrollment for new phone",
        "Add user to distribution list",
        "Offboard departing employee",
    ),
    TicketType.PROBLEM: ("Recurring disconnects at branch office",),
}


@dataclass(frozen=True)
class _Context:
    rng: random.Random
    as_of: date
    start: date  # first day tickets may be created


def build_sample_tickets(
    *, seed: int, clients: pd.DataFrame, as_of: date, months: int = 6
) -> pd.DataFrame:
    """Canonical tickets for `clients` (client, client_key, mrr, ...) over `months` before as_of."""
    context = _Context(random.Random(seed), as_of, as_of - timedelta(days=30 * months))
    ranked = clients.sort_values(["mrr", "client"], ascending=[False, True])
    names = [str(name) for name in ranked["client"]]
    median = float(ranked["mrr"].median()) or 1.0
    rows: list[dict[str, object]] = []
    for name, mrr in zip(names, ranked["mrr"], strict=True):
        share = min(float(mrr) / median, MAX_VOLUME_MULTIPLE)
        volume = max(1, round(TICKETS_PER_MONTH_AT_MEDIAN_MRR * months * share))
        rows += [_routine_ticket(context, name) for _ in range(volume)]
    rows += _scenario_tickets(context, names)
    return _canonical_frame(rows)


def write_sample_exports(
    tickets: pd.DataFrame, out_dir: Path, *, presets: Iterable[str] = tuple(EXPORT_FILES)
) -> list[Path]:
    """The same tickets as four exports (generic and each PSA preset's layout), or `presets`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for preset in presets:
        file_name = EXPORT_FILES[preset]
        path = out_dir / file_name
        canonical_to_export(tickets, preset).to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


# ---- background ---------------------------------------------------------------------------------


def _routine_ticket(context: _Context, client: str) -> dict[str, object]:
    rng = context.rng
    ticket_type = rng.choices(
        [TicketType.INCIDENT, TicketType.SERVICE_REQUEST, TicketType.PROBLEM], [55, 42, 3]
    )[0]
    # Routine work: no Critical, few High incidents, answered within 10-40 minutes in hours.
    priority = rng.choices(
        [Priority.HIGH, Priority.MEDIUM, Priority.LOW],
        [4 if ticket_type == "incident" else 2, 55, 41],
    )[0]
    created = _business_instant(context, context.start, context.as_of - timedelta(days=1))
    answered = created + timedelta(minutes=rng.randint(10, 40))
    row = _row(
        client,
        summary=rng.choice(ROUTINE_SUMMARIES[ticket_type]),
        priority=priority,
        ticket_type=ticket_type,
        board="NOC" if ticket_type == "incident" and rng.random() < 0.1 else "Service Desk",
        created=created,
        first_response=answered,
    )
    return _maybe_closed(context, row)


def _maybe_closed(context: _Context, row: dict[str, object]) -> dict[str, object]:
    rng = context.rng
    created = row["created"]
    assert isinstance(created, datetime)
    age = _as_of_start(context.as_of) - created
    if age < timedelta(days=3) and rng.random() < 0.7:
        row["status"] = rng.choice(OPEN_STATUSES)
        return row
    row["status"] = "Closed"
    row["resolved"] = created + timedelta(hours=rng.randint(1, 48))
    if rng.random() < 0.2:
        row["survey_score"] = float(rng.choice([4, 5, 5]))
    return row


# ---- scenarios ----------------------------------------------------------------------------------


def _scenario_tickets(context: _Context, names: list[str]) -> list[dict[str, object]]:
    """Signals on a spread of clients (large and small) so several are Monday candidates."""
    pick = _picker(names)
    return [
        *_urgent_incidents(context, pick(0)),
        *_noc_criticals(context, pick(1)),
        *_overdue_project(context, pick(2), days_overdue=9, age_days=50),
        *_late_responses(context, pick(4)),
        *_frustrated(context, pick(6), pick(11)),
        *_overdue_project(context, pick(13), days_overdue=120, age_days=170),
        *_suggestion_notes(context, pick(8), pick(15), pick(19)),
    ]


def _picker(names: list[str]) -> Callable[[int], str]:
    def pick(rank: int) -> str:
        return names[rank % len(names)]

    return pick


def _days_ago(context: _Context, days: int, at: time) -> datetime:
    day = context.as_of - timedelta(days=days)
    return _local(datetime.combine(day, at))


def _urgent_incidents(context: _Context, client: str) -> list[dict[str, object]]:
    count = RULES.service_desk_urgent_incidents + 1
    summaries = ("Server unreachable", "Line-of-business app down", "Email outage", "Phones down")
    return [
        _closed(
            _row(
                client,
                summary=summaries[i % len(summaries)],
                priority=Priority.CRITICAL if i == 0 else Priority.HIGH,
                ticket_type=TicketType.INCIDENT,
                board="Service Desk",
                created=_weekday(_days_ago(context, 4 + 6 * i, time(9, 30))),
                first_response_minutes=12,
            ),
            hours=5,
        )
        for i in range(count)
    ]


def _noc_criticals(context: _Context, client: str) -> list[dict[str, object]]:
    first = _weekday(_days_ago(context, 12, time(10, 15)))
    second = _weekday(_days_ago(context, 5, time(14, 0)))
    rows = [
        _row(
            client,
            summary="Core switch offline",
            priority=Priority.CRITICAL,
            ticket_type=TicketType.INCIDENT,
            board="NOC",
            created=first,
            first_response_minutes=8,
        ),
        _row(
            client,
            summary="Firewall failover loop",
            priority=Priority.CRITICAL,
            ticket_type=TicketType.INCIDENT,
            board="NOC",
            created=second,
            first_response_minutes=9,
        ),
    ]
    return [_closed(rows[0], hours=3), rows[1] | {"status": "In Progress"}]


def _overdue_project(
    context: _Context, client: str, *, days_overdue: int, age_days: int
) -> list[dict[str, object]]:
    created = _weekday(_days_ago(context, age_days, time(11, 0)))
    due = _local(datetime.combine(context.as_of - timedelta(days=days_overdue), time(17, 0)))
    return [
        _row(
            client,
            summary="Microsoft 365 migration - phase 2",
            priority=Priority.MEDIUM,
            ticket_type=TicketType.PROJECT,
            board="Projects",
            created=created,
            first_response_minutes=60,
            due=due,
            status="In Progress",
        )
    ]


def _late_responses(context: _Context, client: str) -> list[dict[str, object]]:
    # A Friday-evening High ticket: the business clock starts Monday 08:00, target 10:00;
    # it was answered Monday 11:30, late. Two Medium tickets answered the next day.
    friday = _friday_before(context.as_of - timedelta(days=8))
    friday_evening = _local(datetime.combine(friday, time(18, 20)))
    monday_late = _local(datetime.combine(friday + timedelta(days=3), time(11, 30)))
    rows = [
        _row(
            client,
            summary="Cannot log in to practice management system",
            priority=Priority.HIGH,
            ticket_type=TicketType.INCIDENT,
            board="Service Desk",
            created=friday_evening,
            first_response=monday_late,
        ),
    ]
    for days in (15, 20):
        created = _weekday(_days_ago(context, days, time(13, 0)))
        rows.append(
            _row(
                client,
                summary="Scanner not sending to email",
                priority=Priority.MEDIUM,
                ticket_type=TicketType.INCIDENT,
                board="Service Desk",
                created=created,
                first_response=created + timedelta(hours=22),
            )
        )
    return [_closed(row, hours=30) for row in rows]


def _frustrated(context: _Context, low_score: str, angry_note: str) -> list[dict[str, object]]:
    survey = _closed(
        _row(
            low_score,
            summary="Outlook not syncing",
            priority=Priority.MEDIUM,
            ticket_type=TicketType.INCIDENT,
            board="Service Desk",
            created=_weekday(_days_ago(context, 9, time(10, 0))),
            first_response_minutes=20,
        ),
        hours=6,
    )
    survey["survey_score"] = 1.0
    note = _row(
        angry_note,
        summary="VPN connection drops",
        priority=Priority.MEDIUM,
        ticket_type=TicketType.INCIDENT,
        board="Service Desk",
        created=_weekday(_days_ago(context, 6, time(15, 0))),
        first_response_minutes=25,
        notes="Office manager: this is the third time this month, we are frustrated.",
    )
    return [survey, note | {"status": "Waiting on Client"}]


def _suggestion_notes(
    context: _Context, hiring: str, reducing: str, acquired: str
) -> list[dict[str, object]]:
    notes = (
        (hiring, "Add job posting to careers page", "Client is hiring an IT manager in-house."),
        (reducing, "Offboard departing employee", "Part of a layoff: 12 users leaving Friday."),
        (
            acquired,
            "Add user to distribution list",
            "After the acquisition the new parent company wants all mailboxes moved.",
        ),
    )
    return [
        _closed(
            _row(
                client,
                summary=summary,
                priority=Priority.LOW,
                ticket_type=TicketType.SERVICE_REQUEST,
                board="Service Desk",
                created=_weekday(_days_ago(context, 3 + 5 * i, time(9, 0))),
                first_response_minutes=30,
                notes=note,
            ),
            hours=4,
        )
        for i, (client, summary, note) in enumerate(notes)
    ]


# ---- rows and frame -----------------------------------------------------------------------------


def _row(
    client: str,
    *,
    summary: str,
    priority: str,
    ticket_type: str,
    board: str,
    created: datetime,
    first_response: datetime | None = None,
    first_response_minutes: int | None = None,
    due: datetime | None = None,
    notes: str | None = None,
    status: str = "New",
) -> dict[str, object]:
    if first_response is None and first_response_minutes is not None:
        first_response = created + timedelta(minutes=first_response_minutes)
    return {
        "client": client,
        "summary": summary,
        "priority": str(priority),
        "type": str(ticket_type),
        "board": board,
        "status": status,
        "created": created,
        "first_response": first_response,
        "resolved": None,
        "due": due,
        "notes": notes,
    }


def _closed(row: dict[str, object], *, hours: int) -> dict[str, object]:
    created = row["created"]
    assert isinstance(created, datetime)
    return row | {"status": "Closed", "resolved": created + timedelta(hours=hours)}


def _canonical_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows -> exactly the frame `read_tickets` returns for these tickets (dtypes included)."""
    tickets = pd.DataFrame(rows).sort_values("created", kind="stable").reset_index(drop=True)
    tickets["ticket"] = [f"T{100_000 + i}" for i in range(len(tickets))]
    for column in ("parent_ticket", "notes", "summary", "board", "status"):
        if column not in tickets:
            tickets[column] = None
    for column in (
        "ticket",
        "client",
        "summary",
        "priority",
        "type",
        "board",
        "status",
        "parent_ticket",
        "notes",
    ):
        tickets[column] = tickets[column].astype("str")
    for column in ("created", "first_response", "resolved", "due"):
        tickets[column] = pd.to_datetime(tickets[column], utc=True).astype("datetime64[ns, UTC]")
    if "survey_score" not in tickets:
        tickets["survey_score"] = None
    tickets["survey_score"] = pd.array(tickets["survey_score"].tolist(), dtype="Float64")
    tickets["security"] = tickets["board"].str.contains("security", case=False).astype(bool)
    tickets = tickets[list(TICKET_COLUMNS)]
    tickets["client_key"] = tickets["client"].map(client_key).astype("str")
    closed = tickets["status"].str.contains("closed|resolved|complete|cancel|done", case=False)
    tickets["is_open"] = (tickets["resolved"].isna() & ~closed.fillna(False)).astype(bool)
    return tickets


# ---- time helpers -------------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    """A local wall-clock time (never in a DST gap or overlap: 00:00 or 08:00-15:00) in UTC."""
    return moment.replace(tzinfo=_ZONE).astimezone(UTC)


def _as_of_start(as_of: date) -> datetime:
    return _local(datetime.combine(as_of, time(0, 0)))


def _business_instant(context: _Context, first: date, last: date) -> datetime:
    """A weekday between 08:00 and 15:00 local, whole minutes."""
    rng = context.rng
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    moment = datetime.combine(day, time(8, 0)) + timedelta(minutes=rng.randint(0, 7 * 60))
    return _local(moment)


def _weekday(moment: datetime) -> datetime:
    """The same local time on the closest earlier weekday (scenarios live in business hours)."""
    local = pd.Timestamp(moment).tz_convert(ZONE)
    while local.weekday() >= 5:
        local -= pd.Timedelta(days=1)
    return local.tz_convert("UTC").to_pydatetime()


def _friday_before(day: date) -> date:
    while day.weekday() != 4:
        day -= timedelta(days=1)
    return day
