"""What every command shares (pulse/cli/arguments.py): dates typed as YYYY-MM-DD, the ticket
options, and the export --tickets names read with the layout or saved mapping asked for."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from connectors.errors import TicketExportError
from pulse.cli.arguments import add_as_of, add_ticket_options, iso_date, ticket_export
from pulse.settings import Settings

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
