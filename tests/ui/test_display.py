"""Display helpers (ui/display.py): money and the problem panel (tables: tests/ui/test_tables)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.display import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0, "$0"), (2350.0, "$2,350"), (6750.4, "$6,750"), (1_234_567.89, "$1,234,568")],
)
def test_money_is_whole_dollars_with_thousands(value: float, shown: str) -> None:
    assert money(value) == shown


def problems_script() -> None:
    from connectors.errors import Problem
    from ui.display import render_problems

    render_problems(
        "The workbook cannot be read",
        [
            Problem("w.xlsx", "MRR cannot read 'a lot' as money", sheet="Clients", cell="B2"),
            Problem("t.csv", "'soon' is not a date", row=3, column="Created"),
        ],
    )


def test_problems_are_one_panel_saying_where_and_what() -> None:
    app = AppTest.from_function(problems_script, default_timeout=30).run()
    assert [error.value for error in app.error] == [
        "### The workbook cannot be read\n\n"
        "- **Clients!B2**: MRR cannot read 'a lot' as money\n"
        "- **t.csv, row 3, column Created**: 'soon' is not a date"
    ]


def test_markdown_drawn_as_html_keeps_raw_html_and_unsafe_links_as_text() -> None:
    from ui.display import markdown_html

    html = markdown_html("# Minutes\n\n- <script>alert(1)</script>\n- [x](javascript:alert(1))\n")
    assert html.startswith("<h1>Minutes</h1>\n<ul>\n<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>")
    assert "<script" not in html and "href" not in html  # the link is left as text
