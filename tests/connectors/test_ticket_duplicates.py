"""One ticket in several rows: identical copies count once, differing ones keep the latest."""

from __future__ import annotations

import io

import pandas as pd

from connectors.errors import Severity
from tests.connectors.ticket_exports import read

HEADER = "Ticket,Client,Priority,Created,Status,Last Update\n"


def test_identical_rows_count_once_with_a_warning() -> None:
    tickets = read(
        HEADER + "1,Acme,P1,2026-01-05,Open,2026-01-05\n"
        "2,Acme,P2,2026-01-06,Open,2026-01-06\n"
        "1,Acme,P1,2026-01-05,Open,2026-01-05\n"
        "1,Acme,P1,2026-01-05,Open,2026-01-05\n"
    )
    assert tickets["ticket"].tolist() == ["1", "2"]
    (warning,) = tickets.attrs["warnings"]
    assert warning.severity == Severity.WARNING and warning.row == 4
    assert warning.message == (
        "2 row(s) repeat an earlier row cell for cell and are counted once (the first repeat "
        "is row 4)."
    )


def test_differing_rows_of_one_ticket_keep_the_one_updated_last() -> None:
    tickets = read(
        HEADER + "7,Acme,P1,2026-01-05,Closed,2026-01-09 10:00\n"  # line 2: updated last
        "7,Acme,P1,2026-01-05,Open,2026-01-05 09:00\n"  # line 3: lower, but older
        "8,Acme,P3,2026-01-06,Open,2026-01-06\n"
    )
    assert tickets["ticket"].tolist() == ["7", "8"]
    assert tickets.loc[0, "status"] == "Closed" and not tickets.loc[0, "is_open"]
    (warning,) = tickets.attrs["warnings"]
    assert warning.message == (
        "1 ticket(s) appear in rows that differ: 7 (rows 2, 3; row 2 kept). For each, the row "
        "with the latest 'Last Update' is kept (the lower row when equal); 1 older row(s) are "
        "left out."
    )


def test_without_a_last_update_column_the_lower_row_is_kept() -> None:
    tickets = read(
        "Ticket,Client,Priority,Created,Status\n"
        "7,Acme,P1,2026-01-05,Open\n"
        "9,Acme,P1,2026-01-05,Open\n"
        "7,Acme,P1,2026-01-05,Closed\n"
        "9,Acme,P2,2026-01-05,Open\n"
        "9,Acme,P3,2026-01-05,Open\n"
    )
    assert tickets.set_index("ticket")["status"].to_dict() == {"7": "Closed", "9": "Open"}
    assert tickets.set_index("ticket")["priority"].to_dict() == {"7": "Critical", "9": "Medium"}
    (warning,) = tickets.attrs["warnings"]
    assert warning.message.startswith(
        "2 ticket(s) appear in rows that differ: 7 (rows 2, 4; row 4 kept); 9 (rows 3, 5, 6; "
        "row 6 kept). For each, the row lower in the file is kept"
    )
    assert warning.message.endswith("3 older row(s) are left out.")


def test_a_ticket_number_written_two_ways_is_one_ticket() -> None:
    # 123 and 123.0 (a spreadsheet number cell) differ as cells, so it is a differing repeat.
    tickets = read(
        "Ticket,Client,Priority,Created\n123,Acme,P1,2026-01-05\n123.0,Acme,P1,2026-01-05\n"
    )
    assert tickets["ticket"].tolist() == ["123"]
    assert "row 3 kept" in tickets.attrs["warnings"][0].message


def test_in_a_workbook_the_repeat_is_named_by_its_sheet_row() -> None:
    frame = pd.DataFrame(
        {
            "Ticket": ["1", "1"],
            "Client": ["A", "A"],
            "Priority": ["P1"] * 2,
            "Created": ["2026-01-05"] * 2,
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="Tickets")
    (warning,) = read(buffer.getvalue()).attrs["warnings"]
    assert warning.where == "Tickets" and "(the first repeat is row 3)" in warning.message


def test_an_export_in_any_order_without_repeats_keeps_every_row_silently() -> None:
    # Ascending, newest first, and by some other column: no number twice, nothing said.
    for numbers in (["101", "102", "103"], ["103", "102", "101"], ["102", "TK9", "101"]):
        rows = "".join(f"{number},Acme,P1,2026-01-05\n" for number in numbers)
        tickets = read("Ticket,Client,Priority,Created\n" + rows)
        assert tickets["ticket"].tolist() == numbers
        assert tickets.attrs["warnings"] == []


def test_a_repeat_far_apart_in_the_file_is_found() -> None:
    # 103 on rows 2 and 5, other numbers between (and smaller and larger): one ticket.
    tickets = read(
        "Ticket,Client,Priority,Created\n103,Acme,P1,2026-01-05\n102,Acme,P1,2026-01-05\n"
        "104,Acme,P1,2026-01-05\n103,Acme,P1,2026-01-05\n"
    )
    assert tickets["ticket"].tolist() == ["103", "102", "104"]
    (warning,) = tickets.attrs["warnings"]
    assert "(the first repeat is row 5)" in warning.message
