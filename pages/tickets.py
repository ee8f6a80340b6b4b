"""Ticket import: upload a PSA ticket export and an incident-events file, see how they read, map
an unknown export's columns once (saved in pulse.toml), and use them on every page.

Session contract, read by streamlit_app.py (load_tickets / load_events), where an upload takes
precedence over the sample or configured file:

- ``st.session_state["uploaded_tickets"] = {"name": str, "data": bytes, "preset": str | None,
  "mapping": dict[str, str] | None}``
- ``st.session_state["uploaded_events"] = {"name": str, "data": bytes}``

A file chosen in an uploader is first *staged* (``st.session_state["staged_tickets"]`` /
``["staged_events"]`` = ``{"name", "data"}``) and checked here; "Use this export" copies it to
the contract keys above. Tests stage a file by setting those keys directly.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd
import streamlit as st

from connectors.config import config_path
from connectors.errors import InputError, Problem
from connectors.events import read_incident_events
from connectors.ticket_mappings import save_ticket_mapping
from connectors.ticket_presets import AUTOTASK, CONNECTWISE, GENERIC, HALOPSA, resolve_columns
from connectors.tickets import (
    DEDUPE_LATEST_BY,
    PRESETS,
    detect_preset,
    export_headers,
    read_tickets,
)
from pages import common
from pulse.freshness import stale_sources, ticket_export_time
from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header
from pulse.settings import Settings

UPLOADED_TICKETS = "uploaded_tickets"
UPLOADED_EVENTS = "uploaded_events"
STAGED_TICKETS = "staged_tickets"
STAGED_EVENTS = "staged_events"
TICKETS_UPLOADER = "tickets_import_upload"
EVENTS_UPLOADER = "events_import_upload"
# Widgets of the mapping form; reset when another file is staged, so no choice leaks across files.
FORM = "tickets_form_"
LAYOUT_KEY = f"{FORM}layout"
DEDUPE_KEY = f"{FORM}dedupe"
NAME_KEY = f"{FORM}name"
NONE_CHOICE = "(none)"
CUSTOM = "custom"
PRESET_LABELS = {
    GENERIC: "Generic",
    CONNECTWISE: "ConnectWise Manage",
    AUTOTASK: "Autotask",
    HALOPSA: "HaloPSA",
}
PREVIEW_ROWS = 10


def field_key(field: str) -> str:
    """The widget key of the select box mapping one canonical field (for tests, too)."""
    return f"{FORM}map_{field}"


# ---- session state ------------------------------------------------------------------------------


def stage_upload(uploader_key: str, staged_key: str) -> None:
    """Uploader callback: stage the chosen file (or drop it when the person removed it)."""
    uploaded = st.session_state.get(uploader_key)
    if uploaded is None:
        st.session_state.pop(staged_key, None)
    else:
        st.session_state[staged_key] = {"name": uploaded.name, "data": uploaded.getvalue()}
    if staged_key == STAGED_TICKETS:
        for key in [k for k in st.session_state if str(k).startswith(FORM)]:
            del st.session_state[key]


def use_upload(key: str, upload: dict[str, Any]) -> None:
    """Button callback: runs before the next run, so the shell reads the upload at once."""
    st.session_state[key] = upload


def drop_uploads() -> None:
    st.session_state.pop(UPLOADED_TICKETS, None)
    st.session_state.pop(UPLOADED_EVENTS, None)


# ---- reading (cached on the bytes, so reruns while mapping never re-parse an unchanged choice) --


@st.cache_data(show_spinner=False, max_entries=8)
def cached_headers(data: bytes, name: str) -> list[str]:
    return export_headers(data, name=name)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_tickets(
    data: bytes, name: str, timezone: str, preset: str | None, mapping: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    chosen = dict(mapping) or None
    return read_tickets(data, name=name, timezone=timezone, preset=preset, mapping=chosen)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_events(data: bytes, name: str, timezone: str) -> pd.DataFrame:
    return read_incident_events(io.BytesIO(data), name=name, timezone=timezone)


# ---- what is loaded now -------------------------------------------------------------------------


def show_current_sources(ctx: common.PulseContext) -> None:
    uploaded = UPLOADED_TICKETS in st.session_state
    if ctx.tickets is None:
        st.info("No ticket export is loaded, so the ticket signals are off. Upload one below.")
    else:
        origin = "uploaded" if uploaded else "sample or configured file"
        st.markdown(f"**Tickets in use:** {ctx.tickets_source} ({origin})")
        # A stale export in use is bannered above every page by the shell.
        show_export_numbers(ctx.tickets, ctx.settings.business_hours.timezone)
    if ctx.events is None:
        st.caption("No incident events are loaded.")
    else:
        origin = "uploaded" if UPLOADED_EVENTS in st.session_state else "sample or configured file"
        st.caption(f"Incident events in use: {len(ctx.events):,} events ({origin}).")
    if uploaded or UPLOADED_EVENTS in st.session_state:
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


def warn_if_stale(tickets: pd.DataFrame, ctx: common.PulseContext) -> None:
    """SPEC: a tickets export older than 7 days is stale; say so before it is used."""
    for message in stale_sources(
        workbook_modified=None,
        tickets_exported=ticket_export_time(tickets),
        as_of=ctx.as_of,
        stale_days=ctx.settings.stale_days,
    ):
        st.warning(f"**Stale export.** {message}", icon="⏳")


# ---- the ticket export form ---------------------------------------------------------------------


def ticket_import_form(name: str, data: bytes, *, ctx: common.PulseContext) -> None:
    """Detect or choose the layout of one export, map it when unknown, preview it, use it."""
    try:
        with st.spinner(f"Reading the columns of {name}…"):
            headers = cached_headers(data, name)
    except InputError as exc:
        common.render_problems(f"{name} cannot be read", exc.problems)
        return
    detected = detect_preset(headers)
    if detected:
        st.success(f"Detected layout: **{PRESET_LABELS[detected]}**. Choose another if wrong.")
    else:
        st.info("This export is not a layout Client Pulse knows. Map its columns once below.")
    layout = choose_layout(headers, detected, ctx.settings.ticket_mappings)
    preset, mapping = layout_reading(layout, headers, settings=ctx.settings, file_name=name)
    if mapping is None and preset is None:
        return  # a required field has no column yet; the form said which
    tickets = preview(name, data, preset=preset, mapping=mapping, ctx=ctx)
    if tickets is not None:
        upload = {"name": name, "data": data, "preset": preset, "mapping": mapping}
        st.button(
            "Use this export",
            key="tickets_import_use",
            type="primary",
            on_click=use_upload,
            args=(UPLOADED_TICKETS, upload),
        )


def layout_choices(
    headers: list[str], detected: str | None, saved: dict[str, dict[str, str]]
) -> tuple[list[str], str]:
    """(choices, default): the presets, the saved mappings, and mapping by hand."""
    choices = [f"preset:{p}" for p in PRESETS] + [f"mapping:{n}" for n in saved] + [CUSTOM]
    if detected:
        return choices, f"preset:{detected}"
    fitting = [n for n, mapping in saved.items() if mapping_fits(mapping, headers)]
    return choices, f"mapping:{fitting[0]}" if fitting else CUSTOM


def mapping_fits(mapping: dict[str, str], headers: list[str]) -> bool:
    """Every column a saved mapping reads is in this file (the reader ignores case and spaces)."""
    present = {normalise_header(h) for h in headers}
    return bool(mapping) and all(normalise_header(h) in present for h in mapping.values())


def layout_label(choice: str, detected: str | None) -> str:
    kind, _, name = choice.partition(":")
    if kind == "preset":
        return PRESET_LABELS[name] + (" (detected)" if name == detected else "")
    if kind == "mapping":
        return f"Saved mapping '{name}'"
    return "Map the columns myself"


def choose_layout(
    headers: list[str], detected: str | None, saved: dict[str, dict[str, str]]
) -> str:
    choices, default = layout_choices(headers, detected, saved)
    if st.session_state.get(LAYOUT_KEY) not in choices:
        st.session_state.pop(LAYOUT_KEY, None)  # a choice from another file or config
    return str(
        st.selectbox(
            "Layout of this export",
            choices,
            index=choices.index(default),
            format_func=lambda choice: layout_label(choice, detected),
            key=LAYOUT_KEY,
        )
    )


def layout_reading(
    layout: str, headers: list[str], *, settings: Settings, file_name: str
) -> tuple[str | None, dict[str, str] | None]:
    """(preset, mapping) to read the export with; (None, None) while the mapping is incomplete."""
    kind, _, name = layout.partition(":")
    if kind == "preset":
        show_columns_read(resolve_columns(headers, name))
        return name, None
    if kind == "mapping":
        saved = settings.ticket_mappings[name]
        show_columns_read({k: v for k, v in saved.items() if not k.startswith("__")})
        return None, saved
    mapping = mapping_form(headers)
    missing = [f for f in REQUIRED_TICKET_COLUMNS if f not in mapping]
    if missing:
        names = ", ".join(TICKET_COLUMNS[f] for f in missing)
        st.warning(
            f"Choose a column for the required field(s): **{names}**. The preview appears once "
            "every required field (marked *) has a column.",
            icon="✋",
        )
    save_form(mapping, missing=missing, file_name=file_name)
    return (None, None) if missing else (None, mapping)


def show_columns_read(columns: dict[str, str]) -> None:
    read = ", ".join(f"{TICKET_COLUMNS[f]} ← '{h}'" for f, h in columns.items())
    st.caption(f"Reads {read}.")


def guessed_columns(headers: list[str]) -> dict[str, str]:
    """A first guess for each field: the generic layout's spellings, then each PSA's."""
    guess: dict[str, str] = {}
    for preset in PRESETS:
        for field, header in resolve_columns(headers, preset).items():
            guess.setdefault(field, header)
    return guess


def mapping_form(headers: list[str]) -> dict[str, str]:
    """One select box per canonical field; returns field -> header plus the dedupe option."""
    st.markdown("**Map the columns** (fields marked * are required; *(none)* leaves one empty).")
    options = [NONE_CHOICE, *headers]
    guess = guessed_columns(headers)
    grid = st.columns(3)
    mapping: dict[str, str] = {}
    for position, (field, label) in enumerate(TICKET_COLUMNS.items()):
        required = field in REQUIRED_TICKET_COLUMNS
        chosen = grid[position % 3].selectbox(
            f"{label} *" if required else label,
            options,
            index=options.index(guess.get(field, NONE_CHOICE)),
            key=field_key(field),
        )
        if chosen != NONE_CHOICE:
            mapping[field] = str(chosen)
    dedupe = st.selectbox(
        "One row per update (an audit log such as ServiceNow's)? Keep the latest row of each "
        "ticket by column",
        options,
        format_func=lambda h: "No: one row per ticket" if h == NONE_CHOICE else h,
        key=DEDUPE_KEY,
    )
    if dedupe != NONE_CHOICE:
        mapping[DEDUPE_LATEST_BY] = str(dedupe)
    return mapping


def suggested_mapping_name(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "_", stem.casefold()).strip("_") or "my_export"


def save_form(mapping: dict[str, str], *, missing: list[str], file_name: str) -> None:
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    name = left.text_input(
        "Name of this mapping", value=suggested_mapping_name(file_name), key=NAME_KEY
    )
    if not right.button("Save mapping", key=f"{FORM}save"):
        return
    if missing:
        st.error("Not saved: every required field (marked *) needs a column first.")
    elif not name.strip():
        st.error("Not saved: give the mapping a name (for example the PSA's name).")
    else:
        save_mapping(name.strip(), mapping)


def save_mapping(name: str, mapping: dict[str, str]) -> None:
    path = config_path()
    try:
        save_ticket_mapping(path, name, mapping)
    except InputError as exc:
        common.render_problems(f"The mapping cannot be saved in {path}", exc.problems)
        return
    except OSError as exc:
        st.error(f"The mapping cannot be saved: {path} is not writable ({exc.strerror}).")
        return
    st.cache_resource.clear()  # the shell caches the settings; reload them with this mapping
    st.success(f"Saved the mapping '{name}' in {path}. Next time it is offered as a layout.")


def preview(
    name: str,
    data: bytes,
    *,
    preset: str | None,
    mapping: dict[str, str] | None,
    ctx: common.PulseContext,
) -> pd.DataFrame | None:
    """The canonical frame's first rows as they would be read, or the problems; None on error."""
    zone = ctx.settings.business_hours.timezone
    try:
        with st.spinner(f"Reading {name}…"):
            tickets = cached_tickets(
                data, name, zone, preset, tuple(sorted((mapping or {}).items()))
            )
    except InputError as exc:
        common.render_problems(f"{name} cannot be read this way", exc.problems)
        return None
    show_export_numbers(tickets, zone)
    warn_if_stale(tickets, ctx)
    show_warnings(tickets.attrs.get("warnings", []))
    st.caption(f"The first {PREVIEW_ROWS} tickets as Client Pulse reads them:")
    st.dataframe(preview_rows(tickets, zone), hide_index=True)
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
                st.markdown(f"- **{warning.where}**: {warning.message}")


