"""Record keeping under AppTest on a local copy of the hand-worked scenario workbook: a decision
form, the pending badge, saving (episode, audit rows, this week's history, backup), a refusal shown
as an error, permissions, and a file changed on disk while changes were pending."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import read_workbook
from pulse.schema import Criterion
from pulse.table_edits import table_edits_outcome
from tests.apptest import shell_on_every_run
from tests.paths import REPO
from tests.scenario import scenario_workbook

APP = str(REPO / "streamlit_app.py")
AS_OF = "2026-11-23"  # a Monday; the scenario's CST meeting
EPISODES_TAB = "Extra Care Tracking Info"


pytestmark = pytest.mark.usefixtures("shell_on_every_run")
__all__ = ["shell_on_every_run"]  # the fixture, imported for pytest


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no pulse.toml: local mode acts as the Director
    path = scenario_workbook(tmp_path / "pulse.xlsx")
    monkeypatch.setenv("PULSE_WORKBOOK", str(path))
    monkeypatch.delenv("PULSE_SHAREPOINT_SITE_URL", raising=False)
    return path


def start() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = AS_OF
    return app.run()


def recommend_echo(app: AppTest) -> AppTest:
    """Echo Capital's last episode was Declined, so it may be recommended again."""
    app.selectbox(key="recommend_client_any").set_value("Echo Capital")
    app.multiselect(key="recommend_criteria_any").set_value([Criterion.COMMUNICATION])
    app.text_area(key="recommend_reason_any").input("No contact for 53 days")
    app.button(key="recommend_submit_any").click()
    return app.run()


def texts(elements) -> str:
    return "\n".join(str(element.value) for element in elements)


def test_recommend_then_save_writes_episode_audit_and_history(workbook: Path) -> None:
    app = recommend_echo(start())
    assert not app.exception, [e.message for e in app.exception]
    assert "Echo Capital recommended for extra care" in texts(app.success)
    # Recommend writes status, recommended by/on, one criterion and the reason: five cells.
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    app.sidebar.button(key="sidebar_save").click()
    app = app.run()
    assert not app.exception
    assert "Saved 5 change(s)" in texts(app.success)
    assert "No unsaved changes." in texts(app.sidebar.caption)

    saved = read_workbook(workbook)
    echo = saved.episodes[saved.episodes["client"] == "Echo Capital"]
    assert list(echo["status"]) == ["Declined", "Recommended"]
    assert echo.iloc[-1]["reason"] == "No contact for 53 days"
    assert bool(echo.iloc[-1][Criterion.COMMUNICATION.column])
    rows = saved.audit[saved.audit["client"] == "Echo Capital"]
    assert sorted(rows["field"]) == sorted(
        f"{EPISODES_TAB}.{column}"
        for column in (
            "status",
            "recommended_by",
            "recommended_on",
            Criterion.COMMUNICATION.column,
            "reason",
        )
    )
    assert set(rows["user"]) == {"Local user"}
    week = saved.history[pd.to_datetime(saved.history["week"]) == pd.Timestamp(AS_OF)]
    assert len(week) == 6  # one row per client of the scenario
    assert week.set_index("client").at["Echo Capital", "status"] == "Recommended"
    assert len(list(workbook.parent.glob("pulse.*.bak.xlsx"))) == 1


def test_pending_changes_survive_a_rerun_and_show_on_the_monday_page(workbook: Path) -> None:
    app = recommend_echo(start())
    app = app.run()  # a rerun (any widget) keeps the unsaved change
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    # The Monday page reads the working frames: Beta Law and now Echo Capital await a decision.
    assert {m.label: m.value for m in app.metric}["Awaiting decision"] == "2"
    assert read_workbook(workbook).audit.empty  # nothing written before Save


def test_refused_transition_shows_its_reason(workbook: Path) -> None:
    app = start()
    app.selectbox(key="approve_client_any").set_value("Beta Law")
    app.text_input(key="approve_vcio_any").input("Marcus")
    app.text_input(key="approve_director_any").input("Dana Director")
    app.date_input(key="approve_meeting_any").set_value(pd.Timestamp("2026-11-24").date())
    app.button(key="approve_submit_any").click()
    app = app.run()
    assert not app.exception
    assert "Approval must be decided in a CST meeting (a Monday)" in texts(app.error)
    assert "No unsaved changes." in texts(app.sidebar.caption)


