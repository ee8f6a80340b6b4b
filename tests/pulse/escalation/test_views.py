"""The CLI's JSON: `pulse escalate --json` and `pulse pathway --json`."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from pulse.escalation.errors import EscalationError, NoEscalationMatch
from pulse.escalation.pathway import unresponsive_pathway
from pulse.escalation.views import contacts_json, escalate_json, pathway_json
from pulse.settings import Contact
from tests.escalation_matrix import LAST_RESPONSE, NAMED


@pytest.mark.parametrize(("level", "expected_next"), [(None, 2), (1, 2), (3, 4), (4, None)])
def test_escalate_json(matrix: pd.DataFrame, level: int | None, expected_next: int | None) -> None:
    answer = escalate_json(matrix, "cancel", level)
    assert answer["type"] == "Subscription Terminations"
    assert [row["level"] for row in answer["levels"]] == [1, 2, 3, 4]
    assert answer["levels"][3] == {
        "level": 4,
        "role": "Sales Manager",
        "responsibility": "Develop and enforce policies for managing discontinuations effectively.",
    }
    assert (None if answer["next"] is None else answer["next"]["level"]) == expected_next
    json.dumps(answer)  # serialisable as is


@pytest.mark.parametrize("level", [0, 5, -1])
def test_escalate_json_refuses_a_level_outside_the_matrix(matrix: pd.DataFrame, level: int) -> None:
    with pytest.raises(EscalationError, match="1, 2, 3, 4"):
        escalate_json(matrix, "cancel", level)


def test_escalate_json_unknown_type_lists_the_types(matrix: pd.DataFrame) -> None:
    with pytest.raises(NoEscalationMatch, match="No escalation type matches 'widgets'"):
        escalate_json(matrix, "widgets", None)


def test_pathway_json() -> None:
    pathway = unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 3, 20), settings=NAMED)
    answer = pathway_json(pathway)
    assert list(answer) == [
        "days_unresponsive",
        "stage",
        "action",
        "contacts",
        "next_stage_on",
        "message",
    ]
    assert answer["days_unresponsive"] == 19
    assert answer["stage"] == "sales_contact"
    assert answer["next_stage_on"] == "2024-03-29"
    assert answer["contacts"] == [
        {
            "role": "sales_contact",
            "name": "Sam Seller",
            "email": "sam@example.com",
            "phone": "555-0101",
        }
    ]
    assert json.loads(json.dumps(answer)) == answer


def test_contacts_json_with_blank_email_and_phone() -> None:
    assert contacts_json({"manager": Contact("Morgan Lead")}) == [
        {"role": "manager", "name": "Morgan Lead", "email": "", "phone": ""}
    ]
    assert contacts_json({}) == []


def test_pathway_json_at_the_last_stage_has_no_next_stage() -> None:
    pathway = unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 4, 1), settings=NAMED)
    answer = pathway_json(pathway)
    assert (answer["stage"], answer["next_stage_on"]) == ("manager_and_executive", None)
    assert [contact["name"] for contact in answer["contacts"]] == ["Morgan Lead", "Erin Exec"]
