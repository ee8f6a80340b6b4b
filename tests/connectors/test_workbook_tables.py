"""Each tab's table: the header found below titles, every cell typed, every problem at its cell."""

from datetime import datetime
from pathlib import Path

import pandas as pd

from connectors.workbook import read_workbook
from connectors.workbook_tables import (
    HEADER_SEARCH_ROWS,
    Grid,
    SheetLayout,
    Table,
    empty_frame,
    read_table,
)
from pulse.schema import SHEET_SPECS, Sheet, SheetSpec
from tests.workbooks import EPISODE_HEADERS, workbook_problems, write_grid_workbook


def test_header_found_below_title_rows(messy) -> None:
    assert messy.layouts[Sheet.CLIENTS].header_row == 4
    assert messy.layouts[Sheet.EPISODES].header_row == 2
    assert list(messy.clients["sheet_row"]) == [5, 7, 8]  # the blank row 6 is skipped


def test_clients_parsed(messy) -> None:
    clients = messy.clients
    assert list(clients["client"]) == ["Acme Dental", "Beta Law", "gamma foods"]
    assert list(clients["client_key"]) == ["acme dental", "beta law", "gamma foods"]
    assert list(clients["mrr"]) == [12500.0, 5000.0, 750.0]
    assert clients["last_client_contact"].iloc[0] == pd.Timestamp(2026, 11, 10)
    assert clients["last_client_contact"].iloc[1] == pd.Timestamp(2026, 11, 1)
    assert pd.isna(clients["last_client_contact"].iloc[2])


def test_unreadable_values_name_sheet_and_cell(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "bad.xlsx",
        {
            "Clients": [["Client", "MRR", "Last Client Contact"], ["Acme", "lots", "yesterday"]],
            "Extra Care Tracking Info": [
                ["Client", "Status", "NOC Concerns"],
                ["Acme", "Pending", "maybe"],
            ],
            "Action Items": [["Client", "Action", "Due"], ["Acme", "Call", "13/45/2026"]],
        },
    )
    problems = workbook_problems(path)
    assert any(p.startswith("Clients!B2: MRR cannot read 'lots' as money") for p in problems)
    assert any(
        p.startswith("Clients!C2: Last Client Contact cannot read 'yesterday'") for p in problems
    )
    assert any(
        p.startswith("'Extra Care Tracking Info'!C2: NOC Concerns cannot read 'maybe'")
        for p in problems
    )
    assert any(
        p.startswith("'Extra Care Tracking Info'!B2: Status 'Pending' is not one of")
        for p in problems
    )
    assert any(p.startswith("'Action Items'!C2: Due cannot read '13/45/2026'") for p in problems)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "nomrr.xlsx",
        {
            "Clients": [["Client", "vCIO"], ["Acme", "Dana"]],
            "Extra Care Tracking Info": [EPISODE_HEADERS],
            "Action Items": [["Client", "Action"]],
        },
    )
    assert any("required column 'MRR' is missing" in p for p in workbook_problems(path))


def test_datetime_audit_column(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "audit.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
            "Audit Log": [
                ["At", "User", "Client", "Field", "Old", "New", "Note"],
                ["2026-11-16 10:30", "me", "Acme", "status", "", "Active", ""],
            ],
        },
    )
    assert read_workbook(path).audit["at"].iloc[0] == datetime(2026, 11, 16, 10, 30)


# --- read_table on grids as calamine gives them (rows of cells, None for blank) ----------------

CLIENTS = SHEET_SPECS[Sheet.CLIENTS]
ACTIONS = SHEET_SPECS[Sheet.ACTIONS]


def read(grid: Grid, spec: SheetSpec, sheet_name: str = "Tab") -> Table:
    return read_table(grid, spec, sheet_name=sheet_name, label="t.xlsx", date1904=False)


def test_a_table_below_titles_with_header_aliases_and_a_blank_row() -> None:
    grid: Grid = [
        ["Clients"],
        [],
        ["Client Name", "Monthly Recurring Revenue", "Segment"],
        ["Acme", "$1,200", "Legal"],
        [None, None, None],
        ["Beta", 300, None],
    ]
    table = read(grid, CLIENTS, "Clients")
    assert table.layout == SheetLayout("Clients", 3, {"client": 1, "mrr": 2, "segment": 3}, 6)
    assert list(table.frame["client"]) == ["Acme", "Beta"]
    assert list(table.frame["mrr"]) == [1200.0, 300.0]
    assert list(table.frame["sheet_row"]) == [4, 6]
    assert table.problems == []


def test_problems_read_top_to_bottom_then_left_to_right() -> None:
    grid: Grid = [
        ["Client", "Action", "Due", "Done On"],
        ["Acme", "Call", "2026-01-05", "later"],
        ["Beta", "Visit", "soon", None],
    ]
    problems = read(grid, ACTIONS).problems
    assert [(p.cell, p.column) for p in problems] == [("D2", "Done On"), ("C3", "Due")]
    assert problems[1].message == (
        "Due cannot read 'soon' as a date; use YYYY-MM-DD (2026-11-10) or MM/DD/YYYY"
    )


def test_true_and_one_are_different_text() -> None:
    # Parsed once per distinct value: True, 1.0 and 1 compare equal but read differently.
    grid: Grid = [["Client", "Action", "Ticket"], ["A", "x", True], ["A", "y", 1.0], ["A", "z", 1]]
    assert list(read(grid, ACTIONS).frame["ticket"]) == ["Yes", "1", "1"]


def test_a_blank_optional_tab_is_simply_empty() -> None:
    table = read([[None, None], []], SHEET_SPECS[Sheet.AUDIT])
    assert (table.frame.empty, table.layout, table.problems) == (True, None, [])


def test_a_required_tab_without_a_header_names_the_columns_it_needs() -> None:
    grid: Grid = [[None]] * HEADER_SEARCH_ROWS + [["Client", "MRR"], ["Acme", 5]]
    (problem,) = read(grid, CLIENTS, "Clients").problems
    assert str(problem) == (
        "Clients: no header row found in the first 30 rows; expected Client, MRR"
    )


def test_the_best_header_row_is_used_and_the_missing_column_named() -> None:
    table = read([["Client", "vCIO"], ["Acme", "Dana"]], CLIENTS, "Clients")
    (problem,) = table.problems
    assert (problem.cell, problem.column) == ("1:1", "MRR")
    assert problem.message.startswith("required column 'MRR' is missing from the header row")
    assert list(table.frame["vcio"]) == ["Dana"]


def test_empty_frame_has_every_column_typed_and_no_rows() -> None:
    frame = empty_frame(SHEET_SPECS[Sheet.AUDIT])
    assert list(frame.columns) == [
        "at",
        "user",
        "client",
        "field",
        "old",
        "new",
        "note",
        "client_key",
        "sheet_row",
    ]
    assert len(frame) == 0
    assert str(frame["at"].dtype) == "datetime64[ns]" and str(frame["sheet_row"].dtype) == "Int64"
