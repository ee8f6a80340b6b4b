"""Critical incidents against the business-hours response procedure (SPEC, seed 002).

Each critical incident's recorded events are measured against the procedure's steps on the
business clock (``pulse.business_clock``): every step gets a due time, the time it was done, and a
status (met / breached / pending / not required). Only events at or before ``as_of`` count.

Readings where SPEC is silent (also in the README's "Rules"):
- **No swarm yet.** Steps measured "after swarm_created" are measured from the swarm's actual
  creation when it happened, and otherwise from the swarm's own due time -- the latest moment it
  should have existed. A missing swarm therefore never stops the procedure's clock: a manager sees
  the summary, the vITM acknowledgement, etc. fall due (and breach) as if the swarm had been made
  on time. The same holds for the vCIO steps when ``vcio_tagged`` has not happened.
- **Conditional steps** (``vitm_phoned``, ``vitm_manager_added``, ``vcio_phoned``) become required
  once as-of is past their trigger (e.g. 30 business minutes after the swarm) with no
  acknowledgement at or before the trigger. Before that they are ``not_required`` (their condition
  has not arisen yet).
- **vITM unavailable** waives each vITM step that was not done by that moment and whose due time
  had not passed (due >= the moment); a step already past due stays breached.
- A step that is not required carries no due time.
- Resolution does not waive steps: SPEC's breached ("not done and as-of > due") is applied as is.
- The reported time is the first ``reported`` event; without one, the ticket's Created time; and
  without a ticket row, the incident's earliest event.
- A ticket is a security incident when the ticket export says so or an ``infosec_added`` event was
  recorded.
- Critical incidents are the tickets that have events; a ticket whose export row has a priority
  other than Critical is left out; a ticket with events but no export row is kept (client unknown).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from pulse.business_clock import BusinessClock, business_clock
from pulse.schema import IncidentEvent, Priority, StepStatus
from pulse.settings import BusinessHours, IncidentTargets, Settings

EVENT_COLUMNS: tuple[str, ...] = ("ticket", "event", "at", "actor", "note")
STEP_COLUMNS: tuple[str, ...] = ("step", "status", "due", "done_at", "role", "waived")
TITLE_DASH = (
    " – "  # the seed's SWARM title separator, an en dash: "GPW – TK13256 – PBA inaccessible"
)
UNKNOWN_CLIENT = "(unknown client)"


class IncidentStep(StrEnum):
    """The steps of the procedure, in the order the procedure runs them."""

    FIRST_RESPONSE = "first_response"
    SWARM_CREATED = "swarm_created"
    SUMMARY_POSTED = "summary_posted"
    INFOSEC_ADDED = "infosec_added"
    VITM_ACKNOWLEDGED = "vitm_acknowledged"
    VITM_PHONED = "vitm_phoned"
    VITM_MANAGER_ADDED = "vitm_manager_added"
    VCIO_TAGGED = "vcio_tagged"
    VCIO_ACKNOWLEDGED = "vcio_acknowledged"
    VCIO_PHONED = "vcio_phoned"


class Responder(StrEnum):
    """Who carries out a step (roles, never names)."""

    SERVICE_DESK_ANALYST = "Service Desk analyst"
    SERVICE_DESK = "Service Desk"
    VITM = "vITM"
    VCIO = "vCIO"
    INFOSEC_LEAD = "Information Security Lead"


# The event that marks each step done: responding to the client is recorded as client_responded.
STEP_EVENTS: dict[IncidentStep, IncidentEvent] = {
    step: IncidentEvent(step.value) for step in IncidentStep if step != IncidentStep.FIRST_RESPONSE
} | {IncidentStep.FIRST_RESPONSE: IncidentEvent.CLIENT_RESPONDED}

STEP_ROLES: dict[IncidentStep, Responder] = {
    IncidentStep.FIRST_RESPONSE: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.SWARM_CREATED: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.SUMMARY_POSTED: Responder.SERVICE_DESK_ANALYST,
    IncidentStep.INFOSEC_ADDED: Responder.INFOSEC_LEAD,
    IncidentStep.VITM_ACKNOWLEDGED: Responder.VITM,
    IncidentStep.VITM_PHONED: Responder.SERVICE_DESK,
    IncidentStep.VITM_MANAGER_ADDED: Responder.SERVICE_DESK,
    IncidentStep.VCIO_TAGGED: Responder.SERVICE_DESK,
    IncidentStep.VCIO_ACKNOWLEDGED: Responder.VCIO,
    IncidentStep.VCIO_PHONED: Responder.SERVICE_DESK,
}

STEP_ACTIONS: dict[IncidentStep, str] = {
    IncidentStep.FIRST_RESPONSE: "Respond to the client",
    IncidentStep.SWARM_CREATED: "Create the SWARM space (title: CLIENT – TICKET – summary)",
    IncidentStep.SUMMARY_POSTED: "Post a brief summary in the SWARM space",
    IncidentStep.INFOSEC_ADDED: "Add the Information Security Lead to the SWARM space",
    IncidentStep.VITM_ACKNOWLEDGED: "vITM acknowledges the SWARM space",
    IncidentStep.VITM_PHONED: "Phone the vITM",
    IncidentStep.VITM_MANAGER_ADDED: "Add the vITM's manager to the SWARM space",
    IncidentStep.VCIO_TAGGED: "Tag the vCIO in the SWARM space",
    IncidentStep.VCIO_ACKNOWLEDGED: "vCIO acknowledges and takes over client communication",
    IncidentStep.VCIO_PHONED: "Phone the vCIO",
}

VITM_STEPS: frozenset[IncidentStep] = frozenset(
    {IncidentStep.VITM_ACKNOWLEDGED, IncidentStep.VITM_PHONED, IncidentStep.VITM_MANAGER_ADDED}
)


@dataclass(frozen=True)
class _Draft:
    step: IncidentStep
    required: bool
    due: datetime
    done_at: datetime | None
    waived: bool = False


@dataclass(frozen=True)
class NextAction:
    """What must happen next on an open incident."""

    step: IncidentStep
    action: str
    role: Responder
    due: datetime
    minutes_left: float  # business minutes from as-of to due; negative when overdue


@dataclass(frozen=True)
class CriticalIncidents:
    """Every critical incident as of one instant: one row per incident, per step, per event."""

    incidents: pd.DataFrame  # see INCIDENT_COLUMNS
    steps: pd.DataFrame  # ticket + STEP_COLUMNS, every step of every incident, procedure order
    events: pd.DataFrame  # the incidents' events at or before as_of (EVENT_COLUMNS)
    as_of: datetime
    timezone: str  # the business zone, for display


INCIDENT_COLUMNS: tuple[str, ...] = (
    "ticket",
    "client",  # display spelling, or <NA> when the ticket export has no row for it
    "title",
    "summary",
    "security",
    "reported_at",
    "resolved_at",
    "is_open",
    "met",
    "breached",
    "pending",
    "not_required",
    "first_response",  # the first_response step's status
    "next_step",
    "next_action",
    "next_role",
    "next_due",
    "next_minutes_left",
)


# ---- one incident ------------------------------------------------------------------------------


def incident_steps(
    events: pd.DataFrame,
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
    security: bool,
    reported_at: datetime | None = None,
) -> pd.DataFrame:
    """Every procedure step of ONE incident (its events), with due, done_at, status and role.

    ``reported_at`` is used only when no ``reported`` event was recorded (see the module notes).
    """
    as_of = _aware(as_of, clock.hours)
    happened = first_times(events, as_of=as_of)
    reported = reported_time(happened, fallback=reported_at)
    drafts = _draft_steps(happened, reported=reported, as_of=as_of, targets=targets, clock=clock)
    drafts = _apply_vitm_waiver(drafts, happened.get(IncidentEvent.VITM_UNAVAILABLE))
    drafts = [
        d if d.step != IncidentStep.INFOSEC_ADDED else replace(d, required=security) for d in drafts
    ]
    return _steps_frame([_step_row(d, as_of) for d in drafts])


def reported_time(
    happened: dict[IncidentEvent, datetime], *, fallback: datetime | None
) -> datetime:
    """The first `reported` event; else the fallback (ticket Created); else the earliest event."""
    reported = (
        happened.get(IncidentEvent.REPORTED) or fallback or min(happened.values(), default=None)
    )
    if reported is None:
        raise ValueError("An incident needs a reported time or at least one event.")
    return reported


def first_times(events: pd.DataFrame, *, as_of: datetime) -> dict[IncidentEvent, datetime]:
    """The first time each event happened, counting only events at or before as_of."""
    known = events[events["at"].notna() & (events["at"] <= pd.Timestamp(as_of))]
    firsts = known.groupby("event", observed=True)["at"].min()
    return {
        IncidentEvent(str(name)): pd.Timestamp(at).to_pydatetime() for name, at in firsts.items()
    }


def _draft_steps(
    happened: dict[IncidentEvent, datetime],
    *,
    reported: datetime,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
) -> list[_Draft]:
    add = clock.add_minutes
    done = {step: happened.get(event) for step, event in STEP_EVENTS.items()}
    swarm_due = add(reported, targets.swarm_created)
    # No swarm yet: later steps run from the swarm's own due (module notes).
    swarm = done[IncidentStep.SWARM_CREATED] or swarm_due
    ack = done[IncidentStep.VITM_ACKNOWLEDGED]
    drafts = [
        _Draft(IncidentStep.FIRST_RESPONSE, True, add(reported, targets.first_response), None),
        _Draft(IncidentStep.SWARM_CREATED, True, swarm_due, None),
        _Draft(IncidentStep.SUMMARY_POSTED, True, add(swarm, targets.summary_posted), None),
        _Draft(IncidentStep.INFOSEC_ADDED, True, add(swarm, targets.infosec_added), None),
        _Draft(IncidentStep.VITM_ACKNOWLEDGED, True, add(swarm, targets.vitm_acknowledged), None),
        _Draft(
            IncidentStep.VITM_PHONED,
            _unacknowledged_after(add(swarm, targets.vitm_phone_trigger), ack, as_of),
            add(swarm, targets.vitm_phoned),
            None,
        ),
        _Draft(
            IncidentStep.VITM_MANAGER_ADDED,
            _unacknowledged_after(add(swarm, targets.vitm_manager_trigger), ack, as_of),
            add(swarm, targets.vitm_manager_added),
            None,
        ),
        *_vcio_drafts(happened, as_of=as_of, targets=targets, clock=clock),
    ]
    return [replace(d, done_at=done[d.step]) for d in drafts]


def _vcio_drafts(
    happened: dict[IncidentEvent, datetime],
    *,
    as_of: datetime,
    targets: IncidentTargets,
    clock: BusinessClock,
) -> list[_Draft]:
    # The vCIO hand-over exists only once someone recorded the vITM as unavailable.
    unavailable = happened.get(IncidentEvent.VITM_UNAVAILABLE)
    handover = unavailable is not None
    tag_due = clock.add_minutes(unavailable or as_of, targets.vcio_tagged)
    tagged = happened.get(IncidentEvent.VCIO_TAGGED) or tag_due
    ack_due = clock.add_minutes(tagged, targets.vcio_acknowledged)
    ack = happened.get(IncidentEvent.VCIO_ACKNOWLEDGED)
    return [
        _Draft(IncidentStep.VCIO_TAGGED, handover, tag_due, None),
        _Draft(IncidentStep.VCIO_ACKNOWLEDGED, handover, ack_due, None),
        _Draft(
            IncidentStep.VCIO_PHONED,
            handover and _unacknowledged_after(ack_due, ack, as_of),
            clock.add_minutes(tagged, targets.vcio_phoned),
            None,
        ),
    ]


def _unacknowledged_after(
    trigger: datetime, acknowledged: datetime | None, as_of: datetime
) -> bool:
    """A conditional step's condition: the trigger passed with no acknowledgement by then."""
    return as_of > trigger and (acknowledged is None or acknowledged > trigger)


