"""The incidents table: which tickets are critical incidents, their titles, counts and state.

Built from the hand-worked incidents of tests/incident_frames.py, as of Tue 2026-05-12 17:00.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.incidents.steps import incident_steps, next_action
from pulse.incidents.table import INCIDENT_COLUMNS, incidents_table
from pulse.incidents.tickets import ticket_key
from pulse.schema import IncidentEvent
from pulse.settings import Settings
from tests.incident_frames import (
    BREACHED,
    CLOCK,
    TARGETS,
    all_events,
    log_events,
    t,
    table_as_of,
    tickets,
)


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


def test_the_open_incident_says_what_is_next_and_the_closed_ones_do_not() -> None:
    incidents = table_as_of().incidents.set_index("ticket")
    # TK300: the swarm was due 10:15; at 17:00 that is 6 h 45 min = 405 business minutes late.
    assert incidents.loc["TK300", "next_role"] == "Service Desk analyst"
    assert incidents.loc["TK300", "next_due"] == pd.Timestamp(t("05-12 10:15"))
    assert incidents.loc["TK300", "next_minutes_left"] == -405.0
    assert incidents.loc["TK100", "resolved_at"] == pd.Timestamp(t("05-05 12:00"))
    assert incidents.loc[["TK100", "TK200"], "next_minutes_left"].isna().all()
    assert incidents["first_response"].tolist() == ["met", "met", "met"]


def test_the_table_has_every_column_and_the_kept_events() -> None:
    table = table_as_of()
    assert tuple(table.incidents.columns) == INCIDENT_COLUMNS
    assert list(table.steps.columns[:2]) == ["ticket", "step"]
    # TK100 has 6 events, TK200 10, TK300 2; TK400 (not critical) and TK500 (later) are left out.
    assert table.events["ticket"].value_counts().to_dict() == {"TK200": 10, "TK100": 6, "TK300": 2}
    assert table.timezone == "America/Los_Angeles"


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


def test_no_events_no_incidents() -> None:
    table = incidents_table(
        all_events().iloc[0:0], tickets(), as_of=t("05-12 17:00"), settings=Settings()
    )
    assert table.incidents.empty and table.steps.empty and table.events.empty
    assert tuple(table.incidents.columns) == INCIDENT_COLUMNS


# ---- first response by channel (SPEC): phone answered live, e-mail within 60 business min ----


def one_ticket(source: str | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ["TK700"],
            "client": ["GPW"],
            "summary": ["Phones down"],
            "priority": ["Critical"],
            "security": [False],
            "created": pd.to_datetime([t("05-12 09:00")], utc=True),
            "source": [source],
        }
    )


def first_response(
    rows: list[tuple[str, ...]], source: str | None, as_of: str
) -> tuple[str, str, pd.Timestamp, pd.Timestamp]:
    table = incidents_table(
        log_events("TK700", rows), one_ticket(source), as_of=t(as_of), settings=Settings()
    )
    step = table.steps.set_index("step").loc["first_response"]
    return table.incidents["channel"].iloc[0], step["status"], step["due"], step["done_at"]


def test_reported_by_phone_in_the_note_is_met_at_the_report() -> None:
    rows = [("reported", "05-12 09:00", "phone: the whole office is offline")]
    assert first_response(rows, None, "05-12 11:00") == (
        "phone",
        "met",
        pd.Timestamp(t("05-12 10:00")),
        pd.Timestamp(t("05-12 09:00")),
    )


def test_reported_by_phone_in_the_export_is_met_at_the_report() -> None:
    rows = [("reported", "05-12 09:00")]
    channel, status, _, done = first_response(rows, "Phone", "05-12 11:00")
    assert (channel, status, done) == ("phone", "met", pd.Timestamp(t("05-12 09:00")))


def test_reported_by_email_and_answered_late_is_breached() -> None:
    # Tue 16:30 + 60 business minutes: 30 on Tuesday, 30 from Wednesday's 08:00 -> Wed 08:30.
    rows = [("reported", "05-12 16:30"), ("client_responded", "05-13 08:45")]
    assert first_response(rows, "Email", "05-13 12:00") == (
        "email",
        "breached",
        pd.Timestamp(t("05-13 08:30")),
        pd.Timestamp(t("05-13 08:45")),
    )


def test_without_a_source_the_report_counts_as_email() -> None:
    channel, status, _, _ = first_response([("reported", "05-12 09:00")], None, "05-12 11:00")
    assert (channel, status) == ("email", "breached")  # not answered by 10:00


# ---- incidents declared by hand, and corrections ---------------------------------------------


def test_a_declared_incident_takes_client_summary_and_security_from_its_rows() -> None:
    rows = [
        ("declared", "05-12 09:10", "security: Ransom note on the file server"),
        ("reported", "05-12 09:00"),
    ]
    table = incidents_table(
        log_events("INC-20260512-0900", rows, client="Acme Dental"),
        None,
        as_of=t("05-12 09:20"),
        settings=Settings(),
    )
    incident = table.incidents.iloc[0]
    assert incident["title"] == "Acme Dental – INC-20260512-0900 – Ransom note on the file server"
    assert bool(incident["security"]) is True
    assert incident["reported_at"] == pd.Timestamp(t("05-12 09:00"))


def test_a_corrected_row_counts_for_nothing_from_the_correction_on() -> None:
    rows = [
        ("reported", "05-12 09:00"),
        ("swarm_created", "05-12 09:05"),
        ("vitm_acknowledged", "05-12 09:20"),
        ("corrected", "05-12 09:25", "vitm_acknowledged at 05-12 09:20: clicked on the wrong room"),
    ]
    events = log_events("TK1", rows)

    def acknowledgement(as_of: str) -> tuple[str, object]:
        table = incidents_table(events, None, as_of=t(as_of), settings=Settings())
        step = table.steps.set_index("step").loc["vitm_acknowledged"]
        return step["status"], step["done_at"]

    assert acknowledgement("05-12 09:22") == ("met", pd.Timestamp(t("05-12 09:20")))
    status, done = acknowledgement("05-12 09:30")  # due 10:05, not done any more
    assert status == "pending" and pd.isna(done)
    table = incidents_table(events, None, as_of=t("05-12 09:30"), settings=Settings())
    assert table.events["voided"].tolist() == [False, False, True, False]


def test_a_ticket_whose_only_row_was_corrected_away_is_no_incident() -> None:
    rows = [
        ("reported", "05-12 09:00"),
        ("corrected", "05-12 09:05", "reported at 05-12 09:00: wrong ticket"),
    ]
    events = log_events("TK9", rows)
    before = incidents_table(events, None, as_of=t("05-12 09:02"), settings=Settings())
    assert before.incidents["ticket"].tolist() == ["TK9"]  # the correction has not happened yet
    after = incidents_table(events, None, as_of=t("05-12 09:10"), settings=Settings())
    assert after.incidents.empty and after.steps.empty and after.events.empty
    # With a Created time in the export the incident stands, reported at its creation.
    created = pd.DataFrame(
        {"ticket": ["TK9"], "priority": ["Critical"], "created": [pd.Timestamp(t("05-12 08:55"))]}
    )
    kept = incidents_table(events, created, as_of=t("05-12 09:10"), settings=Settings())
    assert kept.incidents["reported_at"].tolist() == [pd.Timestamp(t("05-12 08:55"))]


def test_the_same_ticket_spelt_two_ways_is_one_incident() -> None:
    events = pd.concat(
        [
            log_events("TK9", [("reported", "05-12 09:00")]),
            log_events(" tk9 ", [("swarm_created", "05-12 09:05")]),
        ],
        ignore_index=True,
    )
    table = incidents_table(events, None, as_of=t("05-12 09:10"), settings=Settings())
    assert table.incidents["ticket"].tolist() == ["TK9"]
    assert table.steps.set_index("step").loc["swarm_created", "status"] == "met"


# ---- the whole table at once against each incident alone, the way the room reads one --------

# Every event but those naming other tickets, and corrections (made below from the rows).
EVENT_NAMES = [
    str(event)
    for event in IncidentEvent
    if event
    not in (
        IncidentEvent.CORRECTED,
        IncidentEvent.CHILD_TICKET_ATTACHED,
        IncidentEvent.PROBLEM_TICKET_OPENED,
    )
]
SPELLINGS = ["TK1", " tk1 ", "TK2", "TK3", "TK4"]
# TK1 critical and reported by phone, TK2 High (left out), TK3 critical by e-mail, TK4 no row.
MIXED_TICKETS = pd.DataFrame(
    {
        "ticket": ["TK1", "TK2", "TK3"],
        "client": ["GPW", "Beta", "Acme"],
        "summary": ["Phones down", "Printer", "VPN down"],
        "priority": ["Critical", "High", "Critical"],
        "security": [False, False, True],
        "created": pd.to_datetime([t("05-11 07:30")] * 3, utc=True),
        "source": ["Phone", None, "Email"],
    }
)
moments = st.builds(
    lambda day, hour, minute: f"05-{day:02d} {hour:02d}:{minute:02d}",
    st.integers(11, 13),
    st.integers(6, 18),
    st.sampled_from([0, 10, 15, 30, 45]),
)
event_rows = st.lists(
    st.tuples(
        st.sampled_from(SPELLINGS),
        st.sampled_from(EVENT_NAMES),
        moments,
        st.sampled_from(["", "analyst", "vITM", "security: breach", "phone: call"]),
    ),
    min_size=1,
    max_size=25,
)


def mixed_events(rows: list[tuple[str, str, str, str]], corrected: list[int]) -> pd.DataFrame:
    """The rows, then a correction (an hour after it) of each row picked by `corrected`."""
    corrections = [
        (ticket, "corrected", f"05-{int(at[3:5]) + 1:02d} {at[6:]}", f"{event} at {at}: wrong")
        for ticket, event, at, _ in (rows[i % len(rows)] for i in corrected)
    ]
    return pd.concat(
        [log_events(ticket, [(event, at, note)]) for ticket, event, at, note in rows + corrections],
        ignore_index=True,
    )


@settings(max_examples=25, deadline=None)
@given(rows=event_rows, corrected=st.lists(st.integers(0, 30), max_size=3), as_of=moments)
def test_the_whole_table_equals_each_incident_alone(
    rows: list[tuple[str, str, str, str]], corrected: list[int], as_of: str
) -> None:
    events = mixed_events(rows, corrected)
    whole = incidents_table(events, MIXED_TICKETS, as_of=t(as_of), settings=Settings())
    assert "TK2" not in set(whole.incidents["ticket"].str.upper())
    for ticket in whole.incidents["ticket"]:
        its_events = events[events["ticket"].map(ticket_key) == ticket_key(ticket)]
        alone = incidents_table(its_events, MIXED_TICKETS, as_of=t(as_of), settings=Settings())
        row = whole.incidents[whole.incidents["ticket"] == ticket].reset_index(drop=True)
        pd.testing.assert_frame_equal(row, alone.incidents)
        steps = whole.steps[whole.steps["ticket"] == ticket].reset_index(drop=True)
        pd.testing.assert_frame_equal(steps, alone.steps)
        # The frame path of one incident (as the room and the notifications read it).
        framed = incident_steps(
            its_events,
            as_of=t(as_of),
            targets=TARGETS,
            clock=CLOCK,
            security=bool(row["security"].iloc[0]),
            reported_at=row["reported_at"].iloc[0].to_pydatetime(),
            phone=row["channel"].iloc[0] == "phone",
        )
        pd.testing.assert_frame_equal(steps.drop(columns="ticket"), framed)
        if bool(row["is_open"].iloc[0]):
            action = next_action(framed, as_of=t(as_of), clock=CLOCK)
            assert (None if action is None else str(action.step)) == (
                None if pd.isna(row["next_step"].iloc[0]) else row["next_step"].iloc[0]
            )
