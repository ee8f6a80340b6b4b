"""Escalation: who to call, what to say, and when (SPEC "Escalation", seeds 003 and 004)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from pulse import escalation as esc
from pulse.settings import Contact, EscalationSettings
from ui.context import context
from ui.intro import page_intro


def contact_line(contact: Contact) -> str:
    return " · ".join(part for part in (contact.name, contact.email, contact.phone) if part)


def contacts_text(contacts: dict[str, Contact]) -> str:
    return "; ".join(
        f"**{role.replace('_', ' ').capitalize()}**: {contact_line(contact)}"
        for role, contact in contacts.items()
    )


def show_step(step: esc.Step) -> None:
    who = f"  \n   👤 {contacts_text(step.contacts)}" if step.contacts else ""
    st.markdown(f"{step.order}. {step.action}{who}")


def show_level(step: esc.EscalationLevel, *, marker: str, person: Contact | None) -> None:
    with st.container(border=True):
        st.caption(f"Level {step.level}")
        if marker:
            st.markdown(marker)
        st.markdown(f"### {step.role}")
        st.markdown(f"#### {step.responsibility}")
        if person is not None:
            st.markdown(f"👤 {contact_line(person)}")


def show_path(path: esc.EscalationPath, *, current: int, settings: EscalationSettings) -> None:
    st.subheader(path.type)
    if not path.levels:
        st.warning(f"{path.type} has no levels in the Escalation Matrix.")
        return
    above = esc.next_level(path, current)
    if above is None:
        st.info("This is the top level of the matrix: there is no one further to escalate to.")
    else:
        st.success(f"Escalate to level {above.level}, **{above.role}**: {above.responsibility}")
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
        st.info(str(no_match))
        return
    show_path(path, current=current, settings=settings)


def show_unresponsive(
    *, as_of: date, settings: EscalationSettings, customer: str, issue: str, details: str
) -> None:
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
        st.warning(str(problem))
        return
    days, stage, next_on = st.columns(3)
    days.metric("Days without a response", pathway.days_unresponsive)
    stage.metric("Stage", pathway.stage.label)
    next_on.metric(
        "Next stage on",
        "last stage" if pathway.next_stage_on is None else pathway.next_stage_on.isoformat(),
    )
    st.markdown(f"**What to do:** {pathway.action}")
    if pathway.contacts:
        st.markdown(f"👤 {contacts_text(pathway.contacts)}")
    st.caption(f"Ready to post in {settings.chat_tool}:")
    st.code(pathway.message, language=None, wrap_lines=True)


def show_urgent(*, settings: EscalationSettings, customer: str, issue: str, details: str) -> None:
    st.subheader(f"Urgent: a response is needed in under {settings.urgent_hours} hours")
    link = st.text_input(f"Link to the project in {settings.task_tool}", key="urgent_link")
    guidance = esc.urgent_guidance(
        settings=settings, customer=customer, issue=issue, details=details, link=link
    )
    for step in guidance.steps:
        show_step(step)
    st.code(guidance.message, language=None, wrap_lines=True)


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
    for warning in esc.validate_matrix(ctx.workbook.escalation):
        st.warning(warning)
    show_matrix(ctx.workbook.escalation, settings=escalation_settings)

    st.header("Escalation pathways")
    st.caption("These fill in the ready-to-post messages below.")
    about_customer, about_issue = st.columns(2)
    customer = about_customer.text_input("Customer", key="pathway_customer")
    issue = about_issue.text_input("Issue", key="pathway_issue")
    details = st.text_area("Details", key="pathway_details")
    show_unresponsive(
        as_of=ctx.as_of,
        settings=escalation_settings,
        customer=customer,
        issue=issue,
        details=details,
    )
    show_urgent(settings=escalation_settings, customer=customer, issue=issue, details=details)
    show_dispute(settings=escalation_settings)


if __name__ == "__main__":
    main()
