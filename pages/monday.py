"""Monday CST review: who is on extra care, who awaits a decision, MRR at risk, overdue actions,
and what changed since the last meeting: the key figures, then each section in a tab.
`?screen=shared` shows one section at a time in large type for the meeting room, with big next /
previous buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from connectors.workbook import LoadedWorkbook
from pulse.actions import overdue_by_owner
from pulse.dates import last_meeting_before
from pulse.escalation import client_pathways
from pulse.extra_care import missing_contact
from pulse.history import Changes, changes_since_last_meeting, pulse_history_rows
from pulse.markdown import plain
from pulse.minutes import monday_minutes
from pulse.monday import MARK_LEGEND, awaiting_decision, candidate_evidence, extra_care_table
from pulse.risk import band_boundaries
from pulse.schema import Criterion
from pulse.summary import MondayPicture
from ui.context import PulseContext, context
from ui.display import (
    CLICK_HINT,
    big_type,
    lazy_expander,
    money,
    money_column,
    percent_column,
    shared_screen_style,
)
from ui.forms.actions import action_items_editor
from ui.forms.episodes import episode_forms
from ui.intro import page_intro
from ui.meeting_changes import show_change_tabs
from ui.open_loops import show_open_loops, show_ready_messages
from ui.pending import per_version, picture_for, working_workbook
from ui.routing import MINUTES_PAGE, session_params, set_shared_screen, shared_screen
from ui.tables import client_table, show_table

STEP_KEY = "monday_step"
SECTION_TAB = "monday_section_tab"  # the open section tab's label
SECTION_KEPT = "monday_section"  # the open section's title, kept while the page is away
CHANGES_TAB = "monday_changes_tab"  # the open "Since the last CST meeting" tab's label
ACTIONS_OPEN = "monday_actions_open"  # the action-item table's expander (opened: it is drawn)
DECISIONS_OPEN = "monday_decisions_open"  # the decision forms' expander (likewise)
T = TypeVar("T")


@dataclass(frozen=True)
class Review:
    ctx: PulseContext
    picture: MondayPicture
    shared: bool
    workbook: LoadedWorkbook  # with this session's unsaved decisions applied


def derived(review: Review, name: str, build: Callable[[], T]) -> T:
    """A table the page derives, once per version of the data and meeting (ui.pending)."""
    return per_version(review.ctx, name, review.ctx.monday, build)


def show_kpis(review: Review) -> None:
    picture = review.picture
    kpis = st.columns(6)
    kpis[0].metric("On extra care", picture.active_count, help="Clients with an Active episode")
    kpis[1].metric(
        "Awaiting decision", picture.recommended_count, help="Recommended, not yet decided"
    )
    kpis[2].metric("MRR on extra care", money(picture.mrr_on_extra_care))
    kpis[3].metric(
        "MRR at risk", money(picture.mrr_at_risk), help="Σ MRR × risk over every client (noisy-OR)"
    )
    kpis[4].metric("Overdue actions", len(picture.overdue), help="Not Done and due before as-of")
    kpis[5].metric(
        "Open loops", len(picture.open_loops), help="Steps the record says are still owed"
    )


def show_loops(review: Review) -> None:
    st.header(f"Open loops ({len(review.picture.open_loops)})")
    show_open_loops(review.picture.open_loops, key="monday_loops")
    ctx = review.ctx
    quiet = derived(
        review,
        "monday_pathways",
        lambda: client_pathways(
            review.workbook.clients, as_of=ctx.monday, settings=ctx.settings.escalation
        ),
    )
    show_ready_messages(quiet)


def show_overdue(review: Review) -> None:
    picture = review.picture
    st.header("Overdue action items")
    if picture.overdue.empty:
        st.success("No action item is overdue.")
        return
    left, right = st.columns([1, 2])
    with left:
        show_table(derived(review, "monday_overdue", lambda: overdue_by_owner(picture.overdue)))
    with right:
        client_table(
            picture.overdue[
                ["owner", "department", "client", "action", "due", "days_overdue", "ticket"]
            ],
            key="monday_overdue",
            column_config={
                "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
                "days_overdue": st.column_config.NumberColumn("Days overdue"),
            },
        )


def show_extra_care(review: Review) -> None:
    ctx, settings = review.ctx, review.ctx.settings
    st.header("On extra care")
    active = derived(
        review,
        "monday_extra_care",
        lambda: extra_care_table(
            review.picture,
            review.workbook.clients,
            review.workbook.actions,
            as_of=ctx.monday,
            rca_grace_days=settings.rca_grace_days,
            audit=review.workbook.audit,
        ),
    )
    if active.empty:
        st.info("No client is on extra care. Recommend one from a client's page when needed.")
        return
    st.caption(f"{MARK_LEGEND}. {CLICK_HINT}")
    client_table(
        active,
        key="monday_active",
        width="stretch",
        column_config=extra_care_columns(settings.rca_grace_days),
    )


def extra_care_columns(rca_grace_days: int) -> dict[str, object]:
    return {
        "client": st.column_config.TextColumn("Client", pinned=True),
        "vcio": "vCIO",
        "vitm": "vITM",
        "mrr": money_column("MRR"),
        "risk": percent_column("Risk"),
        "band": "Band",
        "mrr_at_risk": money_column("MRR at risk"),
        **{c.label: st.column_config.TextColumn(c.label, width="small") for c in Criterion},
        "weeks": st.column_config.NumberColumn("Weeks on care"),
        "last_reviewed": st.column_config.DateColumn("Last reviewed", format="YYYY-MM-DD"),
        "not_reviewed": st.column_config.CheckboxColumn(
            "Missed last review", help="Not reviewed in the last CST meeting"
        ),
        "rca_parts": st.column_config.ProgressColumn(
            "RCA", min_value=0, max_value=4, format="%d/4"
        ),
        "rca_missing": "RCA missing",
        "rca_overdue": st.column_config.CheckboxColumn(
            "RCA late", help=f"Incomplete {rca_grace_days} days after approval"
        ),
    }


RISK_COLUMNS_CONFIG = {
    "mrr": money_column("MRR"),
    "risk": percent_column("Risk"),
    "mrr_at_risk": money_column("MRR at risk"),
}


def show_awaiting(review: Review) -> None:
    st.header("Recommended — awaiting the vCIO's and Director's decision")
    waiting = derived(review, "monday_awaiting", lambda: awaiting_decision(review.picture))
    if waiting.empty:
        st.info("Nobody was recommended for extra care since the last decision.")
        return
    client_table(
        waiting,
        key="monday_waiting",
        width="stretch",
        column_config={
            "recommended_on": st.column_config.DateColumn("Recommended on", format="YYYY-MM-DD"),
            **RISK_COLUMNS_CONFIG,
        },
    )


def show_candidates(review: Review) -> None:
    st.header("Candidates for discussion")
    st.caption("Clients with no open episode whose signals fire, with the evidence.")
    candidates = derived(review, "monday_candidates", lambda: candidate_evidence(review.picture))
    if candidates.empty:
        st.info("No client without an open episode raises a signal.")
        return
    client_table(
        candidates, key="monday_candidates", width="stretch", column_config=RISK_COLUMNS_CONFIG
    )


def meeting_changes(review: Review) -> Changes:
    return derived(review, "monday_changes", lambda: _changes(review))


def _changes(review: Review) -> Changes:
    ctx = review.ctx
    return changes_since_last_meeting(
        review.workbook.audit,
        review.workbook.history,
        review.workbook.episodes,
        review.workbook.actions,
        meeting=ctx.monday,
        previous=last_meeting_before(ctx.monday),
        as_of=ctx.monday,
        current=pulse_history_rows(review.picture.risk, week=ctx.monday),
        settings=ctx.settings.risk,
    )


def show_changes(review: Review) -> None:
    """Every kind of change with its count in a tab; only the open tab's list is drawn."""
    previous = last_meeting_before(review.ctx.monday)
    st.header(f"Since the last CST meeting ({previous:%a %d %b})")
    st.caption("From the Audit Log, the episodes' dates, the action items and Pulse History.")
    show_change_tabs(meeting_changes(review), key=CHANGES_TAB)


