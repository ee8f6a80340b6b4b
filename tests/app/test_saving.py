"""Saving (app/saving.py): a local file is replaced atomically with its previous version kept
beside it, only while it is still the version read; otherwise nothing is written."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from app.environment import SHAREPOINT_CACHE_ENV
from app.pending import fresh_changes
from app.saving import (
    ChangedMeanwhile,
    original_of,
    rendered,
    rendering,
    save_local,
    save_sharepoint,
)
from app.sources import file_version
from app.workbooks import Opened, open_local
from connectors import sharepoint as sp
from connectors.workbook import read_workbook
from pulse.records import Records
from pulse.schema import Sheet
from tests.connectors.sharepoint.fake_graph import FakeGraph, running
from tests.connectors.sharepoint.fake_site import ANN, ANN_TOKEN, PATH
from tests.scenario import ACTIONS, CLIENTS, EPISODES, echo_recommended, scenario_workbook
from tests.workbooks import headers, minimal_workbook

NOW = datetime(2026, 11, 23, 15, 30)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_workbook(tmp_path / "pulse.xlsx")


def saved_meanwhile(path: Path) -> None:
    """Excel saves the file again: same bytes, a newer modified time."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_save_local_replaces_the_file_and_keeps_a_backup(scenario: Path) -> None:
    before = scenario.read_bytes()
    saved = save_local(scenario, b"new bytes", now=NOW, expected=file_version(scenario))
    assert scenario.read_bytes() == b"new bytes"
    assert saved.location == str(scenario)
    assert saved.backup == scenario.with_name("pulse.2026-11-23T1530.bak.xlsx")
    assert saved.backup.read_bytes() == before
    # Atomic: nothing else (no temporary file) is left in the folder.
    assert sorted(p.name for p in scenario.parent.iterdir()) == [
        "pulse.2026-11-23T1530.bak.xlsx",
        "pulse.xlsx",
    ]


def test_a_second_save_in_the_same_minute_keeps_its_own_backup(scenario: Path) -> None:
    save_local(scenario, b"first", now=NOW, expected=None)
    second = save_local(scenario, b"second", now=NOW, expected=None)
    assert second.backup == scenario.with_name("pulse.2026-11-23T1530-2.bak.xlsx")
    assert second.backup.read_bytes() == b"first"


def test_a_file_changed_meanwhile_is_never_overwritten(scenario: Path) -> None:
    version = file_version(scenario)
    before = scenario.read_bytes()
    saved_meanwhile(scenario)
    changed = r"pulse\.xlsx was changed on disk after it was read"
    with pytest.raises(ChangedMeanwhile, match=changed):
        save_local(scenario, b"new bytes", now=NOW, expected=version)
    assert scenario.read_bytes() == before
    assert [p.name for p in scenario.parent.iterdir()] == ["pulse.xlsx"]  # no backup either


