"""Plotly figures built without plotly's per-value validation, for pages that must be quick.

plotly checks every value of every trace in Python as a figure is built (about 60 ms for one
2,000-point scatter) and plotly express adds its own grouping on top. The app's figures are built
by its own code from typed frames, so that checking buys nothing on a page switch; `figure`
takes traces and layout as plain dicts, with numpy arrays for the data, and skips it (about
6 ms for the same scatter). Streamlit sends the result as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go


def figure(traces: Sequence[Mapping[str, Any]], layout: Mapping[str, Any]) -> go.Figure:
    """A figure from plain trace and layout dicts, not validated (see the module docstring)."""
    return go.Figure(data=[dict(trace) for trace in traces], layout=dict(layout), _validate=False)


def dotted_line(y: float, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A dotted horizontal line across the plot at `y`, with its label at the right: the shape
    and the annotation to put in the layout (what `add_hline` makes, without its cost)."""
    shape = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": y,
        "y1": y,
        "line": {"dash": "dot"},
    }
    label = {
        "xref": "x domain",
        "x": 1,
        "xanchor": "right",
        "yref": "y",
        "y": y,
        "yanchor": "bottom",
        "text": text,
        "showarrow": False,
    }
    return shape, label
