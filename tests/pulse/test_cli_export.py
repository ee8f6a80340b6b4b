"""`pulse export`, `pulse sync` and the word `sharepoint` (issues 6 and 10, CLI items).

Local exports run on a copy of the sample; SharePoint ones against tests/fake_sharepoint.py with
the real office365 client, configured only through PULSE_SHAREPOINT_* environment variables.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from connectors.workbook import read_workbook
from connectors.xlsx_patch import owned_parts
from pulse.cli import main
from tests.fake_sharepoint import FakeSharePoint, running
from tests.paths import SAMPLE_WORKBOOK
from tests.xlsx_checks import assert_only_owned_changed, compressed_entries

PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
TOKEN, BOB_TOKEN = "ann-token", "bob-token"
ANN, BOB = "Ann Admin", "Bob Vcio"
SAVED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
WEEK = pd.Timestamp("2026-11-23")  # the Monday of every as-of date used below
SAMPLE_CLIENTS = len(read_workbook(SAMPLE_WORKBOOK).clients)
SAMPLE_HISTORY = len(read_workbook(SAMPLE_WORKBOOK).history)


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray pulse.toml or .streamlit/secrets.toml
    copy = tmp_path / "Client Pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, copy)
    return copy


def week_rows(path_or_bytes: Path | bytes) -> pd.DataFrame:
    history = read_workbook(path_or_bytes).history
    return history[pd.to_datetime(history["week"]) == WEEK]


def test_export_adds_this_weeks_history_and_keeps_everything_else(workbook: Path) -> None:
    out = workbook.with_name("out.xlsx")
    assert main(["export", str(workbook), "--out", str(out), "--as-of", "2026-11-23"]) == 0
    # The sample's history ends the week before; the export adds one row per client.
    assert len(week_rows(out)) == SAMPLE_CLIENTS
    assert len(read_workbook(out).history) == SAMPLE_HISTORY + SAMPLE_CLIENTS
    before, after = workbook.read_bytes(), out.read_bytes()
    assert_only_owned_changed(before, after, ["Pulse History"])
    owned = owned_parts(after, ["Pulse History"]) | {"xl/sharedStrings.xml"}
    old, new = compressed_entries(before), compressed_entries(after)
    assert {name: old[name] for name in old if name not in owned} == {
        name: new[name] for name in old if name not in owned
    }


def test_re_export_in_the_same_week_replaces_the_weeks_rows(workbook: Path) -> None:
    first, second = workbook.with_name("first.xlsx"), workbook.with_name("second.xlsx")
    assert main(["export", str(workbook), "--out", str(first), "--as-of", "2026-11-23"]) == 0
    # Wednesday of the same week: the week's rows are rewritten, not added again.
    assert main(["export", str(first), "--out", str(second), "--as-of", "2026-11-25"]) == 0
    assert len(read_workbook(second).history) == SAMPLE_HISTORY + SAMPLE_CLIENTS
    assert sorted(week_rows(second)["client"]) == sorted(week_rows(first)["client"])


def test_export_over_the_input_leaves_a_backup(workbook: Path, capsys) -> None:
    original = workbook.read_bytes()
    assert main(["export", str(workbook), "--out", str(workbook), "--as-of", "2026-11-23"]) == 0
    backups = list(workbook.parent.glob("Client Pulse.*.bak.xlsx"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == original
    assert len(week_rows(workbook)) == SAMPLE_CLIENTS
    assert str(backups[0]) in capsys.readouterr().out


def test_export_of_a_broken_file_writes_nothing(workbook: Path, capsys) -> None:
    broken = workbook.with_name("broken.xlsx")
    broken.write_bytes(b"not a workbook")
    out = workbook.with_name("out.xlsx")
    assert main(["export", str(broken), "--out", str(out)]) == 1
    assert not out.exists()
    assert "broken.xlsx" in capsys.readouterr().err


def test_out_sharepoint_needs_sharepoint_as_input(workbook: Path, capsys) -> None:
    assert main(["export", str(workbook), "--out", "sharepoint"]) == 2
    assert "WORKBOOK must be 'sharepoint'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# SharePoint


@pytest.fixture
def fake(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSharePoint]:
    with running(FakeSharePoint(tokens={TOKEN: ANN, BOB_TOKEN: BOB})) as server:
        server.put(PATH, SAMPLE_WORKBOOK.read_bytes(), by=ANN, at=SAVED_AT)
        monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", server.site_url)
        monkeypatch.setenv("PULSE_SHAREPOINT_FILE", PATH)
        monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("PULSE_SHAREPOINT_CACHE", str(workbook.parent / "cache"))
        yield server


def test_sync_prints_version_and_who_saved(fake: FakeSharePoint, workbook: Path, capsys) -> None:
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert "version 1" in out and ANN in out and "2026-11-20 09:30" in out
    assert (workbook.parent / "cache" / "workbook.xlsx").read_bytes() == fake.files[PATH].data


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("summary", f"clients                {SAMPLE_CLIENTS}\n"),
        ("validate", f"Client Pulse.xlsx: readable — {SAMPLE_CLIENTS} clients"),
    ],
)
def test_summary_and_validate_read_the_live_file(
    fake: FakeSharePoint, command: str, expected: str, capsys
) -> None:
    assert main([command, "sharepoint"]) == 0
    assert expected in capsys.readouterr().out


def test_export_sharepoint_saves_over_the_version_read(fake: FakeSharePoint, capsys) -> None:
    args = ["export", "sharepoint", "--out", "sharepoint", "--as-of", "2026-11-23"]
    assert main(args) == 0
    assert fake.files[PATH].version == 2
    assert len(week_rows(fake.files[PATH].data)) == SAMPLE_CLIENTS
    assert "version 2" in capsys.readouterr().out


def test_export_sharepoint_conflict_exits_3_and_leaves_the_live_file(
    fake: FakeSharePoint, capsys
) -> None:
    theirs = fake.files[PATH].data + b""  # Bob saves the same bytes as a new version
    fake.before_next("save", lambda: fake.put(PATH, theirs, by=BOB, at=SAVED_AT))
    assert main(["export", "sharepoint", "--out", "sharepoint", "--as-of", "2026-11-23"]) == 3
    err = capsys.readouterr().err
    assert BOB in err and "2026-11-20 09:30" in err
    assert (fake.files[PATH].version, fake.files[PATH].modified_by) == (2, BOB)
    assert week_rows(fake.files[PATH].data).empty


def test_export_sharepoint_locked_file_exits_3(fake: FakeSharePoint, capsys) -> None:
    fake.locked.add(PATH)
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 3
    assert "423" in capsys.readouterr().err
    assert fake.files[PATH].version == 1


def test_refused_credentials_exit_4(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", "expired")
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 4
    assert "401" in capsys.readouterr().err


def test_unreachable_sharepoint_exits_4(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", f"http://127.0.0.1:{port}/sites/cst")
    monkeypatch.setenv("PULSE_SHAREPOINT_FILE", PATH)
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", TOKEN)
    assert main(["sync"]) == 4
    assert "cannot be reached" in capsys.readouterr().err


def test_sharepoint_word_without_configuration_says_what_to_set(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("PULSE_SHAREPOINT_SITE_URL", raising=False)
    assert main(["summary", "sharepoint"]) == 2
    assert "PULSE_SHAREPOINT_SITE_URL" in capsys.readouterr().err
