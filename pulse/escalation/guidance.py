"""Seed 003's other pathways: an urgent issue, and a dispute with a sales or CS team member."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pulse.escalation.contacts import CS_MANAGER, EXECUTIVE, MANAGER, SALES_MANAGER, contacts_for
from pulse.settings import Contact, EscalationSettings


@dataclass(frozen=True)
class Step:
    order: int  # 1-based: do them in this order
    action: str
    contacts: dict[str, Contact]  # role key -> the person configured for it


@dataclass(frozen=True)
class UrgentGuidance:
    steps: tuple[Step, ...]
    message: str  # ready to post in the team channel


def urgent_guidance(
    *,
    settings: EscalationSettings,
    customer: str = "",
    issue: str = "",
    details: str = "",
    link: str = "",
) -> UrgentGuidance:
    """Seed 003: a sensitive issue needing a response well inside 48 hours is flagged in the task
    tool and posted with a link to the project and the siren emoji."""
    steps = (
        Step(1, f"Flag the issue in {settings.task_tool}.", {}),
        Step(
            2,
            f"Post in {settings.chat_tool} with a link to the project in {settings.task_tool}, "
            "starting with 🚨, and watch for the response.",
            {},
        ),
    )
    lines = [
        f"🚨 Response needed in under {settings.urgent_hours} hours",
        f"Customer: {customer.strip() or '[customer name]'}",
        f"Issue: {issue.strip() or '[issue]'}",
        f"Details: {details.strip() or '[relevant details]'}",
        f"Link: {link.strip() or '[link to the project in ' + settings.task_tool + ']'}",
        "Reason for posting: a sensitive customer issue needs a response much sooner than "
        f"{settings.urgent_hours} hours.",
    ]
    return UrgentGuidance(steps, "\n".join(lines))


class DisputeTeam(StrEnum):
    SALES = "sales"
    CS = "cs"

    @property
    def label(self) -> str:
        return "Sales" if self is DisputeTeam.SALES else "Customer Success"


def dispute_steps(team: DisputeTeam, *, settings: EscalationSettings) -> tuple[Step, ...]:
    """Seed 003: resolve it directly; then each person's manager; then the executive."""
    their_manager = SALES_MANAGER if team is DisputeTeam.SALES else CS_MANAGER
    first = f"Resolve it directly with the {team.label} team member."
    if team is DisputeTeam.SALES:
        first += " Mention the escalated customer to your manager."
    return (
        Step(1, first, contacts_for(settings, MANAGER) if team is DisputeTeam.SALES else {}),
        Step(
            2,
            "Still unresolved: each of you brings it to your own manager.",
            contacts_for(settings, MANAGER, their_manager),
        ),
        Step(
            3,
            "Unresolved after both managers: bring it to the executive for next steps.",
            contacts_for(settings, EXECUTIVE),
        ),
    )
