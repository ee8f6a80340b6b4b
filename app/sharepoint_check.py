"""The SharePoint set-up check both shells run (`pulse sharepoint-check`, the Workbook page):
the configured settings and timeout, diagnosed step by step by connectors.sharepoint.check."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from app import environment

if TYPE_CHECKING:
    from connectors import sharepoint as sp
    from connectors.sharepoint.check import CheckStep

STEP_COUNT = 7  # connectors.sharepoint.check's steps


def check_sharepoint(env: Mapping[str, str] = os.environ) -> list[CheckStep]:
    """The steps passed, then the first that failed; a malformed timeout fails the settings."""
    from connectors import sharepoint as sp
    from connectors.sharepoint.check import run_check

    try:
        policy: sp.RequestPolicy | None = environment.request_policy(env)
        timeout_problem: sp.SharePointConfigError | None = None
    except sp.SharePointConfigError as problem:
        policy, timeout_problem = None, problem

    def load() -> sp.SharePointSettings | None:
        if timeout_problem is not None:
            raise timeout_problem
        return environment.sharepoint_settings(env)

    return run_check(load, policy=policy)


def check_report(steps: list[CheckStep]) -> list[str]:
    """Plain lines: ✓ or ✗ with each step, the fix under a failed one, then a summary."""
    lines: list[str] = []
    for step in steps:
        lines.append(f"{'✓' if step.ok else '✗'} {step.name}: {step.detail}")
        if not step.ok:
            lines.append(f"  Fix: {step.fix}")
    passed = sum(step.ok for step in steps)
    if steps and not steps[-1].ok:
        lines.append(
            f"{passed} of {STEP_COUNT} steps passed; the check stopped at “{steps[-1].name}”."
        )
    else:
        lines.append(f"All {passed} steps passed: SharePoint is ready for Client Pulse.")
    return lines


def check_exit_code(steps: list[CheckStep]) -> int:
    return steps[-1].exit_code if steps and not steps[-1].ok else 0
