"""What `pulse watch` posts by itself (SPEC "Notifications"), as messages with a stable key.

Each reminder is computed from the incidents as of an instant; its key names the incident and
what it reminds of, never the time it was computed, so the watch can remember what it posted
and never post it twice (the key of a step's reminder carries no due time either: a step whose
due moves, as the SWARM space is created late, is reminded of once). Reminders:

- an open incident's step due within `due_soon_minutes` business minutes and not done;
- an open incident's step breached and not done;
- the vCIO-fallback prompt (the vITM silent past their manager);
- a client update due within `due_soon_minutes` business minutes, or overdue (one per update);
- the Monday-morning digest, from `digest_time` on the Monday itself (one per Monday).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import pandas as pd

from pulse.business_clock import BusinessClock, business_clock
from pulse.incidents.events import effective_events
from pulse.incidents.instants import business_minutes_left
from pulse.incidents.procedure import (
    PROMPT_ACTIONS,
    STEP_ACTIONS,
    STEP_ROLES,
    IncidentStep,
    Prompt,
)
from pulse.incidents.steps import vitm_silent_since
from pulse.incidents.table import CriticalIncidents, incident_updates
from pulse.minutes import key_figures, open_loop_lines, overdue_lines
from pulse.monday import candidate_evidence
from pulse.schema import StepStatus
from pulse.settings import Settings
from pulse.summary import MondayPicture

MONDAY = 0


class Reminder(StrEnum):
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    VCIO_FALLBACK = "vcio_fallback"
    CLIENT_UPDATE = "client_update"
    DIGEST = "digest"


@dataclass(frozen=True)
class Message:
    """One post: `key` is what the watch remembers it by; `text` is Markdown."""

    key: str
    title: str
    text: str


def incident_reminders(table: CriticalIncidents, *, settings: Settings) -> list[Message]:
    """Every reminder the open incidents call for as of the table's instant (posted or not)."""
    clock = business_clock(settings.business_hours)
    messages: list[Message] = []
    for _, incident in table.incidents[table.incidents["is_open"].astype(bool)].iterrows():
        ticket = str(incident["ticket"])
        steps = table.steps[table.steps["ticket"] == ticket]
        messages += _step_reminders(incident, steps, table=table, clock=clock, settings=settings)
        messages += _fallback_reminder(incident, steps, as_of=table.as_of)
        messages += _update_reminder(incident, steps, table=table, settings=settings)
    return messages


def _step_reminders(
    incident: pd.Series,
    steps: pd.DataFrame,
    *,
    table: CriticalIncidents,
    clock: BusinessClock,
    settings: Settings,
) -> list[Message]:
    messages = []
    waiting = steps[steps["done_at"].isna() & steps["due"].notna()]
    for row in waiting.to_dict("records"):
        step = IncidentStep(str(row["step"]))
        due = pd.Timestamp(row["due"]).to_pydatetime()
        if row["status"] == StepStatus.BREACHED:
            messages.append(_step_message(incident, step, Reminder.BREACHED, due, table.timezone))
        elif row["status"] == StepStatus.PENDING:
            left = business_minutes_left(as_of=table.as_of, due=due, clock=clock)
            if left <= settings.notifications.due_soon_minutes:
                message = _step_message(incident, step, Reminder.DUE_SOON, due, table.timezone)
                messages.append(message)
    return messages


def _step_message(
    incident: pd.Series, step: IncidentStep, kind: Reminder, due: datetime, timezone: str
) -> Message:
    action, role = STEP_ACTIONS[step], STEP_ROLES[step]
    when = _local_time(due, timezone)
    if kind == Reminder.BREACHED:
        text = f"🔴 Breached (due {when}, not done): {action}. Who: {role}."
    else:
        text = f"⏰ Due at {when}: {action}. Who: {role}."
    return Message(_key(incident, step.value, kind), str(incident["title"]), text)


def _fallback_reminder(
    incident: pd.Series, steps: pd.DataFrame, *, as_of: datetime
) -> list[Message]:
    if vitm_silent_since(steps, as_of=as_of) is None:
        return []
    prompt = PROMPT_ACTIONS[Prompt.VITM_UNAVAILABLE]
    text = f"🟠 The vITM is silent, even with their manager added: {prompt}. Who: Service Desk."
    return [Message(_key(incident, Reminder.VCIO_FALLBACK), str(incident["title"]), text)]


def _update_reminder(
    incident: pd.Series, steps: pd.DataFrame, *, table: CriticalIncidents, settings: Settings
) -> list[Message]:
    ticket = str(incident["ticket"])
    events = effective_events(table.events[table.events["ticket"] == ticket], table.as_of)
    updates = incident_updates(events, steps, resolved=None, as_of=table.as_of, settings=settings)
    left = updates.minutes_left
    if updates.next_due is None or left is None or left > settings.notifications.due_soon_minutes:
        return []
    number = int(updates.rows["number"].iloc[-1])
    when = _local_time(updates.next_due, table.timezone)
    verb = "was due" if left < 0 else "is due"
    text = f"📣 Client update {number} {verb} at {when}: tell the client where things stand."
    key = _key(incident, Reminder.CLIENT_UPDATE, str(number))
    return [Message(key, str(incident["title"]), text)]


def _key(incident: pd.Series, *parts: str) -> str:
    return "/".join(("incident", str(incident["ticket"]).strip().casefold(), *parts))


def _local_time(instant: datetime, timezone: str) -> str:
    return f"{pd.Timestamp(instant).tz_convert(timezone):%a %d %b %H:%M}"


def digest_day(as_of: datetime, *, settings: Settings) -> date | None:
    """The Monday whose digest is due as of `as_of` (business zone): from the configured time
    to the end of that Monday; None on any other day (a digest nobody sent that day is stale)."""
    local = pd.Timestamp(as_of).tz_convert(settings.business_hours.timezone)
    if local.weekday() != MONDAY or local.time() < settings.notifications.digest_time:
        return None
    return local.date()


def monday_digest(picture: MondayPicture, *, meeting: date) -> Message:
    """The Monday-morning digest: key figures, open loops, candidates, overdue items by owner."""
    lines = [
        f"Figures as of {meeting:%a %d %b %Y}.",
        "",
        "## Key figures",
        *key_figures(picture),
        "",
        "## Open loops",
        *open_loop_lines(picture.open_loops),
        "",
        "## Candidates",
        *_candidate_lines(candidate_evidence(picture)),
        "",
        "## Overdue action items",
        *overdue_lines(picture.overdue),
    ]
    title = f"Client Pulse — Monday digest, {meeting:%a %d %b %Y}"
    return Message(f"{Reminder.DIGEST}/{meeting.isoformat()}", title, "\n".join(lines))


def _candidate_lines(candidates: pd.DataFrame) -> list[str]:
    rows = candidates.to_dict("records")
    lines = [f"- **{row['client']}** — {row['criteria']} ({row['evidence']})" for row in rows]
    return lines or ["- None"]


def markdown_message(key: str, markdown: str) -> Message:
    """A post made from the app: its first heading is the title, the rest the text."""
    lines = markdown.strip().splitlines()
    first = lines[0] if lines else ""
    if first.startswith("#"):
        return Message(key, first.lstrip("#").strip(), "\n".join(lines[1:]).strip())
    return Message(key, "Client Pulse", markdown.strip())
