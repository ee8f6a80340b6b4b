"""Every page runs under AppTest on the sample workbook, and the Monday KPIs equal the CLI's."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pulse.cli import main
from tests.paths import REPO, SAMPLE_WORKBOOK
from tests.scenario import AS_OF, EXPECTED_SUMMARY, scenario_workbook
from ui.routing import PAGES as APP_PAGES

APP = str(REPO / "streamlit_app.py")
PAGES = sorted(path for path, *_ in APP_PAGES)


def run_app(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, *, as_of: str = "2026-11-23"
) -> AppTest:
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = as_of
    return app.run()


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(SAMPLE_WORKBOOK, monkeypatch)
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]


def test_monday_kpis_equal_pulse_summary(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    tickets = SAMPLE_WORKBOOK.parent / "tickets_generic.csv"  # the export the app loads
    args = ["summary", str(SAMPLE_WORKBOOK), "--tickets", str(tickets), "--as-of", "2026-11-23"]
    assert main([*args, "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    app = run_app(SAMPLE_WORKBOOK, monkeypatch)
    assert not app.exception
    assert metric_values(app) == {
        "On extra care": str(numbers["active"]),
        "Awaiting decision": str(numbers["recommended"]),
        "MRR on extra care": f"${numbers['mrr_on_extra_care']:,.0f}",
        "MRR at risk": f"${numbers['mrr_at_risk']:,.0f}",
        "Overdue actions": str(numbers["overdue_action_items"]),
    }


def test_monday_page_on_hand_worked_scenario(tmp_path: Path, monkeypatch) -> None:
    # A Wednesday as-of still shows the Monday of that week (SPEC: latest Monday).
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch, as_of="2026-11-25")
    assert not app.exception
    assert metric_values(app) == {
        "On extra care": "3",
        "Awaiting decision": "1",
        "MRR on extra care": "$21,000",
        "MRR at risk": "$6,750",
        "Overdue actions": "2",
    }
    assert app.title[0].value == f"Monday CST review · {AS_OF:%a %d %b %Y}"
    assert EXPECTED_SUMMARY["candidates"] == ["Echo Capital"]


def test_unreadable_workbook_shows_a_panel_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    app = run_app(broken, monkeypatch)
    assert not app.exception
    assert "The Client Pulse workbook cannot be read" in app.error[0].value
    assert "broken.xlsx" in app.error[0].value


def test_incident_page_renders_every_sample_incident(monkeypatch: pytest.MonkeyPatch) -> None:
    # The day after the sample's as-of: every incident, the open one included, has happened
    # whatever the time of day the test runs (an as-of of today means "now" on this page).
    app = run_app(SAMPLE_WORKBOOK, monkeypatch, as_of="2026-11-24")
    app.switch_page("pages/incidents.py").run()
    choices = app.selectbox(key="incident").options
    assert len(choices) == 12  # the sample's critical incidents
    for option in choices:
        app.selectbox(key="incident").select(option).run()
        assert not app.exception, (option, [e.message for e in app.exception])
        assert option in [header.value for header in app.subheader]  # its own timeline shows
