"""Seed 004's matrix as the default (pulse/escalation/default_matrix.py): its eight types and four
levels, read off the seed by hand, and when it stands in for the workbook's tab."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.escalation import (
    default_matrix,
    escalation_levels,
    escalation_types,
    matrix_in_use,
    next_level,
    validate_matrix,
)
from tests.escalation_matrix import ROLES, TYPES, read_matrix_csv


def test_the_default_is_seed_004s_eight_types_at_four_levels() -> None:
    matrix = default_matrix()
    assert list(matrix.columns) == ["type", "level", "role", "responsibility"]
    assert escalation_types(matrix) == TYPES
    assert len(matrix) == 8 * 4
    assert validate_matrix(matrix) == []
    assert dict(zip(matrix["level"], matrix["role"], strict=True)) == ROLES


@pytest.mark.parametrize(
    ("escalation_type", "level", "responsibility"),
    [
        # Read off seed 004's table by hand.
        ("Operational Challenges", 1, "Assess and address immediate operational disruptions."),
        (
            "Timeline Adjustments",
            2,
            "Approve and communicate critical changes to project timelines.",
        ),
        (
            "Client Data Issues",
            4,
            "Direct the strategic use of client data to enhance service offerings.",
        ),
        ("Service Details Concerns", 3, "Mediate complex disputes regarding service agreements."),
    ],
)
def test_responsibilities_as_the_seed_words_them(
    escalation_type: str, level: int, responsibility: str
) -> None:
    step = escalation_levels(default_matrix(), escalation_type).at(level)
    assert step is not None and step.responsibility == responsibility


def test_the_default_answers_lookups_like_a_workbook_tab() -> None:
    path = escalation_levels(default_matrix(), "timeline")
    above = next_level(path, 2)
    assert above is not None and (above.level, above.role) == (3, "Project Team / Account Manager")


def test_the_committed_csv_is_the_default() -> None:
    pd.testing.assert_frame_equal(read_matrix_csv(), default_matrix(), check_dtype=False)


def test_a_workbook_without_the_tab_uses_the_default() -> None:
    used = matrix_in_use(pd.DataFrame(), has_tab=False)
    assert used.is_default
    pd.testing.assert_frame_equal(used.rows, default_matrix())


def test_a_workbook_with_the_tab_uses_its_own_even_when_empty() -> None:
    own = default_matrix().head(4)
    assert not matrix_in_use(own, has_tab=True).is_default
    assert matrix_in_use(own, has_tab=True).rows is own
    empty = pd.DataFrame(columns=["type", "level", "role", "responsibility"])
    used = matrix_in_use(empty, has_tab=True)
    assert not used.is_default and used.rows.empty  # the page's validation says it is empty
