"""The workbook's commands: validate, summary, signals, export, sync and sample."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clock import today
from app.week import week_picture, week_signals
from app.workbooks import SHAREPOINT, Opened, export_path
from pulse.commands.arguments import (
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_as_of,
    add_ticket_options,
    add_workbook,
    open_workbook,
    ticket_export,
    workbook_and_tickets,
)
from pulse.commands.tabs import SUMMARY_TABS
from pulse.dates import latest_monday

if TYPE_CHECKING:
    from app.saving import Rendering
    from pulse.settings import Settings


def add_record_commands(commands: Commands) -> None:
    validate = commands.add_parser("validate", help="check that a workbook can be read")
    add_workbook(validate)
    validate.set_defaults(handler=cmd_validate)
    for name, handler, help_text, tickets in (
        ("summary", cmd_summary, "the Monday CST numbers", False),
        ("signals", cmd_signals, "criteria signals raised by a ticket export", True),
    ):
        command = commands.add_parser(name, help=help_text)
        add_workbook(command)
        add_as_of(command)
        command.add_argument("--json", action="store_true")
        add_ticket_options(command, required=tickets)
        command.set_defaults(handler=handler)
    _add_export(commands)
    sync = commands.add_parser("sync", help="download the live SharePoint file to the cache")
    sync.set_defaults(handler=cmd_sync)
    sample = commands.add_parser("sample", help="write the sample files")
    sample.add_argument("--out", type=Path, required=True)
    sample.add_argument("--clients", type=int, default=None)
    sample.add_argument("--seed", type=int, default=None)
    sample.set_defaults(handler=cmd_sample)


def _add_export(commands: Commands) -> None:
    export = commands.add_parser(
        "export", help="write the workbook with this week's Pulse History rows added"
    )
    add_workbook(export)
    export.add_argument(
        "--out", required=True, help=f"where to write (may equal WORKBOOK; '{SHAREPOINT}')"
    )
    add_as_of(export)
    add_ticket_options(export, required=False)
    export.add_argument(
        "--add-escalation-matrix",
        action="store_true",
        help="add seed 004's matrix as an Escalation Matrix tab when the workbook has none",
    )
    export.set_defaults(handler=cmd_export)


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    workbook = open_workbook(args.workbook, settings).workbook
    print(
        f"{workbook.source}: readable — {len(workbook.clients)} clients, "
        f"{len(workbook.episodes)} extra-care episodes, {len(workbook.actions)} action items, "
        f"{len(workbook.warnings)} warning(s)"
    )
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.summary import summary_json

    opened, tickets = workbook_and_tickets(args, settings, tabs=SUMMARY_TABS)
    workbook = opened.workbook
    as_of = args.as_of or today(settings.business_hours.timezone)
    picture = week_picture(workbook, tickets, as_of=as_of, settings=settings)
    numbers = summary_json(picture)
    if args.json:
        print(json.dumps(numbers, indent=2))
    else:
        print(render_summary(numbers, meeting=latest_monday(as_of)))
    return EXIT_OK


def render_summary(numbers: dict[str, Any], *, meeting: date) -> str:
    from pulse.open_loops import Loop

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
        f"  open loops             {len(numbers['open_loops'])}",
        *(
            f"    since {loop['since'] or '—':<10}  {loop['client']}: "
            f"{Loop(loop['loop']).label} ({loop['owner_role']})"
            for loop in numbers["open_loops"]
        ),
    ]
    return "\n".join(lines)


def cmd_signals(args: argparse.Namespace, settings: Settings) -> int:
    import pandas as pd

    from pulse.signals import signals_json, ticket_suggestions

    workbook = open_workbook(args.workbook, settings).workbook
    tickets = ticket_export(args, settings)
    assert tickets is not None  # --tickets is required for this command
    as_of = args.as_of or today(settings.business_hours.timezone)
    signals = week_signals(tickets, workbook, as_of=as_of, settings=settings)
    suggestions = ticket_suggestions(tickets, as_of=as_of, settings=settings)
    answer = signals_json(signals if signals is not None else pd.DataFrame(), suggestions)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        print(render_signals(answer), end="")
    return EXIT_OK


def render_signals(answer: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for client in answer:
        lines.append(client["client"])
        for signal in client["signals"]:
            tickets = ", ".join(signal["tickets"])
            lines.append(f"  {signal['criterion']}: {signal['reason']} [{tickets}]")
        for suggestion in client["suggestions"]:
            lines.append(
                f"  suggests {suggestion['criterion']}: {', '.join(suggestion['tickets'])}"
            )
    return "".join(f"{line}\n" for line in lines)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """This week's Pulse History rows added through the same writer the app saves with."""
    if args.out == SHAREPOINT and args.workbook != SHAREPOINT:
        print(
            f"--out {SHAREPOINT} saves back over the version read, so WORKBOOK must be "
            f"'{SHAREPOINT}' too",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.out != SHAREPOINT:
        export_path(Path(args.out), option="--out")
    opened = open_workbook(args.workbook, settings)
    as_of = args.as_of or today(settings.business_hours.timezone)
    add_matrix = _add_matrix(opened, asked=args.add_escalation_matrix)
    tickets = ticket_export(args, settings)
    save = _with_this_week(opened, tickets, as_of=as_of, settings=settings, add_matrix=add_matrix)
    if args.out == SHAREPOINT:
        code = _export_to_sharepoint(opened, save)
    else:
        code = _export_to_file(opened, Path(args.out), save.data, as_of=as_of)
    if add_matrix:
        print("added the Escalation Matrix tab: seed 004's matrix, to edit in Excel")
    return code


def _add_matrix(opened: Opened, *, asked: bool) -> bool:
    """Whether to add seed 004's matrix as a tab: asked, and the workbook has none."""
    from app.escalation import can_add_matrix

    if asked and not can_add_matrix(opened.workbook):
        print(
            f"{opened.workbook.source} has an Escalation Matrix tab already: it is kept as it is",
            file=sys.stderr,
        )
    return asked and can_add_matrix(opened.workbook)


def _with_this_week(
    opened: Opened, tickets: Any, *, as_of: date, settings: Settings, add_matrix: bool
) -> Rendering:
    from app.saving import original_of, rendering
    from app.week import history_with_this_week

    workbook = opened.workbook
    signals = week_signals(tickets, workbook, as_of=as_of, settings=settings)
    history = history_with_this_week(workbook, signals, as_of=as_of, settings=settings)
    return rendering(original_of(opened), workbook, workbook, history, add_matrix=add_matrix)


def _export_to_file(opened: Opened, out: Path, data: bytes, *, as_of: date) -> int:
    from app.saving import save_local

    # Over the workbook read, only while it is still that version (else exit 3).
    same = opened.source.path is not None and out.resolve() == opened.source.path.resolve()
    saved = save_local(
        out, data, now=datetime.now(), expected=opened.source.version if same else None
    )
    print(f"wrote {out}: Pulse History for the week of {as_of:%Y-%m-%d}")
    if saved.backup is not None:
        print(f"previous version kept as {saved.backup}")
    return EXIT_OK


def _export_to_sharepoint(opened: Opened, save: Rendering) -> int:
    # Only over the version read: a save landing meanwhile raises VersionConflict (exit 3).
    from app.environment import required_sharepoint_settings
    from app.saving import save_sharepoint_naming

    assert opened.remote is not None
    saved = save_sharepoint_naming(
        required_sharepoint_settings(), save, remote=opened.remote, session=opened.session
    )
    assert saved.remote is not None
    print(f"saved {saved.remote.name} to SharePoint: version {saved.remote.version}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from app.workbooks import saved_by, sync_live_file

    remote, cache = sync_live_file()
    when = f"{remote.modified_at:%Y-%m-%d %H:%M} UTC" if remote.modified_at else "unknown time"
    print(
        f"{remote.name}: version {remote.version}, last modified by "
        f"{saved_by(remote) or 'unknown'} at {when}; cached in {cache}"
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
