"""The Client health page under AppTest (through the shell): filters from and to the URL, the
KPIs of what is shown, downloads, and the trend from Pulse History with the live week. Figures
are worked by hand in tests/scenario.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import metrics, open_page
from tests.scenario import CLIENTS, scenario_workbook, week_workbook
from tests.workbooks import minimal_workbook

HEALTH = "pages/health.py"
TABLE_ROWS = 200  # pages/health.py draws this many rows until "Show all"


def shown_clients(app: AppTest) -> list[str]:
    return list(app.dataframe[0].value["client"])


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario_workbook(tmp_path_factory.mktemp("s") / "scenario.xlsx")


# Rows are ordered by MRR at risk, largest first (see tests/scenario.py for each figure).
@pytest.mark.parametrize(
    ("params", "clients", "kpis"),
    [
        (
            {"vcio": "Dana"},
            ["Acme Dental", "Gamma Foods"],
            ("2", "$12,000", "$2,350", "1", "1"),
        ),
        (
            {"segment": "Legal", "status": "Active"},
            ["Delta Realty", "Foxtrot Partners"],
            ("2", "$11,000", "$1,800", "2", "1"),
        ),
        (
            {"criterion": "communication"},
            ["Beta Law", "Echo Capital"],
            ("2", "$6,000", "$2,600", "0", "0"),
        ),
        (
            {"mrr_min": "3000", "mrr_max": "8000"},
            ["Beta Law", "Delta Realty", "Foxtrot Partners"],
            ("3", "$16,000", "$4,250", "2", "1"),
        ),
        (
            {"vcio": ["Dana", "Priya"], "band": "medium"},
            ["Acme Dental", "Delta Realty", "Echo Capital"],
            ("3", "$19,000", "$3,700", "2", "2"),
        ),
    ],
)
def test_health_filters_from_the_url(
    scenario: Path,
    monkeypatch: pytest.MonkeyPatch,
    params: dict[str, str | list[str]],
    clients: list[str],
    kpis: tuple[str, ...],
) -> None:
    app = open_page(scenario, HEALTH, monkeypatch, **params)
    assert shown_clients(app) == clients
    labels = ("Clients shown", "MRR", "MRR at risk", "On extra care", "Overdue actions")
    assert metrics(app) == dict(zip(labels, kpis, strict=True))
    # The widgets start from the URL, and the URL still holds the view.
    for name, value in params.items():
        assert app.query_params[name] == value


def test_changing_a_filter_updates_the_url(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, HEALTH, monkeypatch)
    assert len(shown_clients(app)) == 6
    app.multiselect(key="health_vitm").set_value(["Casey"]).run()
    assert shown_clients(app) == ["Foxtrot Partners", "Echo Capital"]
    assert app.query_params["vitm"] == "Casey"
    app.number_input(key="health_mrr_min").set_value(2000.0).run()
    assert shown_clients(app) == ["Foxtrot Partners"]
    assert app.query_params["mrr_min"] == "2000"


def test_unknown_filter_values_warn_and_are_ignored(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(scenario, HEALTH, monkeypatch, vcio="Nobody")
    assert "vcio=Nobody" in app.warning[0].value
    assert len(shown_clients(app)) == 6


def test_no_client_matches(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, HEALTH, monkeypatch, vcio="Dana", band="high")
    assert metrics(app)["Clients shown"] == "0"
    assert "No client matches" in app.info[0].value


def test_health_downloads_are_offered(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, HEALTH, monkeypatch, vcio="Dana")
    labels = [button.label for button in app.get("download_button")]
    assert labels == ["⬇️ Download CSV", "⬇️ Download XLSX"]


def test_health_trend_uses_history_and_the_live_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(week_workbook(tmp_path / "week.xlsx"), HEALTH, monkeypatch)
    # Live week: Alpha 0.40×10,000 + Bravo 0.15×4,000 = $4,600; Bravo is Active.
    assert metrics(app)["MRR at risk"] == "$4,600"
    assert metrics(app)["On extra care"] == "1"
    assert not any("no earlier weeks" in c.value for c in app.caption)


def test_no_episode_shows_every_client_with_no_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_episodes = minimal_workbook(tmp_path / "empty.xlsx", clients=CLIENTS)
    health = open_page(no_episodes, HEALTH, monkeypatch, status="None")
    assert metrics(health)["Clients shown"] == "6"


def test_a_long_table_shows_its_first_rows_until_show_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [
        [f"Client {n:03d}", 1000 + n, "Dana", "Sam", "Robin", "Legal", "Ann", "2026-11-20", None]
        for n in range(TABLE_ROWS + 5)
    ]
    app = open_page(minimal_workbook(tmp_path / "many.xlsx", clients=many), HEALTH, monkeypatch)
    assert len(shown_clients(app)) == TABLE_ROWS
    assert metrics(app)["Clients shown"] == str(TABLE_ROWS + 5)  # the figures count every row
    assert any(f"The {TABLE_ROWS} clients" in caption.value for caption in app.caption)
    app.toggle(key="health_all_rows").set_value(True).run()
    assert len(shown_clients(app)) == TABLE_ROWS + 5
    assert metrics(app)["Clients shown"] == str(TABLE_ROWS + 5)


def plotly_titles(app: AppTest) -> list[str]:
    import json

    return [
        json.loads(chart.proto.spec)["layout"].get("title", {}).get("text", "")
        for chart in app.get("plotly_chart")
    ]


def test_only_the_open_chart_tab_is_sent(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, HEALTH, monkeypatch)
    # The first tab: the two bar charts, nothing of the other three views.
    assert plotly_titles(app) == ["MRR at risk by vCIO", "MRR at risk by segment"]
    app.session_state["health_chart_tab"] = "Trend"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert plotly_titles(app) == ["Week by week (red bar: this week, computed live)"]
    app.session_state["health_chart_tab"] = "Risk against MRR"
    app.run()
    assert plotly_titles(app) == ["Risk against MRR (bubble = overdue actions + 1)"]


def test_views_in_closed_tabs_are_not_even_built(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trend reads the whole of Pulse History: nobody pays for it until its tab is opened."""
    import streamlit as st

    import ui.health_charts

    built: list[int] = []
    trend = ui.health_charts.portfolio_trend

    def counted(*args: object, **kwargs: object) -> object:
        built.append(1)
        return trend(*args, **kwargs)

    monkeypatch.setattr(ui.health_charts, "portfolio_trend", counted)
    st.cache_resource.clear()  # nothing built by an earlier test
    app = open_page(scenario, HEALTH, monkeypatch)
    assert not app.exception, [e.message for e in app.exception]
    assert built == []
    app.session_state["health_chart_tab"] = "Trend"
    app.run()
    assert built == [1]
    assert plotly_titles(app) == ["Week by week (red bar: this week, computed live)"]
