"""The Incident Log both shells read, and a click saved at once (app/incident_log.py): in the
Client Pulse workbook or a separate workbook beside it, local or on SharePoint; a save that meets
a newer version appends onto it without asking, so nobody's click is lost."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from app import incident_log
from app.incident_log import append, log_location, read_log
from app.saving import ChangedMeanwhile
from app.sources import Upload
from app.workbooks import open_local, open_location, open_upload
from connectors.errors import InputError
from connectors.log_append import append_rows
from connectors.workbook import read_workbook
from pulse.incidents import LogEntry, audit_rows, log_rows
from pulse.schema import IncidentEvent, Sheet
from pulse.settings import IncidentSettings, Settings
from tests.app_fixtures import BOB, SHAREPOINT_PATH
from tests.fake_sharepoint import FakeSharePoint
from tests.scenario import scenario_workbook

ZONE = "America/Los_Angeles"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(ZONE))
SEPARATE = Settings(incidents=IncidentSettings(log_workbook="Incident Log.xlsx"))


def click(event: IncidentEvent, minute: int = 0, actor: str = "ann") -> dict[Sheet, pd.DataFrame]:
    entry = LogEntry("TK1", "Acme Dental", event, NOW.replace(minute=minute), actor)
    return {
        Sheet.INCIDENT_LOG: log_rows([entry], timezone=ZONE),
        Sheet.AUDIT: audit_rows([entry], user=actor, at=NOW, timezone=ZONE),
    }


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_workbook(tmp_path / "Client Pulse.xlsx")


def test_the_log_is_the_workbooks_own_tab_unless_configured(scenario: Path) -> None:
    opened = open_local(scenario)
    own = log_location(Settings(), opened.source)
    assert (own.separate, own.path, own.can_save) == (False, scenario, True)
    beside = log_location(SEPARATE, opened.source)
    assert (beside.separate, beside.path) == (True, scenario.parent / "Incident Log.xlsx")


@pytest.mark.parametrize("name", ["logs/Incident Log.xlsx", "Incident Log.csv", "..\\x.xlsx"])
def test_a_log_workbook_must_be_a_file_name_beside_the_workbook(scenario: Path, name: str) -> None:
    settings = Settings(incidents=IncidentSettings(log_workbook=name))
    with pytest.raises(InputError, match=r"give only a file name ending \.xlsx"):
        log_location(settings, open_local(scenario).source)


def test_an_uploaded_workbook_is_read_but_never_saved(scenario: Path) -> None:
    opened = open_upload(Upload("mine.xlsx", scenario.read_bytes()))
    location = log_location(Settings(), opened.source)
    assert not location.can_save and "uploaded workbook" in location.why_not
    with pytest.raises(InputError, match="uploaded workbook"):
        append(location, click(IncidentEvent.SWARM_CREATED), now=NOW)


def test_a_click_is_appended_to_the_workbook_and_read_back(scenario: Path) -> None:
    opened = open_local(scenario)
    location = log_location(Settings(), opened.source)
    appended = append(location, click(IncidentEvent.SWARM_CREATED), now=NOW)
    assert appended.before == opened.source.version != appended.after
    reopened = open_local(scenario)
    log = read_log(location, reopened, Settings())
    assert log.events["event"].tolist() == ["swarm_created"] and log.warnings == []
    assert (
        reopened.workbook.audit["new"].tolist()[-1] == "swarm_created at 2026-11-23T10:00:00-08:00"
    )
    assert not list(scenario.parent.glob("*.bak.xlsx"))  # a click keeps no backup


def test_a_click_made_meanwhile_elsewhere_is_kept(scenario: Path) -> None:
    location = log_location(Settings(), open_local(scenario).source)  # this session read v1
    # Someone else's click lands first (another session appended and saved).
    theirs = append_rows(
        scenario.read_bytes(), click(IncidentEvent.SWARM_CREATED, actor="bo"), name="x"
    )
    scenario.write_bytes(theirs)
    append(location, click(IncidentEvent.SUMMARY_POSTED, minute=5), now=NOW)
    events = read_workbook(scenario).incident_log
    assert list(zip(events["event"], events["actor"], strict=True)) == [
        ("swarm_created", "bo"),
        ("summary_posted", "ann"),
    ]


def test_a_file_changed_between_read_and_write_is_read_again(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = log_location(Settings(), open_local(scenario).source)
    calls: list[int] = []
    original = incident_log._replace_local

    def someone_saved_first(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise ChangedMeanwhile(scenario)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(incident_log, "_replace_local", someone_saved_first)
    append(location, click(IncidentEvent.SWARM_CREATED), now=NOW)
    assert len(calls) == 2
    assert read_workbook(scenario).incident_log["event"].tolist() == ["swarm_created"]


def test_a_separate_log_is_made_beside_the_workbook_on_the_first_click(scenario: Path) -> None:
    opened = open_local(scenario)
    before = scenario.read_bytes()
    location = log_location(SEPARATE, opened.source)
    assert read_log(location, opened, SEPARATE).events.empty
    append(location, click(IncidentEvent.SWARM_CREATED), now=NOW)
    append(location, click(IncidentEvent.SUMMARY_POSTED, minute=5), now=NOW)
    assert scenario.read_bytes() == before  # the Client Pulse workbook is never touched
    log = read_log(location, opened, SEPARATE)
    assert log.events["event"].tolist() == ["swarm_created", "summary_posted"]
    assert incident_log.log_version(location) == log.version


def test_sharepoint_clicks_append_onto_the_live_file_and_keep_a_save_meanwhile(
    live_scenario: FakeSharePoint,
) -> None:
    opened = open_location("sharepoint")
    location = log_location(Settings(), opened.source)
    assert location.sharepoint is not None and not location.separate
    append(location, click(IncidentEvent.SWARM_CREATED), now=NOW)

    def bob_clicks() -> None:  # lands between our download and our upload
        current = live_scenario.files[SHAREPOINT_PATH].data
        mine = append_rows(current, click(IncidentEvent.VITM_PHONED, 3, actor="bob"), name="x")
        live_scenario.put(SHAREPOINT_PATH, mine, by=BOB)

    live_scenario.before_next("save", bob_clicks)
    appended = append(location, click(IncidentEvent.SUMMARY_POSTED, minute=5), now=NOW)
    saved = read_workbook(live_scenario.files[SHAREPOINT_PATH].data).incident_log
    assert saved["event"].tolist() == ["swarm_created", "vitm_phoned", "summary_posted"]
    assert appended.remote is not None
    assert appended.remote.etag == live_scenario.files[SHAREPOINT_PATH].etag


def test_a_separate_log_on_sharepoint_sits_in_the_same_folder(
    live_scenario: FakeSharePoint,
) -> None:
    from connectors.incident_log import new_log_workbook

    beside = SHAREPOINT_PATH.rsplit("/", 1)[0] + "/Incident Log.xlsx"
    live_scenario.put(beside, new_log_workbook(), by=BOB)
    opened = open_location("sharepoint")
    location = log_location(SEPARATE, opened.source)
    assert location.sharepoint is not None and location.sharepoint.file_path == beside
    before = live_scenario.files[SHAREPOINT_PATH].etag
    append(location, click(IncidentEvent.RESOLVED), now=NOW)
    assert live_scenario.files[SHAREPOINT_PATH].etag == before
    assert read_log(location, opened, SEPARATE).events["event"].tolist() == ["resolved"]


def test_the_events_version_follows_their_content() -> None:
    events = pd.DataFrame(
        {"ticket": ["TK1", "TK1"], "event": ["reported", "swarm_created"], "note": ["", ""]}
    )
    same = events.copy()
    assert incident_log.events_version(events) == incident_log.events_version(same)
    changed = events.assign(note=["", "by Ana"])
    added = pd.concat([events, events.iloc[:1]], ignore_index=True)
    versions = {incident_log.events_version(frame) for frame in (events, changed, added)}
    assert len(versions) == 3