def _apply_vitm_waiver(drafts: list[_Draft], unavailable: datetime | None) -> list[_Draft]:
    """vITM steps not done and not yet due when the vITM was recorded unavailable are waived."""
    if unavailable is None:
        return drafts
    return [
        replace(d, required=False, waived=True)
        if d.step in VITM_STEPS
        and (d.done_at is None or d.done_at > unavailable)
        and d.due >= unavailable
        else d
        for d in drafts
    ]


def step_status(*, due: datetime, done_at: datetime | None, as_of: datetime) -> StepStatus:
    """SPEC: met = done <= due; breached = done > due, or not done and as-of > due; else pending."""
    if done_at is not None:
        return StepStatus.MET if done_at <= due else StepStatus.BREACHED
    return StepStatus.BREACHED if as_of > due else StepStatus.PENDING


def _step_row(draft: _Draft, as_of: datetime) -> dict[str, Any]:
    if draft.required:
        status = step_status(due=draft.due, done_at=draft.done_at, as_of=as_of)
    else:
        status = StepStatus.NOT_REQUIRED
    return {
        "step": draft.step,
        "status": status,
        "due": draft.due if draft.required else None,  # a step not required has no due
        "done_at": draft.done_at,
        "role": STEP_ROLES[draft.step],
        "waived": draft.waived,
    }


