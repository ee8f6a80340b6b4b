"""Announcements after a CST meeting (seed 001, step 3): the Tuesday all-staff huddle, the
department huddles and the Friday update, each shown, copyable and downloadable as Markdown."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from pulse.announcements import department_huddles, friday_update, tuesday_huddle
from pulse.notifications import markdown_message
from ui.context import PulseContext, context
from ui.intro import page_intro
from ui.pending import per_version, working_workbook
from ui.posting import post_button

FRIDAY_OFFSET = 4  # days after the Monday meeting
TABS = ("Tuesday all-staff huddle", "Department huddles", "Friday update")
TAB_KEY = "announcement_tab"  # the open tab's label


def show_markdown(ctx: PulseContext, text: str, *, file_name: str, key: str) -> None:
    """Rendered, copyable (st.code has a copy button), downloadable and postable."""
    left, right = st.columns(2)
    left.caption("Preview")
    left.container(border=True).markdown(text)
    right.caption("Markdown — the copy button is at the top right")
    right.code(text, language="markdown", wrap_lines=True)
    st.download_button(
        "Download as Markdown", text, file_name=file_name, mime="text/markdown", key=key
    )
    post_button(ctx, markdown_message(f"announcement/{file_name}", text), key=key)


def main() -> None:
    ctx = context()
    meeting = ctx.monday
    st.title(f"Announcements · CST meeting of {meeting:%a %d %b %Y}")
    page_intro(ctx, __file__)
    st.caption(
        "Written from the decisions on record, including changes not saved yet. "
        "Record the date each change was announced on the Monday page (Decisions → Announced)."
    )
    # Only the open tab's text is written, sent and drawn.
    tuesday, departments, friday = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun")
    if tuesday.open:
        with tuesday:
            show_tuesday(ctx)
    if departments.open:
        with departments:
            show_departments(ctx)
    if friday.open:
        with friday:
            show_friday(ctx)


def show_tuesday(ctx: PulseContext) -> None:
    meeting = ctx.monday
    text = per_version(
        ctx,
        "tuesday_huddle",
        meeting,
        lambda: tuesday_huddle(working_workbook(ctx).episodes, meeting=meeting),
    )
    show_markdown(ctx, text, file_name=f"tuesday-huddle-{meeting:%Y-%m-%d}.md", key="dl_tuesday")


def show_departments(ctx: PulseContext) -> None:
    meeting, working = ctx.monday, working_workbook(ctx)
    huddles = per_version(
        ctx,
        f"department_huddles|{ctx.as_of.isoformat()}",
        meeting,
        lambda: department_huddles(
            working.episodes, working.actions, meeting=meeting, as_of=ctx.as_of
        ),
    )
    department = st.selectbox("Department", list(huddles), key="huddle_department")
    if department is not None:
        slug = department.lower().replace(" ", "-")
        show_markdown(
            ctx,
            huddles[department],
            file_name=f"{slug}-huddle-{meeting:%Y-%m-%d}.md",
            key="dl_department",
        )


def show_friday(ctx: PulseContext) -> None:
    meeting, working = ctx.monday, working_workbook(ctx)
    friday_date = meeting + timedelta(days=FRIDAY_OFFSET)
    text = per_version(
        ctx,
        "friday_update",
        meeting,
        lambda: friday_update(
            working.episodes, working.actions, working.audit, meeting=meeting, friday=friday_date
        ),
    )
    show_markdown(ctx, text, file_name=f"friday-update-{friday_date:%Y-%m-%d}.md", key="dl_friday")


if __name__ == "__main__":
    main()
