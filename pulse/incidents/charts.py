"""Display frames and chart data for the Critical incidents page: nothing left for the page to
compute. Times are wall-clock times in the business zone."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from pulse.business_clock import BusinessClock
from pulse.incidents.instants import local_wall_times
from pulse.incidents.procedure import EVENT_LABELS, STEP_EVENTS, IncidentStep
from pulse.incidents.table import CriticalIncidents
from pulse.schema import IncidentEvent, StepStatus

STATUS_COLOURS: dict[str, str] = {
    StepStatus.MET: "#2e7d32",
    StepStatus.BREACHED: "#d32f2f",
    StepStatus.PENDING: "#ef6c00",
    StepStatus.NOT_REQUIRED: "#9e9e9e",
}
EVENT_COLOUR = "#455a64"
EVENTS_LANE = "events"
# A timeline runs at most this long past its first event while the incident is still open.
OPEN_TIMELINE_SPAN = timedelta(days=7)
MIN_TIMELINE_PAD = timedelta(minutes=15)
TIMELINE_PAD_FRACTION = 20  # a twentieth of the span on each side


def incidents_overview(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """One display row per incident: title, state, counts, next action and its time left."""
    return pd.DataFrame(
        {
            "Incident": incidents["title"],
            "Reported": local_wall_times(incidents["reported_at"], timezone),
            "State": incidents["is_open"].map({True: "open", False: "resolved"}),
            "Met": incidents["met"],
            "Breached": incidents["breached"],
            "Pending": incidents["pending"],
            "Next action": incidents["next_action"],
            "Who": incidents["next_role"],
            "Due": local_wall_times(incidents["next_due"], timezone),
            "Business min left": incidents["next_minutes_left"].round(0),
        }
    ).reset_index(drop=True)


def step_label(step: str) -> str:
    """A step in words, as the room's button names it ('SWARM space created')."""
    return EVENT_LABELS[STEP_EVENTS[IncidentStep(step)]]


def event_label(event: str) -> str:
    """An Incident Log event in words ('vITM phoned'); an unknown name as it is written."""
    try:
        return EVENT_LABELS.get(IncidentEvent(event), event)
    except ValueError:
        return event


def status_label(status: str) -> str:
    """A step's status in words ('Not required')."""
    return str(status).replace("_", " ").capitalize()


def steps_overview(steps: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """One incident's steps for display, in words and local times."""
    return pd.DataFrame(
        {
            "Step": steps["step"].astype(str).map(step_label),
            "Who": steps["role"].astype(str),
            "Status": steps["status"].astype(str).map(status_label),
            "Due": local_wall_times(steps["due"], timezone),
            "Done at": local_wall_times(steps["done_at"], timezone),
            "Waived (vITM unavailable)": steps["waived"],
        }
    ).reset_index(drop=True)


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
    end = max(pd.Timestamp(instants.max()).to_pydatetime(), min(as_of, start + OPEN_TIMELINE_SPAN))
    pad = max((end - start) / TIMELINE_PAD_FRACTION, MIN_TIMELINE_PAD)
    return start - pad, end + pad


def timeline_marks(steps: pd.DataFrame, events: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """Points of an incident's timeline: each step's due and done time, and every event.

    Columns: lane (step name or 'events'), kind ('due' | 'done' | 'event'), at (local wall time),
    status, colour (breaches red), label (hover text).
    """
    marks = pd.concat(
        [*_step_marks(steps, timezone), _event_marks(events, timezone)], ignore_index=True
    )
    return marks[marks["at"].notna()].reset_index(drop=True)


def _step_marks(steps: pd.DataFrame, timezone: str) -> list[pd.DataFrame]:
    names = steps["step"].astype(str)
    statuses = steps["status"].astype(str)
    due = pd.DataFrame(
        {
            "lane": names,
            "kind": "due",
            "at": local_wall_times(steps["due"], timezone),
            "status": statuses,
            "colour": statuses.map(STATUS_COLOURS),
            "label": "due " + names + " (" + statuses + ")",
        }
    )
    done = due.assign(
        kind="done",
        at=local_wall_times(steps["done_at"], timezone),
        label="done " + names + " (" + statuses + ")",
    )
    return [due, done]


def _event_marks(events: pd.DataFrame, timezone: str) -> pd.DataFrame:
    actors = events["actor"].astype(str)
    notes = events["note"].astype(str)
    return pd.DataFrame(
        {
            "lane": EVENTS_LANE,
            "kind": "event",
            "at": local_wall_times(events["at"], timezone),
            "status": "",
            "colour": EVENT_COLOUR,
            "label": events["event"].astype(str)
            + (" by " + actors).where(actors != "", "")
            + (": " + notes).where(notes != "", ""),
        }
    )


def business_shading(
    clock: BusinessClock, window: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    """Business-hours intervals in the window as local wall times (to shade a chart)."""
    return [
        (start.replace(tzinfo=None), end.replace(tzinfo=None))
        for start, end in clock.open_intervals(*window)
    ]


def first_response_by_week(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """First responses met and breached per week (Monday, business zone) of the report."""
    decided = incidents[incidents["first_response"].isin([StepStatus.MET, StepStatus.BREACHED])]
    local = decided["reported_at"].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    mondays = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).to_numpy()
    # Counted with numpy: a crosstab of a few thousand incidents costs tens of milliseconds.
    weeks, week = np.unique(mondays, return_inverse=True)
    met = (decided["first_response"] == StepStatus.MET).to_numpy(dtype=bool)
    frame = pd.DataFrame(
        {
            "week": list(pd.DatetimeIndex(weeks).date),
            "met": np.bincount(week[met], minlength=len(weeks)).astype("int64"),
            "breached": np.bincount(week[~met], minlength=len(weeks)).astype("int64"),
        }
    )
    total = frame["met"] + frame["breached"]
    frame["compliance"] = (frame["met"] / total).astype("Float64")
    return frame


def weekly_compliance_chart_data(incidents: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """First-response met/breached per week with the compliance percentage, for a chart."""
    weekly = first_response_by_week(incidents, timezone=timezone)
    weekly["compliance_pct"] = (weekly["compliance"] * 100).round(0)
    weekly["week"] = pd.to_datetime(weekly["week"])
    return weekly
