"""The Monday CST review page under AppTest (through the shell): the KPIs and section tabs of the
hand-worked scenario, the "since the last meeting" panel on a hand-written week, the shared-screen
walk through the review, and the empty states."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import (
    MONDAY_SECTION,
    MONDAY_SECTIONS,
    metrics,
    open_monday_section,
    open_page,
    run_app,
    scenario_monday,
    texts,
)
from tests.scenario import (
    AS_OF,
    CLIENTS,
    EXPECTED_SUMMARY,
    WEEK_ACTIONS,
    WEEK_AUDIT,
    WEEK_CLIENTS,
    WEEK_EPISODES,
    WEEK_HISTORY,
    scenario_workbook,
    week_workbook,
)
from tests.workbooks import minimal_workbook

MONDAY = "pages/monday.py"


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return week_workbook(tmp_path_factory.mktemp("w") / "week.xlsx")


def test_monday_page_on_hand_worked_scenario(tmp_path: Path, monkeypatch) -> None:
    # A Wednesday as-of still shows the Monday of that week (SPEC: latest Monday).
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch, as_of="2026-11-25")
    assert not app.exception
    assert metrics(app) == {
        "On extra care": "3",
        "Awaiting decision": "1",
        "MRR on extra care": "$21,000",
        "MRR at risk": "$6,750",
        "Overdue actions": "2",
        "Open loops": "12",  # tests/scenario.py EXPECTED_OPEN_LOOPS
    }
    assert app.title[0].value == f"Monday CST review · {AS_OF:%a %d %b %Y}"
    assert EXPECTED_SUMMARY["candidates"] == ["Echo Capital"]


# The scenario's sections, worked by hand in tests/scenario.py (EXPECTED_SUMMARY,
# EXPECTED_OPEN_LOOPS): two overdue action items, twelve open loops, Foxtrot, Acme and Delta on
# extra care, Beta Law recommended, Echo Capital the one candidate. Each tab's table (by its key)
# has as many rows as its label says.
SCENARIO_TABS = {
    "Overdue actions (2)": "monday_overdue",
    "Open loops (12)": "monday_loops",
    "On extra care (3)": "monday_active",
    "Awaiting decision (1)": "monday_waiting",
    "Candidates (1)": "monday_candidates",
    "Since last meeting": None,
    "Decisions": None,
}


def section_tabs(app: AppTest) -> list[str]:
    return [tab.label for tab in app.tabs if tab.label.rsplit(" (", 1)[0] in MONDAY_SECTIONS]


def client_tables(app: AppTest) -> list[str]:
    return [str(frame.key) for frame in app.dataframe if str(frame.key).startswith("monday_")]


def test_each_section_is_a_tab_with_its_count_and_only_the_open_one_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch)
    assert section_tabs(app) == list(SCENARIO_TABS)  # overdue actions first (SPEC)
    assert client_tables(app) == ["monday_overdue"]  # the by-owner table has no key
    for label, key in SCENARIO_TABS.items():
        open_monday_section(app, label.rsplit(" (", 1)[0])
        assert client_tables(app) == ([key] if key else [])
        if key:
            assert f"({len(app.dataframe(key=key).value)})" in label


@pytest.mark.usefixtures("shell_on_every_run")
def test_the_open_section_stays_open_on_another_date_and_another_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = scenario_monday(tmp_path, monkeypatch, "Candidates")
    # A week earlier (Mon 16 Nov) the labels' counts differ; Candidates is still open.
    app.date_input(key="as_of_input").set_value(pd.Timestamp("2026-11-18").date()).run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == "Monday CST review · Mon 16 Nov 2026"
    assert section_tabs(app) != list(SCENARIO_TABS)
    assert client_tables(app) == ["monday_candidates"]
    app.switch_page("pages/help.py").run()
    app.switch_page("pages/monday.py").run()
    assert client_tables(app) == ["monday_candidates"]


def change_tabs(app: AppTest) -> dict[str, str]:
    """The "Since the last CST meeting" tabs: each kind of change and its count."""
    labels = [tab.label for tab in app.tabs if tab.label.rsplit(" (", 1)[0] in CHANGE_KINDS]
    return {label.rsplit(" (", 1)[0]: label.rsplit(" (", 1)[1].rstrip(")") for label in labels}


def change_table(app: AppTest, kind: str) -> pd.DataFrame:
    """The list in the tab of `kind` (only the open tab's list is drawn)."""
    app.session_state[MONDAY_SECTION] = "Since last meeting"  # the section's tab stays open
    app.session_state["monday_changes_tab"] = f"{kind} ({change_tabs(app)[kind]})"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    [table] = [frame for frame in app.dataframe if str(frame.key).startswith("chg_")]
    return table.value


CHANGE_KINDS = (
    "Episodes added",
    "Approved",
    "Removed or declined",
    "Risk band moved",
    "Flags moved",
    "New since then",
    "Actions completed",
    "Actions newly overdue",
)


def test_since_the_last_meeting_panel(week: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_monday_section(open_page(week, MONDAY, monkeypatch), "Since last meeting")
    assert any(h.value == "Since the last CST meeting (Mon 16 Nov)" for h in app.header)
    assert change_tabs(app) == {
        "Episodes added": "1",
        "Approved": "1",
        "Removed or declined": "1",
        "Risk band moved": "2",
        "Flags moved": "2",
        "New since then": "0",
        "Actions completed": "1",
        "Actions newly overdue": "1",
    }
    assert "Compared with the week of 16 Nov in Pulse History." in texts(app.caption)
    # One tab's list at a time: the first is open.
    assert [f.key for f in app.dataframe if str(f.key).startswith("chg_")] == ["chg_added"]
    added = change_table(app, "Episodes added")
    assert list(added["client"]) == ["Alpha"] and list(added["detail"]) == ["Being bought"]
    assert list(change_table(app, "Approved")["client"]) == ["Bravo"]
    removed = change_table(app, "Removed or declined")
    assert list(removed["client"]) == ["Charlie"]
    assert list(removed["detail"]) == ["Stable for four weeks"]
    bands = change_table(app, "Risk band moved")
    assert list(zip(bands["client"], bands["band_before"], bands["band_now"], strict=True)) == [
        ("Alpha", "low", "high"),
        ("Charlie", "medium", "low"),
    ]
    flags = change_table(app, "Flags moved")
    assert list(
        zip(flags["client"], flags["criteria_before"], flags["criteria_now"], strict=True)
    ) == [("Alpha", 0, 1), ("Charlie", 1, 0)]
    app.session_state["monday_changes_tab"] = "New since then (0)"
    app.run()
    assert "No client is new." in texts(app.caption)
    assert list(change_table(app, "Actions completed")["action"]) == ["Call POC"]
    overdue = change_table(app, "Actions newly overdue")
    assert list(zip(overdue["action"], overdue["days_overdue"], strict=True)) == [
        ("Fix backups", 3)
    ]


def test_a_week_nobody_saved_is_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only 9 Nov was saved (Charlie: 1 criterion, 20%). Against it, this week's Charlie (removed,
    no flag: 0%) moved; Alpha, Bravo and Delta have no 9 Nov row, so they are new, not moved."""
    only_9_nov = [WEEK_HISTORY[0], *[row for row in WEEK_HISTORY[1:] if row[0] == "2026-11-09"]]
    workbook = minimal_workbook(
        tmp_path / "skipped.xlsx",
        clients=WEEK_CLIENTS,
        episodes=WEEK_EPISODES,
        actions=WEEK_ACTIONS,
        extra={"Audit Log": WEEK_AUDIT, "Pulse History": only_9_nov},
    )
    app = open_monday_section(open_page(workbook, MONDAY, monkeypatch), "Since last meeting")
    assert "Compared with the week of 9 Nov: no history was saved for 16 Nov." in texts(app.info)
    counts = change_tabs(app)
    assert (counts["Flags moved"], counts["Risk band moved"]) == ("1", "1")
    moves = [change_table(app, kind) for kind in ("Risk band moved", "Flags moved")]
    pairs = [zip(m["client"], m["criteria_before"], m["criteria_now"], strict=True) for m in moves]
    assert [list(rows) for rows in pairs] == [
        [("Charlie", 1, 0)],  # band medium -> low
        [("Charlie", 1, 0)],  # flags
    ]
    assert list(change_table(app, "New since then")["client"]) == ["Alpha", "Bravo", "Delta"]


def test_shared_screen_steps_through_the_review(
    week: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(week, MONDAY, monkeypatch, screen="shared")
    assert [m.label for m in app.metric][:2] == ["On extra care", "Awaiting decision"]
    assert not app.header  # one section at a time: only the key figures
    assert app.button(key="prev_top").disabled
    app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Overdue action items"]
    app.button(key="next_top").click().run()
    # Bravo was approved today (nothing owed yet); Charlie's removal, undated, was never
    # announced: one loop.
    assert [h.value for h in app.header] == ["Open loops (1)"]
    for _ in range(4):
        app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Since the last CST meeting (Mon 16 Nov)"]
    app.button(key="next_top").click().run()
    assert [h.value for h in app.header] == ["Decisions"]
    # The step is for deciding: its forms are unfolded, the first one ready.
    assert app.button(key="recommend_submit_any")
    assert app.button(key="next_top").disabled
    app.toggle[0].set_value(False).run()
    assert "screen" not in app.query_params
    # The tabs again, the first open: Bravo's "Fix backups" (due 20 Nov) and Alpha's "Old item"
    # (due 10 Nov) are open and past due on 23 Nov.
    assert section_tabs(app)[0] == "Overdue actions (2)"
    assert [h.value for h in app.header] == ["Overdue action items"]


def test_no_episode_empty_states(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_episodes = minimal_workbook(tmp_path / "empty.xlsx", clients=CLIENTS)
    monday = open_page(no_episodes, MONDAY, monkeypatch)
    assert "On extra care (0)" in section_tabs(monday)
    open_monday_section(monday, "On extra care")
    assert "No client is on extra care" in texts(monday.info)
    open_monday_section(monday, "Awaiting decision")
    assert "Nobody was recommended" in texts(monday.info)


# --- the sample's open loops (sample_data/build.py: one case of each) --------------------------

# The sample's three record-keeping cases, from sample_data/build.py: Summit Pharmacy (its first
# Active episode, approved Mon 16 Nov) not marked in the PSA, Canyon Family Clinic (the last,
# same meeting) not announced at the huddle of Tue 17 Nov, Cedar Academy (removed Mon 12 Oct)
# still marked in the PSA.
SAMPLE_CASES = [
    ("Cedar Academy", "Still marked in the PSA", "Account Administrator", "2026-10-12"),
    ("Summit Pharmacy", "Not marked in the PSA", "Account Administrator", "2026-11-16"),
    ("Canyon Family Clinic", "Decision not announced", "Director of Client Success", "2026-11-17"),
]


def test_the_samples_monday_page_shows_one_case_of_each_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pulse.open_loops import Loop
    from tests.paths import SAMPLE_WORKBOOK

    app = open_monday_section(run_app(SAMPLE_WORKBOOK, monkeypatch), "Open loops")
    loops = app.dataframe(key="monday_loops").value
    assert {kind.label for kind in Loop} <= set(loops["loop"])
    since = [f"{day:%Y-%m-%d}" for day in loops["since"]]
    rows = list(zip(loops["client"], loops["loop"], loops["owner_role"], since, strict=True))
    for case in SAMPLE_CASES:
        assert case in rows
