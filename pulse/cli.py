"""`pulse`: the command-line shell. Wires connectors to the domain, like streamlit_app.py does.

Exit codes: 0 ok, 1 bad input (one line per problem), 2 usage or SharePoint misconfigured,
3 someone saved the SharePoint file meanwhile (or holds it open), 4 SharePoint unreachable or
refusing the credentials.

Wherever a command takes a workbook path, the word `sharepoint` means the configured live file
(PULSE_SHAREPOINT_* in the environment or [sharepoint] in .streamlit/secrets.toml).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connectors.config import load_settings
from connectors.errors import InputError, Problem, Severity, TicketExportError
from connectors.ticket_presets import PRESETS
from pulse.dates import latest_monday
from pulse.schema import Sheet

if TYPE_CHECKING:
    import pandas as pd

    from connectors import sharepoint as sp
    from connectors.workbook import LoadedWorkbook
    from pulse.settings import BusinessHours, Settings

# Each command imports what it needs when it runs: `pulse summary` never pays for SharePoint
# (office365), the incident procedure, the escalation matrix, the workbook writer or the sample
# writer (openpyxl), and never imports streamlit (tests/test_cli_imports.py holds that line).

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
SHAREPOINT = "sharepoint"  # the word that means "the configured live file" wherever a path goes
CACHE_ENV = "PULSE_SHAREPOINT_CACHE"  # where the last good SharePoint copy is kept
# The tabs the Monday figures come from; the history and audit tabs are not read for a summary.
SUMMARY_TABS = (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS)
SAMPLE_WORKBOOK = Path(__file__).resolve().parents[1] / "sample_data" / "client_pulse_sample.xlsx"

Handler = Callable[[argparse.Namespace, "Settings"], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        settings = load_settings()
        handler: Handler = args.handler
        return handler(args, settings)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        # Only a command that imported the SharePoint connector can raise its errors.
        sharepoint = sys.modules.get("connectors.sharepoint")
        if sharepoint is None or not isinstance(exc, sharepoint.SharePointError):
            raise
        print(f"SharePoint: {exc}", file=sys.stderr)
        code: int = sharepoint.exit_code_for(exc)
        return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pulse", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    validate = commands.add_parser("validate", help="check that a workbook can be read")
    validate.add_argument("workbook")
    validate.set_defaults(handler=cmd_validate)
    summary = commands.add_parser("summary", help="the Monday CST numbers")
    summary.add_argument("workbook")
    summary.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
    summary.add_argument("--json", action="store_true")
    _ticket_arguments(summary, required=False)
    summary.set_defaults(handler=cmd_summary)
    signals = commands.add_parser("signals", help="criteria signals raised by a ticket export")
    signals.add_argument("workbook")
    signals.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
    signals.add_argument("--json", action="store_true")
    _ticket_arguments(signals, required=True)
    signals.set_defaults(handler=cmd_signals)
    incidents = commands.add_parser(
        "incidents", help="critical incidents against the business-hours response procedure"
    )
    _ticket_arguments(incidents, required=False)
    incidents.add_argument("--events", type=Path, required=True, help="incident-events CSV")
    incidents.add_argument(
        "--as-of", dest="as_of", default=None, help="ISO date or date-time (default: now)"
    )
    incidents.add_argument("--json", action="store_true")
    incidents.set_defaults(handler=cmd_incidents)
    export = commands.add_parser(
        "export", help="write the workbook with this week's Pulse History rows added"
    )
    export.add_argument("workbook", help=f"a path, or '{SHAREPOINT}' for the live file")
    export.add_argument(
        "--out", required=True, help=f"where to write (may equal WORKBOOK; '{SHAREPOINT}')"
    )
    export.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
    _ticket_arguments(export, required=False)
    export.set_defaults(handler=cmd_export)
    sync = commands.add_parser("sync", help="download the live SharePoint file to the cache")
    sync.set_defaults(handler=cmd_sync)
    sample = commands.add_parser("sample", help="write the sample files")
    sample.add_argument("--out", type=Path, required=True)
    sample.add_argument("--clients", type=int, default=None)
    sample.add_argument("--seed", type=int, default=None)
    sample.set_defaults(handler=cmd_sample)
    _add_escalation_commands(commands)
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD")


def sharepoint_settings() -> sp.SharePointSettings:
    """The configured live file; a plain error when SharePoint is not configured at all."""
    from connectors import sharepoint as sp

    settings = sp.settings_from_files(os.environ)
    if settings is None:
        raise sp.SharePointConfigError(
            f"not configured. Set {sp.SITE_URL} and {sp.FILE} (and a way to sign in) in the "
            f"environment or under [sharepoint] in {sp.DEFAULT_SECRETS_PATH}."
        )
    return settings


def cache_dir() -> Path:
    from connectors import sharepoint as sp

    return Path(os.environ.get(CACHE_ENV) or sp.DEFAULT_CACHE_DIR)


@dataclass(frozen=True)
class Source:
    """A workbook's bytes, where they came from, and (for SharePoint) the version read."""

    data: bytes
    name: str
    remote: sp.RemoteFile | None = None
    session: sp.SharePointSession | None = None