def test_viewer_sees_disabled_forms_with_the_reason(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = workbook.parent / "pulse.toml"
    config.write_text('default_role = "viewer"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    app = start()
    assert not app.exception
    assert app.button(key="recommend_submit_any").disabled
    assert app.button(key="approve_submit_any").disabled
    captions = texts(app.caption)
    assert "Only the Director of Client Success or a vCIO may approve" in captions
    assert "you are signed in as a viewer" in captions


def test_file_changed_on_disk_is_reloaded_and_changes_replayed(workbook: Path) -> None:
    app = recommend_echo(start())
    stat = workbook.stat()
    os.utime(workbook, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # Excel saved
    app.sidebar.button(key="sidebar_save").click()
    app = app.run()
    assert not app.exception
    assert "re-applied your 5 unsaved change(s)" in texts(app.info)
    assert "The workbook changed" in texts(app.warning)
    assert "check them and save again" in texts(app.warning)
    assert read_workbook(workbook).audit.empty  # nothing overwritten
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    app.sidebar.button(key="sidebar_save").click()
    app = app.run()
    assert "Saved 5 change(s)" in texts(app.success)
    assert len(read_workbook(workbook).audit) == 5


@pytest.mark.parametrize("page", ["pages/announcements.py", "pages/workbook.py"])
def test_record_pages_render(workbook: Path, page: str) -> None:
    app = start()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]


def test_announcements_include_unsaved_decisions(workbook: Path) -> None:
    app = recommend_echo(start())
    app.switch_page("pages/announcements.py").run()
    assert not app.exception
    codes = [code.value for code in app.code]
    assert any(
        text.startswith("## Extra care — Tuesday all-staff huddle, 2026-11-24") for text in codes
    )
    assert any("Friday update, 2026-11-27" in text for text in codes)


# --- the action-item table's edits, as st.data_editor reports them ---------------------------


def scenario_actions(workbook: Path) -> pd.DataFrame:
    return read_workbook(workbook).actions


AT = pd.Timestamp("2026-11-23 10:00").to_pydatetime()


def test_table_edit_marks_done_dated_as_of(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    first = actions.index[0]
    edits = {"edited_rows": {0: {"status": "Done"}}, "added_rows": [], "deleted_rows": []}
    outcome = table_edits_outcome(
        actions,
        list(actions.index),
        edits,
        client=None,
        as_of=pd.Timestamp(AS_OF).date(),
        at=AT,
        user="Ann",
    )
    assert outcome is not None and outcome.actions is not None
    assert outcome.actions.at[first, "status"] == "Done"
    assert pd.Timestamp(outcome.actions.at[first, "done_on"]) == pd.Timestamp(AS_OF)
    assert sorted(outcome.audit["new"]) == ["2026-11-23", "Done"]
    assert set(outcome.audit["note"]) == {"Action item done"}


def test_table_added_row_goes_through_the_workflow(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    row = {
        "action": "Weekly call with the POC",
        "department": "vcio",
        "owner": "Dana",
        "due": "2026-11-30",
    }
    edits = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    outcome = table_edits_outcome(
        actions,
        list(actions.index),
        edits,
        client="Acme Dental",
        as_of=pd.Timestamp(AS_OF).date(),
        at=AT,
        user="Ann",
    )
    assert outcome is not None and outcome.actions is not None
    added = outcome.actions.iloc[-1]
    assert (added["client"], added["department"], added["status"]) == (
        "Acme Dental",
        "vCIO",
        "Open",
    )
    assert len(outcome.actions) == len(actions) + 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            {"action": "Call", "department": "Legal", "owner": "Dana", "due": "2026-11-30"},
            "Department must be one of",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "", "due": "2026-11-30"},
            "An action item needs an owner",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "Dana", "due": None},
            "An action item needs a due date",
        ),
        (
            {"action": "Call", "department": "NOC", "owner": "Dana", "due": "soon"},
            "'soon' is not a date",
        ),
    ],
)
def test_table_bad_rows_are_refused_with_the_reason(workbook: Path, row, reason: str) -> None:
    from pulse.workflow import Refused

    actions = scenario_actions(workbook)
    edits = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    with pytest.raises(Refused, match=reason):
        table_edits_outcome(
            actions,
            list(actions.index),
            edits,
            client="Acme Dental",
            as_of=pd.Timestamp(AS_OF).date(),
            at=AT,
            user="Ann",
        )


def test_no_table_edit_is_no_outcome(workbook: Path) -> None:
    actions = scenario_actions(workbook)
    edits = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    assert (
        table_edits_outcome(
            actions,
            list(actions.index),
            edits,
            client=None,
            as_of=pd.Timestamp(AS_OF).date(),
            at=AT,
            user="Ann",
        )
        is None
    )


def test_workbook_page_prepares_the_download_and_discards(workbook: Path) -> None:
    app = recommend_echo(start())
    app = app.switch_page("pages/workbook.py").run()
    assert "Unsaved changes (5)" in [header.value for header in app.subheader]
    app.button(key="prepare_download").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    prepared = app.session_state["prepared_download"][1]
    written = read_workbook(prepared)
    assert (written.audit["client"] == "Echo Capital").sum() == 5
    assert read_workbook(workbook).audit.empty  # a download never touches the file
    app.button(key="discard").click()
    app = app.run()
    assert "Discarded 5 unsaved change(s)." in texts(app.info)
    assert "No unsaved changes." in texts(app.sidebar.caption)
