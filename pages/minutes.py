"""Monday minutes: the CST meeting's record on one printable page (key figures, decisions made,
who awaits one, open loops by who must act, overdue action items by owner) and as Markdown, for
the meeting notes and the Friday update. Written from the record, unsaved changes included."""

from __future__ import annotations

import streamlit as st

from pulse.minutes import monday_minutes
from ui.context import context
from ui.display import markdown_html
from ui.intro import page_intro
from ui.pending import per_version, picture_for, working_workbook

# Printing leaves out the app's chrome: the sidebar, the top bar and the buttons (static CSS).
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stCaptionContainer"] { display: none !important; }
  [data-testid="stMain"] { margin: 0 !important; padding: 0 !important; }
}
</style>
"""


def main() -> None:
    ctx = context()
    meeting = ctx.monday
    minutes = per_version(
        ctx,
        "monday_minutes",
        meeting,
        lambda: monday_minutes(
            picture_for(ctx, meeting), working_workbook(ctx).episodes, meeting=meeting
        ),
    )
    st.markdown(PRINT_CSS, unsafe_allow_html=True)
    page_intro(ctx, __file__)
    left, right = st.columns([1, 3])
    left.download_button(
        "⬇️ Download as Markdown",
        minutes,
        file_name=f"cst-minutes-{meeting:%Y-%m-%d}.md",
        mime="text/markdown",
        key="minutes_page_download",
    )
    right.caption(
        "Print this page from the browser (Ctrl+P, or ⌘P on a Mac): the sidebar and the "
        "buttons are left out. Figures as of the meeting's Monday, unsaved changes included."
    )
    st.html(
        markdown_html(minutes)
    )  # drawn at once: the browser's Markdown parser took a second at MSP scale


if __name__ == "__main__":
    main()