def _steps_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(STEP_COLUMNS))
    for column in ("due", "done_at"):
        frame[column] = _utc(frame[column])
    frame["waived"] = frame["waived"].astype(bool)
    return frame


def next_action(steps: pd.DataFrame, *, as_of: datetime, clock: BusinessClock) -> NextAction | None:
    """The required step not done with the earliest due (no vITM step after a vCIO hand-over)."""
    open_steps = steps[
        steps["status"].isin([StepStatus.PENDING, StepStatus.BREACHED]) & steps["done_at"].isna()
    ]
    handed_over = (
        steps.loc[steps["step"] == IncidentStep.VCIO_TAGGED, "status"] != StepStatus.NOT_REQUIRED
    ).any()
    if handed_over:  # the vITM is unavailable: nobody waits on them any more
        open_steps = open_steps[~open_steps["step"].isin(list(VITM_STEPS))]
    if open_steps.empty:
        return None
    first = open_steps.sort_values("due", kind="stable").iloc[0]
    step = IncidentStep(first["step"])
    due = pd.Timestamp(first["due"]).to_pydatetime()
    return NextAction(
        step=step,
        action=STEP_ACTIONS[step],
        role=STEP_ROLES[step],
        due=due.astimezone(clock.zone),
        minutes_left=business_minutes_left(as_of=as_of, due=due, clock=clock),
    )


