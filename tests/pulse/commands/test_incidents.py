"""`pulse incidents` (pulse/commands/incidents.py): the documented JSON of every incident's SPEC
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
        assert {"ticket", "client", "title", "reported_at", "steps"} <= set(incident)
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


# ---- the workbook's Incident Log ----------------------------------------------------------------

LOG_ROWS = [
    ["TK13855", "", "swarm_member_added", "2026-09-30T11:40:00-07:00", "Ana", "vITM"],
    ["INC-1", "Acme Dental", "declared", "2026-11-20T10:05:00-08:00", "Ana", "Email down"],
    ["INC-1", "Acme Dental", "reported", "2026-11-20T10:00:00-08:00", "Ana", "phone: by phone"],
    ["INC-1", "Acme Dental", "swarm_created", "2026-11-20T10:20:00-08:00", "Ana", ""],
    ["INC-1", "Acme Dental", "swarm_created", "soon", "Ana", ""],  # broken by hand in Excel
]


def workbook_with_log(tmp_path: Path) -> Path:
    from connectors.log_append import append_rows
    from pulse.schema import INCIDENT_LOG, Sheet
    from tests.paths import SAMPLE_WORKBOOK

    rows = pd.DataFrame(LOG_ROWS, columns=INCIDENT_LOG.names)
    data = append_rows(SAMPLE_WORKBOOK.read_bytes(), {Sheet.INCIDENT_LOG: rows}, name="x")
    path = tmp_path / "pulse.xlsx"
    path.write_bytes(data)
    return path


def test_the_workbooks_incident_log_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = workbook_with_log(tmp_path)
    assert main(["incidents", str(workbook), "--as-of", "2026-11-20T10:30", "--json"]) == 0
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    # Without the ticket export, TK13855 is known from its one row only (reported then).
    assert [incident["ticket"] for incident in answer] == ["TK13855", "INC-1"]
    incident = answer[1]
    assert incident["title"] == "Acme Dental – INC-1 – Email down"
    assert incident["reported_by"] == "phone"
    steps = {step["step"]: step for step in incident["steps"]}
    # By phone: answered at the report. The swarm (due 10:15) came at 10:20.
    assert steps["first_response"]["done_at"] == "2026-11-20T10:00:00-08:00"
    assert steps["first_response"]["status"] == "met"
    assert steps["swarm_created"]["status"] == "breached"
    # The broken row is said on stderr, naming its cell; stdout is only the JSON.
    assert "'Incident Log'!D6" in captured.err and "soon" in captured.err


def test_the_log_and_an_events_file_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = workbook_with_log(tmp_path)
    answer = run_json(capsys, "incidents", str(workbook), "--events", str(EVENTS), "--as-of", AS_OF)
    tickets = [incident["ticket"] for incident in answer]
    assert "INC-1" in tickets and len(tickets) == 13  # the sample's 12 incidents and INC-1
    first = next(incident for incident in answer if incident["ticket"] == "TK13855")
    # The log's member row joins the CSV's incident: four roles are still missing.
    assert first["swarm_members_missing"] == 4


def test_without_a_workbook_or_events_it_says_what_to_give(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["incidents", "--as-of", AS_OF]) == 2
    assert "give the WORKBOOK" in capsys.readouterr().err