def show_decisions(review: Review) -> None:
    st.header("Decisions")
    st.caption(
        "Decisions are made here, in the CST meeting. Each is recorded as an unsaved change "
        "(sidebar) until saved."
    )
    # Folded until someone records a decision (open on the shared screen's Decisions step): the
    # forms were the most the page drew, and most visits only read the page.
    forms = "Record a decision — recommend, approve, decline, remove, review, RCA, PSA, announce"
    with (box := lazy_expander(forms, key=DECISIONS_OPEN, expanded=review.shared)):
        if box.open:
            episode_forms(review.ctx, None)
    with (box := lazy_expander("Action items — add, edit, mark done", key=ACTIONS_OPEN)):
        if box.open:
            action_items_editor(review.ctx, None)


@dataclass(frozen=True)
class Section:
    title: str
    draw: Callable[[Review], None]
    count: Callable[[MondayPicture], int] | None = None  # shown in its tab's label

    def label(self, picture: MondayPicture) -> str:
        return self.title if self.count is None else f"{self.title} ({self.count(picture)})"


SECTIONS: tuple[Section, ...] = (
    Section("Key figures", show_kpis),
    Section("Overdue actions", show_overdue, lambda picture: len(picture.overdue)),
    Section("Open loops", show_loops, lambda picture: len(picture.open_loops)),
    Section("On extra care", show_extra_care, lambda picture: picture.active_count),
    Section("Awaiting decision", show_awaiting, lambda picture: picture.recommended_count),
    Section("Candidates", show_candidates, lambda picture: len(picture.candidates)),
    Section("Since last meeting", show_changes),
    Section("Decisions", show_decisions),
)