def business_minutes_left(*, as_of: datetime, due: datetime, clock: BusinessClock) -> float:
    """Business minutes from as_of until due; negative (minutes overdue) once due has passed."""
    if due >= as_of:
        return clock.minutes_between(as_of, due)
    return -clock.minutes_between(due, as_of)


# ---- every critical incident -------------------------------------------------------------------


def incidents_table(
    events: pd.DataFrame, tickets: pd.DataFrame | None, *, as_of: datetime, settings: Settings
) -> CriticalIncidents:
    """Every critical incident's steps as of ``as_of`` (see the module notes for the readings)."""
    hours = settings.business_hours
    clock = business_clock(hours)
    as_of = _aware(as_of, hours)
    known = events[events["at"].notna() & (events["at"] <= pd.Timestamp(as_of))]
    rows = _ticket_rows(tickets)
    incidents: list[dict[str, Any]] = []
    steps: list[pd.DataFrame] = []
    for ticket, ticket_events in known.groupby("ticket", sort=False):
        row = rows.get(_ticket_key(ticket))
        if row is not None and not _is_critical(row.get("priority")):
            continue
        one = _one_incident(
            str(ticket), ticket_events, row, as_of=as_of, settings=settings, clock=clock
        )
        incidents.append(one[0])
        steps.append(one[1])
    return _assemble(incidents, steps, known, as_of=as_of, timezone=hours.timezone)


def _one_incident(
    ticket: str,
    events: pd.DataFrame,
    row: dict[str, Any] | None,
    *,
    as_of: datetime,
    settings: Settings,
    clock: BusinessClock,
) -> tuple[dict[str, Any], pd.DataFrame]:
    row = row or {}
    flagged = row.get("security")
    security = (not _missing(flagged) and bool(flagged)) or bool(
        (events["event"] == IncidentEvent.INFOSEC_ADDED).any()
    )
    created: Any = row.get("created")
    happened = first_times(events, as_of=as_of)
    reported = reported_time(
        happened, fallback=None if _missing(created) else pd.Timestamp(created).to_pydatetime()
    )
    steps = incident_steps(
        events,
        as_of=as_of,
        targets=settings.incident_targets,
        clock=clock,
        security=bool(security),
        reported_at=reported,
    )
    resolved = happened.get(IncidentEvent.RESOLVED)
    client = _text(row.get("client"))
    summary = _text(row.get("summary"))
    action = next_action(steps, as_of=as_of, clock=clock) if resolved is None else None
    counts = steps["status"].value_counts()
    incident = {
        "ticket": ticket,
        "client": client,
        "title": swarm_title(client=client, ticket=ticket, summary=summary),
        "summary": summary,
        "security": bool(security),
        "reported_at": reported,
        "resolved_at": resolved,
        "is_open": resolved is None,
        **{str(status): int(counts.get(status, 0)) for status in StepStatus},
        "first_response": str(
            steps.loc[steps["step"] == IncidentStep.FIRST_RESPONSE, "status"].iloc[0]
        ),
        **_next_columns(action),
    }
    return incident, steps.assign(ticket=ticket)


