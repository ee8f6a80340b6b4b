"""The unresponsive-customer pathway (seed 003), worked by hand from a last response on
2024-03-01: sales contact from day 14 (03-15), manager and executive from day 28 (03-29)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulse.escalation.errors import EscalationError
from pulse.escalation.pathway import (
    CLIENT_PATHWAY_COLUMNS,
    UnresponsiveStage,
    client_pathways,
    client_stages,
    unresponsive_pathway,
    unresponsive_stage,
)
from pulse.settings import EscalationSettings
from tests.escalation_matrix import LAST_RESPONSE, NAMED
from tests.record_frames import clients_of


@pytest.mark.parametrize(
    ("as_of", "days", "stage", "next_stage_on"),
    [
        (date(2024, 3, 1), 0, "contact_directly", date(2024, 3, 15)),
        (date(2024, 3, 14), 13, "contact_directly", date(2024, 3, 15)),
        (date(2024, 3, 15), 14, "sales_contact", date(2024, 3, 29)),
        (date(2024, 3, 28), 27, "sales_contact", date(2024, 3, 29)),
        (date(2024, 3, 29), 28, "manager_and_executive", None),
        (date(2024, 4, 30), 60, "manager_and_executive", None),
    ],
)
def test_unresponsive_stage_by_days(
    as_of: date, days: int, stage: str, next_stage_on: date | None
) -> None:
    pathway = unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=EscalationSettings())
    assert pathway.days_unresponsive == days
    assert pathway.stage == stage
    assert pathway.next_stage_on == next_stage_on


@pytest.mark.parametrize(
    ("as_of", "roles", "names"),
    [
        (date(2024, 3, 10), [], []),
        (date(2024, 3, 20), ["sales_contact"], ["Sam Seller"]),
        (date(2024, 4, 10), ["manager", "executive_sponsor"], ["Morgan Lead", "Erin Exec"]),
    ],
)
def test_who_to_contact_comes_from_config(as_of: date, roles: list[str], names: list[str]) -> None:
    pathway = unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=NAMED)
    assert list(pathway.contacts) == roles
    assert [contact.name for contact in pathway.contacts.values()] == names


def test_stage_days_are_configurable() -> None:
    quick = EscalationSettings(sales_contact_after_days=5, manager_after_days=9)
    pathway = unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 3, 6), settings=quick)
    assert pathway.stage is UnresponsiveStage.SALES_CONTACT
    assert pathway.next_stage_on == date(2024, 3, 10)


def test_message_is_ready_to_post() -> None:
    pathway = unresponsive_pathway(
        LAST_RESPONSE,
        as_of=date(2024, 3, 20),
        settings=NAMED,
        customer="Acme Dental",
        issue="Onboarding stalled: firewall cut-over",
        details="Left two voicemails and three emails.",
    )
    lines = pathway.message.splitlines()
    assert lines[0] == "Customer: Acme Dental"
    assert lines[1] == "Issue: Onboarding stalled: firewall cut-over"
    assert lines[2] == "Details: Left two voicemails and three emails."
    assert lines[3] == "Last response: 2024-03-01 (19 days ago)"
    assert lines[4].startswith("Reason for posting: ")
    assert "Sam Seller" in lines[4]


def test_blank_message_fields_are_placeholders_to_fill_in() -> None:
    pathway = unresponsive_pathway(
        LAST_RESPONSE, as_of=date(2024, 3, 2), settings=EscalationSettings()
    )
    assert "Customer: [customer name]" in pathway.message
    assert "Details: [relevant details]" in pathway.message


def test_a_last_response_after_the_as_of_date_is_refused() -> None:
    with pytest.raises(EscalationError, match="after the as-of date"):
        unresponsive_pathway(
            date(2024, 3, 2), as_of=date(2024, 3, 1), settings=EscalationSettings()
        )


@given(days=st.integers(min_value=0, max_value=400))
def test_stage_only_moves_forward_and_next_stage_is_in_the_future(days: int) -> None:
    settings = EscalationSettings()
    as_of = LAST_RESPONSE + timedelta(days=days)
    today = unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=settings)
    tomorrow = unresponsive_pathway(
        LAST_RESPONSE, as_of=as_of + timedelta(days=1), settings=settings
    )
    order = list(UnresponsiveStage)
    assert order.index(tomorrow.stage) >= order.index(today.stage)
    if today.next_stage_on is None:
        assert today.stage is UnresponsiveStage.MANAGER_AND_EXECUTIVE
    else:
        assert today.next_stage_on > as_of
        on_the_day = unresponsive_pathway(
            LAST_RESPONSE, as_of=today.next_stage_on, settings=settings
        )
        assert order.index(on_the_day.stage) == order.index(today.stage) + 1


@pytest.mark.parametrize(
    ("settings", "days_by_stage"),
    [
        # The defaults: the sales contact from day 14, the manager and executive from day 28.
        (
            EscalationSettings(),
            {
                UnresponsiveStage.CONTACT_DIRECTLY: [-1, 0, 13],
                UnresponsiveStage.SALES_CONTACT: [14, 27],
                UnresponsiveStage.MANAGER_AND_EXECUTIVE: [28, 400],
            },
        ),
        # Misconfigured, the manager before the sales contact: from day 10 the manager stage wins.
        (
            EscalationSettings(sales_contact_after_days=14, manager_after_days=10),
            {
                UnresponsiveStage.CONTACT_DIRECTLY: [9],
                UnresponsiveStage.SALES_CONTACT: [],
                UnresponsiveStage.MANAGER_AND_EXECUTIVE: [10, 14, 20],
            },
        ),
    ],
    ids=["defaults", "manager-first"],
)
def test_unresponsive_stage_by_days_alone(
    settings: EscalationSettings, days_by_stage: dict[UnresponsiveStage, list[int]]
) -> None:
    for stage, days in days_by_stage.items():
        assert [unresponsive_stage(day, settings) for day in days] == [stage] * len(days)


def test_stage_labels_and_actions() -> None:
    labels = [stage.label for stage in UnresponsiveStage]
    assert labels == ["Contact directly", "Sales contact", "Manager + executive"]
    settings = EscalationSettings(chat_tool="Slack")
    late = unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 4, 1), settings=settings)
    assert late.action == (
        "The customer has not responded even to the sales contact: loop in your manager and "
        "the executive sponsor for next steps, and post in Slack."
    )
    early = unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 3, 2), settings=settings)
    assert "After 14 days without a response, escalate to the sales contact." in early.action


# --- the pathway for every client, from Last Client Contact (as of Monday 2026-11-23) -------

CLIENT_AS_OF = date(2026, 11, 23)


def quiet_clients() -> pd.DataFrame:
    """One client per edge: 13, 14, 27 and 28 days since the last contact, one blank, one
    contacted after the as-of date."""
    return clients_of(
        {"client": "Day Thirteen", "last_client_contact": "2026-11-10", "vcio": "Dana"},
        {"client": "Day Fourteen", "last_client_contact": "2026-11-09", "primary_poc": "Ann"},
        {"client": "Day Twenty-seven", "last_client_contact": "2026-10-27"},
        {"client": "Day Twenty-eight", "last_client_contact": "2026-10-26", "vcio": "Priya"},
        {"client": "Never contacted", "last_client_contact": None},
        {"client": "Tomorrow", "last_client_contact": "2026-11-24"},
    )


def test_every_quiet_client_is_on_the_pathway_from_day_14() -> None:
    listed = client_pathways(quiet_clients(), as_of=CLIENT_AS_OF, settings=NAMED)
    rows = list(
        zip(listed["client"], listed["days"], listed["stage"], listed["since"], strict=True)
    )
    # Oldest stage first: day 28 began its manager stage on 11-23 (10-26 + 28), day 27 its sales
    # stage on 11-10 (10-27 + 14), day 14 its sales stage today (11-09 + 14); ties by name.
    assert rows == [
        ("Day Twenty-seven", 27, "sales_contact", date(2026, 11, 10)),
        ("Day Fourteen", 14, "sales_contact", date(2026, 11, 23)),
        ("Day Twenty-eight", 28, "manager_and_executive", date(2026, 11, 23)),
    ]
    assert list(listed["next_stage_on"]) == [date(2026, 11, 24), date(2026, 12, 7), None]
    assert list(listed["who"]) == ["Sam Seller", "Sam Seller", "Morgan Lead and Erin Exec"]


def test_client_stages_are_the_pathway_without_the_messages() -> None:
    """The same clients, days, stages and start days as the pathway's test above."""
    listed = client_stages(quiet_clients(), as_of=CLIENT_AS_OF, settings=NAMED)
    assert list(listed.columns) == [
        "client_key",
        "client",
        "last_contact",
        "days",
        "stage",
        "since",
    ]
    assert listed.drop(columns="client_key").to_dict("records") == [
        {
            "client": "Day Twenty-seven",
            "last_contact": date(2026, 10, 27),
            "days": 27,
            "stage": "sales_contact",
            "since": date(2026, 11, 10),
        },
        {
            "client": "Day Fourteen",
            "last_contact": date(2026, 11, 9),
            "days": 14,
            "stage": "sales_contact",
            "since": date(2026, 11, 23),
        },
        {
            "client": "Day Twenty-eight",
            "last_contact": date(2026, 10, 26),
            "days": 28,
            "stage": "manager_and_executive",
            "since": date(2026, 11, 23),
        },
    ]
    assert client_stages(quiet_clients(), as_of=date(2026, 11, 1), settings=NAMED).empty


def test_each_client_gets_its_ready_message() -> None:
    listed = client_pathways(quiet_clients(), as_of=CLIENT_AS_OF, settings=NAMED)
    messages = dict(zip(listed["client"], listed["message"], strict=True))
    assert messages["Day Fourteen"] == (
        "Customer: Day Fourteen\n"
        "Issue: Customer not responding\n"
        "Details: Primary POC: Ann\n"
        "Last response: 2026-11-09 (14 days ago)\n"
        "Reason for posting: no response for 14 days; asking Sam Seller to help reach them."
    )
    assert messages["Day Twenty-eight"].splitlines()[2] == "Details: vCIO: Priya"
    assert messages["Day Twenty-seven"].splitlines()[2] == "Details: [relevant details]"


def test_nobody_quiet_is_an_empty_list() -> None:
    recent = clients_of({"client": "Fresh", "last_client_contact": "2026-11-20"})
    listed = client_pathways(recent, as_of=CLIENT_AS_OF, settings=EscalationSettings())
    assert listed.empty and list(listed.columns) == CLIENT_PATHWAY_COLUMNS
