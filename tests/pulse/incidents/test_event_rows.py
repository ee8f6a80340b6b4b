"""One incident's rows as plain records: the same rows, in the same order, missing text as None."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from pulse.incidents.event_rows import EventRecord, event_records
from tests.incident_frames import events_frame, log_events, t


def test_a_log_frame_becomes_records_in_its_order() -> None:
    events = log_events(
        "TK1",
        [("swarm_member_added", "05-05 10:10", "vITM"), ("reported", "05-05 10:00")],
        client="Acme",
    )
    # 10:10 Los Angeles (UTC-7 in May) is 17:10 UTC; a blank Note stays blank text.
    assert event_records(events) == [
        EventRecord(
            "swarm_member_added", datetime(2026, 5, 5, 17, 10, tzinfo=UTC), "vITM", "Ana", "Acme"
        ),
        EventRecord("reported", datetime(2026, 5, 5, 17, 0, tzinfo=UTC), "", "Ana", "Acme"),
    ]


def test_a_frame_without_the_log_columns_names_no_client() -> None:
    events = events_frame("TK1", [("reported", "05-05 10:00")]).drop(columns=["actor", "note"])
    (record,) = event_records(events)
    assert record.at == t("05-05 10:00")
    assert (record.note, record.actor, record.client) == (None, None, None)


def test_records_are_returned_as_they_are() -> None:
    records = [EventRecord("reported", t("05-05 10:00"), None, None, None)]
    assert event_records(records) is records


def test_missing_cells_of_any_kind_are_none() -> None:
    events = pd.DataFrame(
        {
            "ticket": ["TK1", "TK1"],
            "event": ["reported", "declared"],
            "at": [t("05-05 10:00"), t("05-05 10:01")],
            "note": [float("nan"), "security: VPN down"],
            "actor": [None, pd.NA],
            "client": pd.array([pd.NA, "Acme"], dtype="string"),
        }
    )
    assert [(r.note, r.actor, r.client) for r in event_records(events)] == [
        (None, None, None),
        ("security: VPN down", None, "Acme"),
    ]
