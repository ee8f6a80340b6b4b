"""Ticket import: upload a PSA ticket export and an incident-events file, see how they read, map
an unknown export's columns once (saved in pulse.toml), and use them on every page.

A file chosen in an uploader is first *staged* (an app.sources.Upload in
``st.session_state["staged_tickets"]`` / ``["staged_events"]``) and checked here; "Use this
export" puts it where the shell's loaders read uploads (ui.loaders), ahead of the sample or
configured file. Tests stage a file by setting those keys directly.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.clock import now
from app.sources import Upload
from connectors.errors import InputError, Problem
from connectors.tickets import detect_preset, export_headers
from pulse.freshness import stale_sources, ticket_export_time
from pulse.markdown import plain
from pulse.permissions import Action
from pulse.schema import TICKET_COLUMNS
from pulse.settings import Settings
from ui.context import PulseContext, context
from ui.display import render_problems
from ui.intro import page_intro
from ui.loaders import EVENTS_UPLOAD_KEY, TICKETS_UPLOAD_KEY
from ui.permissions import permission_reason
from ui.tables import show_table
from ui.ticket_import import (
    PRESET_LABELS,
    age_column,
    choose_layout,
    closest_layout_problems,
    export_time_form,
    fields_read,
    layout_reading,
    reset_form,
)

STAGED_TICKETS = "staged_tickets"
STAGED_EVENTS = "staged_events"
TICKETS_UPLOADER = "tickets_import_upload"
EVENTS_UPLOADER = "events_import_upload"
PREVIEW_ROWS = 10


def stage_upload(uploader_key: str, staged_key: str) -> None:
    """Uploader callback: stage the chosen file (or drop it when the person removed it)."""
    uploaded = st.session_state.get(uploader_key)
    tickets = staged_key == STAGED_TICKETS
    if uploaded is None:
        st.session_state.pop(staged_key, None)
    else:
        # A ticket export remembers when it was uploaded: Age counts back from it by default.
        at = now("UTC") if tickets else None
        st.session_state[staged_key] = Upload(uploaded.name, uploaded.getvalue(), exported_at=at)
    if tickets:
        reset_form()


def use_upload(key: str, upload: Upload) -> None:
    """Button callback: runs before the next run, so the shell reads the upload at once."""
    st.session_state[key] = upload


def drop_uploads() -> None:
    st.session_state.pop(TICKETS_UPLOAD_KEY, None)
    st.session_state.pop(EVENTS_UPLOAD_KEY, None)


# Reading is cached on the bytes, so reruns while mapping never re-parse an unchanged choice.
@st.cache_data(show_spinner=False, max_entries=8)
def cached_headers(data: bytes, name: str) -> list[str]:
    return export_headers(data, name=name)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_tickets(version: str, _upload: Upload, _settings: Settings) -> pd.DataFrame:
    from app.inputs import read_ticket_upload

    del version  # names the bytes and the layout
    return read_ticket_upload(_upload, _settings)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_events(version: str, _upload: Upload, _settings: Settings) -> pd.DataFrame:
    from app.inputs import read_events_upload

    del version
    return read_events_upload(_upload, _settings)


def show_current_sources(ctx: PulseContext) -> None:
    uploaded = TICKETS_UPLOAD_KEY in st.session_state
    if ctx.tickets is None:
        st.info("No ticket export is loaded, so the ticket signals are off. Upload one below.")
    else:
        origin = "uploaded" if uploaded else "sample or configured file"
        st.markdown(f"**Tickets in use:** {plain(ctx.tickets_source)} ({origin})")
        # A stale export in use is bannered above every page by the shell.
        show_export_numbers(ctx.tickets, ctx.settings.business_hours.timezone)
    events_uploaded = EVENTS_UPLOAD_KEY in st.session_state
    if ctx.events is None:
        st.caption("No incident events are loaded.")
    else:
        origin = "uploaded" if events_uploaded else "sample or configured file"
        st.caption(f"Incident events in use: {len(ctx.events):,} events ({origin}).")
    if uploaded or events_uploaded:
        st.button(
            "Back to the sample/configured export", key="tickets_import_back", on_click=drop_uploads
        )


def show_export_numbers(tickets: pd.DataFrame, zone: str) -> None:
    """Rows, clients and the newest Created time (what dates an export) in the business zone."""
    left, middle, right = st.columns(3)
    left.metric("Tickets", f"{len(tickets):,}")
    middle.metric("Clients", f"{tickets['client_key'].nunique():,}")
    exported = ticket_export_time(tickets)
    newest = (
        "—" if exported is None else f"{pd.Timestamp(exported).tz_convert(zone):%Y-%m-%d %H:%M}"
    )
    right.metric("Newest Created", newest)


def warn_if_stale(tickets: pd.DataFrame, ctx: PulseContext) -> None:
    """SPEC: a tickets export older than 7 days is stale; say so before it is used."""
    for message in stale_sources(
        workbook_modified=None,
        tickets_exported=ticket_export_time(tickets),
        as_of=ctx.as_of,
        stale_days=ctx.settings.stale_days,
    ):
        st.warning(f"**Stale export.** {message}", icon="⏳")


def ticket_import_form(staged: Upload, *, ctx: PulseContext) -> None:
    """Detect or choose the layout of one export, map it when unknown, preview it, use it."""
    try:
        with st.spinner(f"Reading the columns of {plain(staged.name)}…"):
            headers = cached_headers(staged.data, staged.name)
    except InputError as exc:
        render_problems(f"{staged.name} cannot be read", exc.problems)
        return
    detected = detect_preset(headers)
    if detected:
        st.success(f"Detected layout: **{PRESET_LABELS[detected]}**. Choose another if wrong.")
    else:
        why = plain(" ".join(p.message for p in closest_layout_problems(headers, staged.name)))
        st.info(f"This export is not a layout Client Pulse knows. {why} Or map its columns below.")
    layout = choose_layout(headers, detected, ctx.settings.ticket_mappings)
    preset, mapping = layout_reading(
        layout,
        headers,
        settings=ctx.settings,
        file_name=staged.name,
        save_blocked=permission_reason(
            ctx, Action.CONFIGURE, "save a column mapping in pulse.toml"
        ),
    )
    if mapping is None and preset is None:
        return  # a required field has no column yet; the form said which
    age = age_column(headers, preset, mapping)
    zone = ctx.settings.business_hours.timezone
    made = export_time_form(age, uploaded=staged.exported_at, zone=zone) if age else None
    upload = Upload(staged.name, staged.data, preset, mapping, exported_at=made)
    if preview(upload, ctx=ctx) is not None:
        st.button(
            "Use this export",
            key="tickets_import_use",
            type="primary",
            on_click=use_upload,
            args=(TICKETS_UPLOAD_KEY, upload),
        )


def preview(upload: Upload, *, ctx: PulseContext) -> pd.DataFrame | None:
    """The canonical frame's first rows as they would be read, or the problems; None on error."""
    zone = ctx.settings.business_hours.timezone
    try:
        with st.spinner(f"Reading {plain(upload.name)}…"):
            tickets = cached_tickets(f"{upload.version}:{zone}", upload, ctx.settings)
    except InputError as exc:
        render_problems(f"{upload.name} cannot be read this way", exc.problems)
        return None
    show_export_numbers(tickets, zone)
    warn_if_stale(tickets, ctx)
    show_warnings(tickets.attrs.get("warnings", []))
    st.caption("Each field, the column of the export it comes from, and a few values as read:")
    st.dataframe(fields_read(tickets, zone), hide_index=True, key="tickets_import_fields")
    st.caption(f"The first {PREVIEW_ROWS} tickets as Client Pulse reads them:")
    show_table(preview_rows(tickets, zone))
    return tickets


