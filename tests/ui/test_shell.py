"""The shell (ui/shell.py, run by streamlit_app.py) under AppTest: every page renders through it,
on the sample and on a workbook with no episode; the Monday KPIs equal the CLI's; what it cannot
read or use is a message, never a traceback."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from pulse.cli import main
from tests.app_fixtures import metrics, open_page, run_app, texts
from tests.paths import SAMPLE_WORKBOOK
from tests.scenario import CLIENTS, scenario_workbook
from tests.workbooks import minimal_workbook
from ui.routing import PAGES as APP_PAGES

PAGES = sorted(path for path, *_ in APP_PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(SAMPLE_WORKBOOK, monkeypatch)
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]


@pytest.mark.parametrize("page", ["pages/health.py", "pages/client.py", "pages/monday.py"])
def test_pages_render_on_the_sample(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    app = open_page(SAMPLE_WORKBOOK, page, monkeypatch, client="Pacific Capital")
    assert app.title


@pytest.fixture(scope="module")
def no_episodes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("e") / "empty.xlsx", clients=CLIENTS)


@pytest.mark.parametrize("page", [path for path, *_ in APP_PAGES])
def test_every_page_renders_with_no_episodes(
    no_episodes: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = open_page(no_episodes, page, monkeypatch, client="Acme Dental")
    assert not app.error


def test_monday_kpis_equal_pulse_summary(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    tickets = SAMPLE_WORKBOOK.parent / "tickets_generic.csv"  # the export the app loads
    args = ["summary", str(SAMPLE_WORKBOOK), "--tickets", str(tickets), "--as-of", "2026-11-23"]
    assert main([*args, "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    app = run_app(SAMPLE_WORKBOOK, monkeypatch)
    assert not app.exception
    assert metrics(app) == {
        "On extra care": str(numbers["active"]),
        "Awaiting decision": str(numbers["recommended"]),
        "MRR on extra care": f"${numbers['mrr_on_extra_care']:,.0f}",
        "MRR at risk": f"${numbers['mrr_at_risk']:,.0f}",
        "Overdue actions": str(numbers["overdue_action_items"]),
        "Open loops": str(len(numbers["open_loops"])),
    }


def test_unreadable_workbook_shows_a_panel_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    app = run_app(broken, monkeypatch)
    assert not app.exception
    assert "The Client Pulse workbook cannot be read" in app.error[0].value
    assert "broken.xlsx" in app.error[0].value


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The shell caches pulse.toml's settings per process; this test reads its own."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.mark.usefixtures("fresh_settings")
def test_a_broken_pulse_toml_is_a_panel_and_nothing_else_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "pulse.toml"
    config.write_text("stale_days = [\n")  # not TOML
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch)
    assert not app.exception
    assert "pulse.toml cannot be used" in app.error[0].value
    assert not app.metric


def test_an_as_of_that_is_not_a_date_is_ignored_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch, as_of="23/11/2026")
    assert not app.exception
    assert "Ignoring as_of='23/11/2026': not YYYY-MM-DD." in texts(app.sidebar.warning)


def test_the_sidebar_names_the_workbook_and_the_tickets(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(SAMPLE_WORKBOOK, monkeypatch)
    captions = texts(app.sidebar.caption)
    assert f"Workbook (local file): **{SAMPLE_WORKBOOK}**" in captions
    assert "Tickets: **tickets_generic.csv** (" in captions
