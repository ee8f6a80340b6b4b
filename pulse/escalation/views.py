"""JSON for the CLI: `pulse escalate --json` and `pulse pathway --json`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pulse.escalation.errors import EscalationError
from pulse.escalation.matrix import LEVELS, EscalationLevel, escalation_levels, next_level
from pulse.escalation.pathway import Pathway
from pulse.settings import Contact


def escalate_json(matrix: pd.DataFrame, type_text: str, level: int | None) -> dict[str, Any]:
    """`pulse escalate --json`: the type's levels and the level above `level` (level 1 when not
    given, so "next" is then level 2); "next" is null at the top level."""
    if level is not None and level not in LEVELS:
        raise EscalationError(
            f"Level {level} is not an escalation level; use one of {', '.join(map(str, LEVELS))}."
        )
    path = escalation_levels(matrix, type_text)
    above = next_level(path, level)
    return {
        "type": path.type,
        "levels": [_level_json(step) for step in path.levels],
        "next": None if above is None else _level_json(above),
    }


def _level_json(step: EscalationLevel) -> dict[str, Any]:
    return {"level": step.level, "role": step.role, "responsibility": step.responsibility}


def contacts_json(contacts: dict[str, Contact]) -> list[dict[str, str]]:
    return [
        {"role": role, "name": contact.name, "email": contact.email, "phone": contact.phone}
        for role, contact in contacts.items()
    ]


def pathway_json(pathway: Pathway) -> dict[str, Any]:
    """`pulse pathway --json`: dates as ISO text, the stage as its value."""
    return {
        "days_unresponsive": pathway.days_unresponsive,
        "stage": pathway.stage.value,
        "action": pathway.action,
        "contacts": contacts_json(pathway.contacts),
        "next_stage_on": None
        if pathway.next_stage_on is None
        else pathway.next_stage_on.isoformat(),
        "message": pathway.message,
    }