def read_source(source: str) -> Source:
    from connectors import sharepoint as sp
    from connectors.workbook import read_workbook

    if source != SHAREPOINT:
        path = Path(source)
        try:
            return Source(path.read_bytes(), path.name)
        except OSError:
            read_workbook(path)  # raises the reader's plain WorkbookError naming the file
            raise
    settings = sharepoint_settings()
    session = sp.open_session(settings)
    remote = sp.download(settings, session=session, cache_dir=cache_dir())
    return Source(remote.data, remote.name, remote, session)


def load_workbook(source: str, *, tabs: Collection[Sheet] | None = None) -> LoadedWorkbook:
    from connectors.workbook import read_workbook

    if source == SHAREPOINT:
        read = read_source(source)
        return read_workbook(read.data, name=read.name, tabs=tabs)
    return read_workbook(Path(source), tabs=tabs)


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    workbook = load_workbook(args.workbook)
    warnings = [p for p in workbook.warnings if p.severity == Severity.WARNING]
    print(
        f"{workbook.source}: readable — {len(workbook.clients)} clients, "
        f"{len(workbook.episodes)} extra-care episodes, {len(workbook.actions)} action items, "
        f"{len(warnings)} warning(s)"
    )
    for warning in warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def _ticket_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--tickets", type=Path, required=required, help="ticket export (CSV/XLSX) from the PSA"
    )
    parser.add_argument(
        "--preset", choices=sorted(PRESETS), default=None, help="force an export layout"
    )
    parser.add_argument(
        "--mapping", default=None, help="a column mapping saved in pulse.toml [ticket_mappings]"
    )


def load_ticket_export(args: argparse.Namespace, settings: Settings) -> pd.DataFrame | None:
    if args.tickets is None:
        return None
    mapping = None
    if getattr(args, "mapping", None):
        if args.mapping not in settings.ticket_mappings:
            known = ", ".join(sorted(settings.ticket_mappings)) or "none saved"
            raise TicketExportError(
                [Problem("pulse.toml", f"no ticket mapping named '{args.mapping}' ({known})")]
            )
        mapping = settings.ticket_mappings[args.mapping]
    from connectors.ticket_cache import read_tickets_cached

    # Parsed once, then served from the Parquet cache beside the export while it is unchanged.
    return read_tickets_cached(
        args.tickets,
        name=args.tickets.name,
        timezone=settings.business_hours.timezone,
        preset=args.preset,
        mapping=mapping,
    )


def computed_signals(
    tickets: pd.DataFrame | None, workbook: LoadedWorkbook, *, as_of: date, settings: Settings
) -> pd.DataFrame | None:
    if tickets is None:
        return None
    from pulse.business_clock import business_clock
    from pulse.signals import ticket_signals

    clock = business_clock(settings.business_hours)
    return ticket_signals(tickets, workbook.clients, as_of=as_of, settings=settings, clock=clock)


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.summary import monday_picture, summary_json

    workbook = load_workbook(args.workbook, tabs=SUMMARY_TABS)
    tickets = load_ticket_export(args, settings)
    as_of = args.as_of or date.today()
    picture = monday_picture(
        workbook.clients,
        workbook.episodes,
        workbook.actions,
        as_of=as_of,
        settings=settings,
        ticket_signals=computed_signals(tickets, workbook, as_of=as_of, settings=settings),
    )
    numbers = summary_json(picture)
    if args.json:
        print(json.dumps(numbers, indent=2))
    else:
        print(render_summary(numbers, meeting=latest_monday(as_of)))
    return EXIT_OK


