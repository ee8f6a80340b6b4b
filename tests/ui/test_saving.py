"""Saving (ui/saving.py) under AppTest: to a local copy of the scenario (episode, audit rows,
this week's history and a backup), to the live SharePoint file (tests/fake_sharepoint.py with the
real office365 client), and what happens when someone saved meanwhile: nothing is overwritten,
the newer version is loaded and the unsaved changes are replayed on it. Every SharePoint failure
is a message on the page, not a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import read_workbook
from pulse.schema import Criterion
from tests.app_fixtures import (
    ANN,
    AS_OF,
    BOB,
    SHAREPOINT_PATH,
    SHAREPOINT_TIMEOUT_SECONDS,
    approve_beta,
    messages,
    recommend_echo,
    save_from_sidebar,
    start,
    texts,
)
from tests.fake_sharepoint import FakeSharePoint

EPISODES_TAB = "Extra Care Tracking Info"

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


# --- a local file ------------------------------------------------------------------------------


def test_recommend_then_save_writes_episode_audit_and_history(scenario_file: Path) -> None:
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

    saved = read_workbook(scenario_file)
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
    assert len(list(scenario_file.parent.glob("pulse.*.bak.xlsx"))) == 1


def test_file_changed_on_disk_is_reloaded_and_changes_replayed(scenario_file: Path) -> None:
    app = recommend_echo(start())
    stat = scenario_file.stat()
    os.utime(scenario_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # Excel saved
    app.sidebar.button(key="sidebar_save").click()
    app = app.run()
    assert not app.exception
    assert "re-applied your 5 unsaved change(s)" in texts(app.info)
    assert "The workbook changed" in texts(app.warning)
    assert "check them and save again" in texts(app.warning)
    assert read_workbook(scenario_file).audit.empty  # nothing overwritten
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    app.sidebar.button(key="sidebar_save").click()
    app = app.run()
    assert "Saved 5 change(s)" in texts(app.success)
    assert len(read_workbook(scenario_file).audit) == 5


# --- the live SharePoint file ----------------------------------------------------------------


def test_two_sessions_saving_at_once_keep_both_changes(live_scenario: FakeSharePoint) -> None:
    first, second = start(), start()  # both read version 1
    first = save_from_sidebar(recommend_echo(first))
    assert "Saved 5 change(s) to SharePoint: version 2" in texts(first.success)

    second = approve_beta(second)  # approve writes six cells
    second = save_from_sidebar(second)
    assert not second.exception, [e.message for e in second.exception]
    # Never overwritten: told who saved and when, their version loaded, ours replayed on it.
    assert f"{ANN} saved the workbook at 2026-03-02 10:01 UTC" in texts(second.warning)
    assert "re-applied your 6 unsaved change(s)" in texts(second.info)
    assert live_scenario.files[SHAREPOINT_PATH].version == 2
    second = save_from_sidebar(second)
    assert "Saved 6 change(s) to SharePoint: version 3" in texts(second.success)

    saved = read_workbook(live_scenario.files[SHAREPOINT_PATH].data)
    latest = saved.episodes.groupby("client_key").tail(1).set_index("client_key")["status"]
    assert (latest["echo capital"], latest["beta law"]) == ("Recommended", "Active")
    audit = saved.audit
    assert (audit["client"] == "Echo Capital").sum() == 5
    assert (audit["client"] == "Beta Law").sum() == 6
    week = saved.history[pd.to_datetime(saved.history["week"]) == pd.Timestamp(AS_OF)]
    assert len(week) == 6  # re-saving the week replaced its rows


def on_workbook_page(app: AppTest) -> AppTest:
    return app.switch_page("pages/workbook.py").run()


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("locked", "Pat Excel (pat@contoso.com) has the workbook open in Excel, so SharePoint"),
        ("429", "SharePoint is busy or unavailable (429)"),
        ("503", "SharePoint is busy or unavailable (503)"),
        ("401", "SharePoint refused the credentials (401)"),
        ("404", "SharePoint has no file"),
        ("timeout", f"SharePoint did not answer within {SHAREPOINT_TIMEOUT_SECONDS} s"),
        ("changed", f"{BOB} saved the workbook at"),
    ],
)
def test_every_save_failure_is_a_message(
    live_scenario: FakeSharePoint, failure: str, expected: str
) -> None:
    app = on_workbook_page(start())
    if failure == "locked":
        live_scenario.locked.add(SHAREPOINT_PATH)
    elif failure in ("429", "503"):  # every attempt refused: retries exhausted
        live_scenario.fail("save", int(failure), times=10, headers={"Retry-After": "0"})
    elif failure in ("401", "404"):
        live_scenario.fail("properties", int(failure))
    elif failure == "timeout":
        live_scenario.fail("properties", None, delay=SHAREPOINT_TIMEOUT_SECONDS + 0.5)
    else:
        live_scenario.put(SHAREPOINT_PATH, live_scenario.files[SHAREPOINT_PATH].data, by=BOB)
    before = live_scenario.files[SHAREPOINT_PATH].version
    app.button(key="page_save").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert expected in messages(app)
    if failure != "changed":
        assert live_scenario.files[SHAREPOINT_PATH].version == before


def test_corrupt_download_on_sync_is_a_message(live_scenario: FakeSharePoint) -> None:
    app = on_workbook_page(start())
    live_scenario.put(SHAREPOINT_PATH, b"<html>Sign in to your account</html>", by=BOB)
    app.button(key="sync_now").click()
    app = app.run()
    assert not app.exception
    assert "is not an Excel .xlsx file" in messages(app)


def test_an_app_only_save_is_named_after_the_person_in_the_audit_log(
    live_scenario: FakeSharePoint,
) -> None:
    # Certificate sign-in saves as the app: SharePoint names "SharePoint App" as the editor.
    live_scenario.tokens = {token: "SharePoint App" for token in live_scenario.tokens}
    first, second = start(), start()
    first = save_from_sidebar(recommend_echo(first))
    assert live_scenario.files[SHAREPOINT_PATH].modified_by == "SharePoint App"
    second = save_from_sidebar(approve_beta(second))
    assert "Local user (through Client Pulse) saved the workbook at" in texts(second.warning)
    assert "SharePoint App" not in texts(second.warning)
