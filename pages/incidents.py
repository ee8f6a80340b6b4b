"""Critical incidents: every incident's timeline against the business-hours procedure (seed 002),
from the Incident Log and an events file; start an incident, and open its live room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app.clock import now
from app.incident_log import all_events
from pulse.business_clock import BusinessClock, business_clock
from pulse.incidents import (
    EVENTS_LANE,
    CriticalIncidents,
    IncidentStep,
    as_of_instant,
    business_shading,
    client_choices,
    filter_incidents,
    incident_detail,
    incidents_overview,
    incidents_table,
    most_relevant_first,
    steps_overview,
    timeline_marks,
    timeline_window,
    weekly_compliance_chart_data,
)
from pulse.markdown import plain
from ui.context import PulseContext, context
from ui.display import lazy_expander
from ui.figures import figure
from ui.incident_forms import open_room, start_incident
from ui.incident_log import fresh_events, incidents_once, per_table
from ui.intro import page_intro
from ui.tables import first_rows, show_table

STATE_CHOICES = {"All": "all", "Open": "open", "Resolved": "closed"}
SHADE = "rgba(46, 125, 50, 0.08)"
# Rows of the incidents table (and choices of incident) sent until "Show all": the first
# screenfuls are what a meeting reads; the figures above count every incident.
SHOWN_INCIDENTS = 100
START_KEY = "incident_start_open"  # the "Start an incident" expander's state


def load_table(ctx: PulseContext) -> CriticalIncidents:
    """Every incident of the Incident Log and of the events file, as of the as-of date."""
    hours = ctx.settings.business_hours
    as_of = as_of_instant(ctx.as_of, hours, now=now(hours.timezone))
    events = all_events(ctx.events, fresh_events(ctx))
    return incidents_once(
        ctx,
        events,
        as_of,
        lambda: incidents_table(events, ctx.tickets, as_of=as_of, settings=ctx.settings),
    )


def show_start(ctx: PulseContext, table: CriticalIncidents) -> None:
    """Open when there is no incident yet; closed, its forms (and the export's Critical tickets
    to choose from) are neither built nor sent."""
    opened = table.incidents.empty
    with (box := lazy_expander("➕ Start an incident", key=START_KEY, expanded=opened)):
        if box.open:
            start_incident(ctx, list(table.incidents["ticket"]))


def open_room_button(ticket: str) -> None:
    if st.button("🧯 Open the incident room", key="open_room", type="primary"):
        open_room(ticket)


def show_filters(ctx: PulseContext, table: CriticalIncidents) -> tuple[pd.DataFrame, str]:
    """The incidents the filters keep, and the filters in words (a key for what is built)."""
    left, middle, right = st.columns([3, 2, 1])
    choices = per_table(ctx, table, "clients", lambda: client_choices(table.incidents))
    clients = left.multiselect("Client", choices, key="incident_clients")
    state = middle.radio("Show", list(STATE_CHOICES), horizontal=True, key="incident_state")
    breached_only = right.checkbox("Breached only", key="incident_breached_only")
    chosen = repr((clients, state, breached_only))
    shown = per_table(
        ctx,
        table,
        f"shown|{chosen}",
        lambda: filter_incidents(
            table.incidents,
            clients=clients,
            state=STATE_CHOICES[state],
            breached_only=breached_only,
        ),
    )
    return shown, chosen


def show_summary(
    ctx: PulseContext, table: CriticalIncidents, incidents: pd.DataFrame, chosen: str
) -> None:
    columns = st.columns(4)
    columns[0].metric("Critical incidents", len(incidents))
    columns[1].metric("Open", int(incidents["is_open"].sum()))
    columns[2].metric("Steps met", int(incidents["met"].sum()))
    columns[3].metric("Steps breached", int(incidents["breached"].sum()))
    drawn = per_table(
        ctx, table, f"weekly|{chosen}", lambda: weekly_view(incidents, table.timezone)
    )
    if drawn is not None:
        st.plotly_chart(drawn, key="first_response_weekly")


def weekly_view(incidents: pd.DataFrame, timezone: str) -> go.Figure | None:
    weekly = weekly_compliance_chart_data(incidents, timezone=timezone)
    return None if weekly.empty else weekly_figure(weekly)


def weekly_figure(weekly: pd.DataFrame) -> go.Figure:
    """First responses met and breached, stacked by week (plain traces: see ui/figures.py)."""
    compliance = weekly["compliance_pct"].to_numpy(dtype=float, na_value=np.nan)
    traces = [
        {
            "type": "bar",
            "x": weekly["week"].to_numpy(dtype=object),
            "y": weekly[name].to_numpy(dtype=float),
            "name": name,
            "marker": {"color": colour},
            "customdata": compliance,
            "hovertemplate": "%{y} (compliance %{customdata}%)",
        }
        for name, colour in (("met", "#2e7d32"), ("breached", "#d32f2f"))
    ]
    layout = {
        "barmode": "stack",
        "title": {"text": "First response within target, by week reported"},
        "xaxis": {"title": {"text": "Week (Monday)"}},
        "yaxis": {"title": {"text": "Incidents"}},
        "height": 300,
        "margin": {"t": 40, "b": 10},
    }
    return figure(traces, layout)


def show_incidents(
    ctx: PulseContext, table: CriticalIncidents, incidents: pd.DataFrame, chosen: str
) -> pd.DataFrame:
    """The incidents, open ones first then the most recent, the first SHOWN_INCIDENTS unless
    "Show all" is on; the rows shown."""
    relevant = per_table(ctx, table, f"relevant|{chosen}", lambda: most_relevant_first(incidents))
    ordered = first_rows(
        relevant,
        limit=SHOWN_INCIDENTS,
        key="incident_show_all",
        toggle="Show all",
        caption=f"Showing {SHOWN_INCIDENTS:,} of {len(incidents):,} — filter or choose to show all",
    )
    overview = per_table(
        ctx,
        table,
        f"overview|{chosen}|{len(ordered)}",
        lambda: incidents_overview(ordered, timezone=table.timezone),
    )
    show_table(overview, row_limit=None)  # limited above
    return ordered


@dataclass(frozen=True)
class Timeline:
    row: pd.Series
    figure: go.Figure
    steps: pd.DataFrame  # steps_overview


def timeline_view(table: CriticalIncidents, ticket: str, clock: BusinessClock) -> Timeline:
    row, steps, events = incident_detail(table, ticket)
    window = timeline_window(steps, events, as_of=table.as_of)
    marks = timeline_marks(steps, events, timezone=table.timezone)
    drawn = timeline_figure(marks, business_shading(clock, window))
    return Timeline(row, drawn, steps_overview(steps, timezone=table.timezone))


def show_timeline(
    ctx: PulseContext, table: CriticalIncidents, ticket: str, clock: BusinessClock
) -> None:
    view = per_table(ctx, table, f"timeline|{ticket}", lambda: timeline_view(table, ticket, clock))
    row = view.row
    st.subheader(plain(row["title"]))
    if bool(row["is_open"]) and not pd.isna(row["next_step"]):
        left = float(row["next_minutes_left"])
        timing = f"{left:.0f} business minutes left" if left >= 0 else f"{-left:.0f} overdue"
        due = pd.Timestamp(row["next_due"]).tz_convert(table.timezone).strftime("%a %d %b %H:%M")
        action, role = plain(row["next_action"]), plain(row["next_role"])
        st.warning(f"**Next:** {action} — **{role}**, due {due} ({timing})")
    elif bool(row["is_open"]):
        st.info("Open; every required step is done.")
    st.plotly_chart(view.figure, key="incident_timeline")
    show_table(view.steps)


def timeline_figure(marks: pd.DataFrame, shading: list[tuple[datetime, datetime]]) -> go.Figure:
    """Each step's due and done marks and every event on lanes, business hours shaded (plain
    traces and shapes: see ui/figures.py)."""
    lanes = [EVENTS_LANE, *reversed([step.value for step in IncidentStep])]
    symbols = {"due": "line-ns-open", "done": "circle", "event": "diamond"}
    traces = [
        {
            "type": "scatter",
            "x": group["at"].to_numpy(dtype=object),
            "y": group["lane"].to_numpy(dtype=object),
            "mode": "markers",
            "name": str(kind),
            "marker": {
                "color": group["colour"].to_numpy(dtype=object),
                "symbol": symbols[str(kind)],
                "size": 12,
            },
            "text": group["label"].to_numpy(dtype=object),
            "hovertemplate": "%{text}<br>%{x|%a %d %b %H:%M}<extra></extra>",
        }
        for kind, group in marks.groupby("kind", sort=False)
    ]
    layout = {
        "height": 420,
        "margin": {"t": 20, "b": 10},
        "xaxis": {"title": {"text": "Local time (shaded: business hours)"}},
        "yaxis": {"categoryorder": "array", "categoryarray": lanes},
        "legend": {"orientation": "h"},
        "shapes": [_shade(start, end) for start, end in shading],
    }
    return figure(traces, layout)


def _shade(start: datetime, end: datetime) -> dict[str, object]:
    """A band of business hours over the plot's height (what `add_vrect` makes)."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y domain",
        "x0": start,
        "x1": end,
        "y0": 0,
        "y1": 1,
        "fillcolor": SHADE,
        "line": {"width": 0},
        "layer": "below",
    }


def main() -> None:
    ctx = context()
    st.title("Critical incidents")
    page_intro(ctx, __file__)
    st.caption(
        "Each step measured on the business clock (business hours only), as of "
        f"{ctx.as_of:%a %d %b %Y}. Red: breached."
    )
    table = load_table(ctx)
    show_start(ctx, table)
    if table.incidents.empty:
        st.info(
            "No critical incidents up to the as-of date: start one above, or load an "
            "incident-events file (CSV: ticket, event, at) on the Ticket import page."
        )
        return
    shown, chosen = show_filters(ctx, table)
    show_summary(ctx, table, shown, chosen)
    listed = show_incidents(ctx, table, shown, chosen)
    if shown.empty:
        st.info("No incident matches these filters.")
        return
    titles = dict(zip(listed["ticket"], listed["title"], strict=True))
    ticket = st.selectbox("Incident", list(titles), format_func=titles.__getitem__, key="incident")
    open_room_button(str(ticket))
    show_timeline(ctx, table, str(ticket), business_clock(ctx.settings.business_hours))


if __name__ == "__main__":
    main()
