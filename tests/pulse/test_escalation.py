"""Escalation matrix (seed 004) and pathways (seed 003), expectations worked by hand."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook
from pulse import escalation as esc
from pulse.settings import Contact, EscalationSettings, Role, Settings
from tests.paths import REPO, SAMPLE_DIR
from ui.context import PulseContext

MATRIX_CSV = SAMPLE_DIR / "escalation_matrix.csv"
PAGE = REPO / "pages" / "escalation.py"

TYPES = [
    "Operational Challenges",
    "Timeline Adjustments",
    "Guidance Acquisition",
    "Client Data Issues",
    "Service Details Concerns",
    "Material Procurement",
    "Performance Setbacks",
    "Subscription Terminations",
]
ROLES = {
    1: "Operational Contact",
    2: "Project Manager",
    3: "Project Team / Account Manager",
    4: "Sales Manager",
}
# Each cell's opening and closing words, read off seed 004's interleaved OCR columns by hand.
CELLS: list[tuple[str, int, str, str]] = [
    ("Operational Challenges", 1, "Assess and address", "operational disruptions."),
    ("Operational Challenges", 2, "Develop strategic solutions", "critical logistics."),
    ("Operational Challenges", 3, "Engage in client retention", "operational crises."),
    ("Operational Challenges", 4, "Implement sales strategies", "on client relations."),
    ("Timeline Adjustments", 1, "Coordinate to revise", "project timelines."),
    ("Timeline Adjustments", 2, "Approve and communicate", "project timelines."),
    ("Timeline Adjustments", 3, "Negotiate service delivery", "clients and partners."),
    ("Timeline Adjustments", 4, "Assess and manage impacts", "client commitments."),
    ("Guidance Acquisition", 1, "Obtain necessary instructions", "project continuation."),
    ("Guidance Acquisition", 2, "Provide actionable directives", "operational excellence."),
    ("Guidance Acquisition", 3, "Liaise with upper management", "operational guidance."),
    ("Guidance Acquisition", 4, "Liaise with executive leadership", "with business goals."),
    ("Client Data Issues", 1, "Gather and verify client", "required for operations."),
    ("Client Data Issues", 2, "Manage the integration", "of client data."),
    ("Client Data Issues", 3, "Ensure client satisfaction", "accurate data management."),
    ("Client Data Issues", 4, "Direct the strategic use", "enhance service offerings."),
    ("Service Details Concerns", 1, "Clarify any confusion", "service specifics."),
    ("Service Details Concerns", 2, "Resolve escalated", "to changing services."),
    ("Service Details Concerns", 3, "Mediate complex disputes", "service agreements."),
    ("Service Details Concerns", 4, "Make decisive actions", "modifications and enhancements."),
    ("Material Procurement", 1, "Facilitate the acquisition", "essential project materials."),
    ("Material Procurement", 2, "Authorize and expedite", "essential logistical materials."),
    ("Material Procurement", 3, "Ensure timely delivery", "coordination of materials."),
    ("Material Procurement", 4, "Approve strategies", "support sales goals."),
    ("Performance Setbacks", 1, "Identify and resolve", "performance-related issues."),
    ("Performance Setbacks", 2, "Formulate strategies", "improve service performance."),
    ("Performance Setbacks", 3, "Communicate with clients", "and remediation plans."),
    ("Performance Setbacks", 4, "Lead initiatives to restore", "enhance service performance."),
    ("Subscription Terminations", 1, "Handle initial queries", "about stopping services."),
    ("Subscription Terminations", 2, "Oversee and streamline", "discontinuing services."),
    ("Subscription Terminations", 3, "Handle sensitive negotiations", "service terminations."),
    (
        "Subscription Terminations",
        4,
        "Develop and enforce policies",
        "discontinuations effectively.",
    ),
]


def read_matrix_csv() -> pd.DataFrame:
    """The CSV as the workbook reader gives the tab: snake_case columns, integer levels."""
    matrix = pd.read_csv(MATRIX_CSV, dtype={"Level": "Int64"})
    return matrix.rename(columns=str.lower)


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return read_matrix_csv()


# --- the matrix as data ---------------------------------------------------------------------


def test_csv_has_the_header_and_32_rows() -> None:
    raw = pd.read_csv(MATRIX_CSV)
    assert list(raw.columns) == ["Type", "Level", "Role", "Responsibility"]
    assert len(raw) == 32


def test_every_type_level_and_role_is_as_in_seed_004(matrix: pd.DataFrame) -> None:
    expected = {(t, level, role) for t in TYPES for level, role in ROLES.items()}
    found = set(zip(matrix["type"], matrix["level"].astype(int), matrix["role"], strict=True))
    assert found == expected
    assert esc.escalation_types(matrix) == TYPES  # the seed's order, each once


@pytest.mark.parametrize(("escalation_type", "level", "opening", "closing"), CELLS)
def test_each_responsibility_is_the_seeds_cell(
    matrix: pd.DataFrame, escalation_type: str, level: int, opening: str, closing: str
) -> None:
    row = matrix[(matrix["type"] == escalation_type) & (matrix["level"] == level)]
    assert len(row) == 1
    responsibility = row["responsibility"].iloc[0]
    assert responsibility.startswith(opening)
    assert responsibility.endswith(closing)


def test_responsibilities_are_clean_of_ocr_noise(matrix: pd.DataFrame) -> None:
    for responsibility in matrix["responsibility"]:
        assert re.fullmatch(r"[A-Z][A-Za-z ,\-]+\.", responsibility), responsibility
        assert "  " not in responsibility
        for ocr_slip in ("fime", "inifiat", "remediaf", "essenf", "goadl", "Licise"):
            assert ocr_slip not in responsibility


def test_operational_challenges_in_full(matrix: pd.DataFrame) -> None:
    path = esc.escalation_levels(matrix, "Operational Challenges")
    assert [step.responsibility for step in path.levels] == [
        "Assess and address immediate operational disruptions.",
        "Develop strategic solutions for operational issues impacting critical logistics.",
        "Engage in client retention strategies during operational crises.",
        "Implement sales strategies to mitigate operational impacts on client relations.",
    ]


def test_the_sample_matrix_validates_clean(matrix: pd.DataFrame) -> None:
    assert esc.validate_matrix(matrix) == []


# --- matching words to a type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Timeline Adjustments", "Timeline Adjustments"),
        ("  timeline ADJUSTMENTS ", "Timeline Adjustments"),
        ("timeline", "Timeline Adjustments"),
        ("timelines slipping", "Timeline Adjustments"),
        ("timline", "Timeline Adjustments"),  # a typo
        ("schedule", "Timeline Adjustments"),
        ("cancel", "Subscription Terminations"),
        ("they want to cancel", "Subscription Terminations"),
        ("cancellation", "Subscription Terminations"),
        ("termination", "Subscription Terminations"),
        ("data", "Client Data Issues"),
        ("client data", "Client Data Issues"),
        ("procure", "Material Procurement"),
        ("materials", "Material Procurement"),
        ("hardware order", "Material Procurement"),
        ("performance", "Performance Setbacks"),
        ("perfomance problem", "Performance Setbacks"),
        ("guidance", "Guidance Acquisition"),
        ("need instructions", "Guidance Acquisition"),
        ("service details", "Service Details Concerns"),
        ("operational", "Operational Challenges"),
    ],
)
def test_words_find_their_type(matrix: pd.DataFrame, words: str, expected: str) -> None:
    assert esc.escalation_levels(matrix, words).type == expected


@pytest.mark.parametrize("words", ["xyzzy", "", "   ", "client issue", "date"])
def test_words_matching_nothing_say_so_and_list_the_types(matrix: pd.DataFrame, words: str) -> None:
    with pytest.raises(esc.NoEscalationMatch) as raised:
        esc.escalation_levels(matrix, words)
    message = str(raised.value)
    assert all(escalation_type in message for escalation_type in TYPES)
    assert raised.value.candidates == []


def test_words_matching_two_types_name_both(matrix: pd.DataFrame) -> None:
    # "stop" is a termination word, "services" a service-details word: one each, a tie.
    with pytest.raises(esc.NoEscalationMatch) as raised:
        esc.escalation_levels(matrix, "stop services")
    assert sorted(raised.value.candidates) == [
        "Service Details Concerns",
        "Subscription Terminations",
    ]


def test_types_come_from_the_matrix_not_the_code() -> None:
    edited = pd.DataFrame(
        {"type": ["Billing Disputes"], "level": [1], "role": ["Biller"], "responsibility": ["X."]}
    )
    assert esc.escalation_levels(edited, "billing").type == "Billing Disputes"
    with pytest.raises(esc.NoEscalationMatch):
        esc.escalation_levels(edited, "timeline")  # a synonym of a type this matrix lacks


# --- levels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "expected_next"),
    [(None, 2), (1, 2), (2, 3), (3, 4), (4, None)],
)
def test_next_level_is_the_one_above(
    matrix: pd.DataFrame, current: int | None, expected_next: int | None
) -> None:
    path = esc.escalation_levels(matrix, "data")
    above = esc.next_level(path, current)
    assert (None if above is None else above.level) == expected_next


def test_next_level_skips_a_missing_level() -> None:
    path = esc.EscalationPath(
        "T", (esc.EscalationLevel(1, "a", "x."), esc.EscalationLevel(4, "d", "y."))
    )
    above = esc.next_level(path, 1)
    assert above is not None and above.level == 4


def test_levels_come_back_lowest_first_whatever_the_sheet_order(matrix: pd.DataFrame) -> None:
    shuffled = matrix.iloc[::-1].reset_index(drop=True)
    path = esc.escalation_levels(shuffled, "performance")
    assert [step.level for step in path.levels] == [1, 2, 3, 4]
    assert path.at(3) == esc.EscalationLevel(
        3,
        "Project Team / Account Manager",
        "Communicate with clients about operational performance and remediation plans.",
    )


# --- validation -----------------------------------------------------------------------------


def test_a_type_missing_a_level_is_a_clear_warning(matrix: pd.DataFrame) -> None:
    without = matrix[~((matrix["type"] == "Timeline Adjustments") & (matrix["level"] == 3))]
    warnings = esc.validate_matrix(without)
    assert len(warnings) == 1
    assert "Timeline Adjustments" in warnings[0]
    assert "level 3" in warnings[0]
    assert "Project Team / Account Manager" in warnings[0]
    assert "incomplete" in warnings[0]


def test_a_type_with_one_level_gets_three_warnings() -> None:
    only_one = pd.DataFrame(
        {"type": ["Solo"], "level": [2], "role": ["PM"], "responsibility": ["Do it."]}
    )
    warnings = esc.validate_matrix(only_one)
    assert [w.split(" (")[0] for w in warnings] == [
        "Solo has no level 1",
        "Solo has no level 3",
        "Solo has no level 4",
    ]


def test_duplicate_unknown_and_blank_cells_are_warned(matrix: pd.DataFrame) -> None:
    extra = pd.DataFrame(
        {
            "type": ["Material Procurement", "Material Procurement"],
            "level": pd.array([2, 7], dtype="Int64"),
            "role": ["Project Manager", "Director"],
            "responsibility": ["Again.", "Too high."],
        }
    )
    edited = pd.concat([matrix, extra], ignore_index=True)
    edited.loc[0, "responsibility"] = "  "
    warnings = esc.validate_matrix(edited)
    assert any("Material Procurement" in w and "level '7'" in w for w in warnings)
    assert "Material Procurement has level 2 more than once." in warnings
    assert "Operational Challenges level 1 has no responsibility." in warnings


def test_missing_columns_and_empty_matrix_are_warned() -> None:
    assert esc.validate_matrix(pd.DataFrame()) == [
        "The Escalation Matrix has no type, level, role, responsibility column(s)."
    ]
    empty = pd.DataFrame(columns=list(esc.MATRIX_COLUMNS))
    assert "empty" in esc.validate_matrix(empty)[0]


# --- unresponsive customer ------------------------------------------------------------------

LAST_RESPONSE = date(2024, 3, 1)
NAMED = EscalationSettings(
    contacts={
        "sales_contact": Contact("Sam Seller", "sam@example.com", "555-0101"),
        "manager": Contact("Morgan Lead"),
        "executive_sponsor": Contact("Erin Exec"),
    }
)


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
    pathway = esc.unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=EscalationSettings())
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
    pathway = esc.unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=NAMED)
    assert list(pathway.contacts) == roles
    assert [contact.name for contact in pathway.contacts.values()] == names


def test_stage_days_are_configurable() -> None:
    quick = EscalationSettings(sales_contact_after_days=5, manager_after_days=9)
    pathway = esc.unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 3, 6), settings=quick)
    assert pathway.stage is esc.UnresponsiveStage.SALES_CONTACT
    assert pathway.next_stage_on == date(2024, 3, 10)


def test_message_is_ready_to_post() -> None:
    pathway = esc.unresponsive_pathway(
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
    pathway = esc.unresponsive_pathway(
        LAST_RESPONSE, as_of=date(2024, 3, 2), settings=EscalationSettings()
    )
    assert "Customer: [customer name]" in pathway.message
    assert "Details: [relevant details]" in pathway.message


def test_a_last_response_after_the_as_of_date_is_refused() -> None:
    with pytest.raises(esc.EscalationError, match="after the as-of date"):
        esc.unresponsive_pathway(
            date(2024, 3, 2), as_of=date(2024, 3, 1), settings=EscalationSettings()
        )


@given(days=st.integers(min_value=0, max_value=400))
def test_stage_only_moves_forward_and_next_stage_is_in_the_future(days: int) -> None:
    settings = EscalationSettings()
    as_of = LAST_RESPONSE + timedelta(days=days)
    today = esc.unresponsive_pathway(LAST_RESPONSE, as_of=as_of, settings=settings)
    tomorrow = esc.unresponsive_pathway(
        LAST_RESPONSE, as_of=as_of + timedelta(days=1), settings=settings
    )
    order = list(esc.UnresponsiveStage)
    assert order.index(tomorrow.stage) >= order.index(today.stage)
    if today.next_stage_on is None:
        assert today.stage is esc.UnresponsiveStage.MANAGER_AND_EXECUTIVE
    else:
        assert today.next_stage_on > as_of
        on_the_day = esc.unresponsive_pathway(
            LAST_RESPONSE, as_of=today.next_stage_on, settings=settings
        )
        assert order.index(on_the_day.stage) == order.index(today.stage) + 1


# --- urgent issues and disputes -------------------------------------------------------------


def test_urgent_issue_is_flagged_in_the_task_tool_and_posted_with_a_siren() -> None:
    settings = EscalationSettings(task_tool="ClickUp", chat_tool="Slack")
    guidance = esc.urgent_guidance(
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
        (esc.DisputeTeam.SALES, ["manager"], ["manager", "sales_manager"]),
        (esc.DisputeTeam.CS, [], ["manager", "cs_manager"]),
    ],
)
def test_dispute_steps_in_order(
    team: esc.DisputeTeam, first_contacts: list[str], managers: list[str]
) -> None:
    steps = esc.dispute_steps(team, settings=EscalationSettings())
    assert [step.order for step in steps] == [1, 2, 3]
    assert steps[0].action.startswith("Resolve it directly")
    assert list(steps[0].contacts) == first_contacts
    assert list(steps[1].contacts) == managers
    assert list(steps[2].contacts) == ["executive"]


def test_matrix_roles_find_their_people_in_config() -> None:
    contacts = {"sales_manager": Contact("Sal Manager"), "project_manager": Contact("Pat PM")}
    assert esc.role_key("Project Team / Account Manager") == "project_team_account_manager"
    assert esc.contact_for(contacts, "Sales Manager").name == "Sal Manager"
    assert esc.contact_for(contacts, "Project Manager").name == "Pat PM"
    assert esc.contact_for(contacts, "executive_sponsor").name == "Executive sponsor"


# --- JSON for the CLI -----------------------------------------------------------------------


@pytest.mark.parametrize(("level", "expected_next"), [(None, 2), (1, 2), (3, 4), (4, None)])
def test_escalate_json(matrix: pd.DataFrame, level: int | None, expected_next: int | None) -> None:
    answer = esc.escalate_json(matrix, "cancel", level)
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
    with pytest.raises(esc.EscalationError, match="1, 2, 3, 4"):
        esc.escalate_json(matrix, "cancel", level)


def test_escalate_json_unknown_type_lists_the_types(matrix: pd.DataFrame) -> None:
    with pytest.raises(esc.NoEscalationMatch, match="No escalation type matches 'widgets'"):
        esc.escalate_json(matrix, "widgets", None)


def test_pathway_json() -> None:
    pathway = esc.unresponsive_pathway(LAST_RESPONSE, as_of=date(2024, 3, 20), settings=NAMED)
    answer = esc.pathway_json(pathway)
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


# --- the page -------------------------------------------------------------------------------

AS_OF = date(2024, 6, 3)  # a Monday
WRAPPER = f"""
import runpy
import streamlit as st
from ui.context import CONTEXT_KEY
from tests.pulse.test_escalation import page_context