def preview_rows(tickets: pd.DataFrame, zone: str) -> pd.DataFrame:
    """The first rows with the canonical labels, times in the business zone as people read them."""
    shown = tickets[list(TICKET_COLUMNS)].head(PREVIEW_ROWS).copy()
    shown.attrs = {}  # the warnings are listed above; Arrow cannot serialise them
    for column in shown.columns:
        if isinstance(shown[column].dtype, pd.DatetimeTZDtype):
            shown[column] = shown[column].dt.tz_convert(zone)
    return shown.rename(columns=TICKET_COLUMNS)


def show_warnings(warnings: list[Problem]) -> None:
    if warnings:
        with st.expander(f"{len(warnings)} warning(s) while reading", expanded=True):
            for warning in warnings:
                st.markdown(f"- **{plain(warning.where)}**: {plain(warning.message)}")


def events_import_form(staged: Upload, *, settings: Settings) -> None:
    zone = settings.business_hours.timezone
    try:
        with st.spinner(f"Reading {staged.name}…"):
            events = cached_events(f"{staged.version}:{zone}", staged, settings)
    except InputError as exc:
        render_problems(f"{staged.name} cannot be read", exc.problems)
        return
    left, right = st.columns(2)
    left.metric("Events", f"{len(events):,}")
    right.metric("Incidents", f"{events['ticket'].nunique():,}")
    show_table(events.head(PREVIEW_ROWS))
    st.button(
        "Use these incident events",
        key="events_import_use",
        type="primary",
        on_click=use_upload,
        args=(EVENTS_UPLOAD_KEY, staged),
    )


def uploader(label: str, types: list[str], *, key: str, staged_key: str) -> Upload | None:
    st.file_uploader(label, type=types, key=key, on_change=stage_upload, args=(key, staged_key))
    staged = st.session_state.get(staged_key)
    return staged if isinstance(staged, Upload) else None


def main() -> None:
    ctx = context()
    st.title("Ticket import")
    page_intro(ctx, __file__)
    show_current_sources(ctx)
    st.subheader("Ticket export")
    staged = uploader(
        "A ticket export (CSV or XLSX) from ConnectWise Manage, Autotask, HaloPSA or another PSA",
        ["csv", "xlsx"],
        key=TICKETS_UPLOADER,
        staged_key=STAGED_TICKETS,
    )
    if staged is not None:
        ticket_import_form(staged, ctx=ctx)
    st.subheader("Incident events")
    staged_events = uploader(
        "Incident events (CSV: ticket, event, at, actor, note)",
        ["csv"],
        key=EVENTS_UPLOADER,
        staged_key=STAGED_EVENTS,
    )
    if staged_events is not None:
        events_import_form(staged_events, settings=ctx.settings)


if __name__ == "__main__":
    main()
