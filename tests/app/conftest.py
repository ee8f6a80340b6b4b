"""What the application core's tests share: the hand-worked scenario as read."""

from __future__ import annotations

import pytest

from connectors.workbook import LoadedWorkbook, read_workbook
from tests.scenario import scenario_workbook


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> LoadedWorkbook:
    return read_workbook(scenario_workbook(tmp_path_factory.mktemp("s") / "s.xlsx"))
