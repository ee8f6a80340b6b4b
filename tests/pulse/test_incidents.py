"""Critical incidents against the response procedure, every expectation worked out by hand.

Default targets (business minutes): first response 60 after reported; swarm 15 after reported;
summary and infosec 15 after the swarm; vITM acknowledgement 60 after the swarm; phone the vITM
if not acknowledged 30 after (due 60); add the vITM's manager if not acknowledged 60 after (due 75);
vCIO tag 15 after vitm_unavailable; vCIO acknowledgement 30 after the tag; phone the vCIO if not
acknowledged by then (due 45 after the tag). Business hours Mon-Fri 08:00-17:00 Los Angeles.
2026-05-05 and 2026-05-12 are Tuesdays, 2026-05-08 a Friday, 2026-11-26 Thanksgiving (Thursday).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from pulse.business_clock import BusinessClock
from pulse.incidents import (
    CriticalIncidents,
    IncidentStep,
    Responder,
    as_of_instant,
    client_choices,
    filter_incidents,
    first_response_by_week,
    incident_detail,
    incident_steps,
    incidents_json,
    incidents_table,
    next_action,
    render_incidents_text,
    swarm_title,
    timeline_window,
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


def t(text: str) -> datetime:
    """'05-05 10:15' -> 2026-05-05 10:15 in Los Angeles."""
    return datetime.fromisoformat(f"2026-{text}").replace(tzinfo=LA)


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


def expected_frame(expected: dict[str, tuple[StepStatus, str | None, str | None]]) -> pd.DataFrame:
    def utc(values: list[str | None]) -> pd.Series:
        return pd.to_datetime([t(v) if v else None for v in values], utc=True).as_unit("ns")

    return pd.DataFrame(
        {
            "step": list(expected),
            "status": [status for status, _, _ in expected.values()],
            "due": utc([due for _, due, _ in expected.values()]),
            "done_at": utc([done for _, _, done in expected.values()]),
        }
    )


@pytest.mark.parametrize("name", list(CASES))
def test_incident_steps_hand_worked(name: str) -> None:
    rows, as_of, security, expected = CASES[name]
    steps = incident_steps(
        events_frame("TK1", rows), as_of=t(as_of), targets=TARGETS, clock=CLOCK, security=security
    )
    actual = steps[["step", "status", "due", "done_at"]].astype({"step": str, "status": str})
    wanted = expected_frame(expected).astype({"status": str})
    pd.testing.assert_frame_equal(actual, wanted, check_index_type=False)


def test_every_spec_step_in_order() -> None:
    rows, as_of, security, _ = CASES["by the book"]
    steps = incident_steps(
        events_frame("TK1", rows), as_of=t(as_of), targets=TARGETS, clock=CLOCK, security=security
    )
    assert list(steps["step"]) == [
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


def test_waived_steps_are_marked() -> None:
    rows, as_of, security, _ = CASES["vCIO hand-over with the waiver"]
    steps = incident_steps(
        events_frame("TK1", rows), as_of=t(as_of), targets=TARGETS, clock=CLOCK, security=security
    )
    waived = set(steps.loc[steps["waived"], "step"])
    assert waived == {IncidentStep.VITM_ACKNOWLEDGED, IncidentStep.VITM_MANAGER_ADDED}


def test_targets_come_from_settings() -> None:
    # A 30-minute first-response target moves the due from 11:00 to 10:30.
    rows = [("reported", "05-05 10:00")]
    steps = incident_steps(
        events_frame("TK1", rows),
        as_of=t("05-05 10:10"),
        targets=IncidentTargets(first_response=30),
        clock=CLOCK,
        security=False,
    )
    assert steps.loc[0, "due"] == pd.Timestamp(t("05-05 10:30"))


def test_reported_falls_back_to_the_given_time() -> None:
    steps = incident_steps(
        events_frame("TK1", [("swarm_created", "05-05 10:20")]),
        as_of=t("05-05 10:30"),
        targets=TARGETS,
        clock=CLOCK,
        security=False,
        reported_at=t("05-05 10:00"),
    )
    assert steps.loc[1, "status"] == BREACHED  # swarm due 10:15, made 10:20


@pytest.mark.parametrize(
    ("case", "as_of", "step", "role", "due", "minutes_left"),
    [
        # 2 minutes left on Tuesday + 10 on Wednesday.
        (
            "open incident late in the day",
            "05-12 16:58",
            "summary_posted",
            Responder.SERVICE_DESK_ANALYST,
            "05-13 08:10",
            12.0,
        ),
        # Overdue since 10:15: 25 business minutes at 10:40.
        (
            "swarm never created",
            "05-12 10:40",
            "swarm_created",
            Responder.SERVICE_DESK_ANALYST,
            "05-12 10:15",
            -25.0,
        ),
        # After the hand-over nobody waits on the vITM: tagging the vCIO (due 14:30) is next.
        (
            "waiver too late, open, vCIO not tagged",
            "05-12 15:10",
            "vcio_tagged",
            Responder.SERVICE_DESK,
            "05-12 14:30",
            -40.0,
        ),
        (
            "same events seen mid-way (later events do not count yet)",
            "05-05 10:12",
            "first_response",
            Responder.SERVICE_DESK_ANALYST,
            "05-05 11:00",
            48.0,
        ),
    ],
)
def test_next_action(
    case: str, as_of: str, step: str, role: Responder, due: str, minutes_left: float
) -> None:
    rows, _, security, _ = CASES[case]
    steps = incident_steps(
        events_frame("TK1", rows), as_of=t(as_of), targets=TARGETS, clock=CLOCK, security=security
    )
    action = next_action(steps, as_of=t(as_of), clock=CLOCK)
    assert action is not None
    assert (action.step, action.role, action.due, action.minutes_left) == (
        step,
        role,
        t(due),
        minutes_left,
    )


def test_no_next_action_when_everything_is_done() -> None:
    rows, as_of, security, _ = CASES[
        "Friday to Monday, late vITM with a phone call and the manager added"
    ]
    steps = incident_steps(
        events_frame("TK1", rows), as_of=t(as_of), targets=TARGETS, clock=CLOCK, security=security
    )
    assert next_action(steps, as_of=t(as_of), clock=CLOCK) is None


def test_vcio_phone_call_in_the_next_action_for_a_security_owner() -> None:
    # The Information Security Lead is who must join a security incident's space.
    steps = incident_steps(
        events_frame("TK1", [("reported", "05-12 10:00"), ("swarm_created", "05-12 10:02")]),
        as_of=t("05-12 10:03"),
        targets=TARGETS,
        clock=CLOCK,
        security=True,
    )
    action = next_action(steps, as_of=t("05-12 10:03"), clock=CLOCK)
    assert action is not None
    assert (action.step, action.role, action.minutes_left) == (
        "summary_posted",
        Responder.SERVICE_DESK_ANALYST,
        14.0,
    )
    infosec = steps[steps["step"] == "infosec_added"].iloc[0]
    assert (infosec["status"], infosec["role"]) == (PENDING, Responder.INFOSEC_LEAD)


# ---- all incidents -----------------------------------------------------------------------------


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


def test_incidents_table_keeps_critical_incidents_only() -> None:
    table = table_as_of()
    # TK400 is High priority; TK500 happens after as_of; TK300 has no ticket row but stays.
    assert list(table.incidents["ticket"]) == ["TK100", "TK200", "TK300"]
    assert list(table.incidents["title"]) == [
        "GPW – TK100 – PBA inaccessible",
        "Acme Dental – TK200 – Email down",
        "(unknown client) – TK300",
    ]
    assert table.incidents["client"].isna().tolist() == [False, False, True]
    assert len(table.steps) == 3 * 10


def test_incidents_table_counts_and_state() -> None:
    table = table_as_of()
    incidents = table.incidents.set_index("ticket")
    # Worked above: TK100 4 met; TK200 5 met 1 breached; TK300 (as of 17:00, still no swarm):
    # first response met, swarm/summary/ack breached; the trigger passed with no ack so the phone
    # call (due 11:15) and the manager (due 11:30) are breached too. No security flag for TK300.
    assert incidents.loc["TK100", ["met", "breached", "pending"]].tolist() == [4, 0, 0]
    assert incidents.loc["TK200", ["met", "breached", "pending"]].tolist() == [6, 1, 0]
    assert incidents.loc["TK300", ["met", "breached", "pending"]].tolist() == [1, 5, 0]
    assert incidents["is_open"].tolist() == [False, False, True]
    assert incidents.loc["TK300", "next_step"] == "swarm_created"
    assert pd.isna(incidents.loc["TK100", "next_step"])


def test_a_ticket_with_unknown_priority_and_security_flag() -> None:
    frame = tickets().assign(priority=[None, "Critical", "High", "Critical"], security=[True] * 4)
    table = incidents_table(all_events(), frame, as_of=t("05-12 17:00"), settings=Settings())
    tk100 = table.steps[(table.steps["ticket"] == "TK100")].set_index("step")
    # Security now: infosec due 10:20 (swarm 10:05 + 15), never done -> breached.
    assert tk100.loc["infosec_added", "status"] == BREACHED


def test_without_tickets_every_incident_is_kept_with_unknown_client() -> None:
    table = incidents_table(all_events(), None, as_of=t("05-12 17:00"), settings=Settings())
    assert list(table.incidents["ticket"]) == ["TK100", "TK200", "TK300", "TK400"]
    assert table.incidents["client"].isna().all()


def test_incidents_json_shape_and_values() -> None:
    payload = incidents_json(table_as_of())
    json.dumps(payload)  # serialisable as is
    first = payload[0]
    assert list(first) == ["ticket", "client", "title", "reported_at", "steps"]
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
    assert payload[2]["client"] is None
    assert all(len(incident["steps"]) == 10 for incident in payload)
    statuses = {s["status"] for incident in payload for s in incident["steps"]}
    assert statuses <= {"met", "breached", "pending", "not_required"}


def test_render_incidents_text() -> None:
    text = render_incidents_text(table_as_of())
    assert text.startswith(
        "3 critical incidents as of 2026-05-12 17:00 PDT; 1 open; 6 steps breached."
    )
    assert "GPW – TK100 – PBA inaccessible  (reported 2026-05-05 10:00 PDT, resolved" in text
    assert "NEXT: Create the SWARM space" in text
    assert render_incidents_text(table_as_of("05-01 09:00")).startswith("No critical incidents")


def test_filters_and_weekly_compliance() -> None:
    incidents = table_as_of().incidents
    assert client_choices(incidents) == ["(unknown client)", "Acme Dental", "GPW"]
    assert list(filter_incidents(incidents, clients=["GPW"])["ticket"]) == ["TK100"]
    assert list(filter_incidents(incidents, state="open")["ticket"]) == ["TK300"]
    assert list(filter_incidents(incidents, state="closed", breached_only=True)["ticket"]) == [
        "TK200"
    ]
    weekly = first_response_by_week(incidents, timezone="America/Los_Angeles")
    # Week of Mon 05-04: TK100 met. Week of Mon 05-11: TK200 met, TK300 met.
    assert weekly["week"].tolist() == [date(2026, 5, 4), date(2026, 5, 11)]
    assert weekly[["met", "breached"]].to_numpy().tolist() == [[1, 0], [2, 0]]
    assert weekly["compliance"].tolist() == [1.0, 1.0]


def test_detail_and_timeline_window() -> None:
    table = table_as_of()
    row, steps, events = incident_detail(table, "TK200")
    assert row["title"] == "Acme Dental – TK200 – Email down"
    assert str(steps["due"].dt.tz) == "America/Los_Angeles"
    assert events["event"].iloc[0] == "reported"
    start, end = timeline_window(steps, events, as_of=table.as_of)
    assert start < t("05-12 09:00") and end > t("05-12 13:00")


def test_swarm_title_uses_en_dashes() -> None:
    assert swarm_title(client="GPW", ticket="TK13256", summary="PBA inaccessible") == (
        "GPW \u2013 TK13256 \u2013 PBA inaccessible"
    )


def test_as_of_instant() -> None:
    hours = BusinessHours()
    assert as_of_instant(date(2026, 5, 12), hours) == datetime(2026, 5, 12, 23, 59, 59, 999999, LA)
    now = t("05-12 10:30")
    assert as_of_instant(date(2026, 5, 12), hours, now=now) == now
    assert as_of_instant(date(2026, 5, 11), hours, now=now).day == 11
