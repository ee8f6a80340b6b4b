"""The Critical incidents page under AppTest, on the hand-worked incidents of test_incidents."""

from __future__ import annotations

from datetime import date

import pandas as pd
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook
from pulse.settings import Settings
from tests.incident_frames import all_events, tickets
from tests.paths import REPO
from ui.context import CONTEXT_KEY, PulseContext

PAGE = str(REPO / "pages" / "incidents.py")


def context(*, events: pd.DataFrame | None, ticket_rows: pd.DataFrame | None) -> PulseContext:
    empty = pd.DataFrame()
    workbook = LoadedWorkbook(
        source="test.xlsx",
        clients=empty,
        episodes=empty,
        actions=empty,
        escalation=empty,
        audit=empty,
        history=empty,
    )
    return PulseContext(
        workbook=workbook,
        settings=Settings(),
        as_of=date(2026, 5, 12),
        monday=date(2026, 5, 11),
        user="tester@example.com",
        role="member",
        tickets=ticket_rows,
        events=events,
    )


def run_page(ctx: PulseContext) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.session_state[CONTEXT_KEY] = ctx
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_empty_state_asks_for_an_events_file() -> None:
    app = run_page(context(events=None, ticket_rows=None))
    assert not app.exception
    assert "Load an incident-events file" in app.info[0].value
    assert "Workbook page" in app.info[0].value


def test_counts_match_the_hand_worked_incidents() -> None:
    # As of the end of Tue 2026-05-12 (hand-worked in test_incidents): TK100 4 met; TK200 6 met,
    # 1 breached; TK300 1 met, 5 breached and still open. TK400 (High) is not critical.
    app = run_page(context(events=all_events(), ticket_rows=tickets()))
    assert not app.exception
    assert metrics(app) == {
        "Critical incidents": "3",
        "Open": "1",
        "Steps met": "11",
        "Steps breached": "6",
    }
    assert len(app.get("plotly_chart")) == 2  # weekly compliance and the first incident's timeline


def test_filters_change_the_counts() -> None:
    app = run_page(context(events=all_events(), ticket_rows=tickets()))
    app.checkbox(key="incident_breached_only").check().run()
    assert metrics(app)["Critical incidents"] == "2"
    app.radio(key="incident_state").set_value("Open").run()
    assert metrics(app) == {
        "Critical incidents": "1",
        "Open": "1",
        "Steps met": "1",
        "Steps breached": "5",
    }


def test_open_incident_shows_the_next_action() -> None:
    app = run_page(context(events=all_events(), ticket_rows=tickets()))
    app.selectbox(key="incident").set_value("TK300").run()
    assert not app.exception
    assert app.subheader[0].value == "(unknown client) – TK300"
    warning = app.warning[0].value
    # Swarm due 10:15; overdue by 6h45 of business time at 17:00 = 405 business minutes.
    assert "Create the SWARM space" in warning and "Service Desk analyst" in warning
    assert "405 overdue" in warning
