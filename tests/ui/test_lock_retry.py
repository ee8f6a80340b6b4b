"""A save refused because a colleague has the workbook open in Excel (423): the changes are kept
and the save is tried again by itself, with back-off, under a banner (AppTest against the fake
SharePoint with the real office365 client)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from app.saving import LOCK_RETRY_SECONDS, LockRetry, next_lock_retry
from connectors.workbook import read_workbook
from tests.app_fixtures import SHAREPOINT_PATH, recommend_echo, save_from_sidebar, start, texts
from tests.fake_sharepoint import FakeSharePoint

pytestmark = pytest.mark.usefixtures("shell_on_every_run")

TEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_waits_grow_then_stay_at_five_minutes() -> None:
    waits, retry = [], None
    for _ in range(7):
        retry = next_lock_retry(retry, holder="Pat", now=TEN)
        waits.append((retry.due - TEN).total_seconds())
    assert waits == [15, 30, 60, 120, 300, 300, 300]
    assert LOCK_RETRY_SECONDS[-1] == 300
    assert retry == LockRetry(refusals=7, due=TEN + timedelta(minutes=5), holder="Pat")


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("PULSE_NOW", f"2026-03-02T{moment}")  # the business zone's time


def test_a_locked_save_is_kept_and_lands_by_itself_once_the_lock_is_released(
    live_scenario: FakeSharePoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "10:00:00")
    live_scenario.locked.add(SHAREPOINT_PATH)  # Pat has the workbook open in desktop Excel
    app = save_from_sidebar(recommend_echo(start()))
    assert not app.exception, [e.message for e in app.exception]
    banner = texts(app.warning)
    assert "Pat Excel (pat@contoso.com) has the workbook open in Excel" in banner
    assert "Your 5 change(s) and this week's Pulse History are kept" in banner
    assert "tried again by itself at 10:00:15 (refused 1 time(s) so far)" in banner
    assert live_scenario.files[SHAREPOINT_PATH].version == 1

    at(monkeypatch, "10:00:10")  # not yet due: nothing is sent
    saves = len(live_scenario.requests_of("save"))
    app = app.run()
    assert len(live_scenario.requests_of("save")) == saves

    at(monkeypatch, "10:00:16")  # due while Pat still has it open: the next wait is longer
    app = app.run()
    assert "tried again by itself at 10:00:46 (refused 2 time(s) so far)" in texts(app.warning)

    live_scenario.locked.discard(SHAREPOINT_PATH)  # Pat closes Excel
    at(monkeypatch, "10:00:50")
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert "Saved 5 change(s) to SharePoint: version 2" in texts(app.success)
    assert "has the workbook open" not in texts(app.warning)
    assert "No unsaved changes." in texts(app.sidebar.caption)
    saved = read_workbook(live_scenario.files[SHAREPOINT_PATH].data)
    assert (saved.audit["client"] == "Echo Capital").sum() == 5


def test_a_new_session_restores_the_changes_a_lock_kept(
    live_scenario: FakeSharePoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "10:00:00")
    live_scenario.locked.add(SHAREPOINT_PATH)
    save_from_sidebar(recommend_echo(start()))
    live_scenario.locked.discard(SHAREPOINT_PATH)
    reopened: AppTest = start()  # the page was closed; the same person opens it again
    assert "5 unsaved changes" in texts(reopened.sidebar.warning)
    reopened = save_from_sidebar(reopened)
    assert "Saved 5 change(s) to SharePoint: version 2" in texts(reopened.success)
