"""`pulse escalate` and `pulse pathway` (pulse/commands/escalation.py) on the sample's escalation
matrix and the default escalation settings (seed 003: the sales contact after 14 days without a
response, the manager and executive sponsor after 28)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pulse.cli import main
from pulse.commands.escalation import render_path


@pytest.fixture(autouse=True)
def no_pulse_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_CONFIG", str(tmp_path / "pulse.toml"))  # the default settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_escalate_prints_the_types_levels_and_who_is_next(capsys) -> None:
    code, out, _ = run(capsys, "escalate", "--type", "timeline", "--level", "2")
    assert code == 0
    assert out.splitlines() == [
        "Timeline Adjustments",
        "  1. Operational Contact: Coordinate to revise or confirm project timelines.",
        "  2. Project Manager: Approve and communicate critical changes to project timelines.",
        "  3. Project Team / Account Manager: Negotiate service delivery timelines with key "
        "clients and partners.",
        "  4. Sales Manager: Assess and manage impacts of schedule changes on client commitments.",
        "Escalate to level 3: Project Team / Account Manager",
    ]


def test_escalate_json_without_a_level_names_level_two_next(capsys) -> None:
    code, out, _ = run(capsys, "escalate", "--type", "client data", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["type"] == "Client Data Issues"
    assert [level["role"] for level in answer["levels"]] == [
        "Operational Contact",
        "Project Manager",
        "Project Team / Account Manager",
        "Sales Manager",
    ]
    assert (answer["next"]["level"], answer["next"]["role"]) == (2, "Project Manager")


def test_at_the_top_level_nobody_is_next(capsys) -> None:
    code, out, _ = run(capsys, "escalate", "--type", "timeline", "--level", "4", "--json")
    assert code == 0
    assert json.loads(out)["next"] is None


def test_words_matching_no_type_exit_1(capsys) -> None:
    code, out, err = run(capsys, "escalate", "--type", "xyzzy")
    assert (code, out) == (1, "")
    assert "No escalation type matches 'xyzzy'" in err


def test_render_path_of_a_hand_written_answer() -> None:
    answer: dict[str, Any] = {
        "type": "Billing",
        "levels": [
            {"level": 1, "role": "Clerk", "responsibility": "Check the invoice."},
            {"level": 2, "role": "Controller", "responsibility": "Approve a credit."},
        ],
        "next": None,
    }
    assert render_path(answer) == (
        "Billing\n  1. Clerk: Check the invoice.\n  2. Controller: Approve a credit."
    )


def test_pathway_after_twenty_days_is_the_sales_contact(capsys) -> None:
    # 3 Nov to 23 Nov: 20 days, past 14 (sales contact) and short of 28 (manager).
    args = ["pathway", "--last-response", "2026-11-03", "--as-of", "2026-11-23"]
    code, out, _ = run(capsys, *args, "--customer", "Acme Dental", "--json")
    assert code == 0
    answer = json.loads(out)
    assert (answer["days_unresponsive"], answer["stage"]) == (20, "sales_contact")
    assert answer["next_stage_on"] == "2026-12-01"  # 3 Nov + 28 days
    assert "Acme Dental" in answer["message"]


def test_pathway_text_says_the_days_and_what_to_do(capsys) -> None:
    args = ["pathway", "--last-response", "2026-11-13", "--as-of", "2026-11-23"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    # 10 days: still contact the customer directly.
    assert out.startswith("10 days without a response: Contact the customer directly")


def test_a_last_response_after_the_as_of_date_exits_1(capsys) -> None:
    args = ["pathway", "--last-response", "2026-11-24", "--as-of", "2026-11-23"]
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, "")
    assert "is after the as-of date (2026-11-23)" in err


# --- a workbook without an Escalation Matrix tab: seed 004's matrix, labelled as the default --


@pytest.fixture
def no_matrix(tmp_path: Path) -> Path:
    from tests.scenario import scenario_workbook

    return scenario_workbook(tmp_path / "no_matrix.xlsx")


def test_escalate_on_a_workbook_without_the_tab_says_it_uses_the_default(
    capsys, no_matrix: Path
) -> None:
    code, out, err = run(capsys, "escalate", "--type", "timeline", str(no_matrix))
    assert code == 0
    assert out.splitlines()[0] == "Timeline Adjustments (seed 004's default matrix)"
    assert err == (
        "note: This workbook has no Escalation Matrix tab, so seed 004's matrix is shown: "
        "the default.\n"
    )
    code, out, _ = run(capsys, "escalate", "--type", "timeline", str(no_matrix), "--json")
    assert json.loads(out)["matrix"] == "seed 004 default"


def test_escalate_on_the_sample_uses_its_tab(capsys) -> None:
    code, out, err = run(capsys, "escalate", "--type", "timeline", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["matrix"] == "workbook"
