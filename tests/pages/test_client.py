"""The Client page under AppTest (through the shell): one client's whole story on the
hand-worked scenario (tests/scenario.py), an unknown client, and a client never recommended."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_fixtures import metrics, open_page
from tests.scenario import CLIENTS, scenario_workbook
from tests.workbooks import minimal_workbook

CLIENT = "pages/client.py"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario_workbook(tmp_path_factory.mktemp("s") / "scenario.xlsx")


def test_client_page_tells_the_whole_story(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, CLIENT, monkeypatch, client="acme dental")
    assert app.title[0].value == "Acme Dental"
    assert metrics(app) == {
        "MRR": "$10,000",
        "Extra care": "Active",
        "Risk": "24%",  # 0.235
        "MRR at risk": "$2,350",
        "Overdue actions": "1",
    }
    frames = [frame.value for frame in app.dataframe]
    flags = next(f for f in frames if "source" in f.columns)
    assert list(zip(flags["criterion"], flags["source"], strict=True)) == [
        ("Service Desk Concerns", "person"),
        ("NOC Concerns", "person"),
    ]
    actions = next(f for f in frames if "days_overdue" in f.columns)
    assert list(actions["action"]) == ["Replace switch", "Call POC", "Old fix"]
    assert list(actions["days_overdue"].astype(object).fillna(0)) == [3, 0, 0]
    # RCA: reasons, tickets, success criteria, action items are all there.
    assert any("RCA 4/4 parts" in p.text for p in app.get("progress") if hasattr(p, "text"))
    assert app.query_params["client"] == "Acme Dental"


def test_client_page_for_an_unknown_client(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(scenario, CLIENT, monkeypatch, client="Nobody Inc")
    assert "Nobody Inc" in app.warning[0].value
    assert "Choose a client" in app.info[0].value


def test_a_client_never_recommended_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_episodes = minimal_workbook(tmp_path / "empty.xlsx", clients=CLIENTS)
    client = open_page(no_episodes, CLIENT, monkeypatch, client="Beta Law")
    infos = " ".join(i.value for i in client.info)
    assert "never been recommended" in infos


def test_the_client_charts_draw_each_step_and_the_risk_bands(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    app = open_page(scenario, CLIENT, monkeypatch, client="Acme Dental")
    timeline, risk = (json.loads(chart.proto.spec) for chart in app.get("plotly_chart"))
    # Acme's one episode: recommended 28 Oct, reviewed 16 Nov (no Director Approved On).
    steps = {trace["name"]: (trace["marker"]["symbol"], trace["x"]) for trace in timeline["data"]}
    assert steps == {
        "recommended": ("circle-open", ["2026-10-28T00:00:00"]),
        "reviewed": ("circle", ["2026-11-16T00:00:00"]),
    }
    assert [trace["name"] for trace in risk["data"]] == ["Risk", "MRR at risk ($)"]
    # The band lines at the default thresholds (pulse/settings.py RiskSettings: 0.40 and 0.15).
    assert [a["text"] for a in risk["layout"]["annotations"]] == ["high ≥ 40%", "medium ≥ 15%"]
