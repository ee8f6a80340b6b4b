"""The Client health page's figures, light enough for a shared screen at MSP scale.

Built from the health table's rows (pulse.explore), each figure is a plain plotly object; the
page caches them per version of the data, as-of date and filters (pages/health.py), so a rerun
that changes nothing redraws nothing new. The criteria heat map shows the HEAT_MAP_ROWS riskiest
flagged clients (the page says how many more there are): 1,600 rows would be a 35,000-pixel
figure nobody reads, and most of the page's drawing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pulse.explore import SOURCE_LABELS, criteria_matrix, mrr_at_risk_by, portfolio_trend
from pulse.history import pulse_history_rows
from pulse.risk import RiskBand
from pulse.schema import CLIENT_KEY
from pulse.settings import Settings

BAND_COLOURS = {RiskBand.HIGH.value: "#d62728", RiskBand.MEDIUM.value: "#ff7f0e", "low": "#2ca02c"}
HEAT_MAP_ROWS = 40  # the riskiest flagged clients the heat map draws


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
    matrix = criteria_matrix(shown).head(HEAT_MAP_ROWS)
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


@dataclass(frozen=True)
class ChartInputs:
    """What the figures are drawn from besides the shown rows."""

    workbook: Any  # connectors.workbook.LoadedWorkbook (its Pulse History)
    picture: Any  # pulse.summary.MondayPicture (this week's risk, live)
    as_of: date
    settings: Settings
    height: int = 360


@dataclass(frozen=True)
class HealthCharts:
    by_vcio: go.Figure
    by_segment: go.Figure
    heat_map: go.Figure | None
    flagged: int  # shown clients with at least one flag (the heat map draws HEAT_MAP_ROWS)
    bubble: go.Figure
    trend: go.Figure
    weeks: int  # weeks in the trend, this one included


def health_charts(shown: Any, inputs: ChartInputs) -> HealthCharts:
    """Every figure of the Client health page for the rows `shown`."""
    height, risk = inputs.height, inputs.settings.risk
    current = pulse_history_rows(inputs.picture.risk, week=inputs.as_of)
    trend = portfolio_trend(inputs.workbook.history, current, clients=set(shown[CLIENT_KEY]))
    return HealthCharts(
        by_vcio=bar_by(shown, "vcio", "vCIO", height),
        by_segment=bar_by(shown, "segment", "segment", height),
        heat_map=heat_map(shown, height),
        flagged=int((shown["criteria"].map(len) > 0).sum()),
        bubble=bubble(shown, high=risk.high, medium=risk.medium, height=height),
        trend=trend_chart(trend, height),
        weeks=len(trend),
    )
