"""Saving (app/saving.py): a local file is replaced atomically with its previous version kept
beside it, only while it is still the version read; otherwise nothing is written."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from app.pending import fresh_changes
from app.saving import ChangedMeanwhile, original_of, rendered, save_local
from app.sources import file_version
from app.workbooks import Opened, open_local
from connectors.workbook import read_workbook
from tests.scenario import echo_recommended, scenario_workbook

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
