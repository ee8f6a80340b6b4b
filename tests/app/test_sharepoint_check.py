"""The check's report: a mark per step, the fix under the failed one, a summary, the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sharepoint_check import check_exit_code, check_report, check_sharepoint
from connectors.sharepoint.check import CheckStep

PASSED = CheckStep("Settings present", True, "https://x/sites/cst, file /f.xlsx")
FAILED = CheckStep("Site reachable", False, "https://x does not answer.", "Check the VPN.", 4)


def test_a_failed_step_shows_its_fix_and_where_the_check_stopped() -> None:
    assert check_report([PASSED, FAILED]) == [
        "✓ Settings present: https://x/sites/cst, file /f.xlsx",
        "✗ Site reachable: https://x does not answer.",
        "  Fix: Check the VPN.",
        "1 of 7 steps passed; the check stopped at “Site reachable”.",
    ]
    assert check_exit_code([PASSED, FAILED]) == 4


def test_all_steps_passed() -> None:
    assert check_report([PASSED])[-1] == "All 1 steps passed: SharePoint is ready for Client Pulse."
    assert check_exit_code([PASSED]) == 0


def test_a_malformed_timeout_fails_the_settings_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    steps = check_sharepoint({"PULSE_SHAREPOINT_TIMEOUT": "1m"})
    assert [(step.name, step.ok, step.exit_code) for step in steps] == [
        ("Settings present", False, 2)
    ]
    assert "PULSE_SHAREPOINT_TIMEOUT='1m' is not a number of seconds" in steps[0].detail
