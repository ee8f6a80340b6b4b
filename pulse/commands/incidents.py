"""`pulse incidents`: critical incidents against the business-hours response procedure."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.clock import now
from app.errors import Problem, TicketExportError
from pulse.commands.arguments import (
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_ticket_options,
    frame_warnings,
    open_workbook,
    ticket_export,
    warn,
)

if TYPE_CHECKING:
    import pandas as pd

    from app.incident_log import LogLocation
    from app.workbooks import Opened
    from pulse.settings import BusinessHours, Settings


def add_incident_commands(commands: Commands) -> None:
    incidents = commands.add_parser(
        "incidents", help="critical incidents against the business-hours response procedure"
    )
    incidents.add_argument(
        "workbook",
        nargs="?",
        default=None,
        help="the Client Pulse workbook whose Incident Log is read (a path, or 'sharepoint')",
    )
    add_ticket_options(incidents, required=False)
    incidents.add_argument("--events", type=Path, default=None, help="incident-events CSV")
    incidents.add_argument(
        "--as-of", dest="as_of", default=None, help="ISO date or date-time (default: now)"
    )
    incidents.add_argument("--json", action="store_true")
    incidents.set_defaults(handler=cmd_incidents)


def cmd_incidents(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.incidents import incidents_json, incidents_table, render_incidents_text

    if args.workbook is None and args.events is None:
        print(
            "pulse incidents: give the WORKBOOK whose Incident Log to read, --events FILE, or both",
            file=sys.stderr,
        )
        return EXIT_USAGE
    events = incident_events(args, settings)
    tickets = ticket_export(args, settings)
    as_of = as_of_instant(args.as_of, settings.business_hours)
    table = incidents_table(events, tickets, as_of=as_of, settings=settings)
    if args.json:
        print(json.dumps(incidents_json(table), indent=2, ensure_ascii=False))
    else:
        print(render_incidents_text(table), end="")
    return EXIT_OK


def incident_events(args: argparse.Namespace, settings: Settings) -> pd.DataFrame:
    """The events CSV's and the workbook's Incident Log's, together; what reading them noted is
    said on stderr (stdout stays the answer)."""
    from app.incident_log import all_events
    from pulse.schema import Sheet

    csv_events = events_file(args.events, settings)
    if args.workbook is None:
        return csv_events
    opened = open_workbook(args.workbook, settings, tabs=[Sheet.INCIDENT_LOG])
    log_events, _ = logged_events(opened, settings)
    return all_events(csv_events, log_events)


def events_file(path: Path | None, settings: Settings) -> pd.DataFrame:
    """The events CSV --events names (none: no events), its warnings on stderr."""
    from app.incident_log import no_events
    from app.inputs import read_events_file

    if path is None:
        return no_events()
    events = read_events_file(path, settings, option="--events")
    warn(frame_warnings(events))
    return events


def logged_events(opened: Opened, settings: Settings) -> tuple[pd.DataFrame, LogLocation]:
    """The Incident Log's events for `opened` (its tab, or the separate incident workbook) and
    where it lives; rows it leaves out are said on stderr."""
    from app.incident_log import log_location, read_log

    location = log_location(settings, opened.source)
    log = read_log(location, opened, settings)
    warn(log.warnings)
    return log.events, location


def as_of_instant(text: str | None, hours: BusinessHours) -> datetime:
    """A date means the end of that day in the business zone; a naive time is local there."""
    from zoneinfo import ZoneInfo

    from pulse.incidents import as_of_instant as end_of_day

    if text is None:
        return now(hours.timezone)
    try:
        if len(text) == len("YYYY-MM-DD"):
            return end_of_day(date.fromisoformat(text), hours)
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise TicketExportError(
            [Problem("--as-of", f"'{text}' is not an ISO date or date-time (2026-11-23T10:00)")]
        )
    return instant if instant.tzinfo else instant.replace(tzinfo=ZoneInfo(hours.timezone))
