"""Small display helpers every page uses: money, columns, problems and the large type of the
meeting room. Tables (and `client_table`, kept importable from here) are in ui.tables."""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from pulse.markdown import plain
from ui.tables import client_table

__all__ = [
    "BIG_TYPE_CSS",
    "CLICK_HINT",
    "SHARED_SCREEN_CSS",
    "big_type",
    "client_table",
    "money",
    "money_column",
    "percent_column",
    "render_problems",
    "shared_screen_style",
]

CLICK_HINT = "Click a row to open that client's page."
BIG_TYPE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.stDataFrame, .stMarkdown p, .stMarkdown li { font-size: 1.05rem; }
</style>
"""
SHARED_SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none; }
[data-testid="stMetricValue"] { font-size: 3.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.stMarkdown p, .stMarkdown li, .stCaption p { font-size: 1.35rem; }
h1 { font-size: 3rem !important; } h2 { font-size: 2.3rem !important; }
.stButton button { min-height: 4rem; } .stButton button p { font-size: 1.6rem; }
</style>
"""


def lazy_expander(label: str, *, key: str, expanded: bool = False) -> Any:
    """An expander (collapsed unless `expanded`) whose content runs only while it is open:
    `with box: if box.open:`. Closed, the page computes, sends and draws nothing of it
    (Streamlit's on_change="rerun")."""
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


@functools.lru_cache(maxsize=8)
def markdown_html(text: str) -> str:
    """Markdown the app wrote (every value in it made plain: pulse.markdown) as HTML, for
    `st.html(markdown_html(text))`, the only HTML from data that tests/test_hardening.py
    allows: a long document is drawn at once instead of through the browser's Markdown parser
    (the minutes at MSP scale: 120 KB, about a second). Raw HTML in it stays text; links keep
    only safe schemes (CommonMark's rules); st.html sanitises what it draws as well. The last
    few documents are kept: a page's rerun converts nothing again."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text)


def render_problems(title: str, problems: list[Any]) -> None:
    """A clear panel listing what is wrong and where; never a traceback."""
    lines = "\n".join(f"- **{plain(p.where)}**: {plain(p.message)}" for p in problems)
    st.error(f"### {plain(title)}\n\n{lines}", icon="🚫")


def money(value: float) -> str:
    return f"${value:,.0f}"


def money_column(label: str, help_text: str | None = None) -> Any:
    return st.column_config.NumberColumn(label, format="dollar", help=help_text)


def percent_column(label: str, help_text: str | None = None) -> Any:
    return st.column_config.ProgressColumn(
        label, min_value=0.0, max_value=1.0, format="percent", help=help_text
    )


def big_type() -> None:
    """Readable from the back of the room on a 1080p shared screen (static CSS, no user data)."""
    st.markdown(BIG_TYPE_CSS, unsafe_allow_html=True)


def shared_screen_style() -> None:
    """Hide the sidebar and enlarge type for the room (static CSS, no user data)."""
    st.markdown(SHARED_SCREEN_CSS, unsafe_allow_html=True)
