"""Client health: every client filtered by owner, status, criterion, band and MRR, in the URL."""

from __future__ import annotations

from typing import Any

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from pulse.explore import (
    DISPLAY_COLUMNS,
    LIST_FILTERS,
    QUERY_KEYS,
    SOURCE_BOTH,
    SOURCE_DATA,
    SOURCE_LABELS,
    SOURCE_PERSON,
    HealthFilters,
    criteria_matrix,
    filter_clients,
    filter_options,
    health_kpis,
    health_table,
    mrr_at_risk_by,
    portfolio_trend,
)
from pulse.history import pulse_history_rows
from pulse.markdown import plain
from pulse.risk import RiskBand, band_boundaries
from pulse.schema import CLIENT_KEY, Criterion
from ui.context import context
from ui.display import (
    CLICK_HINT,
    big_type,
    money,
    money_column,
    percent_column,
    shared_screen_style,
)
from ui.intro import page_intro
from ui.pending import picture_for, working_workbook
from ui.routing import shared_screen
from ui.tables import client_table

FILTERS_KEY = "health_filters"  # the last filters chosen, kept across page switches
LABELS = {
    "vcio": "vCIO",
    "vitm": "vITM",
    "account_admin": "Account Administrator",
    "segment": "Segment",
    "status": "Episode status",
    "criterion": "Criterion",
    "band": "Risk band",
}
BAND_COLOURS = {RiskBand.HIGH.value: "#d62728", RiskBand.MEDIUM.value: "#ff7f0e", "low": "#2ca02c"}
CHART_HEIGHT = 360
SHARED_CHART_HEIGHT = 520


