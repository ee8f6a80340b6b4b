"""The one problems panel (ui/problems.py) above every page: every warning reading the workbook,
the ticket export and the incident events gave, with where and why; none when nothing was."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import shell, start
from tests.scenario import CLIENTS
from tests.workbooks import minimal_workbook

pytestmark = pytest.mark.usefixtures("shell_on_every_run")
PANEL = "warning(s) while reading"


def panel_rows(app: AppTest) -> list[tuple[str, ...]]:
    [expander] = [e for e in app.expander if PANEL in e.label]
    [table] = expander.dataframe
    return [tuple(row) for row in table.value.itertuples(index=False)]


def test_no_warning_no_panel(scenario_file: Path) -> None:
    app = start()
    assert not app.exception
    assert not [e for e in app.expander if PANEL in e.label]


def test_every_inputs_warnings_are_listed_with_where_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    workbook = minimal_workbook(tmp_path / "pulse.xlsx", clients=[*CLIENTS, CLIENTS[0]])
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "Ticket,Client,Summary,Priority,Created\n"
        "T1,Acme Dental,Printer jam,Low,2026-11-20T09:00:00Z\n"
        "T2,,Lost client,Low,2026-11-20T10:00:00Z\n"
    )
    events = tmp_path / "events.csv"
    events.write_text("ticket,event,at,Site,site\nT1,reported,2026-11-20T09:00:00Z,HQ,Annex\n")
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    monkeypatch.setenv("PULSE_TICKETS", str(tickets))
    monkeypatch.setenv("PULSE_EVENTS", str(events))
    app = shell()
    app.session_state["problems_open"] = True  # closed, the panel's table is not drawn
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    rows = panel_rows(app)
    assert rows[0] == (
        "Workbook (pulse.xlsx)",
        "Clients!A8",  # the header is row 1, the six clients rows 2-7, Acme again row 8
        "client 'Acme Dental' is listed twice (names match ignoring case and spaces); the first "
        "row is used, delete or rename the other",
    )
    assert rows[1][0] == "Tickets (tickets.csv)"
    assert rows[1][1].startswith("tickets.csv, row 3")  # T2, the row without a client
    assert "Client" in rows[1][2]
    assert rows[2] == (
        "Incident events",
        "events.csv, row 1",
        "'Site' (column 4) and 'site' (column 5) repeat one header; this column is not used "
        "and is ignored.",
    )
    assert len(rows) == 3
