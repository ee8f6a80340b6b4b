"""`pulse watch`: post each reminder SPEC lists, exactly once, to the configured channels; once
(for cron, a systemd timer or a scheduled task) or every N minutes."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ChannelConfigError, InputError
from pulse.commands.arguments import (
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    Commands,
    add_ticket_options,
    open_workbook,
    ticket_export,
    warn,
)
from pulse.commands.incidents import as_of_instant, events_file, logged_events

if TYPE_CHECKING:
    from app.notifications import Channels, WatchRun
    from pulse.settings import Settings

SECONDS_PER_MINUTE = 60


def add_watch_command(commands: Commands) -> None:
    watch = commands.add_parser(
        "watch", help="post the incident reminders and the Monday digest to Teams, Slack, e-mail"
    )
    watch.add_argument(
        "workbook", help="the Client Pulse workbook (a path, or 'sharepoint') and its Incident Log"
    )
    add_ticket_options(watch, required=False)
    watch.add_argument("--events", type=Path, default=None, help="incident-events CSV")
    watch.add_argument(
        "--as-of", dest="as_of", default=None, help="ISO date-time (default: now; for testing)"
    )
    watch.add_argument(
        "--every", type=int, default=None, metavar="N", help="run again every N minutes"
    )
    watch.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    from app.notifications import configured_channels

    if args.every is not None and args.every < 1:
        print("pulse watch: --every takes a number of minutes, 1 or more", file=sys.stderr)
        return EXIT_USAGE
    try:
        channels = configured_channels()
    except ChannelConfigError as wrong:
        for problem in wrong.problems:
            print(f"pulse watch: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if not channels:
        print(
            "pulse watch: no channel configured. Set PULSE_TEAMS_WEBHOOK_URL, "
            "PULSE_SLACK_WEBHOOK_URL or PULSE_SMTP_HOST (with PULSE_SMTP_FROM and PULSE_SMTP_TO) "
            "under [notifications] in .streamlit/secrets.toml or in the environment.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.every is None:
        return run_once(args, settings, channels)
    return _run_every(args, settings, channels)


def _run_every(args: argparse.Namespace, settings: Settings, channels: Channels) -> int:
    """Run, sleep, run again until interrupted; bad input is said and waited out, like an
    unreachable channel (someone may be fixing the workbook)."""
    try:
        while True:
            try:
                run_once(args, settings, channels)
            except InputError as problem:
                warn(problem.problems)
            time.sleep(args.every * SECONDS_PER_MINUTE)
    except KeyboardInterrupt:
        return EXIT_OK


def run_once(args: argparse.Namespace, settings: Settings, channels: Channels) -> int:
    """One run: read, post what is due and not posted, retry what failed; report on stderr."""
    from app.incident_log import all_events
    from app.notifications import due_messages, watch_once, watch_state_file
    from pulse.commands.tabs import SUMMARY_TABS
    from pulse.schema import Sheet

    as_of = as_of_instant(args.as_of, settings.business_hours)
    opened = open_workbook(args.workbook, settings, tabs=[*SUMMARY_TABS, Sheet.INCIDENT_LOG])
    log_events, location = logged_events(opened, settings)
    events = all_events(events_file(args.events, settings), log_events)
    tickets = ticket_export(args, settings)
    messages = due_messages(opened.workbook, events, tickets, as_of=as_of, settings=settings)
    run = watch_once(
        messages,
        channels=channels,
        state_file=watch_state_file(location.identity),
        settings=settings,
    )
    return _report(run)


def _report(run: WatchRun) -> int:
    """One line per post on stdout; each failure on stderr, to be retried by the next run."""
    for message, outcome in run.posted:
        if outcome.ok:
            print(f"posted to {outcome.channel.name}: {message.title} · {message.key}")
    for message, outcome in run.failures:
        print(
            f"pulse watch: {outcome.channel.name}: {outcome.reason}; '{message.key}' "
            "will be retried on the next run",
            file=sys.stderr,
        )
    if run.retried:
        print(f"pulse watch: retried {run.retried} post(s) that failed before", file=sys.stderr)
    return EXIT_UNREACHABLE if run.failures else EXIT_OK
