"""The Incident Log tab as incident events: At as text with an offset (or a date-time someone
typed in Excel, read in the business zone), and a row broken by hand left out with a warning that
names its cell."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import openpyxl
import pandas as pd

from connectors.errors import Severity
from connectors.incident_log import incident_log_events, read_log_workbook
from connectors.workbook import read_workbook
from pulse.incidents import LOG_COLUMNS
from tests.paths import SAMPLE_WORKBOOK

ZONE = "America/Los_Angeles"
HEADER = ["Ticket", "Client", "Event", "At", "Actor", "Note"]


def with_log(rows: list[list[object]], *, title_rows: int = 0) -> bytes:
    book = openpyxl.load_workbook(SAMPLE_WORKBOOK)
    tab = book.create_sheet("Incident Log")
    for _ in range(title_rows):
        tab.append(["Live incidents (kept by the app)"])
    tab.append(HEADER)
    for row in rows:
        tab.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_become_typed_events() -> None:
    data = with_log(
        [
            ["TK1", "Acme", "reported", "2026-05-12T09:00:00-07:00", "Ana", "phone: down"],
            ["TK1", None, "Swarm Created", datetime(2026, 5, 12, 9, 5), "Ana", None],
            [
                "TK1",
                None,
                "corrected",
                "2026-05-12T09:30:00-07:00",
                "Bo",
                "swarm_created at 2026-05-12T09:05:00-07:00: made for another ticket",
            ],
        ],
        title_rows=1,
    )
    events, warnings = incident_log_events(read_workbook(data), timezone=ZONE)
    assert warnings == []
    assert list(events.columns) == list(LOG_COLUMNS)
    assert events["event"].tolist() == ["reported", "swarm_created", "corrected"]
    assert events["at"].tolist() == [
        pd.Timestamp("2026-05-12 16:00", tz="UTC"),
        pd.Timestamp("2026-05-12 16:05", tz="UTC"),  # typed in Excel: Los Angeles wall time
        pd.Timestamp("2026-05-12 16:30", tz="UTC"),
    ]
    assert events["client"].tolist()[0] == "Acme" and pd.isna(events["client"].iloc[1])
    assert events["note"].tolist()[:2] == ["phone: down", ""]
    assert events["corrects_event"].iloc[2] == "swarm_created"
    assert events["corrects_at"].iloc[2] == pd.Timestamp("2026-05-12 16:05", tz="UTC")


def test_a_broken_row_is_left_out_with_a_warning_naming_its_cell() -> None:
    data = with_log(
        [
            ["TK1", None, "reported", "2026-05-12T09:00:00-07:00", "Ana", None],
            [None, None, "swarm_created", "2026-05-12T09:05:00-07:00", "Ana", None],
            ["TK1", None, "coffee_break", "2026-05-12T09:06:00-07:00", "Ana", None],
            ["TK1", None, "summary_posted", "soon", "Ana", None],
            ["TK1", None, "corrected", "2026-05-12T09:07:00-07:00", "Ana", "oops"],
        ]
    )
    events, warnings = incident_log_events(read_workbook(data), timezone=ZONE)
    assert events["event"].tolist() == ["reported"]
    assert [(w.sheet, w.cell, w.severity) for w in warnings] == [
        ("Incident Log", "A3", Severity.WARNING),
        ("Incident Log", "C4", Severity.WARNING),
        ("Incident Log", "D5", Severity.WARNING),
        ("Incident Log", "F6", Severity.WARNING),
    ]
    assert "Unknown event 'coffee_break'" in warnings[1].message
    assert "left out of the incidents" in warnings[0].message


def test_a_workbook_without_the_tab_has_no_events() -> None:
    events, warnings = incident_log_events(read_workbook(SAMPLE_WORKBOOK), timezone=ZONE)
    assert events.empty and warnings == []
    assert list(events.columns) == list(LOG_COLUMNS)


def test_a_separate_log_workbook_needs_no_clients_tab() -> None:
    book = openpyxl.Workbook()
    tab = book.active
    assert tab is not None
    tab.title = "incident log"  # tab names match ignoring case
    tab.append(HEADER)
    tab.append(["TK2", "Beta", "reported", "2026-05-12T09:00:00-07:00", "Ana", None])
    out = BytesIO()
    book.save(out)
    loaded = read_log_workbook(out.getvalue(), name="Incident Log.xlsx")
    events, _ = incident_log_events(loaded, timezone=ZONE)
    assert events["ticket"].tolist() == ["TK2"]
    assert loaded.clients.empty