def test_a_new_file_has_no_backup(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    saved = save_local(out, b"bytes", now=NOW, expected=None)
    assert (out.read_bytes(), saved.backup) == (b"bytes", None)


def test_original_of_the_bytes_read(scenario: Path) -> None:
    opened = open_local(scenario)
    assert opened.data is not None
    scenario.write_bytes(b"someone else's")  # the bytes read are what a save writes over
    assert original_of(opened) == opened.data


def test_original_of_a_local_file_kept_without_its_bytes(scenario: Path) -> None:
    read = open_local(scenario)
    opened = Opened(read.workbook, read.source, data=None)
    assert original_of(opened) == scenario.read_bytes()
    saved_meanwhile(scenario)
    with pytest.raises(ChangedMeanwhile):
        original_of(opened)


def test_rendered_writes_the_changes_and_their_audit_rows(scenario: Path) -> None:
    opened = open_local(scenario)
    loaded = opened.workbook
    outcome = echo_recommended(loaded.episodes, at=NOW)
    working = fresh_changes(loaded, opened.source).with_outcome(outcome).working(loaded)
    written = read_workbook(rendered(original_of(opened), loaded, working, loaded.history))
    echo = written.episodes[written.episodes["client"] == "Echo Capital"]
    assert list(echo["status"]) == ["Declined", "Recommended"]
    assert len(written.audit) == 5
    assert list(written.clients["client"]) == list(loaded.clients["client"])


# --- the Excel-API save mode -------------------------------------------------------------------
AUDIT_ROW = ["2026-11-16T09:00:00-08:00", "Ann", "Acme Dental", "Status", "Recommended", "Active"]
HOSTILE = '=HYPERLINK("http://evil.example","open")'
AT = "2026-11-23T10:15:00-08:00"


def live_workbook(path: Path, *, history_tab: bool = True) -> Opened:
    """The scenario with an Audit Log of one row (and an empty Pulse History tab)."""
    extra = {"Audit Log": [headers(Sheet.AUDIT), AUDIT_ROW]}
    if history_tab:
        extra["Pulse History"] = [headers(Sheet.HISTORY)]
    minimal_workbook(path, clients=CLIENTS, episodes=EPISODES, actions=ACTIONS, extra=extra)
    return open_local(path)


def beta_declined(loaded: Records) -> Records:
    """Beta Law (row 3 of the episodes) declined, and its two Audit Log rows."""
    episodes = loaded.episodes.copy()
    episodes.loc[episodes["client"] == "Beta Law", "status"] = "Declined"
    at = pd.Timestamp(AT).tz_convert("America/Los_Angeles")
    new = pd.DataFrame(
        {
            "at": [at, at],
            "user": ["Ann", "Ann"],
            "client": ["Beta Law", "Beta Law"],
            "field": ["Status", "Note"],
            "old": ["Recommended", None],
            "new": ["Declined", HOSTILE],
        }
    )
    audit = pd.concat([loaded.audit, new], ignore_index=True)
    return dataclasses.replace(loaded, episodes=episodes, audit=audit)


def save_through_graph(graph: FakeGraph, opened: Opened) -> sp.RemoteFile:
    settings = sp.SharePointSettings(
        site_url="https://contoso.sharepoint.com/sites/cst",
        file_path=PATH,
        access_token=ANN_TOKEN,
        save_mode=sp.SaveMode.EXCEL_API,
        graph_url=graph.graph_url,
    )
    loaded = opened.workbook
    original = original_of(opened)
    remote = sp.RemoteFile(
        name="Client Pulse.xlsx",
        server_relative_url=PATH,
        data=original,
        etag=graph.etag,
        modified_at=None,
        modified_by="Bob",
        fetched_at=datetime.now(UTC),
    )
    save = rendering(original, loaded, beta_declined(loaded), loaded.history)
    session = sp.open_session(settings, policy=sp.RequestPolicy(sleep=lambda _: None))
    saved = save_sharepoint(settings, save, remote=remote, session=session)
    assert saved.remote is not None
    return saved.remote


def test_an_excel_api_save_lands_only_the_owned_cells_and_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHAREPOINT_CACHE_ENV, str(tmp_path / "cache"))
    opened = live_workbook(tmp_path / "pulse.xlsx")
    with running(FakeGraph(tokens={ANN_TOKEN: ANN})) as graph:
        remote = save_through_graph(graph, opened)
    # Beta Law's Status (B3) and the Audit Log's rows 3 and 4 (A-F; G, the Note, emptied):
    # nothing on Clients, Action Items or Pulse History, nothing else on either tab.
    assert graph.sheets == {
        "Extra Care Tracking Info": {(3, 2): "Declined"},
        "Audit Log": {
            **{(3, col): text for col, text in enumerate([AT, "Ann", "Beta Law"], 1)},
            (3, 4): "Status",
            (3, 5): "Recommended",
            (3, 6): "Declined",
            **{(4, col): text for col, text in enumerate([AT, "Ann", "Beta Law", "Note"], 1)},
            (4, 6): HOSTILE,  # text, never a formula
        },
    }
    assert [call.kind for call in graph.calls] == [
        "site",
        "drives",
        "item",
        "createSession",
        "range",
        "range",
        "range",
        "closeSession",
        "item",
    ]
    assert graph.closed_sessions == ["session-1"]
    # The copy kept is the save as the file save writes it, labelled with the new version.
    assert (remote.version, remote.modified_by) == ("2", ANN)
    written = read_workbook(remote.data)
    assert written.episodes.loc[1, "status"] == "Declined"
    assert list(written.audit["new"]) == ["Active", "Declined", HOSTILE]
    assert (tmp_path / "cache").is_dir()


def test_an_excel_api_save_that_must_add_a_tab_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHAREPOINT_CACHE_ENV, str(tmp_path / "cache"))
    opened = live_workbook(tmp_path / "pulse.xlsx", history_tab=False)
    refused = pytest.raises(sp.NeedsFileSave, match="adds Pulse History")
    with running(FakeGraph(tokens={ANN_TOKEN: ANN})) as graph, refused as caught:
        save_through_graph(graph, opened)
    assert sp.exit_code_for(caught.value) == sp.EXIT_FAILED
    assert graph.calls == []