def keep_section(titles: dict[str, str]) -> None:
    """Remember the opened tab's section by its title: its label's count moves with the date."""
    title = titles.get(st.session_state.get(SECTION_TAB, ""))
    if title is not None:
        st.session_state[SECTION_KEPT] = title


def show_sections(review: Review) -> None:
    """The key figures, then every other section in a tab, its count in the label (overdue
    actions first, SPEC). Only the open tab's section is computed, sent and drawn; the open
    section stays open across as-of changes and visits."""
    show_kpis(review)
    sections = SECTIONS[1:]
    titles = {section.label(review.picture): section.title for section in sections}
    kept = st.session_state.get(SECTION_KEPT)
    default = next((label for label, title in titles.items() if title == kept), None)
    tabs = st.tabs(
        list(titles), key=SECTION_TAB, default=default, on_change=keep_section, args=(titles,)
    )
    for tab, section in zip(tabs, sections, strict=True):
        if tab.open:
            with tab:
                section.draw(review)


def move_step(delta: int) -> None:
    step = st.session_state.get(STEP_KEY, 0) + delta
    st.session_state[STEP_KEY] = min(max(step, 0), len(SECTIONS) - 1)


def step_buttons(step: int, *, where: str) -> None:
    back, label, forward = st.columns([1, 3, 1])
    back.button(
        "◀ Previous",
        key=f"prev_{where}",
        on_click=move_step,
        args=(-1,),
        disabled=step == 0,
        width="stretch",
    )
    label.markdown(
        f"#### {step + 1} / {len(SECTIONS)} · {SECTIONS[step].title}", text_alignment="center"
    )
    forward.button(
        "Next ▶",
        key=f"next_{where}",
        on_click=move_step,
        args=(1,),
        disabled=step == len(SECTIONS) - 1,
        width="stretch",
    )


def show_shared(review: Review) -> None:
    """One section at a time, readable from the back of the room."""
    shared_screen_style()
    step = min(st.session_state.get(STEP_KEY, 0), len(SECTIONS) - 1)
    step_buttons(step, where="top")
    SECTIONS[step].draw(review)


def show_minutes_links(review: Review) -> None:
    """The meeting's minutes: a Markdown download and the printable page."""
    meeting = review.ctx.monday
    download, printable, _ = st.columns([1, 1, 3])
    download.download_button(
        "⬇️ Monday minutes (Markdown)",
        lambda: monday_minutes(review.picture, review.workbook.episodes, meeting=meeting),
        file_name=f"cst-minutes-{meeting:%Y-%m-%d}.md",
        mime="text/markdown",
        key="minutes_download",
    )
    with printable:
        st.page_link(
            MINUTES_PAGE, label="Printable minutes", icon="🖨️", query_params=session_params()
        )


def show_missing_data(review: Review) -> None:
    workbook = review.workbook
    missing = missing_contact(workbook.clients)
    if missing:
        title = f"Missing data: {len(missing)} client(s) with no Last Client Contact"
        with (box := lazy_expander(title, key="monday_missing_open")):
            if box.open:
                st.write(plain(", ".join(missing)))


def main() -> None:
    ctx = context()
    workbook, settings, meeting = working_workbook(ctx), ctx.settings, ctx.monday
    big_type()
    picture = picture_for(ctx, meeting)
    review = Review(ctx=ctx, picture=picture, shared=shared_screen(), workbook=workbook)
    title, toggle = st.columns([5, 1])
    title.title(f"Monday CST review · {meeting:%a %d %b %Y}")
    shared = toggle.toggle("Shared screen", value=review.shared, help="One section at a time")
    if shared != review.shared:
        set_shared_screen(shared)
        st.rerun()
    page_intro(ctx, __file__)
    bands = " · ".join(band_boundaries(settings.risk).values())
    tickets = (
        f" and {plain(ctx.tickets_source)}" if ctx.tickets is not None else " (no ticket export)"
    )
    st.caption(
        f"Figures as of {meeting:%Y-%m-%d} from {plain(workbook.source)}{tickets}. "
        f"Risk bands: {bands}."
    )
    if review.shared:
        show_shared(review)
        return
    show_minutes_links(review)
    show_sections(review)
    show_missing_data(review)


if __name__ == "__main__":
    main()
