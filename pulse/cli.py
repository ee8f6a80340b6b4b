"""`pulse`: the command-line shell. It parses the command line, runs one command
(pulse/commands/, which call the application core in app/) and turns what went wrong into an exit
code; the rules live in pulse/, the files and SharePoint in connectors/. Only this shell, of all
of pulse/, imports connectors/ (STYLE.md).

Exit codes: 0 ok, 1 bad input (one line per problem), 2 usage (a missing path, or a folder
where a file goes) or SharePoint misconfigured, 3 someone saved the file meanwhile (or holds it
open), 4 SharePoint unreachable or refusing the credentials. Wherever a command takes a
workbook path, the word `sharepoint` means the configured live file (PULSE_SHAREPOINT_* in the
environment or [sharepoint] in .streamlit/secrets.toml).

Each command imports what it needs when it runs: `pulse summary` never pays for SharePoint
(office365), the incident procedure, the workbook writer or the sample writer (openpyxl), and
never imports streamlit (tests/pulse/test_cli.py holds that line); its open loops use the
unresponsive-customer pathway, so it imports pulse.escalation (pandas only).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from connectors.config import load_settings
from connectors.errors import InputError, PathError
from connectors.workbook_open import start_read_ahead
from pulse.commands.tabs import READ_AHEAD

if TYPE_CHECKING:
    from pulse.commands.arguments import Handler


def build_parser() -> argparse.ArgumentParser:
    from pulse.commands.escalation import add_escalation_commands
    from pulse.commands.incidents import add_incident_commands
    from pulse.commands.records import add_record_commands
    from pulse.commands.sharepoint import add_sharepoint_commands
    from pulse.commands.watch import add_watch_command

    parser = argparse.ArgumentParser(prog="pulse", description="Client Pulse on the command line")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_record_commands(commands)
    add_incident_commands(commands)
    add_escalation_commands(commands)
    add_watch_command(commands)
    add_sharepoint_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, imported: Callable[[], None] | None = None) -> int:
    """Run one command; `imported` is called once pandas and the commands are loaded."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    read_ahead(arguments)
    return _command(arguments, imported)


def _command(arguments: list[str], imported: Callable[[], None] | None) -> int:
    # The commands load pandas: imported once the workbook is being read ahead.
    from pulse.commands.arguments import EXIT_BAD_INPUT, EXIT_USAGE

    parser = build_parser()
    if imported is not None:
        imported()
    args = parser.parse_args(arguments)
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
    except Exception as exc:
        return _conflict_exit(exc) or _sharepoint_exit(exc)


def read_ahead(arguments: Sequence[str]) -> None:
    """`pulse summary WORKBOOK ...`: calamine starts reading the workbook's tabs in a thread of its
    own (connectors.workbook_open) while pandas and the commands load, about half a second in
    which the interpreter is busy and the second core idle. Only a regular file is read ahead
    (a pipe can be read once, by the command); anything unusual is left for the command to say."""
    tabs = READ_AHEAD.get(arguments[0]) if len(arguments) > 1 else None
    with contextlib.suppress(OSError, InputError):
        if tabs and Path(arguments[1]).is_file():
            start_read_ahead(Path(arguments[1]), tabs, load_settings().limits)


def _print_problems(error: InputError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def _conflict_exit(exc: Exception) -> int | None:
    # Only a command that saves imports app.saving (a summary never pays for it): only such a
    # command can raise its ChangedMeanwhile.
    saving = sys.modules.get("app.saving")
    if saving is None or not isinstance(exc, saving.ChangedMeanwhile):
        return None
    from pulse.commands.arguments import EXIT_CONFLICT

    print(f"{exc}; nothing was written. Run the command again.", file=sys.stderr)
    return EXIT_CONFLICT


def _sharepoint_exit(exc: Exception) -> int:
    # Only a command that imported the SharePoint connector can raise its errors.
    sharepoint = sys.modules.get("connectors.sharepoint")
    if sharepoint is None or not isinstance(exc, sharepoint.SharePointError):
        raise exc
    print(f"SharePoint: {exc}", file=sys.stderr)
    code: int = sharepoint.exit_code_for(exc)
    return code


def run() -> NoReturn:
    """The `pulse` command (its console script, and `python -m pulse.cli`): `main`, then out.

    Once the answer is printed and every file written, the process leaves at once: the
    interpreter's own teardown frees pandas' and Arrow's modules object by object, 0.1-0.2 s
    of a cached `pulse summary`'s ~1.5 s, for nothing. What a normal exit does first is done
    first: threads still working (the ticket cache's writer) are waited for, the exit handlers
    run (temporary folders, logging) and both streams are flushed.
    """
    gc.disable()  # until the code is loaded: see collect_from_here
    code = main(imported=collect_from_here)
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head) loses nothing
            stream.flush()
    os._exit(code)


def collect_from_here() -> None:
    """The code just imported (pandas, Arrow, the commands: some 110,000 objects) lives as long
    as the process, so `run` loads it with the garbage collector off, then moves it out of the
    collector's way and turns the collector back on for what the command makes. Collections
    while importing found nothing to free and cost about 40 ms of a cached `pulse summary`;
    later ones walked that code again each time (README "Speed")."""
    gc.freeze()
    gc.enable()


def run_exit_handlers() -> None:
    """Every atexit handler, as the interpreter would run them on its way out. atexit has no
    public way to run them early: this private call is checked by
    tests/pulse/test_cli.py::test_exit_handlers_run_before_the_process_leaves."""
    atexit._run_exitfuncs()


if __name__ == "__main__":
    run()
