"""Escalation: who to call, what to say, and when (SPEC "Escalation", seeds 003 and 004)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from app.escalation import escalation_matrix
from pulse import escalation as esc
from pulse.markdown import plain
from pulse.notifications import Message
from pulse.settings import Contact, EscalationSettings
from ui.context import PulseContext, context
from ui.intro import page_intro
from ui.open_loops import ready_messages
from ui.pending import per_version
from ui.posting import post_button
from ui.tables import client_table


def contact_line(contact: Contact) -> str:
    parts = (contact.name, contact.email, contact.phone)
    return " · ".join(plain(part) for part in parts if part)


def contacts_text(contacts: dict[str, Contact]) -> str:
    return "; ".join(
        f"**{plain(role.replace('_', ' ').capitalize())}**: {contact_line(contact)}"
        for role, contact in contacts.items()
    )


def show_step(step: esc.Step) -> None:
    who = f"  \n   👤 {contacts_text(step.contacts)}" if step.contacts else ""
    st.markdown(f"{step.order}. {plain(step.action)}{who}")


def show_level(step: esc.EscalationLevel, *, marker: str, person: Contact | None) -> None:
    with st.container(border=True):
        st.caption(f"Level {step.level}")
        if marker:
            st.markdown(marker)
        st.markdown(f"### {plain(step.role)}")
        st.markdown(f"#### {plain(step.responsibility)}")
        if person is not None:
            st.markdown(f"👤 {contact_line(person)}")


def show_path(path: esc.EscalationPath, *, current: int, settings: EscalationSettings) -> None:
    st.subheader(plain(path.type))
    if not path.levels:
        st.warning(f"{plain(path.type)} has no levels in the Escalation Matrix.")
        return
    above = esc.next_level(path, current)
    if above is None:
        st.info("This is the top level of the matrix: there is no one further to escalate to.")
    else:
        role, duty = plain(above.role), plain(above.responsibility)
        st.success(f"Escalate to level {above.level}, **{role}**: {duty}")
    for column, step in zip(st.columns(len(path.levels)), path.levels, strict=True):
        marker = ""
        if step.level == current:
            marker = ":orange-background[**📍 You are here**]"
        elif above is not None and step.level == above.level:
            marker = ":green-background[**⬆️ Escalate to**]"
        with column:
            show_level(step, marker=marker, person=settings.contacts.get(esc.role_key(step.role)))


def show_matrix(matrix: pd.DataFrame, *, settings: EscalationSettings) -> None:
    st.header("Escalation matrix")
    picked, typed = st.columns(2)
    types = esc.escalation_types(matrix)
    chosen = picked.selectbox("Type of escalation", types, key="escalation_type")
    words = typed.text_input(
        "…or type a few words", key="escalation_words", placeholder="e.g. timeline, cancel, data"
    )
    current = st.radio(
        "Your current level",
        esc.LEVELS,
        format_func=lambda level: f"{level} · {esc.LEVEL_ROLES[level]}",
        horizontal=True,
        key="escalation_level",
    )
    try:
        path = esc.escalation_levels(matrix, words.strip() or chosen or "")
    except esc.NoEscalationMatch as no_match:
        st.info(plain(no_match))
        return
    show_path(path, current=current, settings=settings)


QUIET_CONFIG = {
    "last_contact": st.column_config.DateColumn("Last contact", format="YYYY-MM-DD"),
    "days": st.column_config.NumberColumn("Days without a response"),
    "since": st.column_config.DateColumn("In this stage since", format="YYYY-MM-DD"),
    "next_stage_on": st.column_config.DateColumn("Next stage on", format="YYYY-MM-DD"),
    "who": "Who to bring in",
}
STAGES_SHOWN = (esc.UnresponsiveStage.SALES_CONTACT, esc.UnresponsiveStage.MANAGER_AND_EXECUTIVE)
NEW_WITHIN_DAYS = 7  # "entering" a stage: it began in the last week


def show_quiet_clients(ctx: PulseContext, *, settings: EscalationSettings) -> None:
    """Every client at an unresponsive-customer stage from its Last Client Contact (seed 003)."""
    as_of = ctx.as_of
    st.header("Unresponsive customers")
    st.caption(
        f"From each client's Last Client Contact as of {as_of:%Y-%m-%d}: the sales contact from "
        f"day {settings.sales_contact_after_days}, your manager and the executive sponsor from "
        f"day {settings.manager_after_days}. A newer Last Client Contact takes a client off."
    )
    quiet = per_version(
        ctx,
        "escalation_pathways",
        as_of,
        lambda: esc.client_pathways(ctx.workbook.clients, as_of=as_of, settings=settings),
    )
    if quiet.empty:
        st.success("Every client with a Last Client Contact was heard from in the last two weeks.")
        return
    entering = as_of - timedelta(days=NEW_WITHIN_DAYS)
    for stage in STAGES_SHOWN:
        rows = quiet[quiet["stage"] == stage.value]
        new = int((rows["since"] > entering).sum())
        st.subheader(f"{stage.label} ({len(rows)}, {new} new this week)")
        if rows.empty:
            st.caption("Nobody at this stage.")
            continue
        shown = rows[["client", "last_contact", "days", "since", "next_stage_on", "who"]]
        client_table(shown, key=f"quiet_{stage.value}", width="stretch", column_config=QUIET_CONFIG)
        ready_messages(
            rows, title=f"Ready-to-post messages ({len(rows)})", key=f"ready_{stage.value}"
        )


def show_unresponsive(
    ctx: PulseContext, *, settings: EscalationSettings, customer: str, issue: str, details: str
) -> None:
    as_of = ctx.as_of
    st.subheader("Customer not responding")
    last_response = st.date_input(
        "Last response from the customer",
        value=as_of - timedelta(days=settings.sales_contact_after_days),
        max_value=as_of,
        key="pathway_last_response",
    )
    if not isinstance(last_response, date):
        st.info("Pick the date of the customer's last response.")
        return
    try:
        pathway = esc.unresponsive_pathway(
            last_response,
            as_of=as_of,
            settings=settings,
            customer=customer,
            issue=issue,
            details=details,
        )
    except esc.EscalationError as problem:
        st.warning(plain(problem))
        return
    days, stage, next_on = st.columns(3)
    days.metric("Days without a response", pathway.days_unresponsive)
    stage.metric("Stage", pathway.stage.label)
    next_on.metric(
        "Next stage on",
        "last stage" if pathway.next_stage_on is None else pathway.next_stage_on.isoformat(),
    )
    st.markdown(f"**What to do:** {plain(pathway.action)}")
    if pathway.contacts:
        st.markdown(f"👤 {contacts_text(pathway.contacts)}")
    st.caption(f"Ready to post in {plain(settings.chat_tool)}:")
    st.code(pathway.message, language=None, wrap_lines=True)
    title = f"Unresponsive customer: {customer.strip() or 'a customer'}"
    post_button(ctx, Message("escalation/unresponsive", title, pathway.message), key="unresponsive")


def show_urgent(
    ctx: PulseContext, *, settings: EscalationSettings, customer: str, issue: str, details: str
) -> None:
    st.subheader(f"Urgent: a response is needed in under {settings.urgent_hours} hours")
    link = st.text_input(f"Link to the project in {settings.task_tool}", key="urgent_link")
    guidance = esc.urgent_guidance(
        settings=settings, customer=customer, issue=issue, details=details, link=link
    )
    for step in guidance.steps:
        show_step(step)
    st.code(guidance.message, language=None, wrap_lines=True)
    title = f"🚨 Urgent: {customer.strip() or 'a customer'}"
    post_button(ctx, Message("escalation/urgent", title, guidance.message), key="urgent")


def show_dispute(*, settings: EscalationSettings) -> None:
    st.subheader("Dispute with a sales or CS team member")
    team = st.radio(
        "The team member is in",
        list(esc.DisputeTeam),
        format_func=lambda team: team.label,
        horizontal=True,
        key="dispute_team",
    )
    for step in esc.dispute_steps(team or esc.DisputeTeam.SALES, settings=settings):
        show_step(step)


def main() -> None:
    ctx = context()
    escalation_settings = ctx.settings.escalation

    st.title("Escalation")
    page_intro(ctx, __file__)
    st.caption("Who to call, what to say, and when.")
    matrix = escalation_matrix(ctx.workbook)
    if matrix.is_default:
        st.info(
            f"{esc.DEFAULT_MATRIX_NOTE} To edit it in Excel, add it as a tab when you export the "
            "workbook (Workbook page).",
            icon="📋",
        )
    warnings = per_version(
        ctx, "escalation_matrix_warnings", ctx.as_of, lambda: esc.validate_matrix(matrix.rows)
    )
    for warning in warnings:
        st.warning(plain(warning))
    show_matrix(matrix.rows, settings=escalation_settings)
    show_quiet_clients(ctx, settings=escalation_settings)

    st.header("Escalation pathways")
    st.caption("These fill in the ready-to-post messages below.")
    about_customer, about_issue = st.columns(2)
    customer = about_customer.text_input("Customer", key="pathway_customer")
    issue = about_issue.text_input("Issue", key="pathway_issue")
    details = st.text_area("Details", key="pathway_details")
    show_unresponsive(
        ctx,
        settings=escalation_settings,
        customer=customer,
        issue=issue,
        details=details,
    )
    show_urgent(ctx, settings=escalation_settings, customer=customer, issue=issue, details=details)
    show_dispute(settings=escalation_settings)


if __name__ == "__main__":
    main()
