"""The action-item table (ui/forms/actions.py) under AppTest, on the Monday page of a local copy of
the hand-worked scenario. AppTest cannot type into a table, so each test seeds the editor's
state the way st.data_editor reports edits (edited_rows and deleted_rows by position,
added_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import read_workbook
from pulse.settings import Role
from tests.app_fixtures import MONDAY_SECTION, opened_as, save_from_sidebar, shell, texts

pytestmark = pytest.mark.usefixtures("shell_on_every_run")
# The Monday page's table (any client, done items hidden), before anything was recorded. It
# shows the open items in the workbook's order: Acme's "Replace switch" and "Call POC", then
# Delta Realty's "Re-plan project" (owner Lee).
EDITOR = "actions_editor_any_False_0"


def monday() -> AppTest:
    """The Monday page, not yet run, on its Decisions tab with the action-item expander open
    (closed, its table is not drawn at all)."""
    app = shell()
    app.session_state[MONDAY_SECTION] = "Decisions"
    app.session_state["monday_actions_open"] = True
    return app


def edited(edits: dict[str, object]) -> AppTest:
    app = monday()
    app.session_state[EDITOR] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    return app.run()


def test_the_table_shows_the_open_items(scenario_file: Path) -> None:
    app = monday().run()
    [table] = [frame for frame in app.data_editor if frame.key == EDITOR]
    assert list(table.value["action"]) == ["Replace switch", "Call POC", "Re-plan project"]
    assert table.editing_mode == "dynamic"  # rows may be added and deleted


def test_recorded_edits_become_pending_and_the_table_starts_afresh(scenario_file: Path) -> None:
    app = edited({"edited_rows": {2: {"owner": "Priya"}}})
    assert not app.exception, [e.message for e in app.exception]
    assert "✏️ 1 row(s) edited in the table, not recorded yet." in texts(app.caption)
    app.button(key=f"record_{EDITOR}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert "Action items recorded. Not saved yet: 1 unsaved change(s)." in texts(app.success)
    assert "1 unsaved change**" in texts(app.sidebar.warning)
    [table] = [frame for frame in app.data_editor if frame.key == "actions_editor_any_False_1"]
    assert list(table.value["owner"]) == ["Kim", "Dana", "Priya"]


def test_a_bad_added_row_is_refused_and_nothing_is_pending(scenario_file: Path) -> None:
    row = {"client": "Acme Dental", "action": "Call", "department": "Legal", "owner": "Dana"}
    app = edited({"added_rows": [{**row, "due": "2026-11-30"}]})
    app.button(key=f"record_{EDITOR}").click().run()
    assert not app.exception
    assert "Department must be one of" in texts(app.error)
    assert "No unsaved changes." in texts(app.sidebar.caption)


def test_a_viewer_sees_the_table_locked_with_who_may_edit(viewer: Path) -> None:
    app = monday().run()
    [table] = [frame for frame in app.data_editor if frame.key == EDITOR]
    assert table.editing_mode == "fixed"
    assert (
        "🔒 Only the Director of Client Success or a vCIO or a vITM or the Account "
        "Administrator may edit action items; you are signed in as a viewer."
    ) in texts(app.caption)
    assert f"record_{EDITOR}" not in [button.key for button in app.button]


@pytest.fixture
def noc_manager(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The local scenario opened in local mode by the NOC Manager (pulse.toml says so)."""
    return opened_as(scenario_file, monkeypatch, role=Role.NOC_MANAGER)


def test_a_department_manager_sees_and_edits_their_departments_items(noc_manager: Path) -> None:
    app = monday().run()
    [table] = [frame for frame in app.data_editor if frame.key == EDITOR]
    # The open NOC item only (Acme's "Replace switch"); no new rows; the department fixed.
    assert list(table.value["action"]) == ["Replace switch"]
    assert table.editing_mode == "fixed"
    assert "As the NOC Manager you update and complete the NOC department's" in texts(app.caption)
    app = monday()
    app.session_state[EDITOR] = {
        "edited_rows": {0: {"status": "Done"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key=f"record_{EDITOR}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert "Action items recorded. Not saved yet: 2 unsaved change(s)." in texts(app.success)


def test_a_row_deleted_in_the_table_is_saved_as_a_cleared_row_with_its_audit_row(
    scenario_file: Path,
) -> None:
    app = edited({"deleted_rows": [1]})  # Acme Dental's "Call POC"
    assert "✏️ 1 row(s) edited in the table, not recorded yet." in texts(app.caption)
    app.button(key=f"record_{EDITOR}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert "1 unsaved change**" in texts(app.sidebar.warning)
    [table] = [frame for frame in app.data_editor if frame.key == "actions_editor_any_False_1"]
    assert list(table.value["action"]) == ["Replace switch", "Re-plan project"]
    save_from_sidebar(app)
    saved = read_workbook(scenario_file)
    assert list(saved.actions["action"]) == ["Replace switch", "Old fix", "Re-plan project"]
    assert list(saved.audit[["client", "field", "old", "new"]].itertuples(index=False)) == [
        ("Acme Dental", "Action Items[Call POC].action", "Call POC", None)  # New: blank
    ]
