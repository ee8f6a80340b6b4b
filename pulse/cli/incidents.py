"""`pulse incidents`: critical incidents against the business-hours response procedure."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.clock import now
from connectors.errors import Problem, TicketExportError
from connectors.paths import input_file
from pulse.cli.arguments import (
    EXIT_OK,
    Commands,
    add_ticket_options,
    frame_warnings,
    ticket_export,
    warn,
)

if TYPE_CHECKING:
    from pulse.settings import BusinessHours, Settings


def add_incident_commands(commands: Commands) -> None:
    incidents = commands.add_parser(
        "incidents", help="critical incidents against the business-hours response procedure"
    )
    add_ticket_options(incidents, required=False)
    incidents.add_argument("--events", type=Path, required=True, help="incident-events CSV")
    incidents.add_argument(
        "--as-of", dest="as_of", default=None, help="ISO date or date-time (default: now)"
    )
    incidents.add_argument("--json", action="store_true")
    incidents.set_defaults(handler=cmd_incidents)


def cmd_incidents(args: argparse.Namespace, settings: Settings) -> int:
    from app.inputs import read_events_file
    from pulse.incidents import incidents_json, incidents_table, render_incidents_text

    events = read_events_file(input_file(args.events, option="--events"), settings)
    warn(frame_warnings(events))
    tickets = ticket_export(args, settings)
    as_of = as_of_instant(args.as_of, settings.business_hours)
    table = incidents_table(events, tickets, as_of=as_of, settings=settings)
    if args.json:
        print(json.dumps(incidents_json(table), indent=2, ensure_ascii=False))
    else:
        print(render_incidents_text(table), end="")
    return EXIT_OK


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