def _next_columns(action: NextAction | None) -> dict[str, Any]:
    if action is None:
        return {
            "next_step": None,
            "next_action": None,
            "next_role": None,
            "next_due": None,
            "next_minutes_left": None,
        }
    return {
        "next_step": str(action.step),
        "next_action": action.action,
        "next_role": str(action.role),
        "next_due": action.due,
        "next_minutes_left": action.minutes_left,
    }


def _assemble(
    incidents: list[dict[str, Any]],
    steps: list[pd.DataFrame],
    events: pd.DataFrame,
    *,
    as_of: datetime,
    timezone: str,
) -> CriticalIncidents:
    table = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
    for column in ("reported_at", "resolved_at", "next_due"):
        table[column] = _utc(table[column])
    for column in ("client", "summary", "next_step", "next_action", "next_role"):
        table[column] = table[column].astype("string")
    for column in ("met", "breached", "pending", "not_required"):
        table[column] = table[column].astype("int64")
    table["next_minutes_left"] = table["next_minutes_left"].astype("Float64")
    table = table.sort_values("reported_at", kind="stable").reset_index(drop=True)
    all_steps = (
        pd.concat(steps, ignore_index=True)
        if steps
        else _steps_frame([]).assign(ticket=pd.Series(dtype="string"))
    )
    all_steps = all_steps[["ticket", *STEP_COLUMNS]]
    kept = events[events["ticket"].astype(str).isin(table["ticket"])]
    return CriticalIncidents(
        table, all_steps.reset_index(drop=True), kept.reset_index(drop=True), as_of, timezone
    )


def swarm_title(*, client: str | None, ticket: str, summary: str | None) -> str:
    """The seed's SWARM space title, 'CLIENT – TICKET – summary' (en dashes)."""
    parts = [client or UNKNOWN_CLIENT, ticket, *([summary] if summary else [])]
    return TITLE_DASH.join(parts)


def _ticket_rows(tickets: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """Ticket export rows by normalised ticket number (the first row wins on duplicates)."""
    if tickets is None or tickets.empty:
        return {}
    rows: dict[str, dict[str, Any]] = {}
    for record in tickets.to_dict("records"):
        rows.setdefault(_ticket_key(record.get("ticket")), {str(k): v for k, v in record.items()})
    return rows


def _missing(value: Any) -> bool:
    """None, NaN, NaT or <NA> (a scalar cell)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _ticket_key(ticket: object) -> str:
    return str(ticket).strip().casefold()


def _is_critical(priority: Any) -> bool:
    # An unknown priority keeps the incident: the events file itself says it was critical.
    return _missing(priority) or str(priority) == Priority.CRITICAL


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    text = " ".join(str(value).split())
    return text or None


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True).dt.as_unit("ns")


def _aware(instant: datetime, hours: BusinessHours) -> datetime:
    """Naive instants are wall-clock times in the business zone."""
    return (
        instant if instant.tzinfo is not None else instant.replace(tzinfo=ZoneInfo(hours.timezone))
    )


def as_of_instant(day: date, hours: BusinessHours, *, now: datetime | None = None) -> datetime:
    """The instant a date-only as-of stands for: ``now`` on that very day, else the day's end."""
    zone = ZoneInfo(hours.timezone)
    if now is not None and _aware(now, hours).astimezone(zone).date() == day:
        return _aware(now, hours)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone) - timedelta(
        microseconds=1
    )


# ---- views for the page and the CLI --------------------------------------------------------


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


def client_choices(incidents: pd.DataFrame) -> list[str]:
    """Client names for a filter, unknown clients under one label."""
    return sorted(set(incidents["client"].fillna(UNKNOWN_CLIENT)))


