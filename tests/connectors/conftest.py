"""Fixtures shared by the connector tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.workbook import LoadedWorkbook, read_workbook
from tests.workbooks import messy_workbook


@pytest.fixture
def messy(tmp_path: Path) -> LoadedWorkbook:
    """The workbook a person could have typed (tests/workbooks.py), read."""
    return read_workbook(messy_workbook(tmp_path / "messy.xlsx"))
