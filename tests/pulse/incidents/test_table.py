"""The incidents table: which tickets are critical incidents, their titles, counts and state.

Built from the hand-worked incidents of tests/incident_frames.py, as of Tue 2026-05-12 17:00.
"""

from __future__ import annotations

import pandas as pd

from pulse.incidents.table import INCIDENT_COLUMNS, incidents_table, swarm_title
from pulse.settings import Settings
from tests.incident_frames import BREACHED, all_events, t, table_as_of, tickets


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


def test_swarm_title_uses_en_dashes() -> None:
    assert swarm_title(client="GPW", ticket="TK13256", summary="PBA inaccessible") == (
        "GPW \u2013 TK13256 \u2013 PBA inaccessible"
    )


def test_swarm_title_without_client_or_summary() -> None:
    assert swarm_title(client=None, ticket="TK1", summary=None) == "(unknown client) \u2013 TK1"
