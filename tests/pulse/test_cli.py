"""The entry point (pulse/cli.py): exit codes (0 ok, 1 bad input, 2 usage or SharePoint
unconfigured, 3 changed meanwhile, 4 SharePoint unreachable), errors as one line each and never a
traceback, and `pulse summary` staying light: it never loads the UI, charts, SharePoint or the
xlsx writer."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import app.week
from pulse.cli import main
from pulse.commands.tabs import SUMMARY_TABS
from tests.paths import REPO, SAMPLE_WORKBOOK

HEAVY = ("streamlit", "plotly", "office365", "openpyxl", "lxml", "xlsxwriter")
PROBE = """
import contextlib, io, json, sys
from pulse.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted({name.split('.')[0] for name in sys.modules})]))
"""


def loaded_packages(*args: str, probe: str = PROBE, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, packages = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return set(packages)


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ((), set()),
        # First-response lateness needs the business clock, and so the country's holidays.
        (("--tickets", str(SAMPLE_WORKBOOK.parent / "tickets_generic.csv")), {"holidays"}),
    ],
    ids=["workbook only", "with tickets"],
)
def test_summary_imports_nothing_heavy(extra: tuple[str, ...], allowed: set[str]) -> None:
    packages = loaded_packages("summary", str(SAMPLE_WORKBOOK), "--as-of", "2026-11-23", *extra)
    assert packages & set(HEAVY) == set()
    assert ("holidays" in packages) == ("holidays" in allowed)


MODULES_PROBE = PROBE.replace("name.split('.')[0] for name", "name for name")


def test_summary_never_loads_the_saving_core() -> None:
    # Only a command that saves can raise ChangedMeanwhile (exit 3), so only it imports
    # app.saving (and with it pulse.export and the history rules).
    modules = loaded_packages("summary", str(SAMPLE_WORKBOOK), probe=MODULES_PROBE)
    assert {"app.saving", "pulse.export", "pulse.history"} & modules == set()


def test_a_summary_from_the_ticket_cache_never_loads_the_export_parser(tmp_path: Path) -> None:
    # The first summary parses the export and caches it; the second reads the cache only, so
    # the parser and its date and value rules stay unloaded.
    tickets = SAMPLE_WORKBOOK.parent / "tickets_generic.csv"
    command = ["summary", str(SAMPLE_WORKBOOK), "--tickets", str(tickets), "--as-of", "2026-11-23"]
    environment = {**os.environ, "PULSE_CACHE_DIR": str(tmp_path)}
    loaded = [loaded_packages(*command, probe=MODULES_PROBE, env=environment) for _ in range(2)]
    parser = {"connectors.tickets", "connectors.ticket_values", "connectors.ticket_dates"}
    assert parser <= loaded[0]
    assert parser & loaded[1] == set()


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = subprocess.run(
        [sys.executable, "-m", "pulse.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("junk.xlsx: not an Excel workbook")


RUN_PROBE = """
import atexit, sys, time
from pathlib import Path
import connectors.ticket_cache as ticket_cache
import pulse.cli

marker = Path(sys.argv[1])
atexit.register(marker.write_text, "exit handlers ran")
write = ticket_cache._write
def slow(table, cached):
    time.sleep(0.5)  # still writing when the answer is printed
    write(table, cached)