def cmd_signals(args: argparse.Namespace, settings: Settings) -> int:
    import pandas as pd

    from pulse.signals import signals_json, ticket_suggestions

    workbook = load_workbook(args.workbook)
    tickets = load_ticket_export(args, settings)
    assert tickets is not None  # --tickets is required for this command
    as_of = args.as_of or date.today()
    signals = computed_signals(tickets, workbook, as_of=as_of, settings=settings)
    suggestions = ticket_suggestions(tickets, as_of=as_of, settings=settings)
    answer = signals_json(signals if signals is not None else pd.DataFrame(), suggestions)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return EXIT_OK
    for client in answer:
        print(client["client"])
        for signal in client["signals"]:
            print(f"  {signal['criterion']}: {signal['reason']} [{', '.join(signal['tickets'])}]")
        for suggestion in client["suggestions"]:
            print(f"  suggests {suggestion['criterion']}: {', '.join(suggestion['tickets'])}")
    return EXIT_OK


def cmd_incidents(args: argparse.Namespace, settings: Settings) -> int:
    from connectors.events import read_incident_events
    from pulse.incidents import incidents_json, incidents_table, render_incidents_text

    hours = settings.business_hours
    events = read_incident_events(args.events, name=args.events.name, timezone=hours.timezone)
    tickets = load_ticket_export(args, settings)
    table = incidents_table(
        events, tickets, as_of=_as_of_instant(args.as_of, hours), settings=settings
    )
    if args.json:
        print(json.dumps(incidents_json(table), indent=2, ensure_ascii=False))
    else:
        print(render_incidents_text(table), end="")
    return EXIT_OK


def _as_of_instant(text: str | None, hours: BusinessHours) -> datetime:
    """A date means the end of that day in the business zone; a naive time is local there."""
    from zoneinfo import ZoneInfo

    from pulse.incidents import as_of_instant

    if text is None:
        return datetime.now(tz=UTC)
    try:
        if len(text) == len("YYYY-MM-DD"):
            return as_of_instant(date.fromisoformat(text), hours)
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise TicketExportError(
            [Problem("--as-of", f"'{text}' is not an ISO date or date-time (2026-11-23T10:00)")]
        )
    return instant if instant.tzinfo else instant.replace(tzinfo=ZoneInfo(hours.timezone))


def render_summary(numbers: dict[str, Any], *, meeting: date) -> str:
    lines = [
        f"Client Pulse as of {numbers['as_of']} (CST meeting {meeting:%a %Y-%m-%d})",
        f"  clients                {numbers['clients']}",
        f"  on extra care (active) {numbers['active']}",
        f"  awaiting decision      {numbers['recommended']}",
        f"  MRR total              ${numbers['mrr_total']:,.2f}",
        f"  MRR on extra care      ${numbers['mrr_on_extra_care']:,.2f}",
        f"  MRR at risk            ${numbers['mrr_at_risk']:,.2f}",
        f"  overdue action items   {numbers['overdue_action_items']}",
        f"  candidates             {', '.join(numbers['candidates']) or 'none'}",
    ]
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """This week's Pulse History rows added through the same writer the app saves with."""
    from connectors.workbook import read_workbook
    from connectors.workbook_writer import render_workbook, save_local
    from pulse.export import history_with_this_week

    if args.out == SHAREPOINT and args.workbook != SHAREPOINT:
        print(
            f"--out {SHAREPOINT} saves back over the version read, so WORKBOOK must be "
            f"'{SHAREPOINT}' too",
            file=sys.stderr,
        )
        return EXIT_USAGE
    source = read_source(args.workbook)
    loaded = read_workbook(source.data, name=source.name)
    as_of = args.as_of or date.today()  # the shell may read the clock; pulse never does
    tickets = load_ticket_export(args, settings)
    history = history_with_this_week(
        loaded.clients,
        loaded.episodes,
        loaded.actions,
        loaded.history,
        as_of=as_of,
        settings=settings,
        ticket_signals=computed_signals(tickets, loaded, as_of=as_of, settings=settings),
    )
    data = render_workbook(source.data, loaded, {Sheet.HISTORY: history})
    if args.out == SHAREPOINT:
        return _export_to_sharepoint(source, data)
    backup = save_local(Path(args.out), data, now=datetime.now())
    print(f"wrote {args.out}: Pulse History for the week of {as_of:%Y-%m-%d}")
    if backup is not None:
        print(f"previous version kept as {backup}")
    return EXIT_OK


