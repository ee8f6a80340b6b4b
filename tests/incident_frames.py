"""Hand-worked critical incidents shared by the incident tests and the Critical incidents page test.

Default targets (business minutes): first response 60 after reported; swarm 15 after reported;
summary and infosec 15 after the swarm; vITM acknowledgement 60 after the swarm; phone the vITM
if not acknowledged 30 after (due 60); add the vITM's manager if not acknowledged 60 after (due 75);
vCIO tag 15 after vitm_unavailable; vCIO acknowledgement 30 after the tag; phone the vCIO if not
acknowledged by then (due 45 after the tag). Business hours Mon-Fri 08:00-17:00 Los Angeles.
2026-05-05 and 2026-05-12 are Tuesdays, 2026-05-08 a Friday, 2026-11-26 Thanksgiving (Thursday).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from connectors.incident_log import log_frame
from pulse.business_clock import BusinessClock
from pulse.incidents import (
    CriticalIncidents,
    IncidentRoom,
    incident_room,
    incidents_table,
)
from pulse.schema import StepStatus
from pulse.settings import BusinessHours, IncidentTargets, Settings

LA = ZoneInfo("America/Los_Angeles")
CLOCK = BusinessClock(BusinessHours())
TARGETS = IncidentTargets()
MET, BREACHED, PENDING, NR = (
    StepStatus.MET,
    StepStatus.BREACHED,
    StepStatus.PENDING,
    StepStatus.NOT_REQUIRED,
)


# SPEC "Critical incidents during business hours": every step, in the procedure's order.
SPEC_STEPS = [
    "first_response",
    "swarm_created",
    "summary_posted",
    "infosec_added",
    "vitm_acknowledged",
    "vitm_phoned",
    "vitm_manager_added",
    "vcio_tagged",
    "vcio_acknowledged",
    "vcio_phoned",
]


def t(text: str) -> datetime:
    """'05-05 10:15' -> 2026-05-05 10:15 in Los Angeles."""
    return datetime.fromisoformat(f"2026-{text}").replace(tzinfo=LA)


def log_events(
    ticket: str, rows: list[tuple[str, ...]], *, client: str | None = None
) -> pd.DataFrame:
    """Events as the readers give them (LOG_COLUMNS): rows are (event, 'MM-DD HH:MM'[, note]); a
    `corrected` row's note is 'event at MM-DD HH:MM: why', naming the row it voids."""
    records = []
    for event, at, *rest in rows:
        note = rest[0] if rest else ""
        named = note.split(": ", 1)[0].split(" at ") if event == "corrected" else None
        records.append(
            {
                "ticket": ticket,
                "event": event,
                "at": t(at),
                "actor": "Ana",
                "note": note,
                "client": client,
                "corrects_event": named[0] if named else None,
                "corrects_at": t(named[1]) if named else None,
            }
        )
    return log_frame(records)  # typed as the Incident Log reader types its rows


def events_frame(ticket: str, rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": [ticket] * len(rows),
            "event": [event for event, _ in rows],
            "at": pd.to_datetime([t(at) for _, at in rows], utc=True).as_unit("ns"),
            "actor": [""] * len(rows),
            "note": [""] * len(rows),
        }
    )


