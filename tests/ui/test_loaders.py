"""The shell's loaders (ui/loaders.py) on a local copy of the scenario: a ticket export or events
file that cannot be opened or read is a message, and the app goes on without it; the sample's own
inputs are never loaded beside someone else's workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import metrics, start, texts
from ui.context import CONTEXT_KEY

# The scenario's Monday figures, which need no ticket export (tests/scenario.py).
SCENARIO_KPIS = {
    "On extra care": "3",
    "Awaiting decision": "1",
    "MRR on extra care": "$21,000",
    "MRR at risk": "$6,750",
    "Overdue actions": "2",
    "Open loops": "12",  # tests/scenario.py EXPECTED_OPEN_LOOPS
}


def start_with(monkeypatch: pytest.MonkeyPatch, name: str, path: Path, text: str) -> AppTest:
    """The shell's first run with the environment variable `name` naming `path` (`text`)."""
    path.write_text(text)
    monkeypatch.setenv(name, str(path))
    app = start()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_beside_another_workbook_no_sample_input_is_loaded(scenario_file: Path) -> None:
    app = start()
    ctx = app.session_state[CONTEXT_KEY]
    assert (ctx.tickets, ctx.events, ctx.tickets_version) == (None, None, "")
    assert "Tickets:" not in texts(app.sidebar.caption)


def test_a_broken_ticket_export_is_a_panel_and_the_app_goes_on(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tabs = "Ticket\tClient\tPriority\tCreated\nT1\tAcme Dental\tHigh\t2026-11-20\n"
    app = start_with(monkeypatch, "PULSE_TICKETS", scenario_file.parent / "tickets.csv", tabs)
    assert texts(app.error).startswith(
        "### The ticket export cannot be read; signals from tickets are off"
    )
    assert "tickets.csv" in texts(app.error)
    assert metrics(app) == SCENARIO_KPIS
    assert app.session_state[CONTEXT_KEY].tickets is None


def test_a_missing_ticket_export_says_why_and_the_app_goes_on(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_TICKETS", str(scenario_file.parent / "absent.csv"))
    app = start()
    assert not app.exception
    assert (
        "The ticket export cannot be opened (No such file or directory). Signals from tickets "
        "are off until one is loaded on the Ticket import page."
    ) in texts(app.warning)
    assert metrics(app) == SCENARIO_KPIS


def test_broken_incident_events_are_a_panel_and_the_app_goes_on(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = "ticket,event,at\nTK1,coffee_break,2026-11-20T10:00:00+00:00\n"
    app = start_with(monkeypatch, "PULSE_EVENTS", scenario_file.parent / "events.csv", events)
    assert texts(app.error).startswith("### The incident events cannot be read")
    assert "events.csv, row 2" in texts(app.error)
    assert metrics(app) == SCENARIO_KPIS
    assert app.session_state[CONTEXT_KEY].events is None


def test_a_readable_export_is_loaded_and_named(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = (
        "Ticket,Client,Summary,Priority,Created\n"
        "T1,Acme Dental,Printer jam,Low,2026-11-20T09:00:00Z\n"
        "T2,Beta Law,VPN down,Low,2026-11-21T10:30:00Z\n"
    )
    app = start_with(monkeypatch, "PULSE_TICKETS", scenario_file.parent / "tickets.csv", export)
    assert "Tickets: **tickets.csv** (2 tickets)" in texts(app.sidebar.caption)
    assert list(app.session_state[CONTEXT_KEY].tickets["ticket"]) == ["T1", "T2"]