def _export_to_sharepoint(source: Source, data: bytes) -> int:
    # Only over the version read: a save landing meanwhile raises VersionConflict (exit 3).
    from connectors import sharepoint as sp

    assert source.remote is not None
    saved = sp.upload(
        sharepoint_settings(),
        data,
        expected_etag=source.remote.etag,
        session=source.session,
        cache_dir=cache_dir(),
    )
    print(f"saved {saved.name} to SharePoint: version {saved.version}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from connectors import sharepoint as sp

    remote = sp.sync(sharepoint_settings(), cache_dir())
    when = f"{remote.modified_at:%Y-%m-%d %H:%M} UTC" if remote.modified_at else "unknown time"
    print(
        f"{remote.name}: version {remote.version}, last modified by "
        f"{remote.modified_by or 'unknown'} at {when}; cached in {cache_dir()}"
    )
    return EXIT_OK


def cmd_sample(args: argparse.Namespace, settings: Settings) -> int:
    from sample_data.build import SAMPLE_CLIENTS, SAMPLE_SEED
    from sample_data.generate import write_sample

    paths = write_sample(
        args.out,
        seed=args.seed if args.seed is not None else SAMPLE_SEED,
        clients=args.clients or SAMPLE_CLIENTS,
    )
    for path in paths:
        print(path)
    return EXIT_OK


def _add_escalation_commands(commands: Any) -> None:
    from pulse.escalation import LEVELS

    escalate = commands.add_parser(
        "escalate", help="escalation matrix: the levels for a type, and who is next"
    )
    escalate.add_argument(
        "--type",
        dest="type_text",
        required=True,
        metavar="TEXT",
        help="a type of escalation or a few words (timeline, cancel, data)",
    )
    escalate.add_argument(
        "--level",
        type=int,
        choices=LEVELS,
        default=None,
        help="your current level; 'next' is the one above (default: 1)",
    )
    escalate.add_argument(
        "workbook",
        nargs="?",
        default=None,
        help="Client Pulse workbook (default: the bundled sample)",
    )
    escalate.add_argument("--json", action="store_true")
    escalate.set_defaults(handler=cmd_escalate)
    pathway = commands.add_parser(
        "pathway", help="unresponsive customer: stage, action, who, and a message to post"
    )
    pathway.add_argument("--last-response", type=_date, required=True, metavar="YYYY-MM-DD")
    pathway.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    pathway.add_argument("--customer", default="")
    pathway.add_argument("--issue", default="")
    pathway.add_argument("--details", default="")
    pathway.add_argument("--json", action="store_true")
    pathway.set_defaults(handler=cmd_pathway)


def cmd_escalate(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.escalation import EscalationError, escalate_json, validate_matrix

    workbook = load_workbook(args.workbook or str(SAMPLE_WORKBOOK))
    for warning in validate_matrix(workbook.escalation):
        print(f"warning: {warning}", file=sys.stderr)
    try:
        answer = escalate_json(workbook.escalation, args.type_text, args.level)
    except EscalationError as problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(answer["type"])
    for level in answer["levels"]:
        print(f"  {level['level']}. {level['role']}: {level['responsibility']}")
    if answer["next"]:
        print(f"Escalate to level {answer['next']['level']}: {answer['next']['role']}")
    return EXIT_OK


def cmd_pathway(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.escalation import EscalationError, pathway_json, unresponsive_pathway

    as_of = args.as_of or date.today()  # the shell may read the clock; pulse never does
    try:
        pathway = unresponsive_pathway(
            args.last_response,
            as_of=as_of,
            settings=settings.escalation,
            customer=args.customer,
            issue=args.issue,
            details=args.details,
        )
    except EscalationError as problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    answer = pathway_json(pathway)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        print(f"{answer['days_unresponsive']} days without a response: {answer['action']}")
        print(answer["message"])
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
