"""`pulse sharepoint-check`: the SharePoint set-up diagnosed step by step, each failure with its
fix; the exit code is the failing step's (2 settings or file, 4 unreachable or refused)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pulse.commands.arguments import Commands

if TYPE_CHECKING:
    from pulse.settings import Settings


def add_sharepoint_commands(commands: Commands) -> None:
    check = commands.add_parser(
        "sharepoint-check",
        help="diagnose the SharePoint set-up step by step (changes nothing)",
    )
    check.set_defaults(handler=cmd_sharepoint_check)


def cmd_sharepoint_check(args: argparse.Namespace, settings: Settings) -> int:
    from app.sharepoint_check import check_exit_code, check_report, check_sharepoint

    steps = check_sharepoint()
    print("\n".join(check_report(steps)))
    return check_exit_code(steps)
