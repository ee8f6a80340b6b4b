"""Each tab's table: the header found below titles, every cell typed, every problem at its cell."""

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from connectors.errors import Severity
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
    """Old rows (a naive time, as text or a date-time cell) are business-zone time; new ones
    carry their offset, which is kept whatever the zone the workbook is read in."""
    path = write_grid_workbook(
        tmp_path / "audit.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
            "Audit Log": [
                ["At", "User", "Client", "Field", "Old", "New", "Note"],
                ["2026-11-16 10:30", "me", "Acme", "status", "", "Active", ""],
                [datetime(2026, 7, 6, 9, 0), "me", "Acme", "status", "", "Active", ""],
                ["2026-11-23T18:15:00+00:00", "me", "Acme", "status", "", "Active", ""],
            ],
        },
    )
    at = read_workbook(path).audit["at"]
    assert [moment.isoformat() for moment in at] == [
        "2026-11-16T10:30:00-08:00",
        "2026-07-06T09:00:00-07:00",
        "2026-11-23T10:15:00-08:00",
    ]
    in_new_york = read_workbook(path, timezone="America/New_York").audit["at"]
    assert [moment.isoformat() for moment in in_new_york] == [
        "2026-11-16T10:30:00-05:00",
        "2026-07-06T09:00:00-04:00",
        "2026-11-23T13:15:00-05:00",
    ]


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


# --- a column named twice in one header row ----------------------------------------------------


def test_a_column_the_product_reads_named_twice_is_refused_naming_both() -> None:
    table = read([["Client", "MRR", "Segment", "mrr "], ["Acme", 100, "Legal", 200]], CLIENTS)
    assert [str(problem) for problem in table.problems] == [
        "Tab!D1: the MRR column is in the header twice: 'MRR' (B1) and 'mrr' (D1); delete or "
        "rename one, so it is clear which holds the data"
    ]
    assert table.problems[0].severity == Severity.ERROR


def test_two_names_of_one_column_are_the_same_column_twice() -> None:
    table = read([["Client", "Client Name", "MRR"], ["Acme", "Acme Dental", 100]], CLIENTS)
    assert [str(problem) for problem in table.problems] == [
        "Tab!B1: the Client column is in the header twice: 'Client' (A1) and 'Client Name' (B1); "
        "delete or rename one, so it is clear which holds the data"
    ]


def test_a_repeated_column_the_product_does_not_read_is_noted_and_ignored() -> None:
    grid: Grid = [
        ["Client", "Change Mgmt Date", "MRR", "Change Mgmt Date"],
        ["Acme", "2026-01-02", 100, "2026-03-04"],
    ]
    table = read(grid, CLIENTS)
    assert [(str(p), p.severity) for p in table.problems] == [
        (
            "Tab!D1: 'Change Mgmt Date' (B1) and 'Change Mgmt Date' (D1) repeat one header; the "
            "product does not read that column and ignores it",
            Severity.WARNING,
        )
    ]
    assert list(table.frame["client"]) == ["Acme"] and list(table.frame["mrr"]) == [100.0]


def test_a_repeated_read_column_stops_the_workbook(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "twice.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status", "Status"], ["Acme", "Active", ""]],
            "Action Items": [["Client", "Action"]],
        },
    )
    assert workbook_problems(path) == [
        "'Extra Care Tracking Info'!C1: the Status column is in the header twice: 'Status' (B1) "
        "and 'Status' (C1); delete or rename one, so it is clear which holds the data"
    ]


# --- columns typed a distinct value at a time ---------------------------------------------------

CLIENT_HEADER: list[object] = ["Client", "MRR", "Last Client Contact"]


def test_one_bad_cell_among_good_ones_is_named_and_the_rest_read() -> None:
    grid: Grid = [
        CLIENT_HEADER,
        ["Acme", 1000.0, date(2026, 11, 2)],
        ["Beta", 1000.0, date(2026, 11, 2)],
        ["Gamma", 1000.0, "13/45/2026"],
        ["Delta", 1000.0, date(2026, 11, 2)],
    ]
    table = read(grid, CLIENTS)
    (problem,) = table.problems
    assert (problem.sheet, problem.cell, problem.column) == ("Tab", "C4", "Last Client Contact")
    assert problem.message.startswith(
        "Last Client Contact cannot read '13/45/2026' as a date; use YYYY-MM-DD"
    )
    contacts = table.frame["last_client_contact"]
    assert list(contacts.dropna()) == [pd.Timestamp(2026, 11, 2)] * 3
    assert pd.isna(contacts.iloc[2])


def test_serial_dates_follow_the_workbooks_date_system() -> None:
    # 45000 is 2023-03-15 counted from 1899-12-30; from 1904-01-01 it is 1462 days later.
    grid: Grid = [CLIENT_HEADER, ["Acme", 1.0, 45000.0], ["Beta", 1.0, date(2026, 11, 2)]]
    for date1904, day in ((False, pd.Timestamp(2023, 3, 15)), (True, pd.Timestamp(2027, 3, 16))):
        table = read_table(grid, CLIENTS, sheet_name="Tab", label="t.xlsx", date1904=date1904)
        assert list(table.frame["last_client_contact"]) == [day, pd.Timestamp(2026, 11, 2)]


def test_numbers_stored_as_text_read_as_the_numbers_beside_them() -> None:
    grid: Grid = [
        CLIENT_HEADER,
        ["Acme", "12,500", None],
        ["Beta", 12500.0, None],
        ["Gamma", "$1,000.50", None],
        ["Delta", 12500, None],
    ]
    table = read(grid, CLIENTS)
    assert table.problems == []
    assert list(table.frame["mrr"]) == [12500.0, 12500.0, 1000.5, 12500.0]


def test_true_and_1_in_one_column_are_told_apart() -> None:
    # True == 1 == 1.0 in Python: a yes typed into MRR must not pass for 1 (nor 1 for a yes).
    grid: Grid = [CLIENT_HEADER, ["Acme", 1, None], ["Beta", True, None], ["Gamma", 1.0, None]]
    table = read(grid, CLIENTS)
    (problem,) = table.problems
    assert (problem.cell, problem.message) == ("B3", "MRR is True, not an amount of money")
    assert list(table.frame["mrr"].fillna(-1)) == [1.0, -1, 1.0]
