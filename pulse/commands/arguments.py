"""What every command shares: exit codes, argument types and the ticket options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.inputs import preset_names
from app.workbooks import SHAREPOINT, Opened, open_location

if TYPE_CHECKING:
    import pandas as pd

    from app.errors import Problem
    from pulse.schema import Sheet
    from pulse.settings import Settings

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3
EXIT_UNREACHABLE = 4  # SharePoint or a notification channel did not take the request
Handler = Callable[[argparse.Namespace, "Settings"], int]
Commands = Any  # argparse's private _SubParsersAction


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD")


def iso_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time; use YYYY-MM-DDTHH:MM (e.g. 2025-04-21T11:30)"
        )


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=iso_date, default=None, help="YYYY-MM-DD (default today)")


def add_workbook(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workbook", help=f"a path, or '{SHAREPOINT}' for the live file")


def add_ticket_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--tickets", type=Path, required=required, help="ticket export (CSV/XLSX) from the PSA"
    )
    parser.add_argument(
        "--preset", choices=preset_names(), default=None, help="force an export layout"
    )
    parser.add_argument(
        "--mapping", default=None, help="a column mapping saved in pulse.toml [ticket_mappings]"
    )
    parser.add_argument(
        "--exported-at",
        type=iso_datetime,
        default=None,
        help="when the export was made (YYYY-MM-DDTHH:MM, business time zone unless an offset "
        "is given): Created is counted back from an Age column; default the file's modified time",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse an export with any unreadable date (default: leave that ticket out, warned)",
    )


def ticket_export(args: argparse.Namespace, settings: Settings) -> pd.DataFrame | None:
    """The export --tickets names, through the ticket cache (None without --tickets); what
    reading it noted goes to stderr."""
    return _warned(_read_ticket_export(args, settings))


def workbook_and_tickets(
    args: argparse.Namespace, settings: Settings, *, tabs: Collection[Sheet] | None = None
) -> tuple[Opened, pd.DataFrame | None]:
    """The workbook and the --tickets export, the export read by a thread of its own meanwhile
    (Arrow parses it, and reads the ticket cache, without holding the interpreter). Everything
    is said as if read one after the other: the workbook's problems and warnings first, and
    the export's only once the workbook is read."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulse-tickets") as pool:
        reading = pool.submit(_read_ticket_export, args, settings)
        opened = open_workbook(args.workbook, settings, tabs=tabs)
        tickets = reading.result()
    return opened, _warned(tickets)


def _warned(tickets: pd.DataFrame | None) -> pd.DataFrame | None:
    """The export, once what reading it noted is said on stderr."""
    if tickets is not None:
        warn(frame_warnings(tickets))
    return tickets


def _read_ticket_export(args: argparse.Namespace, settings: Settings) -> pd.DataFrame | None:
    if args.tickets is None:
        return None
    from app.inputs import read_ticket_file, ticket_mapping

    mapping = ticket_mapping(settings, getattr(args, "mapping", None))
    return read_ticket_file(
        args.tickets,
        settings,
        preset=args.preset,
        mapping=mapping,
        exported_at=getattr(args, "exported_at", None),
        strict=getattr(args, "strict", False),
        option="--tickets",
        write_behind=True,  # the figures are computed while the cache file is written
    )


def open_workbook(
    location: str, settings: Settings, *, tabs: Collection[Sheet] | None = None
) -> Opened:
    """The workbook at `location` (a path or `sharepoint`); what reading it noted goes to stderr."""
    opened = open_location(
        location, tabs=tabs, timezone=settings.business_hours.timezone, limits=settings.limits
    )
    warn(opened.workbook.warnings)
    return opened


def frame_warnings(frame: pd.DataFrame) -> list[Problem]:
    """What a reader dropped, blanked or merged while making `frame` (its attrs["warnings"])."""
    return list(frame.attrs.get("warnings", []))


# What str.splitlines() (and a terminal) takes for the end of a line, inside a quoted cell.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def one_line(text: str) -> str:
    """`text` with each line break written as its escape (a cell may hold any of them)."""
    return "".join(repr(ch)[1:-1] if ch in LINE_BREAKS else ch for ch in text)


def warn(problems: Iterable[Problem]) -> None:
    """Every warning, one line each on stderr: stdout stays the answer (and clean JSON)."""
    for problem in problems:
        print(f"warning: {one_line(str(problem))}", file=sys.stderr)
