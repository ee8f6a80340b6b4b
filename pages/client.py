"""One client's whole story on one screen: owners and MRR, every extra-care episode on a
timeline, current flags and where each came from, RCA, action items, tickets and incidents,
and risk week by week. Reached with ?client=<name> from any table in the app."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pulse.client_story import (
    client_actions,
    client_episodes,
    client_incident_events,
    client_tickets,
    episode_timeline,
    find_client,
    flag_evidence,
    rca_fields,
    rca_labels,
    risk_history,
)
from pulse.extra_care import rca_completeness
from pulse.history import pulse_history_rows
from pulse.markdown import plain
from pulse.risk import band_boundaries
from pulse.schema import CLIENT_KEY, EpisodeStatus
from pulse.summary import MondayPicture
from ui.context import PulseContext, context
from ui.display import big_type, lazy_expander, money, shared_screen_style
from ui.figures import dotted_line, figure
from ui.forms.actions import action_items_editor
from ui.forms.episodes import episode_forms
from ui.intro import page_intro
from ui.open_loops import show_client_loops
from ui.pending import picture_for, working_workbook
from ui.routing import CLIENT_PARAM, shared_screen
from ui.tables import show_table

EVENT_SYMBOLS = {
    "recommended": "circle-open",
    "approved": "star",
    "announced": "diamond",
    "reviewed": "circle",
    "removed": "x",
    "declined": "x-open",
}
CHART_HEIGHT = 300
ACTIONS_OPEN = "client_actions_open"  # the action-item table's expander (opened: it is drawn)


def choose_client(ctx: PulseContext) -> str | None:
    """The client named in ?client=, chosen again with a picker that updates the URL."""
    clients = working_workbook(ctx).clients.sort_values("client", key=lambda s: s.str.casefold())
    names = list(clients["client"].astype(str))
    requested = st.query_params.get(CLIENT_PARAM)
    key = find_client(working_workbook(ctx).clients, requested)
    if requested and key is None:
        asked, source = plain(repr(requested)), plain(ctx.workbook.source)
        st.warning(f"No client called {asked} in {source}. Pick one below.")
    by_key = dict(zip(clients[CLIENT_KEY], names, strict=True))
    index = names.index(by_key[key]) if key is not None else None
    chosen = st.selectbox("Client", names, index=index, placeholder="Choose a client…")
    if chosen is None:
        return None
    if chosen != requested:
        st.query_params[CLIENT_PARAM] = chosen
    return find_client(working_workbook(ctx).clients, chosen)


def header(ctx: PulseContext, picture: MondayPicture, key: str) -> None:
    client = working_workbook(ctx).clients.set_index(CLIENT_KEY).loc[key]
    risk = picture.risk.set_index(CLIENT_KEY).loc[key]
    overdue = int((picture.overdue[CLIENT_KEY] == key).sum())
    st.title(plain(client["client"]))
    st.caption(
        " · ".join(
            f"**{label}** {plain(_text(client[column]))}"
            for label, column in (
                ("vCIO", "vcio"),
                ("vITM", "vitm"),
                ("Account admin", "account_admin"),
                ("Segment", "segment"),
                ("Primary POC", "primary_poc"),
                ("Last contact", "last_client_contact"),
                ("Contract end", "contract_end"),
            )
        )
    )
    cells = st.columns(5)
    cells[0].metric("MRR", money(float(risk["mrr"])))
    cells[1].metric("Extra care", risk["status"] or "No", help="Status of the open episode")
    cells[2].metric("Risk", f"{float(risk['risk']):.0%}", help=f"Band: {risk['band']}")
    cells[3].metric("MRR at risk", money(float(risk["mrr_at_risk"])))
    cells[4].metric("Overdue actions", overdue)


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return str(value)


def show_loops(picture: MondayPicture, key: str) -> None:
    loops = picture.open_loops[picture.open_loops[CLIENT_KEY] == key]
    st.subheader(f"Open loops ({len(loops)})")
    show_client_loops(loops)


def show_flags(picture: MondayPicture, risk_row: pd.Series) -> None:
    st.subheader("Current flags and where they came from")
    flags = flag_evidence(risk_row, picture.signals)
    if flags.empty:
        st.success("No criterion is flagged for this client.")
        return
    show_table(
        flags,
        width="stretch",
        column_config={
            "criterion": "Criterion",
            "source": "Source",
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "tickets": "Tickets",
        },
    )


def timeline_chart(timeline: pd.DataFrame) -> go.Figure:
    """One trace per kind of step, each with its symbol (plain traces: see ui/figures.py)."""
    labelled = timeline.assign(label=[f"Episode {n}" for n in timeline["episode"]])
    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": str(event),
            "x": rows["on"].to_numpy(dtype=object),
            "y": rows["label"].to_numpy(dtype=object),
            "marker": {"size": 16, "symbol": EVENT_SYMBOLS.get(str(event), "circle")},
            "customdata": rows[["detail", "status"]].astype(str).to_numpy(),
            "hovertemplate": (
                "Date: %{x}<br>detail: %{customdata[0]}<br>status: %{customdata[1]}"
                f"<extra>{event}</extra>"
            ),
        }
        for event, rows in labelled.groupby("event", sort=False)
    ]
    height = max(180, 70 * labelled["episode"].nunique() + 110)
    layout = {
        "height": height,
        "margin": {"t": 20, "b": 10, "l": 10, "r": 10},
        "xaxis": {"title": {"text": "Date"}},
        "legend": {"title": {"text": "Step"}},
    }
    return figure(traces, layout)


def show_episodes(ctx: PulseContext, key: str) -> None:
    st.subheader("Extra-care episodes")
    timeline = episode_timeline(working_workbook(ctx).episodes, key)
    if timeline.empty:
        st.info("This client has never been recommended for extra care.")
        return
    st.plotly_chart(timeline_chart(timeline), width="stretch")
    episodes = client_episodes(working_workbook(ctx).episodes, key)
    show_table(
        episodes[
            [
                "episode",
                "status",
                "recommended_by",
                "recommended_on",
                "director_approved_on",
                "cst_meeting_date",
                "announced_on",
                "last_reviewed",
                "removed_on",
                "removal_reason",
            ]
        ],
        width="stretch",
        column_config={
            name: st.column_config.DateColumn(format="YYYY-MM-DD")
            for name in (
                "recommended_on",
                "director_approved_on",
                "cst_meeting_date",
                "announced_on",
                "last_reviewed",
                "removed_on",
            )
        },
    )


def show_rca(ctx: PulseContext, key: str) -> None:
    st.subheader("Root-cause analysis")
    episodes = client_episodes(working_workbook(ctx).episodes, key)
    active = episodes[episodes["status"] == EpisodeStatus.ACTIVE.value]
    if active.empty:
        st.info("An RCA is kept while a client is on extra care (Active); this client is not.")
        return
    episode = active.iloc[-1]
    parts = rca_completeness(
        active.tail(1),
        working_workbook(ctx).actions,
        as_of=ctx.as_of,
        grace_days=ctx.settings.rca_grace_days,
        audit=working_workbook(ctx).audit,
    ).iloc[0]
    done = rca_labels(parts)
    st.progress(sum(done.values()) / len(done), text=f"RCA {sum(done.values())}/{len(done)} parts")
    st.write(" · ".join(f"{'✅' if ok else '❌'} {label}" for label, ok in done.items()))
    if bool(parts["rca_overdue"]):
        st.error(f"Incomplete {ctx.settings.rca_grace_days} days after approval.")
    for label, text in rca_fields(episode).items():
        st.markdown(f"**{label}:** {plain(text) if text else '_(blank)_'}")


def show_actions(ctx: PulseContext, key: str) -> None:
    st.subheader("Action items")
    actions = client_actions(working_workbook(ctx).actions, key, as_of=ctx.as_of)
    if actions.empty:
        st.info("No action item is recorded for this client.")
        return
    show_table(
        actions,
        width="stretch",
        column_config={
            "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
            "done_on": st.column_config.DateColumn("Done on", format="YYYY-MM-DD"),
            "days_overdue": st.column_config.NumberColumn("Days overdue"),
        },
    )


def show_tickets(ctx: PulseContext, key: str) -> None:
    st.subheader("Tickets and critical incidents")
    if ctx.tickets is None:
        st.caption("No ticket export is loaded, so tickets and incidents are not shown.")
        return
    tickets = client_tickets(ctx.tickets, key)
    if tickets.empty:
        st.info("The loaded ticket export has no ticket for this client.")
    else:
        show_table(tickets.drop(columns=[CLIENT_KEY], errors="ignore"))
    if ctx.events is not None:
        events = client_incident_events(ctx.events, ctx.tickets, key)
        if events.empty:
            st.caption("No critical-incident event on this client's tickets.")
        else:
            show_table(events, width="stretch")


def risk_chart(weeks: pd.DataFrame, *, high: float, medium: float) -> go.Figure:
    week = weeks["week"].to_numpy(dtype=object)
    risk = {"type": "scatter", "x": week, "y": weeks["risk"].to_numpy(dtype=float)}
    bars = {"type": "bar", "x": week, "y": weeks["mrr_at_risk"].to_numpy(dtype=float)}
    lines = [
        dotted_line(level, f"{name} ≥ {level:.0%}")
        for level, name in ((high, "high"), (medium, "medium"))
    ]
    layout = {
        "height": CHART_HEIGHT,
        "margin": {"t": 20, "b": 10, "l": 10, "r": 10},
        "yaxis": {"tickformat": ".0%", "rangemode": "tozero"},
        "yaxis2": {"overlaying": "y", "side": "right", "rangemode": "tozero"},
        "shapes": [shape for shape, _ in lines],
        "annotations": [label for _, label in lines],
    }
    return figure(
        [
            {**risk, "name": "Risk", "mode": "lines+markers"},
            {**bars, "name": "MRR at risk ($)", "opacity": 0.35, "yaxis": "y2"},
        ],
        layout,
    )


def show_risk_history(ctx: PulseContext, picture: MondayPicture, key: str) -> None:
    st.subheader("Risk week by week")
    current = pulse_history_rows(picture.risk, week=ctx.as_of)
    weeks = risk_history(working_workbook(ctx).history, current, key)
    if len(weeks) <= 1:
        st.caption("The Pulse History tab has no earlier week for this client yet.")
    risk = ctx.settings.risk
    st.plotly_chart(risk_chart(weeks, high=risk.high, medium=risk.medium), width="stretch")


def main() -> None:
    ctx = context()
    big_type()
    if shared_screen():
        shared_screen_style()
    page_intro(ctx, __file__)
    if working_workbook(ctx).clients.empty:
        st.title("Client")
        st.info("The Clients tab has no clients yet.")
        return
    key = choose_client(ctx)
    if key is None:
        st.title("Client")
        st.info("Choose a client above, or click a client in any table of the app.")
        return
    picture = picture_for(ctx, ctx.as_of)
    risk_row = picture.risk.set_index(CLIENT_KEY, drop=False).loc[key]
    header(ctx, picture, key)
    bands = " · ".join(band_boundaries(ctx.settings.risk).values())
    st.caption(f"As of {ctx.as_of:%Y-%m-%d}. Risk bands: {bands}.")
    show_loops(picture, key)
    left, right = st.columns([3, 2])
    with left:
        show_episodes(ctx, key)
        show_actions(ctx, key)
    with right:
        show_flags(picture, risk_row)
        show_risk_history(ctx, picture, key)
    left, right = st.columns([3, 2])
    with left:
        show_rca(ctx, key)
    with right:
        show_tickets(ctx, key)
    show_decisions(ctx, str(risk_row["client"]))


def show_decisions(ctx: PulseContext, client: str) -> None:
    """Record this client's decisions, RCA and action items (saved from the sidebar)."""
    st.header("Record")
    episode_forms(ctx, client)
    title = f"Action items for {plain(client)} — add, edit, mark done"
    with (box := lazy_expander(title, key=ACTIONS_OPEN)):
        if box.open:
            action_items_editor(ctx, client)


if __name__ == "__main__":
    main()
