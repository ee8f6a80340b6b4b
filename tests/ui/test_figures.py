import json

import numpy as np
import plotly.io

from ui.figures import dotted_line, figure


def test_a_figure_keeps_its_traces_and_layout_as_given() -> None:
    bars = {
        "type": "bar",
        "x": np.array(["Dana", "Priya"], dtype=object),
        "y": np.array([2.0, 1.5]),
    }
    built = figure([bars], {"title": {"text": "MRR at risk by vCIO"}, "height": 360})
    spec = built.to_dict()
    assert spec["data"][0]["type"] == "bar"
    assert list(spec["data"][0]["x"]) == ["Dana", "Priya"]
    assert list(built.data[0].y) == [2.0, 1.5]
    assert spec["layout"]["title"]["text"] == "MRR at risk by vCIO"
    assert spec["layout"]["height"] == 360
    sent = json.loads(plotly.io.to_json(built, validate=False))  # what Streamlit sends
    assert sent["data"][0]["x"] == ["Dana", "Priya"]


def test_a_dotted_line_spans_the_plot_at_its_height_with_its_label() -> None:
    shape, label = dotted_line(0.6, "high ≥ 60%")
    assert (shape["y0"], shape["y1"], shape["x0"], shape["x1"]) == (0.6, 0.6, 0, 1)
    assert shape["xref"] == "x domain" and shape["line"] == {"dash": "dot"}
    assert (label["y"], label["text"]) == (0.6, "high ≥ 60%")
    built = figure([], {"shapes": [shape], "annotations": [label]})
    assert built.layout.shapes[0].y0 == 0.6
    assert built.layout.annotations[0].text == "high ≥ 60%"
