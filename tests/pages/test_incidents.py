"""The Critical incidents page under AppTest: alone on the hand-worked incidents of
tests/incident_frames.py, and through the shell on every sample incident."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import messages, metrics, page_context, run_app, run_page, texts
from tests.incident_frames import all_events, log_events, tickets
from tests.paths import SAMPLE_WORKBOOK
from ui.context import PulseContext


def context(*, events: pd.DataFrame | None, ticket_rows: pd.DataFrame | None) -> PulseContext:
    return page_context(
        as_of=date(2026, 5, 12), monday=date(2026, 5, 11), tickets=ticket_rows, events=events
    )


def incidents_page(ctx: PulseContext) -> AppTest:
    return run_page("incidents.py", ctx)


def test_empty_state_offers_to_start_one_or_load_an_events_file() -> None:
    app = incidents_page(context(events=None, ticket_rows=None))
    assert not app.exception
    said = messages(app)
    assert "start one above" in said and "incident-events file" in said
    assert "Ticket import page" in said
    assert app.text_input(key="declare_summary").value == ""  # the declare form is there


def test_counts_match_the_hand_worked_incidents() -> None:
    # As of the end of Tue 2026-05-12 (hand-worked in test_incidents): TK100 4 met; TK200 6 met,
    # 1 breached; TK300 1 met, 5 breached and still open. TK400 (High) is not critical.
    app = incidents_page(context(events=all_events(), ticket_rows=tickets()))
    assert not app.exception
    assert metrics(app) == {
        "Critical incidents": "3",
        "Open": "1",
        "Steps met": "11",
        "Steps breached": "6",
    }
    assert len(app.get("plotly_chart")) == 2  # weekly compliance and the first incident's timeline


def test_start_an_incident_is_closed_and_built_only_once_opened() -> None:
    # TK100 and TK200 are incidents already, TK400 is High: TK500 (Gamma) is the one open
    # Critical ticket of the export that could be started.
    app = incidents_page(context(events=all_events(), ticket_rows=tickets()))
    assert not app.exception
    keys = {box.key for box in app.selectbox}
    assert "incident_start_ticket" not in keys and "declare_client" not in keys
    app.session_state["incident_start_open"] = True
    app.run()
    assert app.selectbox(key="incident_start_ticket").options == ["TK500 – Gamma – Later"]
    assert app.text_input(key="declare_summary").value == ""


def test_the_charts_stack_first_responses_by_week_and_shade_business_hours() -> None:
    # Reported TK100 Tue 05-05 (week of Mon 05-04), TK200 and TK300 Tue 05-12 (week of 05-11).
    app = incidents_page(context(events=all_events(), ticket_rows=tickets()))
    weekly, timeline = (json.loads(chart.proto.spec) for chart in app.get("plotly_chart"))
    assert [trace["name"] for trace in weekly["data"]] == ["met", "breached"]
    assert weekly["layout"]["barmode"] == "stack"
    assert weekly["data"][0]["x"] == ["2026-05-04T00:00:00", "2026-05-11T00:00:00"]
    # TK300, first in the list (the open one), all on Tue 05-12: one band, to the 17:00 close.
    [band] = timeline["layout"]["shapes"]
    assert (band["type"], band["yref"], band["y0"], band["y1"]) == ("rect", "y domain", 0, 1)
    assert band["x1"] == "2026-05-12T17:00:00" and band["layer"] == "below"
    assert {trace["name"] for trace in timeline["data"]} == {"due", "done", "event"}


def test_filters_change_the_counts() -> None:
    app = incidents_page(context(events=all_events(), ticket_rows=tickets()))
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
    app = incidents_page(context(events=all_events(), ticket_rows=tickets()))
    app.selectbox(key="incident").set_value("TK300").run()
    assert not app.exception
    assert app.subheader[0].value == "(unknown client) – TK300"
    warning = app.warning[0].value
    # Swarm due 10:15; overdue by 6h45 of business time at 17:00 = 405 business minutes.
    assert "Create the SWARM space" in warning and "Service Desk analyst" in warning
    assert "405 overdue" in warning


def test_incident_page_renders_every_sample_incident(monkeypatch: pytest.MonkeyPatch) -> None:
    # The day after the sample's as-of: every incident, the open one included, has happened
    # whatever the time of day the test runs (an as-of of today means "now" on this page).
    app = run_app(SAMPLE_WORKBOOK, monkeypatch, as_of="2026-11-24")
    app.switch_page("pages/incidents.py").run()
    choices = app.selectbox(key="incident").options
    assert len(choices) == 12  # the sample's critical incidents
    for option in choices:
        app.selectbox(key="incident").select(option).run()
        assert not app.exception, (option, [e.message for e in app.exception])
        assert option in [header.value for header in app.subheader]  # its own timeline shows


def test_a_revisit_builds_no_figure_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures and tables are kept with the shared incidents table: coming back to the page
    (same data, same as-of) draws what was built on the first visit."""
    import streamlit as st

    import pulse.incidents

    built: list[str] = []
    marks = pulse.incidents.timeline_marks

    def counted(*args: object, **kwargs: object) -> object:
        built.append("timeline")
        return marks(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pulse.incidents, "timeline_marks", counted)
    st.cache_resource.clear()  # nothing kept from an earlier test
    app = run_app(SAMPLE_WORKBOOK, monkeypatch, as_of="2026-11-24")
    app.switch_page("pages/incidents.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert built == ["timeline"]
    first = app.subheader[0].value
    app.switch_page("pages/help.py").run()
    app.switch_page("pages/incidents.py").run()
    assert built == ["timeline"]
    assert app.subheader[0].value == first
    app.selectbox(key="incident").select(app.selectbox(key="incident").options[1]).run()
    assert built == ["timeline", "timeline"]  # another incident: its own timeline


def many_incidents(count: int, *, open_every: int) -> pd.DataFrame:
    """`count` incidents TK0.. reported on weekdays of May 2026, one a minute from 09:00; every
    `open_every`-th one still open, the rest resolved at 16:00."""
    frames = []
    for number in range(count):
        day, minute = 4 + number % 5, number // 5  # Mon 05-04 .. Fri 05-08
        reported = f"05-{day:02d} 09:{minute:02d}"
        rows = [("reported", reported)]
        if number % open_every:
            rows.append(("resolved", f"05-{day:02d} 16:00"))
        frames.append(log_events(f"TK{number}", rows))
    return pd.concat(frames, ignore_index=True)


def test_a_long_list_sends_the_first_hundred_most_relevant_and_counts_every_one() -> None:
    # 120 incidents, 6 open: TK0, TK20, ..., TK100, all on Monday 05-04 (n % 5 == 0) at 09:00,
    # 09:04, ..., 09:20. Open first, the most recent first: TK100 (09:20) down to TK0 (09:00).
    # Then the resolved ones, most recent first: TK119 (Fri 05-08, 119 // 5 = 23 -> 09:23).
    app = incidents_page(context(events=many_incidents(120, open_every=20), ticket_rows=None))
    assert not app.exception
    assert metrics(app)["Critical incidents"] == "120"  # the figures count every incident
    assert metrics(app)["Open"] == "6"
    assert "Showing 100 of 120 — filter or choose to show all" in texts(app.caption)
    assert len(app.dataframe[0].value) == 100
    options = app.selectbox(key="incident").options
    assert len(options) == 100
    assert [o.split(" – ")[1] for o in options[:7]] == [
        "TK100",
        "TK80",
        "TK60",
        "TK40",
        "TK20",
        "TK0",
        "TK119",
    ]
    app.toggle(key="incident_show_all").set_value(True).run()
    assert len(app.dataframe[0].value) == 120
    assert len(app.selectbox(key="incident").options) == 120
    assert "Showing" not in texts(app.caption)
    app.radio(key="incident_state").set_value("Open").run()
    assert len(app.dataframe[0].value) == 6 and not app.get("toggle")  # short: all of it
