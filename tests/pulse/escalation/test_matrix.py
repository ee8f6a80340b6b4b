"""The escalation matrix (seed 004) as data: levels, lookups and validation, worked by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pulse.escalation import matrix as escalation_matrix
from pulse.escalation.matrix import EscalationLevel, EscalationPath
from tests.escalation_matrix import MATRIX_CSV, ROLES, TYPES

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


# --- the matrix as data ---------------------------------------------------------------------------


def test_csv_has_the_header_and_32_rows() -> None:
    raw = pd.read_csv(MATRIX_CSV)
    assert list(raw.columns) == ["Type", "Level", "Role", "Responsibility"]
    assert len(raw) == 32


def test_every_type_level_and_role_is_as_in_seed_004(matrix: pd.DataFrame) -> None:
    expected = {(t, level, role) for t in TYPES for level, role in ROLES.items()}
    found = set(zip(matrix["type"], matrix["level"].astype(int), matrix["role"], strict=True))
    assert found == expected
    assert escalation_matrix.escalation_types(matrix) == TYPES  # the seed's order, each once


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
    path = escalation_matrix.escalation_levels(matrix, "Operational Challenges")
    assert [step.responsibility for step in path.levels] == [
        "Assess and address immediate operational disruptions.",
        "Develop strategic solutions for operational issues impacting critical logistics.",
        "Engage in client retention strategies during operational crises.",
        "Implement sales strategies to mitigate operational impacts on client relations.",
    ]


def test_the_sample_matrix_validates_clean(matrix: pd.DataFrame) -> None:
    assert escalation_matrix.validate_matrix(matrix) == []


# --- levels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "expected_next"),
    [(None, 2), (1, 2), (2, 3), (3, 4), (4, None)],
)
def test_next_level_is_the_one_above(
    matrix: pd.DataFrame, current: int | None, expected_next: int | None
) -> None:
    path = escalation_matrix.escalation_levels(matrix, "data")
    above = escalation_matrix.next_level(path, current)
    assert (None if above is None else above.level) == expected_next


def test_next_level_skips_a_missing_level() -> None:
    path = EscalationPath("T", (EscalationLevel(1, "a", "x."), EscalationLevel(4, "d", "y.")))
    above = escalation_matrix.next_level(path, 1)
    assert above is not None and above.level == 4


def test_levels_come_back_lowest_first_whatever_the_sheet_order(matrix: pd.DataFrame) -> None:
    shuffled = matrix.iloc[::-1].reset_index(drop=True)
    path = escalation_matrix.escalation_levels(shuffled, "performance")
    assert [step.level for step in path.levels] == [1, 2, 3, 4]
    assert path.at(3) == EscalationLevel(
        3,
        "Project Team / Account Manager",
        "Communicate with clients about operational performance and remediation plans.",
    )


# --- validation -----------------------------------------------------------------------------------


def test_a_type_missing_a_level_is_a_clear_warning(matrix: pd.DataFrame) -> None:
    without = matrix[~((matrix["type"] == "Timeline Adjustments") & (matrix["level"] == 3))]
    warnings = escalation_matrix.validate_matrix(without)
    assert len(warnings) == 1
    assert "Timeline Adjustments" in warnings[0]
    assert "level 3" in warnings[0]
    assert "Project Team / Account Manager" in warnings[0]
    assert "incomplete" in warnings[0]


def test_a_type_with_one_level_gets_three_warnings() -> None:
    only_one = pd.DataFrame(
        {"type": ["Solo"], "level": [2], "role": ["PM"], "responsibility": ["Do it."]}
    )
    warnings = escalation_matrix.validate_matrix(only_one)
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
    warnings = escalation_matrix.validate_matrix(edited)
    assert any("Material Procurement" in w and "level '7'" in w for w in warnings)
    assert "Material Procurement has level 2 more than once." in warnings
    assert "Operational Challenges level 1 has no responsibility." in warnings


def test_missing_columns_and_empty_matrix_are_warned() -> None:
    assert escalation_matrix.validate_matrix(pd.DataFrame()) == [
        "The Escalation Matrix has no type, level, role, responsibility column(s)."
    ]
    empty = pd.DataFrame(columns=list(escalation_matrix.MATRIX_COLUMNS))
    assert "empty" in escalation_matrix.validate_matrix(empty)[0]
