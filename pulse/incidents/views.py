"""Views of the critical incidents for the CLI and the page's filters: JSON, a terminal table, the
incidents a filter keeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.incidents.cells import is_missing
from pulse.incidents.drafts import UNKNOWN_CLIENT
from pulse.incidents.table import CriticalIncidents


def incidents_json(table: CriticalIncidents) -> list[dict[str, Any]]:
    """The CLI's JSON: every incident with every SPEC step; ISO 8601 with offset, null when none."""
    zone = ZoneInfo(table.timezone)
    steps = _steps_by_ticket(table)
    return [
        {
            "ticket": incident.ticket,
            "client": None if is_missing(incident.client) else str(incident.client),
            "title": incident.title,
            "reported_at": _iso(incident.reported_at, zone),
            "reported_by": str(incident.channel),
            "security": bool(incident.security),
            "resolved_at": _iso(incident.resolved_at, zone),
            "late_client_updates": _count(incident.late_updates),
            "next_client_update_due": _iso(incident.next_update_due, zone),
            "swarm_members_missing": _count(incident.members_missing),
            "next_action": _next_json(incident, zone),
            "steps": [
                {
                    "step": str(step.step),
                    "status": str(step.status),
                    "due": _iso(step.due, zone),
                    "done_at": _iso(step.done_at, zone),
                }
                for step in steps.get(incident.ticket, [])
            ],
        }
        for incident in table.incidents.itertuples(index=False)
    ]


def _count(value: Any) -> int:
    return int(value)


def _next_json(incident: Any, zone: ZoneInfo) -> dict[str, Any] | None:
    """What must happen next on an open incident (a step, or the silent-vITM prompt)."""
    if not incident.is_open or is_missing(incident.next_step):
        return None
    return {
        "step": str(incident.next_step),
        "action": str(incident.next_action),
        "who": str(incident.next_role),
        "due": _iso(incident.next_due, zone),
        "business_minutes_left": round(float(incident.next_minutes_left), 1),
    }


def _steps_by_ticket(table: CriticalIncidents) -> dict[Any, list[Any]]:
    """Each incident's steps (row tuples, procedure order), read in one pass: selecting them
    incident by incident costs a scan of every step each time."""
    steps: dict[Any, list[Any]] = {}
    # As plain objects first: iterating Arrow-backed text cell by cell is slow.
    for step in table.steps.astype(object).itertuples(index=False):
        steps.setdefault(step.ticket, []).append(step)
    return steps


def _iso(value: Any, zone: ZoneInfo) -> str | None:
    if is_missing(value):
        return None
    return pd.Timestamp(value).tz_convert(zone).isoformat()


def render_incidents_text(table: CriticalIncidents) -> str:
    """A readable table for the terminal: each incident, its steps, and the next action."""
    zone = ZoneInfo(table.timezone)
    as_of = table.as_of.astimezone(zone)
    if table.incidents.empty:
        return f"No critical incidents as of {_short(as_of)}."
    breached = int(table.incidents["breached"].sum())
    lines = [
        f"{len(table.incidents)} critical incidents as of {_short(as_of)}; "
        f"{int(table.incidents['is_open'].sum())} open; {breached} steps breached.",
    ]
    steps = _steps_by_ticket(table)
    for incident in table.incidents.itertuples(index=False):
        lines.extend(["", *_incident_lines(incident, steps.get(incident.ticket, []), zone)])
    return "\n".join(lines) + "\n"


def _incident_lines(incident: Any, steps: list[Any], zone: ZoneInfo) -> list[str]:
    state = "open" if incident.is_open else f"resolved {_short(incident.resolved_at, zone)}"
    lines = [f"{incident.title}  (reported {_short(incident.reported_at, zone)}, {state})"]
    for step in steps:
        due = _short(step.due, zone) if not is_missing(step.due) else "-"
        done = _short(step.done_at, zone) if not is_missing(step.done_at) else "-"
        lines.append(f"  {step.step!s:<20} {step.status!s:<13} due {due:<22} done {done}")
    if incident.is_open and not is_missing(incident.next_step):
        lines.append(_next_line(incident, zone))
    if incident.late_updates:
        lines.append(f"  client updates late or missed: {incident.late_updates}")
    return lines


def _next_line(incident: Any, zone: ZoneInfo) -> str:
    left = float(incident.next_minutes_left)
    timing = f"{left:.0f} business min left" if left >= 0 else f"{-left:.0f} business min overdue"
    return (
        f"  NEXT: {incident.next_action} -- {incident.next_role}, "
        f"due {_short(incident.next_due, zone)} ({timing})"
    )


def _short(value: Any, zone: ZoneInfo | None = None) -> str:
    stamp = pd.Timestamp(value)
    if zone is not None:
        stamp = stamp.tz_convert(zone)
    return stamp.strftime("%Y-%m-%d %H:%M %Z")


def filter_incidents(
    incidents: pd.DataFrame,
    *,
    clients: Sequence[str] = (),
    state: str = "all",
    breached_only: bool = False,
) -> pd.DataFrame:
    """Incidents of the chosen clients (all when none), 'open' / 'closed' / 'all', breached only."""
    keep = pd.Series(True, index=incidents.index)
    if clients:
        keep &= incidents["client"].fillna(UNKNOWN_CLIENT).isin(list(clients))
    if state in ("open", "closed"):
        keep &= incidents["is_open"] == (state == "open")
    if breached_only:
        keep &= incidents["breached"] > 0
    return incidents[keep]


def most_relevant_first(incidents: pd.DataFrame) -> pd.DataFrame:
    """Open incidents first, then the most recently reported (ties keep the table's order)."""
    return incidents.sort_values(
        ["is_open", "reported_at"], ascending=[False, False], kind="stable"
    )


def client_choices(incidents: pd.DataFrame) -> list[str]:
    """Client names for a filter, unknown clients under one label."""
    return sorted(set(incidents["client"].fillna(UNKNOWN_CLIENT)))
