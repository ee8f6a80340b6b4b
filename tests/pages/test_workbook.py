"""The Workbook page under AppTest (through the shell): a download with the unsaved changes
written, which never touches the file, and discarding them."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.workbook import read_workbook
from tests.app_fixtures import ANN, SHAREPOINT_PATH, recommend_echo, start, texts
from tests.fake_sharepoint import FakeSharePoint

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_workbook_page_renders(scenario_file: Path) -> None:
    app = start()
    app.switch_page("pages/workbook.py").run()
    assert not app.exception, [e.message for e in app.exception]


def test_workbook_page_prepares_the_download_and_discards(scenario_file: Path) -> None:
    app = recommend_echo(start())
    app = app.switch_page("pages/workbook.py").run()
    assert "Unsaved changes (5)" in [header.value for header in app.subheader]
    app.button(key="prepare_download").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    prepared = app.session_state["prepared_download"][1]
    written = read_workbook(prepared)
    assert (written.audit["client"] == "Echo Capital").sum() == 5
    assert read_workbook(scenario_file).audit.empty  # a download never touches the file
    app.button(key="discard").click()
    app = app.run()
    assert "Discarded 5 unsaved change(s)." in texts(app.info)
    assert "No unsaved changes." in texts(app.sidebar.caption)


def test_the_download_may_add_seed_004s_matrix_as_a_tab(scenario_file: Path) -> None:
    app = start().switch_page("pages/workbook.py").run()
    # The scenario has no Escalation Matrix tab: the export offers to add it, unticked.
    assert app.checkbox(key="export_add_matrix").value is False
    app.checkbox(key="export_add_matrix").check().run()
    app.button(key="prepare_download").click().run()
    assert not app.exception, [e.message for e in app.exception]
    written = read_workbook(app.session_state["prepared_download"][1])
    assert written.sheet_names[-1] == "Escalation Matrix"
    assert len(written.escalation) == 8 * 4  # seed 004: eight types, four levels
    assert "Escalation Matrix" not in read_workbook(scenario_file).sheet_names


def test_a_workbook_with_its_own_matrix_is_not_offered_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.paths import SAMPLE_WORKBOOK

    monkeypatch.setenv("PULSE_WORKBOOK", str(SAMPLE_WORKBOOK))
    app = start().switch_page("pages/workbook.py").run()
    assert not app.exception
    assert "export_add_matrix" not in [box.key for box in app.checkbox]


def test_the_sharepoint_check_runs_on_the_page(live_scenario: FakeSharePoint) -> None:
    app = start().switch_page("pages/workbook.py").run()
    app.button(key="sharepoint_check").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    passed = texts(app.success)
    assert "**Token obtained**: a token for http://127.0.0.1" in passed
    assert "**Write allowed (checked dry, nothing changed)**: the app may save" in passed
    assert "All 7 steps passed: SharePoint is ready for Client Pulse." in texts(app.caption)
    assert live_scenario.files[SHAREPOINT_PATH].version == 1


def test_the_sharepoint_check_says_what_to_fix(live_scenario: FakeSharePoint) -> None:
    app = start().switch_page("pages/workbook.py").run()
    live_scenario.read_only.add(ANN)
    app.button(key="sharepoint_check").click()
    app = app.run()
    failed = texts(app.error)
    assert "**Write allowed (checked dry, nothing changed)**: The app may read" in failed
    assert "Fix: Grant the app Sites.Selected on the SharePoint API" in failed
    assert "6 of 7 steps passed" in texts(app.caption)
