"""An unresponsive customer (seed 003): where they stand on the clock, what to do, who to ask, and
a ready-to-post message.

Contact them directly by phone and email; after `sales_contact_after_days` without a response
escalate to the sales contact; after `manager_after_days`, loop in your manager and the executive
sponsor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pulse.escalation.contacts import EXECUTIVE_SPONSOR, MANAGER, SALES_CONTACT, contacts_for
from pulse.escalation.errors import EscalationError
from pulse.settings import Contact, EscalationSettings


class UnresponsiveStage(StrEnum):
    CONTACT_DIRECTLY = "contact_directly"  # under 14 days: keep calling and emailing
    SALES_CONTACT = "sales_contact"  # 14 days: the sales contact helps reach them
    MANAGER_AND_EXECUTIVE = "manager_and_executive"  # 14 more: your manager + executive sponsor

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS: dict[UnresponsiveStage, str] = {
    UnresponsiveStage.CONTACT_DIRECTLY: "Contact directly",
    UnresponsiveStage.SALES_CONTACT: "Sales contact",
    UnresponsiveStage.MANAGER_AND_EXECUTIVE: "Manager + executive",
}

_STAGE_ROLES: dict[UnresponsiveStage, tuple[str, ...]] = {
    UnresponsiveStage.CONTACT_DIRECTLY: (),
    UnresponsiveStage.SALES_CONTACT: (SALES_CONTACT,),
    UnresponsiveStage.MANAGER_AND_EXECUTIVE: (MANAGER, EXECUTIVE_SPONSOR),
}


@dataclass(frozen=True)
class Pathway:
    days_unresponsive: int
    stage: UnresponsiveStage
    action: str
    contacts: dict[str, Contact]  # role key -> the person configured for it
    next_stage_on: date | None  # when the next stage starts; None at the last stage
    message: str  # ready to post in the team channel


def _stage_starts(settings: EscalationSettings) -> dict[UnresponsiveStage, int]:
    """The days without a response on which each escalation stage begins, in stage order."""
    return {
        UnresponsiveStage.SALES_CONTACT: settings.sales_contact_after_days,
        UnresponsiveStage.MANAGER_AND_EXECUTIVE: settings.manager_after_days,
    }


def unresponsive_stage(days: int, settings: EscalationSettings) -> UnresponsiveStage:
    """The latest stage whose start `days` without a response have reached."""
    reached = [stage for stage, start in _stage_starts(settings).items() if days >= start]
    return reached[-1] if reached else UnresponsiveStage.CONTACT_DIRECTLY


def unresponsive_pathway(
    last_response: date,
    *,
    as_of: date,
    settings: EscalationSettings,
    customer: str = "",
    issue: str = "",
    details: str = "",
) -> Pathway:
    """Where an unresponsive customer stands on seed 003's clock as of `as_of`, and what to post."""
    days = (as_of - last_response).days
    if days < 0:
        raise EscalationError(
            f"The last response ({last_response.isoformat()}) is after the as-of date "
            f"({as_of.isoformat()}); enter a date on or before it."
        )
    stage = unresponsive_stage(days, settings)
    contacts = contacts_for(settings, *_STAGE_ROLES[stage])
    reason = _stage_reason(stage, days, contacts)
    return Pathway(
        days_unresponsive=days,
        stage=stage,
        action=_stage_action(stage, settings),
        contacts=contacts,
        next_stage_on=_next_stage_on(stage, last_response, settings),
        message=_post(customer, issue or "Customer not responding", details, last_response, days)
        + f"\nReason for posting: {reason}",
    )


def _next_stage_on(
    stage: UnresponsiveStage, last_response: date, settings: EscalationSettings
) -> date | None:
    stages = list(UnresponsiveStage)
    later = stages[stages.index(stage) + 1 :]
    if not later:
        return None
    return last_response + timedelta(days=_stage_starts(settings)[later[0]])


def _names(contacts: dict[str, Contact]) -> str:
    return " and ".join(contact.name for contact in contacts.values())


def _stage_action(stage: UnresponsiveStage, settings: EscalationSettings) -> str:
    if stage is UnresponsiveStage.CONTACT_DIRECTLY:
        return (
            "Contact the customer directly by phone and email, and keep your manager generally "
            f"aware. After {settings.sales_contact_after_days} days without a response, escalate "
            "to the sales contact."
        )
    if stage is UnresponsiveStage.SALES_CONTACT:
        return (
            "Escalate to the sales contact for help with the items preventing progress, and "
            f"post in {settings.chat_tool}. After {settings.manager_after_days} days without a "
            "response, loop in your manager and the executive sponsor."
        )
    return (
        "The customer has not responded even to the sales contact: loop in your manager and "
        f"the executive sponsor for next steps, and post in {settings.chat_tool}."
    )


def _stage_reason(stage: UnresponsiveStage, days: int, contacts: dict[str, Contact]) -> str:
    if stage is UnresponsiveStage.CONTACT_DIRECTLY:
        return f"awareness — no response for {days} days; we are calling and emailing them."
    if stage is UnresponsiveStage.SALES_CONTACT:
        return f"no response for {days} days; asking {_names(contacts)} to help reach them."
    return (
        f"no response for {days} days, including after sales outreach; "
        f"{_names(contacts)}, please advise on next steps."
    )


def _post(customer: str, issue: str, details: str, last_response: date, days: int) -> str:
    lines = [
        f"Customer: {customer.strip() or '[customer name]'}",
        f"Issue: {issue.strip()}",
        f"Details: {details.strip() or '[relevant details]'}",
        f"Last response: {last_response.isoformat()} ({days} days ago)",
    ]
    return "\n".join(lines)
