"""`pulse escalate` (the matrix: the levels for a type, and who is next) and `pulse pathway`
(an unresponsive customer: stage, action, who, and a message to post)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.clock import today
from app.environment import SAMPLE_WORKBOOK
from pulse.commands.arguments import EXIT_BAD_INPUT, EXIT_OK, Commands, iso_date, open_workbook

if TYPE_CHECKING:
    from pulse.settings import Settings


def add_escalation_commands(commands: Commands) -> None:
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
        "workbook", nargs="?", default=None, help="Client Pulse workbook (default: the sample)"
    )
    escalate.add_argument("--json", action="store_true")
    escalate.set_defaults(handler=cmd_escalate)
    _add_pathway(commands)


def _add_pathway(commands: Commands) -> None:
    pathway = commands.add_parser(
        "pathway", help="unresponsive customer: stage, action, who, and a message to post"
    )
    pathway.add_argument("--last-response", type=iso_date, required=True, metavar="YYYY-MM-DD")
    pathway.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
    for name in ("--customer", "--issue", "--details"):
        pathway.add_argument(name, default="")
    pathway.add_argument("--json", action="store_true")
    pathway.set_defaults(handler=cmd_pathway)


def cmd_escalate(args: argparse.Namespace, settings: Settings) -> int:
    from app.escalation import escalation_matrix
    from pulse.escalation import (
        DEFAULT_MATRIX_NOTE,
        EscalationError,
        escalate_json,
        validate_matrix,
    )

    workbook = open_workbook(args.workbook or str(SAMPLE_WORKBOOK), settings).workbook
    matrix = escalation_matrix(workbook)
    if matrix.is_default:
        print(f"note: {DEFAULT_MATRIX_NOTE}", file=sys.stderr)
    for warning in validate_matrix(matrix.rows):
        print(f"warning: {warning}", file=sys.stderr)
    try:
        answer = escalate_json(matrix.rows, args.type_text, args.level)
    except EscalationError as problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    answer["matrix"] = "seed 004 default" if matrix.is_default else "workbook"
    print(json.dumps(answer, indent=2, ensure_ascii=False) if args.json else render_path(answer))
    return EXIT_OK


def render_path(answer: dict[str, Any]) -> str:
    source = (
        " (seed 004's default matrix)" if answer.get("matrix", "workbook") != "workbook" else ""
    )
    lines = [f"{answer['type']}{source}"]
    lines += [
        f"  {level['level']}. {level['role']}: {level['responsibility']}"
        for level in answer["levels"]
    ]
    if answer["next"]:
        lines.append(f"Escalate to level {answer['next']['level']}: {answer['next']['role']}")
    return "\n".join(lines)


def cmd_pathway(args: argparse.Namespace, settings: Settings) -> int:
    from pulse.escalation import EscalationError, pathway_json, unresponsive_pathway

    as_of = args.as_of or today(settings.business_hours.timezone)
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