def query_dict() -> dict[str, str | list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def requested_filters(options: dict[str, list[str]]) -> HealthFilters:
    """Filters from the URL, else the last ones chosen this session; unknown values dropped."""
    params = query_dict()
    if any(name in params for name in QUERY_KEYS) or FILTERS_KEY not in st.session_state:
        requested = HealthFilters.from_query_params(params)
    else:
        requested = st.session_state[FILTERS_KEY]
    kept, dropped = requested.restricted_to({name: options[name] for name in LIST_FILTERS})
    if dropped:
        st.warning(f"Ignoring filter values not in this workbook: {plain(', '.join(dropped))}.")
    return kept


def option_label(name: str, value: str, bands: dict[RiskBand, str]) -> str:
    if name == "criterion":
        return Criterion(value).label
    if name == "band":
        return bands[RiskBand(value)]
    return value


def filter_widgets(
    requested: HealthFilters, options: dict[str, list[str]], bands: dict[RiskBand, str]
) -> HealthFilters:
    """The filter bar; the first run of a session starts from `requested`."""
    for name in LIST_FILTERS:
        st.session_state.setdefault(f"health_{name}", list(getattr(requested, name)))
    for name in ("mrr_min", "mrr_max"):
        st.session_state.setdefault(f"health_{name}", getattr(requested, name))
    chosen: dict[str, Any] = {}
    with st.container(border=True):
        top, bottom = st.columns(4), st.columns([1, 1.4, 1, 0.8, 0.8])
        for column, name in zip([*top, *bottom[:3]], LIST_FILTERS, strict=True):
            chosen[name] = column.multiselect(
                LABELS[name],
                options[name],
                key=f"health_{name}",
                format_func=lambda value, name=name: option_label(name, value, bands),
                placeholder="All",
            )
        for column, name, label in zip(
            bottom[3:], ("mrr_min", "mrr_max"), ("MRR from ($)", "MRR to ($)"), strict=True
        ):
            chosen[name] = column.number_input(
                label, min_value=0.0, value=None, step=500.0, key=f"health_{name}"
            )
    return HealthFilters(
        **{name: tuple(chosen[name]) for name in LIST_FILTERS},
        mrr_min=chosen["mrr_min"],
        mrr_max=chosen["mrr_max"],
    )


def mirror_in_url(filters: HealthFilters) -> None:
    """Every filter lives in the URL, so copying it shares exactly this view."""
    wanted = filters.to_query_params()
    current = {name: query_dict()[name] for name in QUERY_KEYS if name in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    current_lists = {k: v if isinstance(v, list) else [v] for k, v in current.items()}
    if normalised == current_lists:
        return
    for name in QUERY_KEYS:
        if name in st.query_params and name not in wanted:
            del st.query_params[name]
    for name, value in wanted.items():
        st.query_params[name] = value


def show_kpis(shown: Any, everyone: Any) -> None:
    kpis = health_kpis(shown)
    cells = st.columns(5)
    cells[0].metric("Clients shown", kpis.clients, help=f"of {len(everyone)} clients")
    cells[1].metric("MRR", money(kpis.mrr))
    cells[2].metric("MRR at risk", money(kpis.mrr_at_risk), help="Σ MRR × risk (noisy-OR)")
    cells[3].metric("On extra care", kpis.on_extra_care, help="Clients with an Active episode")
    cells[4].metric("Overdue actions", kpis.overdue_actions, help="Not Done, due before as-of")


HEALTH_COLUMN_CONFIG = {
    "client": st.column_config.TextColumn("Client", pinned=True),
    "vcio": "vCIO",
    "vitm": "vITM",
    "account_admin": "Account admin",
    "segment": "Segment",
    "status": "Status",
    "flags": st.column_config.TextColumn("Flags", width="medium"),
    "risk": percent_column("Risk"),
    "band": "Band",
    "mrr": money_column("MRR"),
    "mrr_at_risk": money_column("MRR at risk"),
    "overdue_actions": st.column_config.NumberColumn("Overdue actions"),
    "last_contact": st.column_config.DateColumn("Last contact", format="YYYY-MM-DD"),
}


def show_table(shown: Any, *, as_of: Any, shared: bool) -> None:
    export = shown[DISPLAY_COLUMNS]
    client_table(
        export,
        key="health_table",
        width="stretch",
        column_config=HEALTH_COLUMN_CONFIG,
        height=420 if not shared else 560,
    )
    st.caption(f"{CLICK_HINT} Click a column header to sort.")
    if shared:
        return
    left, right, _ = st.columns([1, 1, 4])
    # Built when clicked (a callable), not on every run: the XLSX takes ~1 s for 2,000 clients.
    left.download_button(
        "⬇️ Download CSV",
        lambda: _export_module().to_csv_bytes(export),
        file_name=f"client-health-{as_of:%Y-%m-%d}.csv",
        mime="text/csv",
    )
    right.download_button(
        "⬇️ Download XLSX",
        lambda: _export_module().to_xlsx_bytes(export, "Client health"),
        file_name=f"client-health-{as_of:%Y-%m-%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _export_module() -> Any:
    """connectors.export imports openpyxl (most of a second): only when a download is asked."""
    import connectors.export

    return connectors.export


def bar_by(shown: Any, column: str, title: str, height: int) -> go.Figure:
    grouped = mrr_at_risk_by(shown, column)
    figure = px.bar(
        grouped,
        x=column,
        y="mrr_at_risk",
        text_auto=",.0f",
        hover_data={"mrr": ":$,.0f", "clients": True},
        labels={
            column: title,
            "mrr_at_risk": "MRR at risk ($)",
            "mrr": "MRR",
            "clients": "Clients",
        },
        title=f"MRR at risk by {title}",
        height=height,
    )
    figure.update_layout(margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return figure


def heat_map(shown: Any, height: int) -> go.Figure | None:
    matrix = criteria_matrix(shown)
    if matrix.empty:
        return None
    # zmin/zmax of ±0.5 put each code in the middle of its quarter of the scale.
    scale = [
        [0.0, "#f4f4f4"],
        [0.25, "#f4f4f4"],
        [0.25, "#4c78a8"],
        [0.5, "#4c78a8"],
        [0.5, "#f58518"],
        [0.75, "#f58518"],
        [0.75, "#b2182b"],
        [1.0, "#b2182b"],
    ]
    hover = [[SOURCE_LABELS[int(code)] or "not flagged" for code in row] for row in matrix.values]
    figure = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=list(matrix.columns),
            y=list(matrix.index),
            zmin=-0.5,
            zmax=3.5,
            colorscale=scale,
            showscale=False,
            text=hover,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    rows_height = max(height, 22 * len(matrix) + 120)
    figure.update_layout(
        height=rows_height,
        margin={"t": 110, "b": 10, "l": 10, "r": 10},
        yaxis={"autorange": "reversed"},
        xaxis={"side": "top"},
    )
    return figure


def bubble(shown: Any, *, high: float, medium: float, height: int) -> go.Figure:
    sized = shown.assign(bubble=shown["overdue_actions"] + 1)
    figure = px.scatter(
        sized,
        x="mrr",
        y="risk",
        size="bubble",
        size_max=36,
        color="band",
        color_discrete_map=BAND_COLOURS,
        hover_name="client",
        hover_data={"bubble": False, "overdue_actions": True, "mrr_at_risk": ":$,.0f"},
        labels={
            "mrr": "MRR ($)",
            "risk": "Risk",
            "overdue_actions": "Overdue actions",
            "mrr_at_risk": "MRR at risk",
            "band": "Band",
        },
        title="Risk against MRR (bubble = overdue actions + 1)",
        height=height,
    )
    for level, name in ((high, "high"), (medium, "medium")):
        figure.add_hline(y=level, line_dash="dot", annotation_text=f"{name} ≥ {level:.0%}")
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_layout(margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return figure


def trend_chart(trend: Any, height: int) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=trend["week"],
            y=trend["mrr_at_risk"],
            name="MRR at risk ($)",
            marker_color=["#e45756" if live else "#4c78a8" for live in trend["live"]],
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=trend["week"],
            y=trend["extra_care"],
            name="Clients on extra care",
            mode="lines+markers",
            line={"color": "#54a24b", "width": 3},
        ),
        secondary_y=True,
    )
    figure.update_yaxes(title_text="MRR at risk ($)", secondary_y=False)
    figure.update_yaxes(
        title_text="On extra care", secondary_y=True, rangemode="tozero", tickformat="d"
    )
    figure.update_layout(
        title="Week by week (red bar: this week, computed live)",
        height=height,
        margin={"t": 50, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def show_charts(shown: Any, *, settings: Any, height: int) -> None:
    """Where the shown clients sit: by vCIO and segment, criteria, and risk against MRR."""
    left, right = st.columns(2)
    left.plotly_chart(bar_by(shown, "vcio", "vCIO", height), width="stretch")
    right.plotly_chart(bar_by(shown, "segment", "segment", height), width="stretch")
    left, right = st.columns(2)
    matrix_figure = heat_map(shown, height)
    if matrix_figure is None:
        left.info("No client shown carries a flag, so the criteria heat map is empty.")
    else:
        left.markdown("**Clients × criteria**")
        left.plotly_chart(matrix_figure, width="stretch")
        left.caption(
            f"Blue: {SOURCE_LABELS[SOURCE_PERSON]} · orange: {SOURCE_LABELS[SOURCE_DATA]} · "
            f"red: {SOURCE_LABELS[SOURCE_BOTH]}."
        )
    right.plotly_chart(
        bubble(shown, high=settings.risk.high, medium=settings.risk.medium, height=height),
        width="stretch",
    )


def show_trend(shown: Any, *, workbook: Any, current: Any, active: bool, height: int) -> None:
    st.subheader("Trend: MRR at risk and clients on extra care")
    trend = portfolio_trend(workbook.history, current, clients=set(shown[CLIENT_KEY]))
    if len(trend) <= 1:
        st.caption("The Pulse History tab has no earlier weeks yet: only this week is shown.")
    if active:
        st.caption("Trend of the clients these filters show.")
    st.plotly_chart(trend_chart(trend, height), width="stretch")


def chosen_filters(everyone: Any, bands: Any, *, shared: bool) -> HealthFilters:
    """The URL's filters; off the shared screen also the widgets, mirrored back in the URL."""
    options = filter_options(everyone)
    requested = requested_filters(options)
    if shared:
        return requested
    filters = filter_widgets(requested, options, bands)
    st.session_state[FILTERS_KEY] = filters
    mirror_in_url(filters)
    return filters


def main() -> None:
    ctx = context()
    workbook, settings, as_of = working_workbook(ctx), ctx.settings, ctx.as_of
    shared = shared_screen()
    big_type()
    if shared:
        shared_screen_style()
    picture = picture_for(ctx, as_of)
    everyone = health_table(
        picture, workbook.clients, workbook.actions, as_of=as_of, episodes=workbook.episodes
    )
    bands = band_boundaries(settings.risk)
    st.title("Client health")
    page_intro(ctx, __file__)
    st.caption(
        f"As of {as_of} from {plain(workbook.source)}. Risk bands: {' · '.join(bands.values())}."
        " The address bar holds the filters: share it to share this view."
    )
    if everyone.empty:
        st.info("The Clients tab has no clients yet: add them to the workbook to see their health.")
        return
    filters = chosen_filters(everyone, bands, shared=shared)
    shown = filter_clients(everyone, filters)
    show_kpis(shown, everyone)
    if shown.empty:
        st.info("No client matches these filters. Remove a filter to see more clients.")
        return
    show_table(shown, as_of=as_of, shared=shared)
    height = SHARED_CHART_HEIGHT if shared else CHART_HEIGHT
    show_charts(shown, settings=settings, height=height)
    current = pulse_history_rows(picture.risk, week=as_of)
    show_trend(shown, workbook=workbook, current=current, active=filters.active, height=height)


if __name__ == "__main__":
    main()
