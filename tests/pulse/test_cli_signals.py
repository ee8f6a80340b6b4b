"""`pulse signals`, `pulse summary --tickets` and `pulse incidents`: the documented JSON shapes,
layouts and saved mappings, and a clear exit 1 on a broken events file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from connectors.ticket_mappings import save_ticket_mapping
from pulse.cli import main
from pulse.schema import Criterion
from tests.paths import REALDATA, SAMPLE_DIR, SAMPLE_WORKBOOK

GENERIC = SAMPLE_DIR / "tickets_generic.csv"
EVENTS = SAMPLE_DIR / "incident_events.csv"
FRESHDESK = REALDATA / "tickets" / "freshdesk_export_demo_account.csv"
AS_OF = "2026-11-23"
ZONE = ZoneInfo("America/Los_Angeles")  # the default business zone
# SPEC "Critical incidents during business hours": every step, in the procedure's order.
SPEC_STEPS = [
    "first_response",
    "swarm_created",
    "summary_posted",
    "infosec_added",
    "vitm_acknowledged",
    "vitm_phoned",
    "vitm_manager_added",
    "vcio_tagged",
    "vcio_acknowledged",
    "vcio_phoned",
]
STATUSES = {"met", "breached", "pending", "not_required"}


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pulse.toml"
    monkeypatch.setenv("PULSE_CONFIG", str(path))
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main([*args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def export_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


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


def test_a_broken_events_file_exits_1_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad_events.csv"
    bad.write_text(
        "ticket,event,at\n"
        "TK13855,reported,2026-09-30T18:29:00+00:00\n"
        "TK13855,swarm_created,not a time\n"
    )
    assert main(["incidents", "--events", str(bad), "--as-of", AS_OF]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "bad_events.csv, row 3" in captured.err
    assert "Traceback" not in captured.err


def test_incidents_json_lists_every_spec_step_of_every_incident(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["incidents", "--tickets", str(GENERIC), "--events", str(EVENTS), "--as-of", AS_OF]
    answer = run_json(capsys, *args)
    events = export_rows(EVENTS)
    reported = {row["ticket"]: row["at"] for row in events if row["event"] == "reported"}
    tickets = {row["Ticket"]: row for row in export_rows(GENERIC)}
    # Every sample incident's ticket is Critical in the export, so each one is listed.
    assert {incident["ticket"] for incident in answer} == set(reported)
    seen: set[str] = set()
    for incident in answer:
        assert set(incident) == {"ticket", "client", "title", "reported_at", "steps"}
        row = tickets[incident["ticket"]]
        assert incident["client"] == row["Client"]
        assert incident["title"] == f"{row['Client']} – {incident['ticket']} – {row['Summary']}"
        local = pd.Timestamp(reported[incident["ticket"]]).tz_convert(ZONE)
        assert incident["reported_at"] == local.isoformat()
        assert [step["step"] for step in incident["steps"]] == SPEC_STEPS
        for step in incident["steps"]:
            assert set(step) == {"step", "status", "due", "done_at"}
            assert step["status"] in STATUSES
            seen.add(step["status"])
    assert seen == STATUSES  # the sample's incidents show every status (one is still open)
