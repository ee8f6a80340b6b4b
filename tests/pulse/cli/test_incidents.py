"""`pulse incidents` (pulse/cli/incidents.py): the documented JSON of every incident's SPEC
steps, a clear exit 1 on a broken events file, and how --as-of is read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from pulse.cli import main
from tests.command_line import export_rows, run_json
from tests.incident_frames import SPEC_STEPS
from tests.paths import SAMPLE_DIR

GENERIC = SAMPLE_DIR / "tickets_generic.csv"
EVENTS = SAMPLE_DIR / "incident_events.csv"
AS_OF = "2026-11-23"
ZONE = ZoneInfo("America/Los_Angeles")  # the default business zone
STATUSES = {"met", "breached", "pending", "not_required"}


def incidents_of(
    path: Path, text: str, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, Any]:
    """`pulse incidents` on an events file holding `text`: the exit code and what it printed."""
    path.write_text(text)
    code = main(["incidents", "--events", str(path), "--as-of", AS_OF, *options])
    return code, capsys.readouterr()


def test_a_broken_events_file_exits_1_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "ticket,event,at\n"
        "TK13855,reported,2026-09-30T18:29:00+00:00\n"
        "TK13855,swarm_created,not a time\n"
    )
    code, captured = incidents_of(tmp_path / "bad_events.csv", text, capsys)
    assert code == 1
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


def test_what_reading_the_events_noted_goes_to_stderr_and_the_json_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "ticket,event,at,Site,site\nTK1,reported,2026-11-23T09:30:00-08:00,HQ,Annex\n"
    code, captured = incidents_of(tmp_path / "events.csv", text, capsys, "--json")
    assert code == 0
    assert [incident["ticket"] for incident in json.loads(captured.out)] == ["TK1"]
    assert captured.err == (
        "warning: events.csv, row 1: 'Site' (column 4) and 'site' (column 5) repeat one "
        "header; this column is not used and is ignored.\n"
    )
