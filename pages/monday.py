"""Monday CST review: who is on extra care, who awaits a decision, MRR at risk, overdue actions."""

from __future__ import annotations

import streamlit as st

from pages.common import (
    big_type,
    context,
    money,
    money_column,
    percent_column,
    working_workbook,
)
from pages.forms import action_items_editor, episode_forms
from pulse.actions import overdue_by_owner
from pulse.extra_care import missing_contact
from pulse.monday import MARK_LEGEND, awaiting_decision, candidate_evidence, extra_care_table
from pulse.risk import band_boundaries
from pulse.schema import Criterion
from pulse.summary import monday_picture

ctx = context()
# Unsaved decisions show at once (pages.pending); saving writes them.
workbook, settings, meeting = working_workbook(ctx), ctx.settings, ctx.monday
big_type()
picture = monday_picture(
    workbook.clients, workbook.episodes, workbook.actions, as_of=meeting, settings=settings
)

st.title(f"Monday CST review · {meeting:%a %d %b %Y}")
bands = " · ".join(band_boundaries(settings.risk).values())
st.caption(f"Figures as of {meeting:%Y-%m-%d} from {workbook.source}. Risk bands: {bands}.")

kpis = st.columns(5)
kpis[0].metric("On extra care", picture.active_count, help="Clients with an Active episode")
kpis[1].metric("Awaiting decision", picture.recommended_count, help="Recommended, not yet decided")
kpis[2].metric("MRR on extra care", money(picture.mrr_on_extra_care))
kpis[3].metric(
    "MRR at risk", money(picture.mrr_at_risk), help="Σ MRR × risk over every client (noisy-OR)"
)
kpis[4].metric("Overdue actions", len(picture.overdue), help="Not Done and due before as-of")

st.header("Overdue action items")
if picture.overdue.empty:
    st.success("No action item is overdue.")
else:
    left, right = st.columns([1, 2])
    left.dataframe(
        overdue_by_owner(picture.overdue),
        hide_index=True,
        column_config={"oldest_days": st.column_config.NumberColumn("Oldest (days)")},
    )
    right.dataframe(
        picture.overdue[
            ["owner", "department", "client", "action", "due", "days_overdue", "ticket"]
        ],
        hide_index=True,
        column_config={
            "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
            "days_overdue": st.column_config.NumberColumn("Days overdue"),
        },
    )

st.header("On extra care")
active = extra_care_table(
    picture,
    workbook.clients,
    workbook.actions,
    as_of=meeting,
    rca_grace_days=settings.rca_grace_days,
)
if active.empty:
    st.info("No client is on extra care. Recommend one from a client's page when needed.")
else:
    st.caption(MARK_LEGEND)
    st.dataframe(
        active,
        hide_index=True,
        width="stretch",
        column_config={
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
                "RCA late", help=f"Incomplete {settings.rca_grace_days} days after approval"
            ),
        },
    )

st.header("Recommended — awaiting the vCIO's and Director's decision")
waiting = awaiting_decision(picture)
if waiting.empty:
    st.info("Nobody was recommended for extra care since the last decision.")
else:
    st.dataframe(
        waiting,
        hide_index=True,
        width="stretch",
        column_config={
            "recommended_on": st.column_config.DateColumn("Recommended on", format="YYYY-MM-DD"),
            "mrr": money_column("MRR"),
            "risk": percent_column("Risk"),
            "mrr_at_risk": money_column("MRR at risk"),
        },
    )

st.header("Candidates for discussion")
st.caption("Clients with no open episode whose signals fire, with the evidence.")
candidates = candidate_evidence(picture)
if candidates.empty:
    st.info("No client without an open episode raises a signal.")
else:
    st.dataframe(
        candidates,
        hide_index=True,
        width="stretch",
        column_config={
            "mrr": money_column("MRR"),
            "risk": percent_column("Risk"),
            "mrr_at_risk": money_column("MRR at risk"),
        },
    )

missing = missing_contact(workbook.clients)
if missing:
    with st.expander(f"Missing data: {len(missing)} client(s) with no Last Client Contact"):
        st.write(", ".join(missing))
if workbook.warnings:
    with st.expander(f"{len(workbook.warnings)} warning(s) in the workbook"):
        for warning in workbook.warnings:
            st.write(f"- **{warning.where}**: {warning.message}")

st.header("Decisions")
st.caption(
    "Decisions are made here, in the CST meeting. Each is recorded as an unsaved change "
    "(sidebar) until saved."
)
episode_forms(ctx, None)
with st.expander("Action items — add, edit, mark done"):
    action_items_editor(ctx, None)
