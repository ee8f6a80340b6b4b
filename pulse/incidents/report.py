"""The post-incident report (Markdown, to download once an incident is resolved): its timeline,
each step met or breached and by how many business minutes, the client updates, the SWARM
members, and the child and problem tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.incidents.cells import is_missing
from pulse.incidents.room import IncidentRoom
from pulse.markdown import plain
from pulse.schema import StepStatus

NONE_YET = "_None._"


def post_incident_report(room: IncidentRoom, *, clock: BusinessClock) -> str:
    """The whole report as Markdown."""
    zone = ZoneInfo(room.timezone)
    sections = [
        _heading(room, zone),
        ("## Steps against the procedure", _steps_table(room, clock, zone)),
        ("## Timeline", _timeline(room, zone)),
        ("## Client updates", _updates_table(room, zone)),
        ("## SWARM members", _members_table(room, zone)),
        ("## Child and problem tickets", _related_table(room)),
    ]
    lines: list[str] = []
    for title, body in sections:
        lines.extend([title, "", *body, ""])
    return "\n".join(lines)


def _heading(room: IncidentRoom, zone: ZoneInfo) -> tuple[str, list[str]]:
    incident = room.incident
    resolved = incident["resolved_at"]
    state = "still open" if is_missing(resolved) else f"resolved {_when(resolved, zone)}"
    counts = ", ".join(
        f"{int(incident[status])} {status.replace('_', ' ')}" for status in StepStatus
    )
    return (
        f"# Post-incident report: {_cell(room.title)}",
        [
            f"- Reported {_when(incident['reported_at'], zone)} by {_cell(incident['channel'])}; "
            f"{state}.",
            f"- Security incident: {'yes' if bool(incident['security']) else 'no'}.",
            f"- Steps: {counts}.",
            f"- Client updates late or missed: {room.updates.late}.",
            f"- As of {_when(room.as_of, zone)}.",
        ],
    )


def _steps_table(room: IncidentRoom, clock: BusinessClock, zone: ZoneInfo) -> list[str]:
    rows = [
        [
            str(step.step),
            str(step.role),
            _when(step.due, zone),
            _when(step.done_at, zone),
            str(step.status).replace("_", " "),
            _margin(step, room.as_of, clock),
        ]
        for step in room.steps.itertuples(index=False)
    ]
    return _table(["Step", "Who", "Due", "Done", "Status", "By how much"], rows)


def _margin(step: Any, as_of: datetime, clock: BusinessClock) -> str:
    """Business minutes to spare (met) or late (breached)."""
    if step.status not in (StepStatus.MET, StepStatus.BREACHED):
        return ""
    due = pd.Timestamp(step.due).to_pydatetime()
    if is_missing(step.done_at):
        return f"not done, {clock.minutes_between(due, as_of):.0f} business min past due"
    done = pd.Timestamp(step.done_at).to_pydatetime()
    if step.status == StepStatus.MET:
        return f"{clock.minutes_between(done, due):.0f} business min to spare"
    return f"{clock.minutes_between(due, done):.0f} business min late"


def _timeline(room: IncidentRoom, zone: ZoneInfo) -> list[str]:
    rows = [
        [
            _when(event.at, zone),
            f"~~{event.event}~~ (voided)" if bool(event.voided) else str(event.event),
            _cell(event.actor),
            _cell(event.note),
        ]
        for event in room.events.itertuples(index=False)
    ]
    return _table(["Time", "Event", "By", "Note"], rows)


def _updates_table(room: IncidentRoom, zone: ZoneInfo) -> list[str]:
    rows = [
        [
            str(update.number),
            _when(update.due, zone),
            _when(update.sent_at, zone),
            str(update.status),
        ]
        for update in room.updates.rows.itertuples(index=False)
    ]
    return _table(["#", "Due", "Sent", "Status"], rows)


def _members_table(room: IncidentRoom, zone: ZoneInfo) -> list[str]:
    rows = [
        [str(member.label), _cell(member.name), _when(member.added_at, zone) or "missing"]
        for member in room.members.itertuples(index=False)
    ]
    return _table(["Role", "Name", "Added"], rows)


def _related_table(room: IncidentRoom) -> list[str]:
    rows = [
        [_cell(t.ticket), str(t.kind), _cell(t.summary), _cell(t.status), _cell(t.source)]
        for t in room.related.itertuples(index=False)
    ]
    return _table(["Ticket", "Kind", "Summary", "Status", "From"], rows)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return [NONE_YET]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _when(value: Any, zone: ZoneInfo) -> str:
    if is_missing(value):
        return ""
    return pd.Timestamp(value).tz_convert(zone).strftime("%a %d %b %Y %H:%M")


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    if is_missing(value):
        return ""
    return plain(" ".join(str(value).split()))  # | and every other Markdown start escaped
