"""The incident room through the shell (tests/live_incidents.py: the clock stands at Tue
2026-11-24 10:00 Los Angeles), on the hand-worked scenario workbook. Due times worked by hand on
the default business clock."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import messages, page_context, texts
from tests.live_incidents import (
    INCIDENTS,
    click,
    fresh_start,
    logged,
    open_room,
    seed,
    step_statuses,
)
from tests.paths import REPO
from ui.context import CONTEXT_KEY

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "own_settings")

REPORTED = [("reported", "09:50")]
# Swarm 08:05: acknowledgement due 09:05, the manager (trigger 09:05) added 09:15 -- the vITM
# is silent past their manager, so the room prompts to hand over to the vCIO.
SILENT = [
    ("reported", "08:00"),
    ("swarm_created", "08:05"),
    ("summary_posted", "08:10"),
    ("client_responded", "08:20"),
    ("vitm_phoned", "08:40"),
    ("vitm_manager_added", "09:15"),
]


def test_declaring_an_incident_saves_it_and_opens_its_room(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = fresh_start(monkeypatch)
    app.switch_page(INCIDENTS).run()
    app.selectbox(key="declare_client").set_value("Acme Dental")
    app.text_input(key="declare_summary").input("Email down for everyone")
    app.time_input(key="declare_time").set_value(time(9, 50))
    app.radio(key="declare_channel").set_value("Phone")
    app.button(key="FormSubmitter:incident_declare-Declare the incident").click().run()
    assert not app.exception, [e.message for e in app.exception]
    ticket = "INC-20261124-0950"
    assert logged(scenario_file) == [
        (ticket, "declared", "2026-11-24T10:00:00-08:00"),
        (ticket, "reported", "2026-11-24T09:50:00-08:00"),
    ]
    assert app.query_params["ticket"] == ticket  # its room is where the click went


def test_a_click_is_saved_and_read_back_from_the_file(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, REPORTED, client="Acme Dental")
    app = open_room(monkeypatch)
    click(app, "now_swarm_created_TK1")
    assert "SWARM space created — saved to pulse.xlsx" in texts(app.success)
    # A new session (a reload) reads the same statuses from the file.
    statuses = step_statuses(open_room(monkeypatch))
    assert (statuses["SWARM space created"], statuses["Summary posted in the SWARM space"]) == (
        "Met",
        "Pending",
    )
    # The swarm at 10:00: the summary is due 10:15, the vITM's acknowledgement 11:00.
    assert logged(scenario_file)[-1] == ("TK1", "swarm_created", "2026-11-24T10:00:00-08:00")


def test_the_silent_vitm_prompt_then_the_hand_over(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, SILENT, client="Acme Dental")
    app = open_room(monkeypatch)
    said = messages(app)
    assert "Mark the vITM unavailable and tag the vCIO" in said
    assert "45 min 00 s overdue" in said  # since the manager was added at 09:15
    # First response 08:20: a client update was due 09:20.
    assert "Client update due 09:20 (40 min 00 s overdue)" in messages(app) + texts(app.caption)
    click(app, "now_vitm_unavailable_TK1")
    said = messages(app)
    assert "Tag the vCIO in the SWARM space" in said and "15 min 00 s left" in said


def test_a_viewer_sees_the_room_read_only(viewer: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(viewer, REPORTED, client="Acme Dental")
    app = open_room(monkeypatch)
    assert "read-only" in texts(app.info)
    steps = [button for button in app.button if button.key and button.key.startswith("now_")]
    assert steps and all(button.disabled for button in steps)
    assert app.button(key="update_TK1").disabled


def test_a_team_member_records_the_service_desks_steps_not_the_vitms(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Who may record which event is pulse.permissions' matrix (tests/pulse/test_permissions.py);
    # here, that the room asks it for each button.
    config = scenario_file.parent / "pulse.toml"
    config.write_text('default_role = "member"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    seed(scenario_file, [*REPORTED, ("client_responded", "09:55")], client="Acme Dental")
    app = open_room(monkeypatch)
    assert not app.button(key="now_swarm_created_TK1").disabled
    acknowledge = app.button(key="now_vitm_acknowledged_TK1")
    assert acknowledge.disabled and "Only a vITM" in str(acknowledge.help)
    assert app.button(key="update_TK1").disabled


def test_another_day_is_shown_but_not_run(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, REPORTED, client="Acme Dental")
    app = open_room(monkeypatch, as_of="2026-11-25")
    assert "set As of to today to run it live" in texts(app.info)
    assert app.button(key="now_swarm_created_TK1").disabled
    assert "Steps are recorded live" in str(app.button(key="now_swarm_created_TK1").help)


def test_an_earlier_time_needs_a_reason(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, REPORTED, client="Acme Dental")
    app = open_room(monkeypatch)
    app.selectbox(key="earlier_event_TK1").set_value("swarm_created")
    app.time_input(key="earlier_time_TK1").set_value(time(9, 55))
    click(app, "FormSubmitter:earlier_TK1-Record at that time")
    assert "Say why" in texts(app.error)
    assert len(logged(scenario_file)) == 1  # nothing written
    app.text_input(key="earlier_note_TK1").input("made the space from my phone")
    click(app, "FormSubmitter:earlier_TK1-Record at that time")
    assert logged(scenario_file)[-1] == ("TK1", "swarm_created", "2026-11-24T09:55:00-08:00")
    assert step_statuses(app)["SWARM space created"] == "Met"  # due 10:05


def test_a_correction_voids_a_row(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(scenario_file, [*REPORTED, ("swarm_created", "09:52")], client="Acme Dental")
    app = open_room(monkeypatch)
    assert step_statuses(app)["SWARM space created"] == "Met"
    app.selectbox(key="correct_row_TK1").set_value(1)
    app.text_input(key="correct_why_TK1").input("that space was for another ticket")
    click(app, "FormSubmitter:correct_TK1-Void this row")
    assert step_statuses(app)["SWARM space created"] == "Pending"  # due 10:05, not done any more
    _, event, _ = logged(scenario_file)[-1]
    assert event == "corrected"


def test_members_and_child_tickets(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(scenario_file, REPORTED, client="Acme Dental")
    app = open_room(monkeypatch)
    assert "☐ **vITM** — Jordan · missing" in texts(app.markdown)  # Acme Dental's vITM
    click(app, "member_vitm_TK1")
    assert "☑ **vITM** — Jordan · added 10:00" in texts(app.markdown)
    app.text_input(key="related_number_TK1").input("TK2")
    app.text_input(key="related_about_TK1").input("same outage, front desk")
    click(app, "FormSubmitter:related_TK1-Record the ticket")
    related = next(f.value for f in app.dataframe if "kind" in f.value.columns)
    assert related[["ticket", "kind", "summary"]].values.tolist() == [
        ["TK2", "child", "same outage, front desk"]
    ]


def test_after_resolution_the_report_and_recommending_extra_care(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, [*SILENT, ("resolved", "09:45")], client="Acme Dental")
    app = open_room(monkeypatch)
    assert "Resolved" in texts(app.success)
    assert app.get("download_button")  # the post-incident report
    reason = app.text_area(key="recommend_reason_TK1").value
    assert reason.startswith("Critical incident Acme Dental – TK1")
    click(app, "FormSubmitter:recommend_TK1-Recommend extra care")
    # Acme Dental is already Active in the scenario: the workflow refuses, with its reason.
    assert "already has an open episode" in texts(app.error)


def room_alone(**params: str) -> AppTest:
    """The room page alone, on a context without a workbook or events."""
    app = AppTest.from_file(str(REPO / "pages" / "incident_room.py"), default_timeout=30)
    app.session_state[CONTEXT_KEY] = page_context(as_of=date(2026, 11, 24))
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def test_an_unknown_ticket_says_where_to_start() -> None:
    app = room_alone(ticket="TK404")
    assert not app.exception
    assert "No critical incident TK404" in texts(app.warning)


def test_without_a_ticket_it_says_where_to_open_one() -> None:
    app = room_alone()
    assert not app.exception
    assert "from the Critical incidents page" in texts(app.info)
