"""The Incident Log in the app (ui/incident_log.py) under AppTest: a click is saved at once to the
file, never replays this session's own pending decisions, goes to a separate workbook when one
is configured (the Client Pulse workbook untouched), to SharePoint when that is the source, and
a log that cannot be used is said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.workbook import read_workbook
from tests.app_fixtures import SHAREPOINT_PATH, recommend_echo, save_from_sidebar, texts
from tests.fake_sharepoint import FakeSharePoint
from tests.live_incidents import (
    ROOM,
    click,
    fresh_start,
    logged,
    open_room,
    seed,
    step_statuses,
)

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "own_settings")

REPORTED = [("reported", "09:50")]


def test_a_click_keeps_this_sessions_pending_decisions_without_replaying_them(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, REPORTED, client="Acme Dental")
    app = recommend_echo(fresh_start(monkeypatch, ticket="TK1"))
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    app.switch_page(ROOM).run()
    click(app, "now_swarm_created_TK1")
    assert "re-applied" not in texts(app.info)  # its own click is no one else's save
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    save_from_sidebar(app)
    saved = read_workbook(scenario_file)
    assert "Recommended" in set(
        saved.episodes.loc[saved.episodes["client"] == "Echo Capital", "status"]
    )
    assert list(saved.incident_log["event"]) == ["reported", "swarm_created"]
    assert "swarm_created at 2026-11-24T10:00:00-08:00" in set(saved.audit["new"])


def test_a_separate_log_workbook_leaves_the_client_pulse_workbook_untouched(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = scenario_file.parent / "pulse.toml"
    config.write_text('[incidents]\nlog_workbook = "Incident Log.xlsx"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    separate = scenario_file.parent / "Incident Log.xlsx"
    from connectors.incident_log import new_log_workbook

    separate.write_bytes(new_log_workbook())
    seed(separate, REPORTED, client="Acme Dental")
    before = scenario_file.read_bytes()
    app = open_room(monkeypatch)
    click(app, "now_swarm_created_TK1")
    assert "saved to Incident Log.xlsx" in texts(app.success)
    assert scenario_file.read_bytes() == before
    assert [event for _, event, _ in logged(separate)] == ["reported", "swarm_created"]
    assert step_statuses(app)["SWARM space created"] == "Met"


def test_a_misnamed_log_workbook_is_said_and_nothing_can_be_recorded(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = scenario_file.parent / "pulse.toml"
    config.write_text('[incidents]\nlog_workbook = "logs/incidents.csv"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    app = fresh_start(monkeypatch)
    app.switch_page("pages/incidents.py").run()
    assert not app.exception
    assert "The Incident Log cannot be read" in texts(app.error)
    assert "give only a file name ending .xlsx" in texts(app.error)
    assert app.button(key="FormSubmitter:incident_declare-Declare the incident").disabled


def test_a_row_broken_by_hand_is_listed_in_the_room(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(scenario_file, [*REPORTED, ("swarm_created", "soon")], client="Acme Dental")
    app = open_room(monkeypatch)
    assert "1 Incident Log row(s) left out" in next(e.label for e in app.expander)
    assert "'Incident Log'!D3" in texts(app.error)


def test_on_sharepoint_a_click_is_saved_to_the_live_file(
    live_scenario: FakeSharePoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    from connectors.log_append import append_rows
    from pulse.schema import INCIDENT_LOG, Sheet

    row = pd.DataFrame(
        [["TK1", "Acme Dental", "reported", "2026-11-24T09:50:00-08:00", "Ana", None]],
        columns=INCIDENT_LOG.names,
    )
    data = append_rows(
        live_scenario.files[SHAREPOINT_PATH].data, {Sheet.INCIDENT_LOG: row}, name="x"
    )
    live_scenario.put(SHAREPOINT_PATH, data, by="Ana")
    app = open_room(monkeypatch)
    click(app, "now_swarm_created_TK1")
    assert "saved to Client Pulse.xlsx" in texts(app.success)
    assert "changed" not in texts(app.warning)  # its own save is no conflict
    live = read_workbook(live_scenario.files[SHAREPOINT_PATH].data)
    assert list(live.incident_log["event"]) == ["reported", "swarm_created"]
    assert step_statuses(app)["SWARM space created"] == "Met"


# --- the incidents table kept per version of the data and minute (incidents_once) -----------


def test_the_incidents_table_is_built_once_per_version_events_and_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import datetime, timedelta
    from types import SimpleNamespace
    from typing import Any
    from zoneinfo import ZoneInfo

    import pandas as pd

    from pulse.settings import Settings
    from ui import incident_log

    version = {"now": "v1"}
    monkeypatch.setattr(incident_log, "data_version", lambda ctx: version["now"])
    ctx: Any = SimpleNamespace(settings=Settings())
    builds: list[str] = []

    def once(events: pd.DataFrame, at: datetime) -> Any:
        label = f"{version['now']}/{len(events)}/{at:%H:%M:%S}"
        return incident_log.incidents_once(ctx, events, at, lambda: builds.append(label) or label)

    one = pd.DataFrame({"ticket": ["TK1"], "event": ["reported"]})
    two = pd.concat([one, one.assign(event="swarm_created")], ignore_index=True)
    start = datetime(2031, 1, 6, 10, 0, 5, tzinfo=ZoneInfo("America/Los_Angeles"))  # uncached
    assert once(one, start) == "v1/1/10:00:05"
    assert once(one, start + timedelta(seconds=50)) == "v1/1/10:00:05"  # the same minute
    once(one, start + timedelta(seconds=55))  # 10:01:00, a new minute: built again
    once(two, start + timedelta(seconds=55))  # a click: the events changed
    version["now"] = "v2"  # a save, an unsaved change or a new export
    once(two, start + timedelta(seconds=55))
    version["now"] = ""  # no version: nothing may be cached
    once(two, start)
    once(two, start)
    assert builds == [
        "v1/1/10:00:05",
        "v1/1/10:01:00",
        "v1/2/10:01:00",
        "v2/2/10:01:00",
        "/2/10:00:05",
        "/2/10:00:05",
    ]