# ---- the incident events form -------------------------------------------------------------------


def events_import_form(name: str, data: bytes, *, settings: Settings) -> None:
    try:
        with st.spinner(f"Reading {name}…"):
            events = cached_events(data, name, settings.business_hours.timezone)
    except InputError as exc:
        common.render_problems(f"{name} cannot be read", exc.problems)
        return
    left, right = st.columns(2)
    left.metric("Events", f"{len(events):,}")
    right.metric("Incidents", f"{events['ticket'].nunique():,}")
    st.dataframe(events.head(PREVIEW_ROWS), hide_index=True)
    st.button(
        "Use these incident events",
        key="events_import_use",
        type="primary",
        on_click=use_upload,
        args=(UPLOADED_EVENTS, {"name": name, "data": data}),
    )


# ---- page ---------------------------------------------------------------------------------------


def main() -> None:
    ctx = common.context()
    st.title("Ticket import")
    show_current_sources(ctx)
    st.subheader("Ticket export")
    st.file_uploader(
        "A ticket export (CSV or XLSX) from ConnectWise Manage, Autotask, HaloPSA or another PSA",
        type=["csv", "xlsx"],
        key=TICKETS_UPLOADER,
        on_change=stage_upload,
        args=(TICKETS_UPLOADER, STAGED_TICKETS),
    )
    staged = st.session_state.get(STAGED_TICKETS)
    if staged:
        ticket_import_form(staged["name"], staged["data"], ctx=ctx)
    st.subheader("Incident events")
    st.file_uploader(
        "Incident events (CSV: ticket, event, at, actor, note)",
        type=["csv"],
        key=EVENTS_UPLOADER,
        on_change=stage_upload,
        args=(EVENTS_UPLOADER, STAGED_EVENTS),
    )
    staged_events = st.session_state.get(STAGED_EVENTS)
    if staged_events:
        events_import_form(staged_events["name"], staged_events["data"], settings=ctx.settings)


main()