# Each case: events, as_of, security, and per step (status, due, done) in procedure order.
CASES = {
    "by the book": (
        [
            ("reported", "05-05 10:00"),
            ("swarm_created", "05-05 10:05"),
            ("summary_posted", "05-05 10:10"),
            ("vitm_acknowledged", "05-05 10:20"),
            ("client_responded", "05-05 10:30"),
            ("resolved", "05-05 12:00"),
        ],
        "05-05 18:00",
        False,
        {
            "first_response": (MET, "05-05 11:00", "05-05 10:30"),
            "swarm_created": (MET, "05-05 10:15", "05-05 10:05"),
            "summary_posted": (MET, "05-05 10:20", "05-05 10:10"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (MET, "05-05 11:05", "05-05 10:20"),
            "vitm_phoned": (NR, None, None),  # acknowledged before the 30-minute trigger
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    "same events seen mid-way (later events do not count yet)": (
        [
            ("reported", "05-05 10:00"),
            ("swarm_created", "05-05 10:05"),
            ("summary_posted", "05-05 10:10"),
            ("vitm_acknowledged", "05-05 10:20"),
            ("client_responded", "05-05 10:30"),
        ],
        "05-05 10:12",
        False,
        {
            "first_response": (PENDING, "05-05 11:00", None),
            "swarm_created": (MET, "05-05 10:15", "05-05 10:05"),
            "summary_posted": (MET, "05-05 10:20", "05-05 10:10"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (PENDING, "05-05 11:05", None),
            "vitm_phoned": (NR, None, None),  # trigger 10:35 not reached yet
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    # Reported Tuesday 19:30: the clock starts Wednesday 08:00. The vITM acknowledges after the
    # 30-minute trigger (08:50) but within the hour, and nobody phoned them.
    "after-hours report, late vITM without a phone call": (
        [
            ("reported", "05-05 19:30"),
            ("swarm_created", "05-06 08:20"),
            ("summary_posted", "05-06 08:30"),
            ("client_responded", "05-06 08:45"),
            ("vitm_acknowledged", "05-06 09:00"),
            ("resolved", "05-06 16:00"),
        ],
        "05-06 17:00",
        False,
        {
            "first_response": (MET, "05-06 09:00", "05-06 08:45"),
            "swarm_created": (BREACHED, "05-06 08:15", "05-06 08:20"),
            "summary_posted": (MET, "05-06 08:35", "05-06 08:30"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (MET, "05-06 09:20", "05-06 09:00"),
            "vitm_phoned": (BREACHED, "05-06 09:20", None),
            "vitm_manager_added": (NR, None, None),  # acknowledged before 09:20
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    # Reported Friday 16:50: 10 minutes that Friday, the rest on Monday. The swarm (Fri 16:55)
    # sets summary due Mon 08:10, trigger Mon 08:25, acknowledgement due Mon 08:55, manager due
    # Mon 09:10. The vITM is phoned, then acknowledges late, after their manager was added.
    "Friday to Monday, late vITM with a phone call and the manager added": (
        [
            ("reported", "05-08 16:50"),
            ("swarm_created", "05-08 16:55"),
            ("summary_posted", "05-11 08:05"),
            ("vitm_phoned", "05-11 08:40"),
            ("vitm_manager_added", "05-11 09:00"),
            ("vitm_acknowledged", "05-11 09:05"),
            ("client_responded", "05-11 09:10"),
        ],
        "05-11 12:00",
        False,
        {
            "first_response": (BREACHED, "05-11 08:50", "05-11 09:10"),
            "swarm_created": (MET, "05-11 08:05", "05-08 16:55"),
            "summary_posted": (MET, "05-11 08:10", "05-11 08:05"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (BREACHED, "05-11 08:55", "05-11 09:05"),
            "vitm_phoned": (MET, "05-11 08:55", "05-11 08:40"),
            "vitm_manager_added": (MET, "05-11 09:10", "05-11 09:00"),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    # Security incident the day before Thanksgiving: Thursday is closed, Friday is open. Swarm
    # Wed 16:40 -> infosec and summary due Wed 16:55, trigger Fri 08:10, ack due Fri 08:40.
    "holiday, security incident": (
        [
            ("reported", "11-25 16:30"),
            ("swarm_created", "11-25 16:40"),
            ("summary_posted", "11-25 16:50"),
            ("vitm_phoned", "11-27 08:05"),
            ("infosec_added", "11-27 08:10"),
            ("client_responded", "11-27 08:20"),
            ("vitm_acknowledged", "11-27 08:30"),
            ("resolved", "11-27 10:00"),
        ],
        "11-27 17:00",
        True,
        {
            "first_response": (MET, "11-27 08:30", "11-27 08:20"),
            "swarm_created": (MET, "11-25 16:45", "11-25 16:40"),
            "summary_posted": (MET, "11-25 16:55", "11-25 16:50"),
            "infosec_added": (BREACHED, "11-25 16:55", "11-27 08:10"),
            "vitm_acknowledged": (MET, "11-27 08:40", "11-27 08:30"),
            # required (no acknowledgement by 08:10); phoned early, which meets it
            "vitm_phoned": (MET, "11-27 08:40", "11-27 08:05"),
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    # vITM recorded unavailable at 09:50: acknowledgement (due 10:05) and manager (due 10:20)
    # are waived; the phone call, done before, stays met. vCIO tagged 09:55 (due 10:05), acks
    # late at 10:40 (due 10:25), and was phoned at 10:30 (due 10:40).
    "vCIO hand-over with the waiver": (
        [
            ("reported", "05-12 09:00"),
            ("swarm_created", "05-12 09:05"),
            ("summary_posted", "05-12 09:15"),
            ("client_responded", "05-12 09:30"),
            ("vitm_phoned", "05-12 09:40"),
            ("vitm_unavailable", "05-12 09:50"),
            ("vcio_tagged", "05-12 09:55"),
            ("vcio_phoned", "05-12 10:30"),
            ("vcio_acknowledged", "05-12 10:40"),
            ("resolved", "05-12 13:00"),
        ],
        "05-12 17:00",
        False,
        {
            "first_response": (MET, "05-12 10:00", "05-12 09:30"),
            "swarm_created": (MET, "05-12 09:15", "05-12 09:05"),
            "summary_posted": (MET, "05-12 09:20", "05-12 09:15"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (NR, None, None),
            "vitm_phoned": (MET, "05-12 10:05", "05-12 09:40"),
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (MET, "05-12 10:05", "05-12 09:55"),
            "vcio_acknowledged": (BREACHED, "05-12 10:25", "05-12 10:40"),
            "vcio_phoned": (MET, "05-12 10:40", "05-12 10:30"),
        },
    ),
    # vITM recorded unavailable at 14:15, after the acknowledgement and phone call fell due
    # (14:10): those stay breached. The manager (due 14:25), added after that moment, is waived.
    # Nobody tagged the vCIO: tag due 14:30; the vCIO steps run from that due (15:00, 15:15).
    "waiver too late, open, vCIO not tagged": (
        [
            ("reported", "05-12 13:00"),
            ("swarm_created", "05-12 13:10"),
            ("summary_posted", "05-12 13:20"),
            ("client_responded", "05-12 13:30"),
            ("vitm_unavailable", "05-12 14:15"),
            ("vitm_manager_added", "05-12 14:20"),
        ],
        "05-12 15:10",
        False,
        {
            "first_response": (MET, "05-12 14:00", "05-12 13:30"),
            "swarm_created": (MET, "05-12 13:15", "05-12 13:10"),
            "summary_posted": (MET, "05-12 13:25", "05-12 13:20"),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (BREACHED, "05-12 14:10", None),
            "vitm_phoned": (BREACHED, "05-12 14:10", None),
            "vitm_manager_added": (NR, None, "05-12 14:20"),
            "vcio_tagged": (BREACHED, "05-12 14:30", None),
            "vcio_acknowledged": (BREACHED, "05-12 15:00", None),
            "vcio_phoned": (PENDING, "05-12 15:15", None),
        },
    ),
    # Open at 16:58 on the day: what is left runs into Wednesday morning.
    "open incident late in the day": (
        [("reported", "05-12 16:50"), ("swarm_created", "05-12 16:55")],
        "05-12 16:58",
        False,
        {
            "first_response": (PENDING, "05-13 08:50", None),
            "swarm_created": (MET, "05-13 08:05", "05-12 16:55"),
            "summary_posted": (PENDING, "05-13 08:10", None),
            "infosec_added": (NR, None, None),
            "vitm_acknowledged": (PENDING, "05-13 08:55", None),
            "vitm_phoned": (NR, None, None),
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
    # No swarm by 10:40: it was due 10:15, and the steps after it run from 10:15.
    "swarm never created": (
        [("reported", "05-12 10:00"), ("client_responded", "05-12 10:20")],
        "05-12 10:40",
        True,
        {
            "first_response": (MET, "05-12 11:00", "05-12 10:20"),
            "swarm_created": (BREACHED, "05-12 10:15", None),
            "summary_posted": (BREACHED, "05-12 10:30", None),
            "infosec_added": (BREACHED, "05-12 10:30", None),
            "vitm_acknowledged": (PENDING, "05-12 11:15", None),
            "vitm_phoned": (NR, None, None),  # trigger 10:45
            "vitm_manager_added": (NR, None, None),
            "vcio_tagged": (NR, None, None),
            "vcio_acknowledged": (NR, None, None),
            "vcio_phoned": (NR, None, None),
        },
    ),
}


# ---- all incidents: four tickets, one after as_of, one not critical ----------------------------


def all_events() -> pd.DataFrame:
    frames = [
        events_frame("TK100", CASES["by the book"][0]),
        events_frame("TK200", CASES["vCIO hand-over with the waiver"][0]),
        events_frame("TK300", CASES["swarm never created"][0]),  # no ticket row
        events_frame("TK400", [("reported", "05-12 11:00"), ("swarm_created", "05-12 11:05")]),
        events_frame("TK500", [("reported", "05-20 09:00")]),  # after as_of
    ]
    return pd.concat(frames, ignore_index=True)


def tickets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ["TK100", " tk200 ", "TK400", "TK500"],
            "client": ["GPW", "Acme  Dental", "Beta", "Gamma"],
            "summary": ["PBA inaccessible", "Email down", "Printer", "Later"],
            "priority": ["Critical", "Critical", "High", "Critical"],
            "security": [False, False, False, True],
            "created": pd.to_datetime(
                [t("05-05 09:58"), t("05-12 09:00"), t("05-12 11:00"), t("05-20 09:00")], utc=True
            ),
        }
    )


def table_as_of(as_of: str = "05-12 17:00") -> CriticalIncidents:
    return incidents_table(all_events(), tickets(), as_of=t(as_of), settings=Settings())


# ---- one resolved incident as its room shows it (TK800, GPW, e-mail) ---------------------------
# Swarm 09:05: summary due 09:20, acknowledgement and phone call due 10:05 (phone trigger 09:35),
# manager trigger 10:05 and due 10:20. The vITM acknowledges at 10:10, after both triggers, and
# nobody phoned them or added their manager. One client update (due 10:30, sent 10:20); resolved
# at 11:00, before the next was due (11:20).
ROOM_EVENTS = [
    ("reported", "05-12 09:00"),
    ("swarm_created", "05-12 09:05"),
    ("swarm_member_added", "05-12 09:06", "analyst"),
    ("swarm_member_added", "05-12 09:07", "vITM"),
    ("summary_posted", "05-12 09:15"),
    ("client_responded", "05-12 09:30"),
    ("vitm_acknowledged", "05-12 10:10"),
    ("client_update_sent", "05-12 10:20"),
    ("resolved", "05-12 11:00"),
]
ROOM_CLIENTS = pd.DataFrame({"client": ["GPW"], "vitm": ["Sam Lee"], "vcio": ["Cole Park"]})


def room_tickets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ["TK800", "TK801"],
            "client": ["GPW", "GPW"],
            "summary": ["Firewall down", "Cannot reach the intranet"],
            "priority": ["Critical", "High"],
            "type": ["incident", "incident"],
            "status": ["Closed", "Open"],
            "security": [False, False],
            "created": pd.to_datetime([t("05-12 09:00"), t("05-12 09:20")], utc=True),
            "parent_ticket": [None, "TK800"],
            "notes": ["Power-cycled the firewall; no change.", None],
            "source": ["Email", "Email"],
            "is_open": [False, True],
        }
    )


def room_settings() -> Settings:
    from pulse.settings import IncidentSettings

    return Settings(incidents=IncidentSettings(swarm_contacts={"service_desk_manager": "Dee"}))


def tk800_room(
    events: list[tuple[str, ...]] = ROOM_EVENTS, as_of: str = "05-12 17:00"
) -> IncidentRoom:
    """TK800's room as of `as_of` (its events, export rows, Clients and contacts above)."""
    table = incidents_table(
        log_events("TK800", events), room_tickets(), as_of=t(as_of), settings=room_settings()
    )
    return incident_room(
        table, "TK800", tickets=room_tickets(), clients=ROOM_CLIENTS, settings=room_settings()
    )
