"""Health explorer, client page, since-last-meeting panel, shared screen and stale banner under
AppTest, on small workbooks built here (expectations worked by hand in tests/scenario.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pulse.schema import Sheet
from tests.connectors.test_freshness import with_core_modified
from tests.paths import REPO, SAMPLE_WORKBOOK
from tests.scenario import CLIENTS, scenario_workbook
from tests.workbooks import episode_row, headers, minimal_workbook
from ui.routing import PAGES

APP = str(REPO / "streamlit_app.py")
HEALTH = "pages/health.py"
CLIENT = "pages/client.py"
MONDAY = "pages/monday.py"
# Every page the shell registers in its PAGES tuple.
EVERY_PAGE = [path for path, *_ in PAGES]


def open_page(
    workbook: Path,
    page: str,
    monkeypatch: pytest.MonkeyPatch,
    *,
    as_of: str = "2026-11-23",
    **params: str | list[str],
) -> AppTest:
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = as_of
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


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


# --- A hand-written week of changes (previous meeting Mon 16 Nov, this meeting Mon 23 Nov) ---
WEEK_CLIENTS = [
    ["Alpha", 10000, "Dana", "Jo", "Robin", "Legal", "A", "2026-11-20", None],
    ["Bravo", 4000, "Dana", "Jo", "Robin", "Legal", "B", "2026-11-20", None],
    ["Charlie", 2000, "Marcus", "Sam", "Alex", "Retail", "C", "2026-11-20", None],
    ["Delta", 1000, "Marcus", "Sam", "Alex", "Retail", "D", "2026-11-20", None],
]
WEEK_EPISODES = [
    # Added this week: recommended Wednesday, acquisition -> risk 0.40 (high).
    episode_row(
        "Alpha",
        "Recommended",
        **{"Recommended On": "2026-11-18", "Merger/Acquisition": "Y", "Reason": "Being bought"},
    ),
    # Approved at this meeting (service desk 0.15, medium both weeks).
    episode_row(
        "Bravo",
        "Active",
        **{
            "Recommended On": "2026-11-10",
            "vCIO Approval": "Dana",
            "vCIO Approval Date": "2026-11-23",
            "Director Approval": "Morgan",
            "Director Approval Date": "2026-11-23",
            "CST Meeting Date": "2026-11-23",
            "Service Desk Concerns": "Y",
        },
    ),
    # Removed: only the Audit Log says when (no Removed On typed in the sheet).
    episode_row(
        "Charlie",
        "Removed",
        **{
            "Recommended On": "2026-10-01",
            "CST Meeting Date": "2026-10-05",
            "Frustrated Messages": "Y",
        },
    ),
]
WEEK_ACTIONS = [
    ["Bravo", "Call POC", "vCIO", "Dana", "2026-11-25", "Done", "2026-11-19", None],
    ["Bravo", "Fix backups", "NOC", "Kim", "2026-11-20", "Open", None, "T9"],
    ["Alpha", "Old item", "vCIO", "Dana", "2026-11-10", "Open", None, None],  # overdue before
    ["Charlie", "Long done", "NOC", "Kim", "2026-11-01", "Done", "2026-11-02", None],
]
WEEK_AUDIT = [
    headers(Sheet.AUDIT),
    [
        "2026-11-18 09:00",
        "Jo",
        "Alpha",
        "Extra Care Tracking Info.status",
        "",
        "Recommended",
        "Being bought",
    ],
    [
        "2026-11-20 10:00",
        "Morgan",
        "Charlie",
        "Extra Care Tracking Info.status",
        "Active",
        "Removed",
        "Stable for four weeks",
    ],
    [
        "2026-11-10 09:00",
        "Jo",
        "Bravo",
        "Extra Care Tracking Info.status",
        "",
        "Recommended",
        "Slow tickets",
    ],  # before the previous meeting: not this week's news
]
WEEK_HISTORY = [
    headers(Sheet.HISTORY),
    ["2026-11-16", "Alpha", "", 0, 0.0, 10000, 0.0],
    ["2026-11-16", "Bravo", "Recommended", 1, 0.15, 4000, 600.0],
    ["2026-11-16", "Charlie", "Active", 1, 0.20, 2000, 400.0],
    ["2026-11-16", "Delta", "", 0, 0.0, 1000, 0.0],
    ["2026-11-09", "Charlie", "Active", 1, 0.20, 2000, 400.0],
]


@pytest.fixture(scope="module")
def week_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return minimal_workbook(
        tmp_path_factory.mktemp("w") / "week.xlsx",
        clients=WEEK_CLIENTS,
        episodes=WEEK_EPISODES,
        actions=WEEK_ACTIONS,
        extra={"Audit Log": WEEK_AUDIT, "Pulse History": WEEK_HISTORY},
    )


def test_since_the_last_meeting_panel(week_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(week_workbook, MONDAY, monkeypatch)
    assert any(h.value == "Since the last CST meeting (Mon 16 Nov)" for h in app.header)
    counts = {
        h.value.rsplit(" (", 1)[0]: h.value.rsplit(" (", 1)[1].rstrip(")") for h in app.subheader
    }
    assert counts == {
        "Episodes added": "1",
        "Approved": "1",
        "Removed or declined": "1",
        "Risk band moved": "2",
        "Flags moved": "2",
        "Actions completed": "1",
        "Actions newly overdue": "1",
    }
    # The panel's seven lists; empty ones show a caption instead of a table. The Decisions
    # section's action-item table is the page's last one.
    panel = app.dataframe[-8:-1]
    added, approved, removed, bands, flags, done, overdue = (f.value for f in panel)
    assert list(added["client"]) == ["Alpha"] and list(added["detail"]) == ["Being bought"]
    assert list(approved["client"]) == ["Bravo"]
    assert list(removed["client"]) == ["Charlie"]
    assert list(removed["detail"]) == ["Stable for four weeks"]
    assert list(zip(bands["client"], bands["band_before"], bands["band_now"], strict=True)) == [
        ("Alpha", "low", "high"),
        ("Charlie", "medium", "low"),
    ]
    assert list(
        zip(flags["client"], flags["criteria_before"], flags["criteria_now"], strict=True)
    ) == [("Alpha", 0, 1), ("Charlie", 1, 0)]
    assert list(done["action"]) == ["Call POC"]
    assert list(zip(overdue["action"], overdue["days_overdue"], strict=True)) == [
        ("Fix backups", 3)
    ]


def test_health_trend_uses_history_and_the_live_week(
    week_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(week_workbook, HEALTH, monkeypatch)
    # Live week: Alpha 0.40×10,000 + Bravo 0.15×4,000 = $4,600; Bravo is Active.
    assert metrics(app)["MRR at risk"] == "$4,600"
    assert metrics(app)["On extra care"] == "1"
    assert not any("no earlier weeks" in c.value for c in app.caption)


def test_shared_screen_steps_through_the_review(
    week_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(week_workbook, MONDAY, monkeypatch, screen="shared")
    assert [m.label for m in app.metric][:2] == ["On extra care", "Awaiting decision"]
    assert not app.header  # one section at a time: only the key figures
    assert app.button(key="prev_top").disabled
    app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Overdue action items"]
    for _ in range(4):
        app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Since the last CST meeting (Mon 16 Nov)"]
    app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Decisions"]
    assert app.button(key="next_top").disabled
    app.toggle[0].set_value(False).run()
    assert "screen" not in app.query_params
    assert len(app.header) >= 5


# --- Empty states and stale data ---------------------------------------------------------


@pytest.fixture(scope="module")
def no_episodes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("e") / "empty.xlsx", clients=CLIENTS)


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_every_page_renders_with_no_episodes(
    no_episodes: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = open_page(no_episodes, page, monkeypatch, client="Acme Dental")
    assert not app.error


def test_no_episode_empty_states(no_episodes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monday = open_page(no_episodes, MONDAY, monkeypatch)
    infos = " ".join(i.value for i in monday.info)
    assert "No client is on extra care" in infos
    assert "Nobody was recommended" in infos
    client = open_page(no_episodes, CLIENT, monkeypatch, client="Beta Law")
    infos = " ".join(i.value for i in client.info)
    assert "never been recommended" in infos
    health = open_page(no_episodes, HEALTH, monkeypatch, status="None")
    assert metrics(health)["Clients shown"] == "6"


@pytest.mark.parametrize("page", [HEALTH, CLIENT, MONDAY])
def test_pages_render_on_the_sample(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    app = open_page(SAMPLE_WORKBOOK, page, monkeypatch, client="Pacific Capital")
    assert app.title


def first_run(workbook: Path, monkeypatch: pytest.MonkeyPatch, *, as_of: str) -> AppTest:
    """The shell's first run (the Monday page). AppTest re-runs only the page script after
    switch_page when a pages/ folder exists, so shell output is checked on the first run."""
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = as_of
    return app.run()


def test_stale_workbook_is_bannered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = scenario_workbook(tmp_path / "old.xlsx")
    path.write_bytes(with_core_modified(path.read_bytes(), "2026-11-01T08:00:00Z"))
    app = first_run(path, monkeypatch, as_of="2026-11-23")  # 22 days > 7
    assert not app.exception
    assert "Stale data" in app.warning[0].value
    assert "last modified 2026-11-01" in app.warning[0].value
    fresh = first_run(path, monkeypatch, as_of="2026-11-08")  # exactly 7 days: fresh
    assert not fresh.warning
