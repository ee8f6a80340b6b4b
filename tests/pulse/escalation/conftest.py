"""The sample Escalation Matrix, read once per test module."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.escalation_matrix import read_matrix_csv


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return read_matrix_csv()
