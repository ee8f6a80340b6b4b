"""What one click of the incident room appends: Incident Log rows (At as ISO 8601 text with the
business zone's UTC offset) and their Audit Log rows, and the clicks that are refused."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from pulse.incidents.recording import (
    Declaration,
    LogEntry,
    NotRecorded,
    audit_rows,
    correction_entry,
    declared_entries,
    declared_ticket,
    log_rows,
    started_entries,
    step_entry,
)
from pulse.schema import INCIDENT_LOG, IncidentEvent
from tests.incident_frames import t

ZONE = "America/Los_Angeles"
NOW = t("05-12 10:00")


def test_a_step_done_now_is_a_row_at_now() -> None:
    entry = step_entry(
        ticket=" TK1 ", client="GPW", event=IncidentEvent.SWARM_CREATED, actor="ana", now=NOW
    )
    assert entry == LogEntry("TK1", "GPW", IncidentEvent.SWARM_CREATED, NOW, "ana", "")
    rows = log_rows([entry], timezone=ZONE)
    assert list(rows.columns) == INCIDENT_LOG.names
    assert rows.iloc[0].tolist() == [
        "TK1",
        "GPW",
        "swarm_created",
        "2026-05-12T10:00:00-07:00",
        "ana",
        None,
    ]


def test_a_step_done_earlier_needs_a_reason() -> None:
    earlier = NOW - timedelta(minutes=20)
    with pytest.raises(NotRecorded, match="Say why"):
        step_entry(
            ticket="TK1", client="", event=IncidentEvent.VITM_PHONED, actor="a", now=NOW, at=earlier
        )
    entry = step_entry(
        ticket="TK1",
        client="",
        event=IncidentEvent.VITM_PHONED,
        actor="a",
        now=NOW,
        at=earlier,
        note="phoned from my mobile, recorded after",
    )
    assert (entry.at, entry.note) == (earlier, "phoned from my mobile, recorded after")


def test_a_step_in_the_future_is_refused() -> None:
    with pytest.raises(NotRecorded, match="still to come"):
        step_entry(
            ticket="TK1",
            client="",
            event=IncidentEvent.RESOLVED,
            actor="a",
            now=NOW,
            at=NOW + timedelta(minutes=5),
            note="x",
        )


def test_declaring_by_hand_writes_declared_now_and_reported_at_the_time_given() -> None:
    declaration = Declaration(
        client="Acme Dental",
        summary="Ransom note on the file server",
        reported_at=t("05-12 09:40"),
        security=True,
        by_phone=True,
    )
    entries = declared_entries(declaration, actor="ana", now=NOW, known=["TK1"])
    assert [(e.ticket, e.event, e.at, e.note) for e in entries] == [
        ("INC-20260512-0940", "declared", NOW, "security: Ransom note on the file server"),
        ("INC-20260512-0940", "reported", t("05-12 09:40"), "phone: reported by phone"),
    ]
    assert {e.client for e in entries} == {"Acme Dental"}


@pytest.mark.parametrize(
    ("declaration", "refusal"),
    [
        (Declaration("", "x", NOW), "Name the client"),
        (Declaration("Acme", " ", NOW), "short summary"),
        (Declaration("Acme", "x", NOW + timedelta(hours=1)), "still to come"),
        (Declaration("Acme", "x", NOW, ticket="tk1"), "already an incident"),
    ],
)
def test_a_declaration_missing_something_is_refused(declaration: Declaration, refusal: str) -> None:
    with pytest.raises(NotRecorded, match=refusal):
        declared_entries(declaration, actor="ana", now=NOW, known=["TK1"])


def test_a_made_up_ticket_never_repeats_one_in_use() -> None:
    known = ["INC-20260512-0940", "inc-20260512-0940-2"]
    assert declared_ticket(t("05-12 09:40"), known) == "INC-20260512-0940-3"


def test_starting_from_the_export_reports_at_the_tickets_created_time() -> None:
    entries = started_entries(
        ticket="TK77", client="GPW", created=t("05-12 08:55"), actor="ana", known=[]
    )
    assert [(e.event, e.at) for e in entries] == [("reported", t("05-12 08:55"))]
    with pytest.raises(NotRecorded, match="already an incident"):
        started_entries(ticket="TK77", client="", created=NOW, actor="a", known=["TK77"])


def test_a_correction_names_the_row_and_why() -> None:
    wrong = LogEntry("TK1", "GPW", IncidentEvent.VITM_ACKNOWLEDGED, t("05-12 09:20"), "ana")
    entry = correction_entry(wrong, reason="wrong incident", actor="bo", now=NOW, timezone=ZONE)
    assert (entry.event, entry.at, entry.actor) == ("corrected", NOW, "bo")
    assert entry.note == "vitm_acknowledged at 2026-05-12T09:20:00-07:00: wrong incident"
    with pytest.raises(NotRecorded, match="why"):
        correction_entry(wrong, reason="", actor="bo", now=NOW, timezone=ZONE)


def test_every_row_has_its_audit_row() -> None:
    entry = LogEntry("TK1", "GPW", IncidentEvent.SWARM_CREATED, NOW, "ana")
    audit = audit_rows([entry], user="ana@example.com", at=NOW, timezone=ZONE)
    row = audit.iloc[0]
    # The moment with its UTC offset in the business zone, as the workflow writes Audit At.
    assert row["at"] == pd.Timestamp("2026-05-12 10:00", tz=ZONE)
    assert row["at"].utcoffset() == pd.Timedelta(hours=-7)
    assert (row["user"], row["client"], row["field"], row["old"]) == (
        "ana@example.com",
        "GPW",
        "Incident Log[TK1].event",
        "",
    )
    assert row["new"] == "swarm_created at 2026-05-12T10:00:00-07:00"
    assert row["note"] == "Recorded in the incident room"