if CONTEXT_KEY not in st.session_state:
    st.session_state[CONTEXT_KEY] = page_context()
runpy.run_path({str(PAGE)!r}, run_name="__main__")
"""


def page_context(escalation: pd.DataFrame | None = None) -> PulseContext:
    """A context with empty frames except the escalation matrix (from the sample CSV)."""
    workbook = LoadedWorkbook(
        source="test.xlsx",
        clients=pd.DataFrame(),
        episodes=pd.DataFrame(),
        actions=pd.DataFrame(),
        escalation=read_matrix_csv() if escalation is None else escalation,
        audit=pd.DataFrame(),
        history=pd.DataFrame(),
    )
    return PulseContext(
        workbook=workbook,
        settings=Settings(escalation=NAMED),
        as_of=AS_OF,
        monday=AS_OF,
        user="tester@example.com",
        role=Role.MEMBER,
    )


def run_page(context: PulseContext | None = None) -> AppTest:
    from ui.context import CONTEXT_KEY

    app = AppTest.from_string(WRAPPER, default_timeout=30)
    if context is not None:
        app.session_state[CONTEXT_KEY] = context
    return app.run()


def texts(elements: object) -> list[str]:
    return [str(element.value) for element in elements]  # type: ignore[attr-defined]


def test_page_shows_the_four_levels_of_the_first_type() -> None:
    app = run_page()
    assert not app.exception
    assert "Operational Challenges" in texts(app.subheader)
    markdown = "\n".join(texts(app.markdown))
    for role in ROLES.values():
        assert f"### {role}" in markdown
    assert "You are here" in markdown and "Escalate to" in markdown
    assert any("level 2" in text and "Project Manager" in text for text in texts(app.success))
    assert "👤 Sal" not in markdown  # no sales manager configured in NAMED
    assert not app.warning  # the sample matrix is complete


def test_page_typed_words_pick_the_type_and_level_four_is_the_top() -> None:
    app = run_page()
    app.text_input(key="escalation_words").input("timeline").run()
    app.radio(key="escalation_level").set_value(4).run()
    assert not app.exception
    assert "Timeline Adjustments" in texts(app.subheader)
    assert any("top level" in text for text in texts(app.info))


def test_page_unknown_words_give_a_friendly_no_match() -> None:
    app = run_page()
    app.text_input(key="escalation_words").input("xyzzy").run()
    assert not app.exception
    infos = texts(app.info)
    assert any("No escalation type matches 'xyzzy'" in text for text in infos)
    assert any("Subscription Terminations" in text for text in infos)


def test_page_pathway_from_the_last_response_date() -> None:
    app = run_page()
    app.date_input(key="pathway_last_response").set_value(AS_OF - timedelta(days=20)).run()
    app.text_input(key="pathway_customer").input("Acme Dental").run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Days without a response"] == "20"
    assert metrics["Stage"] == "Sales contact"
    assert metrics["Next stage on"] == (AS_OF + timedelta(days=8)).isoformat()
    codes = texts(app.code)
    assert any(code.startswith("Customer: Acme Dental") and "Sam Seller" in code for code in codes)
    assert any(code.startswith("🚨") for code in codes)  # the urgent message


def test_page_warns_about_an_incomplete_matrix_and_an_empty_one() -> None:
    matrix = read_matrix_csv()
    incomplete = matrix[~((matrix["type"] == "Guidance Acquisition") & (matrix["level"] == 4))]
    app = run_page(page_context(incomplete))
    assert not app.exception
    assert any("Guidance Acquisition has no level 4" in text for text in texts(app.warning))
    empty = run_page(page_context(pd.DataFrame()))
    assert not empty.exception
    assert any("no type, level" in text for text in texts(empty.warning))
