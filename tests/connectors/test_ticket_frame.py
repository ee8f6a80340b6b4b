"""The canonical frame: security and open flags, and rows no signal can use left out."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.errors import Severity, TicketExportError
from connectors.ticket_columns import Layout
from connectors.ticket_files import RawTable, read_raw_table
from connectors.ticket_frame import canonical_frame, latest_rows
from pulse.settings import TicketRules
from tests.connectors.ticket_exports import read


@pytest.mark.parametrize(
    ("security", "ticket_type", "board", "expected"),
    [
        ("Yes", "Incident", "Service Desk", True),
        ("No", "Incident", "Service Desk", False),
        ("", "Security Incident", "Service Desk", True),
        ("", "Incident", "Security Ops", True),
        ("", "Incident", "NOC", False),
    ],
)
def test_security_flag(security: str, ticket_type: str, board: str, expected: bool) -> None:
    header = "Ticket,Client,Priority,Created,Security,Type,Board\n"
    csv = header + f"1,A,P1,2026-01-05,{security},{ticket_type},{board}\n"
    assert bool(read(csv).loc[0, "security"]) is expected


@pytest.mark.parametrize(
    ("status", "resolved", "is_open"),
    [
        ("Open", "", True),
        ("Closed", "", False),
        ("  CLOSED ", "", False),  # any case, spaces trimmed
        ("Completed", "", False),
        ("Cancelled", "", False),
        ("Done", "", False),
        ("Done yet?", "", True),  # a closed word inside another status never counts
        ("Not closed", "", True),
        (">Closed", "", True),  # ConnectWise's, not on the generic list
        ("Waiting", "2026-01-06", False),
    ],
)
def test_is_open(status: str, resolved: str, is_open: bool) -> None:
    csv = f"Ticket,Client,Priority,Created,Status,Resolved\n1,A,P1,2026-01-05,{status},{resolved}\n"
    assert bool(read(csv).loc[0, "is_open"]) is is_open


def test_open_tickets_whose_status_sounds_closed_are_pointed_out_once() -> None:
    tickets = read(
        "Ticket,Client,Priority,Created,Status\n"
        "1,A,P1,2026-01-05,Done yet?\n2,A,P1,2026-01-05,Done yet?\n3,A,P1,2026-01-05,Closed\n"
        "4,A,P1,2026-01-05,Open\n"
    )
    assert tickets["is_open"].tolist() == [True, True, False, True]
    (warning,) = tickets.attrs["warnings"]
    assert warning.column == "Status"
    assert warning.message.startswith(
        "2 row(s) have a status that is not on the generic closed list: 'Done yet?' (2); they "
        "count as open."
    )
    assert '[tickets.generic] closed_statuses = [..., "Done yet?"]' in warning.message


def test_rows_without_a_client_are_left_out_with_a_warning() -> None:
    tickets = read("Ticket,Client,Priority,Created\n1,Acme,P1,2026-01-05\n2,,P1,2026-01-05\n")
    assert list(tickets["ticket"]) == ["1"]
    (warning,) = tickets.attrs["warnings"]
    assert warning.severity == Severity.WARNING and warning.row == 3


def test_unknown_priorities_are_kept_blank_with_a_warning() -> None:
    tickets = read(
        "Ticket,Client,Priority,Created\n1,Acme,whenever,2026-01-05\n2,Acme,P1,2026-01-05\n"
    )
    assert tickets["priority"].isna().tolist() == [True, False]
    (warning,) = tickets.attrs["warnings"]
    assert "'whenever'" in warning.message and warning.column == "Priority"


# ---- the rules on raw tables --------------------------------------------------------------------


def raw_csv(text: str) -> RawTable:
    return read_raw_table(text.encode(), "t.csv")


def test_latest_rows_keeps_each_tickets_highest_update_in_file_order() -> None:
    table = raw_csv("number,mods\nT1,0\nT1,2\nT2,1\nT1,1\nT3,x\nT3,\n")
    # T1's update 2 is row 1; T2 has one row; T3's are unreadable, so the last of them stays.
    assert latest_rows(table, "number", "MODS").index.tolist() == [1, 2, 5]


def test_a_fully_blank_row_goes_without_a_warning() -> None:
    tickets = read("Ticket,Client,Priority,Created\n1,A,P1,2026-01-05\n,,,\n")
    assert tickets["ticket"].tolist() == ["1"]
    assert tickets.attrs["warnings"] == []


def test_each_kind_of_missing_field_is_one_warning_naming_the_first_row() -> None:
    tickets = read(
        "Ticket,Client,Priority,Created\n1,A,P1,2026-01-05\n,A,P1,2026-01-05\n3,A,P1,\n4,A,P1,\n"
    )
    assert tickets["ticket"].tolist() == ["1"]
    assert [(w.column, w.row, w.message) for w in tickets.attrs["warnings"]] == [
        ("Ticket", 3, "1 row(s) have no Ticket and were left out (the first is shown here)."),
        ("Created", 4, "2 row(s) have no Created and were left out (the first is shown here)."),
    ]


def test_only_five_unreadable_dates_are_shown_and_the_rest_counted() -> None:
    lines = "".join(f"{n},A,P1,someday {n}\n" for n in range(1, 8))
    with pytest.raises(TicketExportError) as caught:
        read("Ticket,Client,Priority,Created\n" + lines)
    problems = caught.value.problems
    assert [p.row for p in problems] == [2, 3, 4, 5, 6]
    assert "'someday 5' is not a date this reader understands (2 more rows in this column)." in (
        problems[4].message
    )


def test_the_canonical_frame_of_a_minimal_export() -> None:
    table = raw_csv("Ticket,Client,Priority,Created\n 7 ,Acme  Inc,P2,2026-01-05 09:00\n")
    columns = {"ticket": "Ticket", "client": "Client", "priority": "Priority", "created": "Created"}
    tickets, warnings = canonical_frame(table, Layout(columns), timezone="UTC", rules=TicketRules())
    assert warnings == []
    assert tickets.loc[0, ["ticket", "client", "priority"]].tolist() == ["7", "Acme  Inc", "High"]
    assert tickets.loc[0, "created"] == pd.Timestamp("2026-01-05 09:00", tz="UTC")
    assert tickets.loc[0, ["client_key", "is_open", "security"]].tolist() == [
        "acme inc",
        True,
        False,
    ]
    assert tickets[["summary", "type", "resolved"]].isna().all().all()


def test_the_source_a_ticket_came_in_by_is_read_when_the_export_has_it() -> None:
    with_source = read(
        "Ticket,Client,Priority,Created,Source\n"
        "TK1,Acme,Critical,2026-03-10 10:00, Phone \n"
        "TK2,Acme,Critical,2026-03-10 10:05,Email\n"
    )
    assert with_source["source"].tolist() == ["Phone", "Email"]
    without = read("Ticket,Client,Priority,Created\nTK1,Acme,Critical,2026-03-10 10:00\n")
    assert "source" not in without.columns