def first_response_by_week(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """First responses met and breached per week (Monday, business zone) of the report."""
    decided = incidents[incidents["first_response"].isin([StepStatus.MET, StepStatus.BREACHED])]
    local = decided["reported_at"].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    weeks = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    counts = pd.crosstab(weeks, decided["first_response"]).reindex(
        columns=[StepStatus.MET, StepStatus.BREACHED], fill_value=0
    )
    frame = pd.DataFrame(
        {
            "week": list(counts.index),
            "met": counts[StepStatus.MET].to_numpy(dtype="int64"),
            "breached": counts[StepStatus.BREACHED].to_numpy(dtype="int64"),
        }
    )
    total = frame["met"] + frame["breached"]
    frame["compliance"] = (frame["met"] / total).astype("Float64")
    return frame


def incident_detail(
    table: CriticalIncidents, ticket: str
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """One incident's row, steps and events (times in the business zone) for its timeline."""
    row = table.incidents.loc[table.incidents["ticket"] == ticket].iloc[0]
    steps = table.steps[table.steps["ticket"] == ticket].copy()
    events = table.events[table.events["ticket"].astype(str) == ticket].copy()
    for frame, columns in ((steps, ("due", "done_at")), (events, ("at",))):
        for column in columns:
            frame[column] = frame[column].dt.tz_convert(table.timezone)
    return row, steps.reset_index(drop=True), events.sort_values("at").reset_index(drop=True)


def timeline_window(
    steps: pd.DataFrame, events: pd.DataFrame, *, as_of: datetime
) -> tuple[datetime, datetime]:
    """From the first event to the last due/done/event (or as_of for an open incident), padded."""
    instants = pd.concat([events["at"], steps["due"], steps["done_at"]]).dropna()
    start = pd.Timestamp(instants.min()).to_pydatetime()
    end = max(pd.Timestamp(instants.max()).to_pydatetime(), min(as_of, start + timedelta(days=7)))
    pad = max((end - start) / 20, timedelta(minutes=15))
    return start - pad, end + pad


def incidents_json(table: CriticalIncidents) -> list[dict[str, Any]]:
    """The CLI's JSON: every incident with every SPEC step; ISO 8601 with offset, null when none."""
    zone = ZoneInfo(table.timezone)
    out: list[dict[str, Any]] = []
    for incident in table.incidents.itertuples(index=False):
        steps = table.steps[table.steps["ticket"] == incident.ticket]
        out.append(
            {
                "ticket": incident.ticket,
                "client": None if _missing(incident.client) else str(incident.client),
                "title": incident.title,
                "reported_at": _iso(incident.reported_at, zone),
                "steps": [
                    {
                        "step": str(step.step),
                        "status": str(step.status),
                        "due": _iso(step.due, zone),
                        "done_at": _iso(step.done_at, zone),
                    }
                    for step in steps.itertuples(index=False)
                ],
            }
        )
    return out


def _iso(value: Any, zone: ZoneInfo) -> str | None:
    if _missing(value):
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
    for incident in table.incidents.itertuples(index=False):
        lines.extend(["", *_incident_lines(incident, table, zone)])
    return "\n".join(lines) + "\n"


def _incident_lines(incident: Any, table: CriticalIncidents, zone: ZoneInfo) -> list[str]:
    state = "open" if incident.is_open else f"resolved {_short(incident.resolved_at, zone)}"
    lines = [f"{incident.title}  (reported {_short(incident.reported_at, zone)}, {state})"]
    steps = table.steps[table.steps["ticket"] == incident.ticket]
    for step in steps.itertuples(index=False):
        due = _short(step.due, zone) if not _missing(step.due) else "-"
        done = _short(step.done_at, zone) if not _missing(step.done_at) else "-"
        lines.append(f"  {step.step!s:<20} {step.status!s:<13} due {due:<22} done {done}")
    if incident.is_open and not _missing(incident.next_step):
        left = float(incident.next_minutes_left)
        timing = (
            f"{left:.0f} business min left" if left >= 0 else f"{-left:.0f} business min overdue"
        )
        lines.append(
            f"  NEXT: {incident.next_action} -- {incident.next_role}, "
            f"due {_short(incident.next_due, zone)} ({timing})"
        )
    return lines


def _short(value: Any, zone: ZoneInfo | None = None) -> str:
    stamp = pd.Timestamp(value)
    if zone is not None:
        stamp = stamp.tz_convert(zone)
    return stamp.strftime("%Y-%m-%d %H:%M %Z")


def steps_by_status(steps: pd.DataFrame, statuses: Iterable[StepStatus]) -> pd.DataFrame:
    """The steps in any of the given statuses."""
    return steps[steps["status"].isin(list(statuses))]


# ---- display frames for the page (no computation left for the page itself) -------------------

STATUS_COLOURS: dict[str, str] = {
    StepStatus.MET: "#2e7d32",
    StepStatus.BREACHED: "#d32f2f",
    StepStatus.PENDING: "#ef6c00",
    StepStatus.NOT_REQUIRED: "#9e9e9e",
}
EVENTS_LANE = "events"


def _local_naive(values: pd.Series, timezone: str) -> pd.Series:
    """Wall-clock times in the business zone, for axes and tables that show local time."""
    return pd.to_datetime(values, utc=True).dt.tz_convert(timezone).dt.tz_localize(None)


def incidents_overview(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """One display row per incident: title, state, counts, next action and its time left."""
    return pd.DataFrame(
        {
            "Incident": incidents["title"],
            "Reported": _local_naive(incidents["reported_at"], timezone),
            "State": incidents["is_open"].map({True: "open", False: "resolved"}),
            "Met": incidents["met"],
            "Breached": incidents["breached"],
            "Pending": incidents["pending"],
            "Next action": incidents["next_action"],
            "Who": incidents["next_role"],
            "Due": _local_naive(incidents["next_due"], timezone),
            "Business min left": incidents["next_minutes_left"].round(0),
        }
    ).reset_index(drop=True)


def steps_overview(steps: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """One incident's steps for display, local times."""
    return pd.DataFrame(
        {
            "Step": steps["step"].astype(str),
            "Who": steps["role"].astype(str),
            "Status": steps["status"].astype(str),
            "Due": _local_naive(steps["due"], timezone),
            "Done at": _local_naive(steps["done_at"], timezone),
            "Waived (vITM unavailable)": steps["waived"],
        }
    ).reset_index(drop=True)


def timeline_marks(steps: pd.DataFrame, events: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """Points of an incident's timeline: each step's due and done time, and every event.

    Columns: lane (step name or 'events'), kind ('due' | 'done' | 'event'), at (local wall time),
    status, colour (breaches red), label (hover text).
    """
    colours = steps["status"].astype(str).map(STATUS_COLOURS)
    due = pd.DataFrame(
        {
            "lane": steps["step"].astype(str),
            "kind": "due",
            "at": _local_naive(steps["due"], timezone),
            "status": steps["status"].astype(str),
            "colour": colours,
            "label": "due " + steps["step"].astype(str) + " (" + steps["status"].astype(str) + ")",
        }
    )
    done = due.assign(
        kind="done",
        at=_local_naive(steps["done_at"], timezone),
        label="done " + steps["step"].astype(str) + " (" + steps["status"].astype(str) + ")",
    )
    happened = pd.DataFrame(
        {
            "lane": EVENTS_LANE,
            "kind": "event",
            "at": _local_naive(events["at"], timezone),
            "status": "",
            "colour": "#455a64",
            "label": events["event"].astype(str)
            + (" by " + events["actor"].astype(str)).where(events["actor"].astype(str) != "", "")
            + (": " + events["note"].astype(str)).where(events["note"].astype(str) != "", ""),
        }
    )
    marks = pd.concat([due, done, happened], ignore_index=True)
    return marks[marks["at"].notna()].reset_index(drop=True)


def business_shading(
    clock: BusinessClock, window: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    """Business-hours intervals in the window as local wall times (to shade a chart)."""
    return [
        (start.replace(tzinfo=None), end.replace(tzinfo=None))
        for start, end in clock.open_intervals(*window)
    ]


def weekly_compliance_chart_data(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """First-response met/breached per week with the compliance percentage, for a chart."""
    weekly = first_response_by_week(incidents, timezone=timezone)
    weekly["compliance_pct"] = (weekly["compliance"] * 100).round(0)
    weekly["week"] = pd.to_datetime(weekly["week"])
    return weekly
