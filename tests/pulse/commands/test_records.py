"""The workbook's commands (pulse/commands/records.py): `validate` answers clearly for any file,
never a traceback; `summary` and `signals` read any ticket layout or saved mapping the same way;
`export` adds this week's Pulse History (over the input only while it is the version read) and
`sync` downloads the live file. SharePoint runs against tests/fake_sharepoint.py with the real
office365 client, configured only through PULSE_SHAREPOINT_* environment variables."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from connectors.ticket_mappings import save_ticket_mapping
from connectors.workbook import read_workbook
from connectors.xlsx_patch import owned_parts
from pulse.cli import main
from pulse.schema import Criterion
from tests.command_line import export_rows, run_json
from tests.connectors.sharepoint.fake_graph import FakeGraph
from tests.connectors.sharepoint.fake_graph import running as running_graph
from tests.fake_sharepoint import FakeSharePoint, running
from tests.paths import REALDATA, SAMPLE_DIR, SAMPLE_WORKBOOK
from tests.workbooks import write_grid_workbook
from tests.xlsx_checks import assert_only_owned_changed, compressed_entries

GENERIC = SAMPLE_DIR / "tickets_generic.csv"
FRESHDESK = REALDATA / "tickets" / "freshdesk_export_demo_account.csv"
AS_OF = "2026-11-23"
PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
TOKEN, BOB_TOKEN = "ann-token", "bob-token"
ANN, BOB = "Ann Admin", "Bob Vcio"
SAVED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
WEEK = pd.Timestamp("2026-11-23")  # the Monday of every as-of date used below
SAMPLE_CLIENTS = len(read_workbook(SAMPLE_WORKBOOK).clients)
SAMPLE_HISTORY = len(read_workbook(SAMPLE_WORKBOOK).history)


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pulse.toml"
    monkeypatch.setenv("PULSE_CONFIG", str(path))
    return path


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray pulse.toml or .streamlit/secrets.toml
    copy = tmp_path / "Client Pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, copy)
    return copy


# --- validate ---------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line]
    assert "Traceback" not in captured.out + captured.err
    return code, lines


def _truncated(tmp_path: Path) -> Path:
    data = SAMPLE_WORKBOOK.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hello")
    return path


def _corrupt_sheet_xml(tmp_path: Path) -> Path:
    source = zipfile.ZipFile(SAMPLE_WORKBOOK)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 3]  # cut mid-element
            target.writestr(item, data)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _grid(name: str, tabs: dict[str, list[list[object]]]):
    return lambda tmp_path: write_grid_workbook(tmp_path / name, tabs)


def _file(name: str, data: bytes):
    def make(tmp_path: Path) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    return make


BROKEN = {
    "empty": (_file("empty.xlsx", b""), "the file is empty"),
    "not a zip": (_file("text.xlsx", b"Client,MRR\nAcme,100\n"), "not an Excel workbook (.xlsx)"),
    "truncated": (_truncated, "not an Excel workbook (.xlsx)"),
    "zip without workbook": (_zip_without_workbook, "damaged or incomplete"),
    "corrupt sheet": (_corrupt_sheet_xml, "cannot read this tab"),
    "wrong tabs": (
        _grid("wrong.xlsx", {"Sheet1": [["x"]]}),
        "not a Client Pulse workbook: missing tabs",
    ),
    "missing column": (
        _grid(
            "nocol.xlsx",
            {
                "Clients": [["Client"], ["Acme"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!1:1: required column 'MRR' is missing",
    ),
    "bad money": (
        _grid(
            "money.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", "a lot"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!B2: MRR cannot read 'a lot' as money",
    ),
    "bad status": (
        _grid(
            "status.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", 1]],
                "Extra Care Tracking Info": [["Client", "Status"], ["Acme", "Maybe"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "'Extra Care Tracking Info'!B2: Status 'Maybe' is not one of",
    ),
    "excel error cell": (
        _grid(
            "err.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", "#REF!"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!B2: MRR holds the Excel error #REF!",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_files(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = BROKEN[kind]
    path = make(tmp_path)
    code, lines = run(capsys, str(path))
    assert code == 1
    assert any(expected in line for line in lines), lines


def test_missing_file_and_folder_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(tmp_path / "nope.xlsx")) == (
        2,
        [f"nope.xlsx: file not found: {tmp_path / 'nope.xlsx'}; check the path"],
    )
    assert run(capsys, str(tmp_path)) == (
        2,
        [f"{tmp_path.name}: {tmp_path} is a folder, not a file; give the file's path"],
    )


def test_sample_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(SAMPLE_WORKBOOK))
    assert code == 0
    assert lines[0].startswith("client_pulse_sample.xlsx: readable — 60 clients")


REAL_WORKBOOKS = sorted((REALDATA / "xlsx").glob("*.xlsx")) + sorted(
    (REALDATA / "health").glob("*.xlsx")
)


def test_real_workbooks_are_there() -> None:
    assert len(REAL_WORKBOOKS) >= 19  # the whole folder is covered, not a silent subset


@pytest.mark.parametrize("path", REAL_WORKBOOKS, ids=lambda p: p.name)
def test_real_excel_workbooks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(path))
    assert code == 1
    assert lines == [lines[0]]
    assert lines[0].startswith(f"{path.name}: not a Client Pulse workbook: missing tabs 'Clients'")


# --- summary and signals ----------------------------------------------------------------------


def tickets_by_client(path: Path, ticket: str, client: str) -> dict[str, set[str]]:
    owned: dict[str, set[str]] = {}
    for row in export_rows(path):
        owned.setdefault(row[client].strip(), set()).add(row[ticket].strip())
    return owned


def assert_signals_shape(answer: Any, owned: dict[str, set[str]]) -> None:
    """[{"client", "signals": [{"criterion", "tickets", "reason"}], "suggestions": [...]}]."""
    assert isinstance(answer, list) and answer
    criteria = {criterion.value for criterion in Criterion}
    for entry in answer:
        assert set(entry) == {"client", "signals", "suggestions"}
        assert entry["signals"] or entry["suggestions"]
        for signal in entry["signals"]:
            assert set(signal) == {"criterion", "tickets", "reason"}
            assert signal["criterion"] in criteria
            assert signal["reason"]
            # Every ticket given as evidence is one of this client's tickets in the export.
            assert set(signal["tickets"]) <= owned.get(entry["client"], set())
        assert isinstance(entry["suggestions"], list)


def test_signals_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["signals", str(SAMPLE_WORKBOOK), "--tickets", str(GENERIC), "--as-of", AS_OF]
    answer = run_json(capsys, *args)
    assert_signals_shape(answer, tickets_by_client(GENERIC, "Ticket", "Client"))
    names = [entry["client"] for entry in answer]
    assert names == sorted(names, key=str.casefold)


def test_a_saved_mapping_reads_the_freshdesk_export(
    config_in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = {
        "ticket": "Ticket ID",
        "client": "Company Name",
        "priority": "Priority",
        "created": "Created time",
    }
    save_ticket_mapping(config_in_tmp, "freshdesk", mapping)
    args = ["signals", str(SAMPLE_WORKBOOK), "--tickets", str(FRESHDESK), "--mapping", "freshdesk"]
    answer = run_json(capsys, *args, "--as-of", "2025-12-10")
    owned = tickets_by_client(FRESHDESK, "Ticket ID", "Company Name")
    assert_signals_shape(answer, owned)
    assert {entry["client"] for entry in answer} <= {"MoEngage", "Acme Inc", "Freshworks", "mo"}


def test_an_unknown_mapping_name_exits_1_naming_the_saved_ones(
    config_in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_ticket_mapping(config_in_tmp, "halo_custom", {"ticket": "ID"})
    args = ["signals", str(SAMPLE_WORKBOOK), "--tickets", str(FRESHDESK), "--mapping", "nope"]
    assert main(args) == 1
    assert "no ticket mapping named 'nope' (halo_custom)" in capsys.readouterr().err


def test_summary_is_the_same_for_the_same_tickets_in_another_layout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["summary", str(SAMPLE_WORKBOOK), "--as-of", AS_OF]
    generic = run_json(capsys, *base, "--tickets", str(GENERIC))
    connectwise = SAMPLE_DIR / "tickets_connectwise.csv"
    forced = run_json(capsys, *base, "--tickets", str(connectwise), "--preset", "connectwise")
    assert forced == generic
    without = run_json(capsys, *base)
    assert (
        without != generic
    )  # the tickets do change the figures, so the comparison means something


# --- export and sync ---------------------------------------------------------------------------


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


def test_an_app_only_save_meanwhile_names_the_person_from_its_audit_log(
    fake: FakeSharePoint, capsys
) -> None:
    # SharePoint names the app for a save made through Client Pulse with app-only sign-in; the
    # sample's newest Audit Log row is Casey Nguyen's (22 Nov 10:30).
    theirs = fake.files[PATH].data + b""
    fake.before_next("save", lambda: fake.put(PATH, theirs, by="SharePoint App", at=SAVED_AT))
    assert main(["export", "sharepoint", "--out", "sharepoint", "--as-of", "2026-11-23"]) == 3
    err = capsys.readouterr().err
    assert "Casey Nguyen (through Client Pulse) saved the Client Pulse workbook" in err
    assert "SharePoint App" not in err


def test_sync_names_the_person_behind_an_app_only_save(fake: FakeSharePoint, capsys) -> None:
    fake.put(PATH, fake.files[PATH].data, by="SharePoint App", at=SAVED_AT)
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert "last modified by Casey Nguyen (through Client Pulse)" in out


def test_export_sharepoint_locked_file_exits_3(fake: FakeSharePoint, capsys) -> None:
    fake.locked.add(PATH)
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 3
    assert "423" in capsys.readouterr().err
    assert fake.files[PATH].version == 1


def test_export_sharepoint_save_conflict_409_exits_3(fake: FakeSharePoint, capsys) -> None:
    theirs = fake.files[PATH].data + b""
    fake.before_next("save", lambda: fake.put(PATH, theirs, by=BOB, at=SAVED_AT))
    fake.refuse("save", 409, "-2130246326, Microsoft.SharePoint.SPException", "Save Conflict.")
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 3
    assert f"{BOB} saved the Client Pulse workbook" in capsys.readouterr().err
    assert fake.files[PATH].modified_by == BOB


def test_export_sharepoint_checked_out_exits_3_naming_who(fake: FakeSharePoint, capsys) -> None:
    fake.checked_out[PATH] = "pat@contoso.com"
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 3
    assert "checked out to pat@contoso.com" in capsys.readouterr().err
    assert fake.files[PATH].version == 1


def test_a_timeout_written_with_a_unit_exits_2(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_TIMEOUT", "30s")
    assert main(["summary", "sharepoint"]) == 2
    assert "PULSE_SHAREPOINT_TIMEOUT='30s' is not a number of seconds" in capsys.readouterr().err
    assert fake.seen == []


def test_refused_credentials_exit_4(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", "expired")
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 4
    assert "401" in capsys.readouterr().err


def test_a_site_answering_503_to_everything_exits_4_within_the_cap(
    fake: FakeSharePoint, capsys
) -> None:
    # Issue 21: such a site kept `pulse summary sharepoint` waiting for more than 400 s. Every
    # wait of one download, the library's own retries included, ends within the 30 s cap
    # (RequestPolicy.retry_cap); backing off 1, 2 and 4 s, it gives up after about 7 s.
    for kind in ("contextinfo", "properties", "content", "head"):
        fake.fail(kind, 503, times=1000)
    started = time.monotonic()
    assert main(["summary", "sharepoint"]) == 4
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert "SharePoint: SharePoint stayed busy (503)" in err and "30 s allowed" in err
    assert "Traceback" not in err


# --- SharePoint, the Excel-API save mode (PULSE_SHAREPOINT_SAVE_MODE=excel-api) ---------------
HISTORY_LAST_ROW = 721  # the sample's Pulse History: a header row and 720 rows of earlier weeks


@pytest.fixture
def graph(fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGraph]:
    """Microsoft Graph holding the same file as the fake site (its ETag's GUID and version)."""
    with running_graph(FakeGraph(tokens={TOKEN: ANN})) as server:
        server.file_guid = fake.files[PATH].unique_id
        monkeypatch.setenv("PULSE_SHAREPOINT_SAVE_MODE", "excel-api")
        monkeypatch.setenv("PULSE_SHAREPOINT_GRAPH_URL", server.graph_url)
        yield server


def test_export_through_the_excel_api_writes_only_this_week_s_history_rows(
    fake: FakeSharePoint, graph: FakeGraph, capsys
) -> None:
    args = ["export", "sharepoint", "--out", "sharepoint", "--as-of", "2026-11-23"]
    assert main(args) == 0
    # One row per client below the last, columns A-G of Pulse History: nothing else anywhere.
    rows = range(HISTORY_LAST_ROW + 1, HISTORY_LAST_ROW + 1 + SAMPLE_CLIENTS)
    assert [call.path.rpartition("/worksheets/")[2] for call in graph.calls_of("range")] == [
        f"Pulse History/range(address='A{row}:G{row}')" for row in rows
    ]
    assert graph.calls_of("rows") == []
    assert graph.closed_sessions == ["session-1"]
    assert fake.requests_of("save") == []  # the file itself was not uploaded
    assert "version 2" in capsys.readouterr().out


def test_export_through_the_excel_api_into_a_locked_workbook_exits_3(
    fake: FakeSharePoint, graph: FakeGraph, capsys
) -> None:
    said = "The file is locked for shared use by pat@contoso.com [Pat Excel]."
    graph.refuse("range", 423, "resourceLocked", said)
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 3
    assert "open in Excel by Pat Excel (pat@contoso.com)" in capsys.readouterr().err
    assert graph.closed_sessions == ["session-1"]


def test_export_through_the_excel_api_refused_by_graph_exits_4(
    fake: FakeSharePoint, graph: FakeGraph, capsys
) -> None:
    graph.refuse("site", 401, "InvalidAuthenticationToken", "Access token has expired.")
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 4
    err = capsys.readouterr().err
    assert "Graph said: Access token has expired" in err and "Traceback" not in err
    assert graph.calls_of("createSession") == []


def test_the_excel_api_mode_with_app_only_sign_in_exits_2(
    graph: FakeGraph, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("PULSE_SHAREPOINT_ACCESS_TOKEN")
    for name, value in {"TENANT": "contoso.onmicrosoft.com", "CLIENT_ID": "1-2-3"}.items():
        monkeypatch.setenv(f"PULSE_SHAREPOINT_{name}", value)
    monkeypatch.setenv("PULSE_SHAREPOINT_CERT_PATH", "/secure/pulse.pfx")
    assert main(["export", "sharepoint", "--out", "sharepoint"]) == 2
    assert "PULSE_SHAREPOINT_SAVE_MODE=excel-api writes as the person" in capsys.readouterr().err
    assert graph.calls == []


# --- summary: open loops -----------------------------------------------------------------------


def test_summary_text_lists_the_open_loops_oldest_first(tmp_path: Path, capsys) -> None:
    from tests.scenario import scenario_workbook

    path = scenario_workbook(tmp_path / "s.xlsx")
    assert main(["summary", str(path), "--as-of", AS_OF]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("  open loops             12")
    assert lines[start + 1] == (
        "    since 2026-10-19  Foxtrot Partners: Not marked in the PSA (Account Administrator)"
    )
    assert lines[start + 12] == (
        "    since 2026-11-23  Delta Realty: RCA incomplete (vCIO and vITM)"
    )
    assert len(lines) == start + 13


# --- export: seed 004's matrix as a new tab, only when asked and only where there is none ------


def test_export_adds_the_escalation_matrix_tab_when_asked(tmp_path: Path, capsys) -> None:
    from pulse.escalation import default_matrix
    from tests.scenario import scenario_workbook

    source = scenario_workbook(tmp_path / "no_matrix.xlsx")
    plain, added = tmp_path / "plain.xlsx", tmp_path / "added.xlsx"
    assert main(["export", str(source), "--out", str(plain), "--as-of", AS_OF]) == 0
    assert "Escalation Matrix" not in read_workbook(plain).sheet_names  # only when asked
    capsys.readouterr()
    args = ["export", str(source), "--out", str(added), "--as-of", AS_OF]
    assert main([*args, "--add-escalation-matrix"]) == 0
    assert "added the Escalation Matrix tab" in capsys.readouterr().out
    book = read_workbook(added)
    assert book.sheet_names[-1] == "Escalation Matrix"
    matrix = book.escalation[["type", "level", "role", "responsibility"]]
    pd.testing.assert_frame_equal(matrix, default_matrix(), check_dtype=False)
    new_tabs = ["Audit Log", "Pulse History", "Escalation Matrix"]
    assert_only_owned_changed(source.read_bytes(), added.read_bytes(), new_tabs)


def test_export_never_alters_an_existing_escalation_matrix(workbook: Path, capsys) -> None:
    out = workbook.with_name("out.xlsx")
    args = ["export", str(workbook), "--out", str(out), "--as-of", AS_OF]
    assert main([*args, "--add-escalation-matrix"]) == 0
    captured = capsys.readouterr()
    assert "has an Escalation Matrix tab already: it is kept as it is" in captured.err
    assert "added the Escalation Matrix tab" not in captured.out
    assert_only_owned_changed(workbook.read_bytes(), out.read_bytes(), ["Pulse History"])


def test_summary_json_stays_clean_while_every_warning_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_grid_workbook(
        tmp_path / "pulse.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100], ["Beta", 200]],
            "Extra Care Tracking Info": [["Client", "Status"], ["Gamma", "Active"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "Ticket,Client,Summary,Priority,Created\n"
        "T1,Acme,Printer jam,Low,2026-11-20T09:00:00Z\n"
        "T2,,Lost client,Low,2026-11-20T10:00:00Z\n"
        "T3,Beta,VPN down,Urgentish,2026-11-20T11:00:00Z\n"
    )
    args = ["summary", str(workbook), "--tickets", str(tickets), "--as-of", AS_OF, "--json"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["clients"] == 2
    lines = captured.err.splitlines()
    assert lines[0] == (
        "warning: 'Extra Care Tracking Info'!A2: client 'Gamma' is not on the Clients tab; it is "
        "left out of the figures until the names match"
    )
    ticket_lines = sorted(lines[1:])
    assert len(ticket_lines) == 2
    assert ticket_lines[0].startswith("warning: tickets.csv, column Priority")
    assert "'Urgentish'" in ticket_lines[0]
    assert ticket_lines[1].startswith("warning: tickets.csv, row 3") and "Client" in ticket_lines[1]
    # The second time the export comes from the ticket cache: the same warnings, said again.
    assert main(args) == 0
    assert capsys.readouterr().err.splitlines() == lines


def test_with_both_files_bad_the_workbook_is_said_first_and_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The export is read while the workbook is (a thread of its own), yet a person hears what
    # they would reading one after the other: the workbook's problem, and nothing of the export.
    workbook = write_grid_workbook(tmp_path / "pulse.xlsx", {"Notes": [["Anything"]]})
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("Ticket\tClient\tCreated\nT1\tAcme\t2026-11-20\n")  # tab-delimited
    assert main(["summary", str(workbook), "--tickets", str(tickets), "--as-of", AS_OF]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("pulse.xlsx: not a Client Pulse workbook: missing tabs 'Clients'")
    # With the workbook fixed, the export's own problem is said (and exit 1 again).
    good = write_grid_workbook(
        tmp_path / "good.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    assert main(["summary", str(good), "--tickets", str(tickets), "--as-of", AS_OF]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("tickets.csv: The file is tab-delimited")


def test_validate_says_how_many_warnings_and_lists_them_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_grid_workbook(
        tmp_path / "pulse.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100], ["ACME", 200]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    assert main(["validate", str(workbook)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "pulse.xlsx: readable — 2 clients, 0 extra-care episodes, 0 action items, 1 warning(s)\n"
    )
    assert captured.err == (
        "warning: Clients!A3: client 'ACME' is listed twice (names match ignoring case and "
        "spaces); the first row is used, delete or rename the other\n"
    )
