"""Seed 003's urgent-issue and dispute pathways."""

from __future__ import annotations

import pytest

from pulse.escalation.guidance import DisputeTeam, dispute_steps, urgent_guidance
from pulse.settings import EscalationSettings


def test_urgent_issue_is_flagged_in_the_task_tool_and_posted_with_a_siren() -> None:
    settings = EscalationSettings(task_tool="ClickUp", chat_tool="Slack")
    guidance = urgent_guidance(
        settings=settings, customer="Acme", issue="Payroll server down", link="https://x/1"
    )
    assert [step.order for step in guidance.steps] == [1, 2]
    assert "Flag" in guidance.steps[0].action and "ClickUp" in guidance.steps[0].action
    assert "Slack" in guidance.steps[1].action and "🚨" in guidance.steps[1].action
    assert guidance.message.startswith("🚨")
    assert "48 hours" in guidance.message
    for part in ("Customer: Acme", "Issue: Payroll server down", "Link: https://x/1"):
        assert part in guidance.message
    assert "Reason for posting:" in guidance.message


@pytest.mark.parametrize(
    ("team", "first_contacts", "managers"),
    [
        (DisputeTeam.SALES, ["manager"], ["manager", "sales_manager"]),
        (DisputeTeam.CS, [], ["manager", "cs_manager"]),
    ],
)
def test_dispute_steps_in_order(
    team: DisputeTeam, first_contacts: list[str], managers: list[str]
) -> None:
    steps = dispute_steps(team, settings=EscalationSettings())
    assert [step.order for step in steps] == [1, 2, 3]
    assert steps[0].action.startswith("Resolve it directly")
    assert list(steps[0].contacts) == first_contacts
    assert list(steps[1].contacts) == managers
    assert list(steps[2].contacts) == ["executive"]
