"""Checks across the tabs: clients matched ignoring case and spaces, statuses normalised."""

from pathlib import Path

import pandas as pd

from connectors.errors import Problem, Severity
from connectors.workbook import read_workbook
from connectors.workbook_checks import cross_check
from connectors.workbook_tables import Grid, read_table
from pulse.schema import SHEET_SPECS, Sheet
from tests.workbooks import write_grid_workbook


def test_episodes_match_clients_ignoring_case_and_spaces(messy) -> None:
    episodes = messy.episodes
    assert list(episodes["client_key"]) == ["acme dental", "beta law", "unknown co"]
    assert list(episodes["status"]) == ["Active", "Recommended", "Declined"]
    assert list(episodes["crit_noc"]) == [True, False, False]
    assert list(episodes["crit_frustrated_messages"]) == [True, False, False]
    assert list(episodes["crit_acquisition"]) == [False, True, False]
    # 46330 is the serial of 2026-11-04 (2026-01-01 is 46023, +307 days).
    assert episodes["recommended_on"].iloc[1] == pd.Timestamp(2026, 11, 4)


def test_actions_default_status_and_ticket_text(messy) -> None:
    actions = messy.actions
    assert list(actions["status"]) == ["Open", "Done"]
    assert actions["ticket"].iloc[0] == "12345"
    assert actions["client_key"].iloc[0] == "acme dental"


def test_unknown_clients_are_warnings_with_cells(messy) -> None:
    warnings = [str(p) for p in messy.warnings if p.severity == Severity.WARNING]
    # Cells are named on the tab as the workbook spells it.
    assert any(
        w.startswith("'extra care tracking info'!A5: client 'Unknown Co' is not on the Clients tab")
        for w in warnings
    )
    assert any(w.startswith("'ACTION ITEMS'!A3: client 'Nobody Ltd'") for w in warnings)


def test_duplicate_client_is_a_warning(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "dup.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100], ["ACME ", 200]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    workbook = read_workbook(path)
    (warning,) = workbook.warnings
    assert str(warning).startswith("Clients!A3: client 'ACME' is listed twice")


# --- cross_check on tables read from grids --------------------------------------------------

CLIENT_GRID: Grid = [["Client", "MRR"], ["Acme", 100], ["Beta", None], [None, 5]]


def checked(
    episodes: Grid, actions: Grid, *, with_layouts: bool = True
) -> tuple[dict[Sheet, pd.DataFrame], list[Problem]]:
    grids = {Sheet.CLIENTS: CLIENT_GRID, Sheet.EPISODES: episodes, Sheet.ACTIONS: actions}
    tables = {
        sheet: read_table(
            grid, SHEET_SPECS[sheet], sheet_name=sheet.value, label="p.xlsx", date1904=False
        )
        for sheet, grid in grids.items()
    }
    frames = {sheet: table.frame for sheet, table in tables.items()}
    layouts = {sheet: t.layout for sheet, t in tables.items() if t.layout and with_layouts}
    return frames, cross_check(frames, label="p.xlsx", layouts=layouts)


NO_EPISODES: Grid = [["Client", "Status"]]
NO_ACTIONS: Grid = [["Client", "Action"]]


def test_statuses_match_ignoring_case_with_the_usual_synonyms() -> None:
    episodes: Grid = [
        ["Client", "Status"],
        ["Acme", "approved"],
        ["Acme", "RECOMMEND"],
        ["Acme", " removed from extra care "],
    ]
    actions: Grid = [
        ["Client", "Action", "Status"],
        ["Acme", "a", "completed"],
        ["Acme", "b", "In Progress"],
        ["Acme", "c", None],  # a blank action status means Open
    ]
    frames, problems = checked(episodes, actions)
    assert list(frames[Sheet.EPISODES]["status"]) == ["Active", "Recommended", "Removed"]
    assert list(frames[Sheet.ACTIONS]["status"]) == ["Done", "Open", "Open"]
    assert [p for p in problems if p.sheet != "Clients"] == []


def test_a_blank_episode_status_is_an_error_at_its_cell() -> None:
    _, problems = checked([["Client", "Status"], ["Acme", None]], NO_ACTIONS)
    (problem,) = [p for p in problems if p.sheet == "Extra Care Tracking Info"]
    assert (problem.cell, problem.column, problem.severity) == ("B2", "Status", Severity.ERROR)
    assert problem.message.startswith("Status is blank; use one of Recommended, Active, Removed")


def test_blank_client_names_and_mrr_on_the_clients_tab_are_errors() -> None:
    _, problems = checked(NO_EPISODES, NO_ACTIONS)
    assert [(p.cell, p.column, p.message) for p in problems] == [
        (
            "A4",
            "Client",
            "Client name is blank on a row that has data; fill it in or clear the row",
        ),
        # Row 4 has no name: one problem is enough there.
        ("B3", "MRR", "MRR is blank; type the monthly recurring revenue (0 if none)"),
    ]


def test_an_action_without_a_client_is_an_error() -> None:
    _, problems = checked(NO_EPISODES, [["Client", "Action"], [None, "Call"], ["acme ", "Visit"]])
    (problem,) = [p for p in problems if p.sheet == "Action Items"]
    assert (str(problem), problem.severity) == (
        "'Action Items'!A2: Client is blank; type the client's name as on the Clients tab",
        Severity.ERROR,
    )


def test_without_a_layout_problems_name_only_the_file() -> None:
    _, problems = checked(
        [["Client", "Status"], ["Gamma", "Active"]], NO_ACTIONS, with_layouts=False
    )
    unknown = [p for p in problems if p.severity == Severity.WARNING]
    assert [(p.sheet, p.cell, p.where) for p in unknown] == [("", "", "p.xlsx, column Client")]