ticket_cache._write = slow
sys.argv = ["pulse", *sys.argv[2:]]
pulse.cli.run()
"""


def test_exit_handlers_run_before_the_process_leaves(tmp_path: Path) -> None:
    # run() leaves without the interpreter's teardown, but only after what a normal exit does
    # first: the cache writer is waited for, atexit handlers run, the answer is flushed.
    marker = tmp_path / "marker.txt"
    tickets = SAMPLE_WORKBOOK.parent / "tickets_generic.csv"
    args = ["summary", str(SAMPLE_WORKBOOK), "--tickets", str(tickets), "--as-of", "2026-11-23"]
    env = {**os.environ, "PULSE_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", RUN_PROBE, str(marker), *args, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == "2026-11-23"
    assert marker.read_text() == "exit handlers ran"
    (entry,) = (tmp_path / "cache" / "tickets").iterdir()
    assert entry.suffix == ".arrow"  # whole: written, then renamed into place


def test_run_exits_with_mains_code(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pulse.cli", "validate", str(tmp_path / "missing.xlsx")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("missing.xlsx: file not found")


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder: no stray pulse.toml or .streamlit/secrets.toml."""
    monkeypatch.chdir(tmp_path)
    for name in ("PULSE_SHAREPOINT_SITE_URL", "PULSE_SHAREPOINT_FILE", "PULSE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_no_command_prints_the_help_and_exits_2(elsewhere: Path, capsys) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("usage: pulse")
    assert "validate" in out and "incidents" in out and "escalate" in out


def test_a_bad_argument_exits_2_naming_it(elsewhere: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["summary", "x.xlsx", "--as-of", "23/11/2026"])
    assert stopped.value.code == 2
    assert "'23/11/2026' is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_bad_input_exits_1_with_one_line_per_problem(elsewhere: Path, capsys) -> None:
    broken = elsewhere / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert main(["summary", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "broken.xlsx: not an Excel workbook (.xlsx): the file is not an xlsx package; "
        "save it from Excel as 'Excel Workbook (*.xlsx)'"
    ]


def test_a_missing_workbook_exits_2_naming_it(elsewhere: Path, capsys) -> None:
    assert main(["summary", "nope.xlsx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"nope.xlsx: file not found: {Path('nope.xlsx')}; check the path"
    ]


def test_a_file_changed_while_exporting_exits_3_and_writes_nothing(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    workbook = elsewhere / "pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    before = workbook.read_bytes()
    original = app.week.history_with_this_week

    def saved_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # Excel saves the same bytes while the export is being computed: a newer mtime.
        stat = workbook.stat()
        os.utime(workbook, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        return original(*args, **kwargs)

    monkeypatch.setattr(app.week, "history_with_this_week", saved_meanwhile)
    args = ["export", str(workbook), "--out", str(workbook), "--as-of", "2026-11-23"]
    assert main(args) == 3
    assert capsys.readouterr().err == (
        "pulse.xlsx was changed on disk after it was read; nothing was written. "
        "Run the command again.\n"
    )
    assert workbook.read_bytes() == before
    assert not list(elsewhere.glob("pulse.*.bak.xlsx"))


def test_an_unexpected_error_is_not_swallowed(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug, not an input problem")

    monkeypatch.setattr("pulse.commands.arguments.open_location", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["validate", "x.xlsx"])


def test_unreachable_sharepoint_exits_4(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", f"http://127.0.0.1:{port}/sites/cst")
    monkeypatch.setenv("PULSE_SHAREPOINT_FILE", "/sites/cst/Shared Documents/Client Pulse.xlsx")
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", "ann-token")
    assert main(["sync"]) == 4
    assert "cannot be reached" in capsys.readouterr().err


def test_sharepoint_word_without_configuration_says_what_to_set(elsewhere: Path, capsys) -> None:
    assert main(["summary", "sharepoint"]) == 2
    assert "PULSE_SHAREPOINT_SITE_URL" in capsys.readouterr().err


# --- every path option: a missing path or a folder exits 2 with one line, never a traceback -----


def path_cases(folder: Path) -> dict[str, tuple[list[str], str]]:
    """(arguments, the line on stderr) for each path option given a missing path or a folder."""
    workbook, events = str(SAMPLE_WORKBOOK), str(SAMPLE_WORKBOOK.parent / "incident_events.csv")
    gone, name = folder / "gone.csv", folder.name
    out = folder / "no such folder" / "out.xlsx"

    def not_a_file(option: str) -> str:
        return f"{name}: {folder} (given to {option}) is a folder, not a file; give the file's path"

    return {
        "WORKBOOK missing": (
            ["summary", str(folder / "gone.xlsx")],
            f"gone.xlsx: file not found: {folder / 'gone.xlsx'}; check the path",
        ),
        "WORKBOOK folder": (
            ["summary", str(folder)],
            f"{name}: {folder} is a folder, not a file; give the file's path",
        ),
        "--tickets missing": (
            ["summary", workbook, "--tickets", str(gone)],
            f"gone.csv: file not found: {gone} (given to --tickets); check the path",
        ),
        "--tickets folder": (
            ["signals", workbook, "--tickets", str(folder)],
            not_a_file("--tickets"),
        ),
        "--events missing": (
            ["incidents", "--events", str(gone)],
            f"gone.csv: file not found: {gone} (given to --events); check the path",
        ),
        "--events folder": (["incidents", "--events", str(folder)], not_a_file("--events")),
        "--events folder with tickets": (
            ["incidents", "--events", str(folder), "--tickets", events],
            not_a_file("--events"),
        ),
        "--out's folder missing": (
            ["export", workbook, "--out", str(out)],
            f"out.xlsx: cannot write {out} (given to --out): the folder {out.parent} does not "
            "exist; create it first",
        ),
        "--out is a folder": (
            ["export", workbook, "--out", str(folder)],
            f"{name}: {folder} (given to --out) is a folder; give a file name to write",
        ),
    }


CASES = sorted(path_cases(Path("/x")))


@pytest.mark.parametrize("case", CASES)
def test_every_path_option_exits_2_on_a_missing_path_or_a_folder(
    case: str, elsewhere: Path, capsys
) -> None:
    folder = elsewhere / "a folder"
    folder.mkdir()
    args, expected = path_cases(folder)[case]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line == expected
    assert sorted(p.name for p in elsewhere.iterdir()) == ["a folder"]  # nothing written
    assert not list(folder.iterdir())


def test_a_missing_events_file_on_the_console_is_one_line_and_exit_2(elsewhere: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pulse.cli", "incidents", "--events", "nowhere.csv"],
        capture_output=True,
        text=True,
        check=False,
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert result.stderr == (
        "nowhere.csv: file not found: nowhere.csv (given to --events); check the path\n"
    )


# --- special paths: a FIFO, a device, a link to one: exit 2 at once, nothing replaced ---------


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["validate", "{fifo}"], "cannot read {fifo}: it is a pipe (FIFO)"),
        (["validate", "{zero}"], "cannot read {zero}: it is a device"),
        (["signals", "WB", "--tickets", "{fifo}"], "cannot read {fifo} (given to --tickets)"),
        (
            ["export", "WB", "--out", "{null}"],
            "cannot write {null} (given to --out): it is a device",
        ),
        (
            ["export", "WB", "--out", "{full}"],
            "cannot write {full} (given to --out): it is a device",
        ),
    ],
)
def test_special_paths_exit_2_at_once(args: list[str], kind: str, tmp_path: Path) -> None:
    """On the console, in a fresh process with a time bound: a FIFO would block a read for
    ever, /dev/zero never ends, and --out must never replace a device with a file."""
    os.mkfifo(tmp_path / "fifo.xlsx")
    for name, device in {"zero": "/dev/zero", "null": "/dev/null", "full": "/dev/full"}.items():
        (tmp_path / f"{name}.xlsx").symlink_to(device)
    names = {n: str(tmp_path / f"{n}.xlsx") for n in ("fifo", "zero", "null", "full")}
    given = [str(SAMPLE_WORKBOOK) if a == "WB" else a.format(**names) for a in args]
    from tests.hostile_files import run_limited

    result = run_limited(*given, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert kind.format(**names) in result.stderr
    assert "Traceback" not in result.stderr
    assert all((tmp_path / f"{n}.xlsx").is_symlink() for n in ("zero", "null", "full"))


def test_summary_reads_its_workbook_ahead_and_says_the_same(
    elsewhere: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import connectors.workbook_open
    import pulse.cli

    command = ["summary", str(SAMPLE_WORKBOOK), "--as-of", "2026-11-23", "--json"]
    monkeypatch.setattr(pulse.cli, "READ_AHEAD", {})
    assert main(command) == 0
    unread = capsys.readouterr()
    monkeypatch.undo()
    claimed: list[object] = []
    claim = connectors.workbook_open.claim_read_ahead
    monkeypatch.setattr(
        "connectors.workbook.claim_read_ahead", lambda *a: claimed.append(claim(*a)) or claimed[0]
    )
    assert main(command) == 0
    assert capsys.readouterr() == unread
    (ahead,) = claimed
    assert isinstance(ahead, connectors.workbook_open.ReadAhead)
    assert sorted(ahead.grids) == [
        "Action Items",
        "Audit Log",
        "Clients",
        "Extra Care Tracking Info",
    ]


@pytest.mark.parametrize(
    "arguments",
    [["summary", "<fifo>"], ["summary", "<folder>"], ["summary"], ["validate", "<file>"], []],
    ids=["a pipe", "a folder", "no workbook", "another command", "nothing"],
)
def test_only_a_summary_of_a_regular_file_is_read_ahead(
    arguments: list[str], elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pulse.cli

    os.mkfifo(elsewhere / "pipe.xlsx")  # reading a pipe ahead would take the command's bytes
    where = {"<fifo>": "pipe.xlsx", "<folder>": str(elsewhere), "<file>": str(SAMPLE_WORKBOOK)}
    started: list[tuple[object, ...]] = []
    monkeypatch.setattr(pulse.cli, "start_read_ahead", lambda *a: started.append(a))
    pulse.cli.read_ahead([where.get(word, word) for word in arguments])
    assert started == []
    pulse.cli.read_ahead(["summary", str(SAMPLE_WORKBOOK)])
    assert [call[:2] for call in started] == [(SAMPLE_WORKBOOK, SUMMARY_TABS)]


COLLECTION_PROBE = """
import gc, json, os, sys
import pulse.cli
calls, leave = [], os._exit
collect = pulse.cli.collect_from_here
def watched():
    calls.append({"collecting": gc.isenabled(), "pandas": "pandas" in sys.modules})
    collect()
def exit_with_state(code):
    state = {"code": code, "calls": calls, "collecting": gc.isenabled(),
             "frozen": gc.get_freeze_count()}
    print(json.dumps(state), flush=True)
    leave(0)
pulse.cli.collect_from_here, os._exit = watched, exit_with_state
sys.argv = ["pulse", *sys.argv[1:]]
pulse.cli.run()
"""


def test_the_command_loads_its_code_uncollected_then_collects_all_else() -> None:
    """`pulse` (pulse.cli.run): no garbage collection while pandas and the commands load; once
    loaded, that code is out of the collector's way (frozen) and collection is back on."""
    done = subprocess.run(
        [sys.executable, "-c", COLLECTION_PROBE, "summary", str(SAMPLE_WORKBOOK), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["code"] == 0, done.stderr
    assert state["calls"] == [{"collecting": False, "pandas": True}]
    assert state["collecting"] is True
    assert state["frozen"] > 10_000  # pandas alone is tens of thousands of objects
