"""What every command shares (pulse/commands/arguments.py): dates typed as YYYY-MM-DD, the ticket
options, the export --tickets names read with the layout or saved mapping asked for, and what
reading noted (workbook, tickets) printed on stderr."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from connectors.errors import Problem, TicketExportError
from pulse.commands.arguments import (
    add_as_of,
    add_ticket_options,
    frame_warnings,
    iso_date,
    iso_datetime,
    open_workbook,
    ticket_export,
    warn,
)
from pulse.settings import Settings
from tests.workbooks import write_grid_workbook

# Two tickets in the generic layout, written by hand.
EXPORT = (
    "Ticket,Client,Summary,Priority,Created\n"
    "T1,Acme Dental,Printer jam,Low,2026-11-20T09:00:00Z\n"
    "T2,Beta Law,VPN down,Critical,2026-11-21T10:30:00Z\n"
)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2026-11-23", date(2026, 11, 23)), ("2024-02-29", date(2024, 2, 29))],
)
def test_iso_date_reads_a_calendar_day(text: str, day: date) -> None:
    assert iso_date(text) == day


@pytest.mark.parametrize("text", ["23/11/2026", "2026-02-30", "monday", ""])
def test_iso_date_refuses_anything_else_saying_how_to_write_it(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"'{text}' is not a date; use YYYY-MM-DD"):
        iso_date(text)


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser()
    add_as_of(command)
    add_ticket_options(command, required=False)
    return command


def test_the_options_default_to_none() -> None:
    args = parser().parse_args([])
    assert (args.as_of, args.tickets, args.preset, args.mapping) == (None, None, None, None)
    assert (args.exported_at, args.strict) == (None, False)


def test_a_preset_must_be_one_the_reader_knows() -> None:
    assert parser().parse_args(["--preset", "halopsa"]).preset == "halopsa"
    with pytest.raises(SystemExit):
        parser().parse_args(["--preset", "freshdesk"])


def test_no_tickets_option_reads_nothing() -> None:
    assert ticket_export(parser().parse_args([]), Settings()) is None


def test_the_tickets_option_reads_the_export(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(EXPORT)
    tickets = ticket_export(parser().parse_args(["--tickets", str(path)]), Settings())
    assert tickets is not None
    assert list(tickets["ticket"]) == ["T1", "T2"]
    assert list(tickets["client"]) == ["Acme Dental", "Beta Law"]


def test_an_unknown_mapping_is_refused_before_the_file_is_read(tmp_path: Path) -> None:
    args = parser().parse_args(["--tickets", str(tmp_path / "absent.csv"), "--mapping", "halo"])
    with pytest.raises(TicketExportError, match="no ticket mapping named 'halo' \\(none saved\\)"):
        ticket_export(args, Settings())


# ---- --exported-at and --strict -----------------------------------------------------------------

# A ConnectWise board list: no Date Entered, only Age (days since entry).
BOARD = (
    '"Ticket #","Company","Priority","Age"\n'
    '"101","Acme Dental","Priority 2 - Quick Response","1.5"\n'
)


@pytest.mark.parametrize(
    ("given", "created"),
    [
        # Noon in Los Angeles (PDT, UTC-7) is 19:00 UTC; 1.5 days earlier, 20 April 07:00 UTC.
        ("2025-04-21T12:00", "2025-04-20 07:00"),
        ("2025-04-21T12:00Z", "2025-04-20 00:00"),  # an offset is kept
    ],
)
def test_exported_at_is_where_age_counts_back_from(
    tmp_path: Path, given: str, created: str
) -> None:
    path = tmp_path / "board.csv"
    path.write_text(BOARD)
    args = parser().parse_args(["--tickets", str(path), "--exported-at", given])
    tickets = ticket_export(args, Settings())
    assert tickets is not None
    assert tickets.loc[0, "created"] == pd.Timestamp(created, tz="UTC")
    assert tickets.loc[0, "priority"] == "High"
    assert "(given with --exported-at)" in tickets.attrs["warnings"][0].message


def test_exported_at_must_be_a_time() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="use YYYY-MM-DDTHH:MM"):
        iso_datetime("21/04/2025 noon")


def test_strict_refuses_what_is_otherwise_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(EXPORT + "T3,Cyan Co,Outage,High,last tuesday\n")
    lenient = ticket_export(parser().parse_args(["--tickets", str(path)]), Settings())
    assert lenient is not None and list(lenient["ticket"]) == ["T1", "T2"]
    assert lenient.attrs["warnings"][0].row == 4
    with pytest.raises(TicketExportError, match="row 4, column Created: 'last tuesday'"):
        ticket_export(parser().parse_args(["--tickets", str(path), "--strict"]), Settings())


# --- what reading noted goes to stderr, one line each -------------------------------------------


def test_warnings_are_one_line_each_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    warn(
        [
            Problem("pulse.xlsx", "listed twice", sheet="Clients", cell="A4"),
            Problem("tickets.csv", "no Client", row=3),
        ]
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "warning: Clients!A4: listed twice\nwarning: tickets.csv, row 3: no Client\n"
    )


def test_a_warning_quoting_a_cell_with_line_breaks_stays_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Found by tests/test_fuzz.py: a vertical tab in a date cell split the warning in two.
    warn([Problem("tickets.csv", "'a\x0bb\nc\u2028d' is not a date", row=7)])
    assert capsys.readouterr().err == (
        "warning: tickets.csv, row 7: 'a\\x0bb\\nc\\u2028d' is not a date\n"
    )


def test_a_frame_without_warnings_has_none() -> None:
    assert frame_warnings(pd.DataFrame({"ticket": ["T1"]})) == []


def test_the_tickets_options_warnings_go_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(EXPORT + "T3,,Lost client,Low,2026-11-21T11:00:00Z\n")
    tickets = ticket_export(parser().parse_args(["--tickets", str(path)]), Settings())
    assert tickets is not None and list(tickets["ticket"]) == ["T1", "T2"]
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("warning: tickets.csv, row 4")  # the header is line 1, T3 line 4
    assert "Client" in line


def test_the_workbooks_warnings_go_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_grid_workbook(
        tmp_path / "pulse.xlsx",
        {
            "Clients": [["Client", "MRR", "Notes", "notes"], ["Acme", 100], ["acme ", 200]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    opened = open_workbook(str(path), Settings())
    assert list(opened.workbook.clients["mrr"]) == [100, 200]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "warning: Clients!D1: 'Notes' (C1) and 'notes' (D1) repeat one header; the product "
        "does not read that column and ignores it",
        "warning: Clients!A3: client 'acme' is listed twice (names match ignoring case and "
        "spaces); the first row is used, delete or rename the other",
    ]
