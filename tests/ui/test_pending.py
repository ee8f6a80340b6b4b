"""This session's unsaved changes (ui/pending.py) under AppTest: kept across reruns, shown on
the pages (the working workbook) and never written before a save; journaled to disk, so a new
session (a reload, a server restart) restores them, until a save or a discard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import streamlit as st

from app.drafts import draft_path, drafts_dir
from app.pending import PendingChanges
from app.saving import rendered, save_local
from app.workbooks import open_local
from connectors.workbook import read_workbook
from pulse.settings import Settings
from pulse.workflow import approve
from tests.app_fixtures import metrics, recommend_echo, save_from_sidebar, start, texts

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_pending_changes_survive_a_rerun_and_show_on_the_monday_page(scenario_file: Path) -> None:
    app = recommend_echo(start())
    app = app.run()  # a rerun (any widget) keeps the unsaved change
    assert "5 unsaved changes" in texts(app.sidebar.warning)
    # The Monday page reads the working frames: Beta Law and now Echo Capital await a decision.
    assert metrics(app)["Awaiting decision"] == "2"
    assert read_workbook(scenario_file).audit.empty  # nothing written before Save


# --- durable drafts: the journal on disk (app/drafts.py) ----------------------------------------

NOW = "2026-11-23T10:15:00-08:00"  # app.clock: the Monday meeting, Pacific Standard Time
LOCAL_USER = Settings().local_user  # who local mode records, without a pulse.toml


@pytest.fixture
def clock_at_the_meeting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_NOW", NOW)


def journals() -> list[Path]:
    return sorted(drafts_dir().glob("*.json"))


@pytest.mark.usefixtures("clock_at_the_meeting")
def test_a_new_session_restores_the_unsaved_changes_and_says_from_when(
    scenario_file: Path,
) -> None:
    recommend_echo(start())
    assert len(journals()) == 1
    again = start()  # a reload, or the server restarted: a new session, nothing in memory
    assert "5 unsaved changes" in texts(again.sidebar.warning)
    assert "Restored 5 unsaved changes from 10:15" in texts(again.sidebar.info)
    assert metrics(again)["Awaiting decision"] == "2"  # Beta Law and Echo Capital
    assert read_workbook(scenario_file).audit.empty  # still nothing written


@pytest.mark.usefixtures("clock_at_the_meeting")
def test_a_save_writes_the_restored_changes_with_their_offset_and_clears_the_journal(
    scenario_file: Path,
) -> None:
    recommend_echo(start())
    saved = save_from_sidebar(start())
    assert not saved.exception
    assert journals() == []
    assert "Restored" not in texts(saved.sidebar.info)
    audit = read_workbook(scenario_file).audit
    assert len(audit) == 5 and set(audit["user"]) == {LOCAL_USER}
    assert {moment.isoformat() for moment in audit["at"]} == {NOW}
    assert "No unsaved changes." in texts(start().sidebar.caption)  # nothing comes back


@pytest.mark.usefixtures("clock_at_the_meeting")
def test_discarding_clears_the_journal(scenario_file: Path) -> None:
    app = recommend_echo(start())
    app.switch_page("pages/workbook.py").run()
    app.button(key="discard").click().run()
    assert journals() == []
    assert "No unsaved changes." in texts(start().sidebar.caption)


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The shell keeps the settings it loaded (st.cache_resource): forget them before and after,
    so neither this test nor the next sees another's pulse.toml."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.mark.usefixtures("clock_at_the_meeting", "fresh_settings")
def test_changes_are_kept_per_person(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recommend_echo(start())
    config = scenario_file.parent / "pulse.toml"
    config.write_text('local_user = "someone.else@example.com"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    st.cache_resource.clear()
    other = start()
    assert "No unsaved changes." in texts(other.sidebar.caption)
    assert len(journals()) == 1  # the first person's changes are still kept


@pytest.mark.usefixtures("clock_at_the_meeting")
def test_restored_changes_are_replayed_on_a_version_someone_saved_meanwhile(
    scenario_file: Path,
) -> None:
    recommend_echo(start())
    approve_beta_elsewhere(scenario_file)
    again = start()
    assert "re-applied your 5 unsaved change(s)" in texts(again.info)
    # Beta Law was approved in the other save; Echo Capital's recommendation is replayed on it.
    assert metrics(again)["Awaiting decision"] == "1"
    assert "Restored 5 unsaved changes from 10:15" in texts(again.sidebar.info)


def approve_beta_elsewhere(path: Path) -> None:
    """Someone else approves Beta Law and saves the file (a newer version on disk)."""
    opened = open_local(path)
    outcome = approve(
        opened.workbook.episodes,
        client="Beta Law",
        vcio="Marcus",
        director="Dana Director",
        meeting=date(2026, 11, 23),
        at=datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
        user="someone.else@example.com",
    )
    working = PendingChanges(
        opened.source.identity,
        opened.source.version,
        outcome.episodes,  # type: ignore[arg-type]
        opened.workbook.actions,
        outcome.audit,
    ).working(opened.workbook)
    data = rendered(opened.data or b"", opened.workbook, working, opened.workbook.history)
    save_local(path, data, now=datetime(2026, 11, 23, 9, 0), expected=opened.source.version)


def test_an_unreadable_journal_is_kept_aside_and_said(scenario_file: Path) -> None:
    folder = drafts_dir()
    folder.mkdir(parents=True)
    (folder / "x.json").write_text("")  # another person's: untouched
    path = draft_path(LOCAL_USER, f"local:{scenario_file.resolve()}")
    path.write_text("{not json")
    app = start()
    assert "Unsaved changes from an earlier session could not be read" in texts(app.warning)
    assert not path.exists() and path.with_name(path.name + ".damaged").exists()
    assert "No unsaved changes." in texts(app.sidebar.caption)


# --- derived tables kept per version of the data (per_version) ------------------------------


def test_a_derived_table_is_built_once_per_version_and_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import pending

    builds: list[str] = []
    version = {"now": "v1"}
    monkeypatch.setattr(pending, "data_version", lambda ctx: version["now"])
    ctx: Any = object()

    def build() -> str:
        builds.append(version["now"])
        return f"table of {version['now']}"

    monday, tuesday = date(2031, 1, 6), date(2031, 1, 7)  # a date no other test caches
    assert pending.per_version(ctx, "t", monday, build) == "table of v1"
    assert pending.per_version(ctx, "t", monday, build) == "table of v1"
    assert builds == ["v1"]  # the second call was answered from the cache
    pending.per_version(ctx, "t", tuesday, build)
    version["now"] = "v2"  # a save, an unsaved change or a new export
    assert pending.per_version(ctx, "t", monday, build) == "table of v2"
    version["now"] = ""  # no version: nothing may be cached
    pending.per_version(ctx, "t", monday, build)
    pending.per_version(ctx, "t", monday, build)
    assert builds == ["v1", "v1", "v2", "", ""]


def test_the_ticket_index_is_built_once_per_export_and_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import pending

    builds: list[str] = []
    monkeypatch.setattr(
        pending, "kept_ticket_index", lambda tickets, settings: builds.append("built") or "index"
    )
    tickets = pd.DataFrame({"ticket": ["T1"]})
    ctx: Any = SimpleNamespace(tickets=tickets, tickets_version="x-2031", settings=Settings())
    assert pending.ticket_index_for(ctx) == "index"
    assert pending.ticket_index_for(ctx) == "index"
    assert builds == ["built"]  # the second picture of this export reused it
    stricter = replace(Settings().signals, service_desk_late_responses=5)
    ctx.settings = replace(Settings(), signals=stricter)
    pending.ticket_index_for(ctx)
    assert builds == ["built", "built"]  # other rules, another index
    ctx.tickets_version = ""  # an export without a version: nothing kept
    assert pending.ticket_index_for(ctx) is None
    ctx.tickets = None
    assert pending.ticket_index_for(ctx) is None
