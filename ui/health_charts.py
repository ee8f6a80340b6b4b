"""The Client health page's figures, light enough for a shared screen at MSP scale.

Built from the health table's rows (pulse.explore), each figure is a plain plotly object. One
builder per tab (a View): the page builds only the open tab's, and caches it per version of the
data, as-of date and filters (pages/health.py), so a rerun that changes nothing builds nothing.
The criteria heat map shows the HEAT_MAP_ROWS riskiest flagged clients (the page says how
many more there are): 1,600 rows would be a 35,000-pixel figure nobody reads, and most of the
page's drawing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import plotly.graph_objects as go

from pulse.explore import SOURCE_LABELS, criteria_matrix, mrr_at_risk_by, portfolio_trend
from pulse.history import pulse_history_rows
from pulse.risk import RiskBand
from pulse.schema import CLIENT_KEY
from pulse.settings import Settings
from ui.figures import dotted_line, figure

BAND_COLOURS = {RiskBand.HIGH.value: "#d62728", RiskBand.MEDIUM.value: "#ff7f0e", "low": "#2ca02c"}
HEAT_MAP_ROWS = 40  # the riskiest flagged clients the heat map draws
MARGIN = {"t": 50, "b": 10, "l": 10, "r": 10}


def bar_by(shown: Any, column: str, title: str, height: int) -> go.Figure:
    grouped = mrr_at_risk_by(shown, column)
    bars = {
        "type": "bar",
        "x": grouped[column].to_numpy(dtype=object),
        "y": grouped["mrr_at_risk"].to_numpy(dtype=float),
        "texttemplate": "%{y:,.0f}",
        "customdata": grouped[["mrr", "clients"]].to_numpy(dtype=float),
        "hovertemplate": (
            f"{title}: %{{x}}<br>MRR at risk ($): %{{y:,.0f}}<br>MRR: %{{customdata[0]:$,.0f}}"
            "<br>Clients: %{customdata[1]:,.0f}<extra></extra>"
        ),
    }
    return figure(
        [bars],
        {
            "title": {"text": f"MRR at risk by {title}"},
            "height": height,
            "xaxis": {"title": {"text": title}},
            "yaxis": {"title": {"text": "MRR at risk ($)"}},
            "margin": MARGIN,
        },
    )


def heat_map(shown: Any, height: int) -> go.Figure | None:
    matrix = criteria_matrix(shown, limit=HEAT_MAP_ROWS)
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
    cells = {
        "type": "heatmap",
        "z": matrix.to_numpy(),
        "x": list(matrix.columns),
        "y": list(matrix.index),
        "zmin": -0.5,
        "zmax": 3.5,
        "colorscale": scale,
        "showscale": False,
        "text": hover,
        "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    layout = {
        "height": max(height, 22 * len(matrix) + 120),
        "margin": {**MARGIN, "t": 110},
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"side": "top"},
    }
    return figure([cells], layout)


def bubble(shown: Any, *, high: float, medium: float, height: int) -> go.Figure:
    """One trace per band; bubble areas scaled as plotly express scales them (size_max 36)."""
    sizes = shown["overdue_actions"] + 1
    scale = 2.0 * max(float(sizes.max()), 1.0) / 36**2 if len(shown) else 1.0
    traces = [
        _band_bubbles(rows, str(band), scale)
        for band, rows in shown.groupby("band", sort=False, observed=True)
    ]
    lines = [
        dotted_line(level, f"{name} ≥ {level:.0%}")
        for level, name in ((high, "high"), (medium, "medium"))
    ]
    return figure(
        traces,
        {
            "title": {"text": "Risk against MRR (bubble = overdue actions + 1)"},
            "height": height,
            "xaxis": {"title": {"text": "MRR ($)"}},
            "yaxis": {"title": {"text": "Risk"}, "tickformat": ".0%", "rangemode": "tozero"},
            "legend": {"title": {"text": "Band"}},
            "shapes": [shape for shape, _ in lines],
            "annotations": [label for _, label in lines],
            "margin": MARGIN,
        },
    )


def _band_bubbles(rows: Any, band: str, scale: float) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": rows["mrr"].to_numpy(dtype=float),
        "y": rows["risk"].to_numpy(dtype=float),
        "mode": "markers",
        "name": band,
        "marker": {
            "size": (rows["overdue_actions"] + 1).to_numpy(dtype=float),
            "sizemode": "area",
            "sizeref": scale,
            "color": BAND_COLOURS.get(band, "#7f7f7f"),
        },
        "text": rows["client"].to_numpy(dtype=object),
        "customdata": rows[["overdue_actions", "mrr_at_risk"]].to_numpy(dtype=float),
        "hovertemplate": (
            "<b>%{text}</b><br>MRR ($): %{x:,.0f}<br>Risk: %{y:.0%}"
            "<br>Overdue actions: %{customdata[0]:.0f}<br>MRR at risk: %{customdata[1]:$,.0f}"
            "<extra></extra>"
        ),
    }


def trend_chart(trend: Any, height: int) -> go.Figure:
    weeks = trend["week"].to_numpy(dtype=object)
    bars = {
        "type": "bar",
        "x": weeks,
        "y": trend["mrr_at_risk"].to_numpy(dtype=float),
        "name": "MRR at risk ($)",
        "marker": {"color": ["#e45756" if live else "#4c78a8" for live in trend["live"]]},
    }
    line = {
        "type": "scatter",
        "x": weeks,
        "y": trend["extra_care"].to_numpy(dtype=float),
        "name": "Clients on extra care",
        "mode": "lines+markers",
        "line": {"color": "#54a24b", "width": 3},
        "yaxis": "y2",
    }
    on_care = {"overlaying": "y", "side": "right", "rangemode": "tozero", "tickformat": "d"}
    return figure(
        [bars, line],
        {
            "title": {"text": "Week by week (red bar: this week, computed live)"},
            "height": height,
            "margin": MARGIN,
            "legend": {"orientation": "h", "y": -0.15},
            "yaxis": {"title": {"text": "MRR at risk ($)"}},
            "yaxis2": {"title": {"text": "On extra care"}, **on_care},
        },
    )


@dataclass(frozen=True)
class ChartInputs:
    """What the figures are drawn from besides the shown rows."""

    workbook: Any  # connectors.workbook.LoadedWorkbook (its Pulse History)
    picture: Any  # pulse.summary.MondayPicture (this week's risk, live)
    as_of: date
    settings: Settings
    height: int = 360


@dataclass(frozen=True)
class View:
    """One tab's figures: only the open tab's are built, sent and drawn."""

    figures: tuple[go.Figure, ...]  # empty: nothing to draw (no shown client carries a flag)
    count: int = 0  # heat map: the shown clients with a flag; trend: weeks, this one included


def bars_view(shown: Any, inputs: ChartInputs) -> View:
    by_vcio = bar_by(shown, "vcio", "vCIO", inputs.height)
    return View((by_vcio, bar_by(shown, "segment", "segment", inputs.height)))


def heat_map_view(shown: Any, inputs: ChartInputs) -> View:
    drawn = heat_map(shown, inputs.height)
    flagged = int((shown["criteria"].map(len) > 0).sum())
    return View((drawn,) if drawn is not None else (), flagged)


def bubble_view(shown: Any, inputs: ChartInputs) -> View:
    risk = inputs.settings.risk
    return View((bubble(shown, high=risk.high, medium=risk.medium, height=inputs.height),))


def trend_view(shown: Any, inputs: ChartInputs) -> View:
    current = pulse_history_rows(inputs.picture.risk, week=inputs.as_of)
    trend = portfolio_trend(inputs.workbook.history, current, clients=set(shown[CLIENT_KEY]))
    return View((trend_chart(trend, inputs.height),), len(trend))
