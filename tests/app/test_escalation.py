"""app/escalation.py: the workbook's Escalation Matrix tab, else seed 004's matrix as the default;
an export may add the tab only where there is none."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app.escalation import can_add_matrix, escalation_matrix
from connectors.workbook import read_workbook
from pulse.escalation import default_matrix
from tests.escalation_matrix import read_matrix_csv
from tests.paths import SAMPLE_WORKBOOK
from tests.scenario import CLIENTS
from tests.workbooks import minimal_workbook


@pytest.fixture(scope="module")
def without_tab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("m") / "no_matrix.xlsx", clients=CLIENTS)


def test_a_workbook_without_the_tab_gets_the_default(without_tab: Path) -> None:
    workbook = read_workbook(without_tab)
    matrix = escalation_matrix(workbook)
    assert matrix.is_default
    pd.testing.assert_frame_equal(matrix.rows, default_matrix())
    assert can_add_matrix(workbook)


def test_the_sample_keeps_its_own_tab() -> None:
    workbook = read_workbook(SAMPLE_WORKBOOK)
    matrix = escalation_matrix(workbook)
    assert not matrix.is_default
    pd.testing.assert_frame_equal(
        matrix.rows[["type", "level", "role", "responsibility"]],
        read_matrix_csv(),
        check_dtype=False,
    )
    assert not can_add_matrix(workbook)


def test_a_tab_not_read_still_counts_as_there() -> None:
    # `pulse summary` reads only some tabs: the matrix's is there, just not read.
    workbook = read_workbook(SAMPLE_WORKBOOK, tabs=())
    assert not escalation_matrix(workbook).is_default and not can_add_matrix(workbook)
