"""This session's unsaved changes (ui/pending.py) under AppTest: kept across reruns, shown on
the pages (the working workbook) and never written before a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.workbook import read_workbook
from tests.app_fixtures import metrics, recommend_echo, start, texts

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_pending_changes_survive_a_rerun_and_show_on_the_monday_page(scenario_file: Path) -> None:
    app = recommend_echo(start())
    app = app.run()  # a rerun (any widget) keeps the unsaved change
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    # The Monday page reads the working frames: Beta Law and now Echo Capital await a decision.
    assert metrics(app)["Awaiting decision"] == "2"
    assert read_workbook(scenario_file).audit.empty  # nothing written before Save
