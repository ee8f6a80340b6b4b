"""The entry point: parse, run one command, turn what went wrong into an exit code.

Each command imports what it needs when it runs: `pulse summary` never pays for SharePoint
(office365), the incident procedure, the workbook writer or the sample writer (openpyxl), and
never imports streamlit (tests/pulse/cli/test_main.py holds that line); its open loops use the
unresponsive-customer pathway, so it imports pulse.escalation (pandas only).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.saving import ChangedMeanwhile
from connectors.config import load_settings
from connectors.errors import InputError, PathError
from pulse.cli.arguments import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_USAGE, Handler
from pulse.cli.escalation import add_escalation_commands
from pulse.cli.incidents import add_incident_commands
from pulse.cli.records import add_record_commands
from pulse.cli.sharepoint import add_sharepoint_commands
from pulse.cli.watch import add_watch_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pulse", description="Client Pulse on the command line")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_record_commands(commands)
    add_incident_commands(commands)
    add_escalation_commands(commands)
    add_watch_command(commands)
    add_sharepoint_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        handler: Handler = args.handler
        return handler(args, load_settings())
    except PathError as exc:  # a path that names nothing usable: a usage error, like argparse's
        _print_problems(exc)
        return EXIT_USAGE
    except InputError as exc:
        _print_problems(exc)
        return EXIT_BAD_INPUT
    except ChangedMeanwhile as changed:
        print(f"{changed}; nothing was written. Run the command again.", file=sys.stderr)
        return EXIT_CONFLICT
    except Exception as exc:
        return _sharepoint_exit(exc)


def _print_problems(error: InputError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def _sharepoint_exit(exc: Exception) -> int:
    # Only a command that imported the SharePoint connector can raise its errors.
    sharepoint = sys.modules.get("connectors.sharepoint")
    if sharepoint is None or not isinstance(exc, sharepoint.SharePointError):
        raise exc
    print(f"SharePoint: {exc}", file=sys.stderr)
    code: int = sharepoint.exit_code_for(exc)
    return code
