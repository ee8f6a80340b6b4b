"""Client Pulse's shell, run by streamlit_app.py for every visitor: page config, navigation, the
sidebar (who, as-of, source) and loading; pages get everything through ui.context.context()."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app.clock import today
from app.sources import outage_message
from app.workbooks import Opened
from connectors.config import ConfigError, load_settings
from connectors.errors import InputError
from connectors.sharepoint import SharePointError
from pulse.dates import latest_monday
from pulse.freshness import ticket_export_time
from pulse.markdown import plain
from pulse.settings import Settings
from ui.auth import Identity, identify, require_sign_in, sign_in_sidebar
from ui.context import CONTEXT_KEY, PulseContext
from ui.display import render_problems
from ui.freshness import TICKETS_EXPORTED_KEY, WORKBOOK_MODIFIED_KEY, modified_time, stale_banner
from ui.incident_log import load_incident_log
from ui.loaders import Tickets, load_events, load_tickets
from ui.notices import show_notices
from ui.problems import problems_panel
from ui.routing import app_pages
from ui.saving import sidebar_badge, start_run
from ui.source import open_session_workbook, sample_note


@st.cache_resource
def cached_settings() -> Settings:
    return load_settings()


def settings_or_stop() -> Settings:
    try:
        return cached_settings()
    except ConfigError as exc:
        render_problems("pulse.toml cannot be used", exc.problems)
        st.stop()
        raise AssertionError("st.stop() ends the run") from None


def workbook_or_stop(day: date, settings: Settings) -> Opened:
    """The workbook and where it came from; stops with a plain message when it cannot be read."""
    try:
        return open_session_workbook(day, settings.business_hours.timezone, settings.limits)
    except InputError as exc:
        render_problems("The Client Pulse workbook cannot be read", exc.problems)
    except SharePointError as exc:
        st.error(
            f"### The Client Pulse workbook cannot be read from SharePoint\n\n{plain(exc)}",
            icon="🚫",
        )
    st.stop()
    raise AssertionError("st.stop() ends the run")


def sidebar_source(opened: Opened, tickets: Tickets, day: date) -> None:
    source = opened.source
    version = f" · version {source.version_label}" if source.version_label else ""
    location = plain(source.location)
    st.sidebar.caption(f"Workbook ({source.kind}): **{location}**{plain(version)}")
    note = sample_note(source.path, day)
    if note:
        st.sidebar.caption(note)
    outage = outage_message(source)
    if outage:
        st.sidebar.warning(plain(outage))
    if tickets.frame is not None:
        name = plain(tickets.name)
        st.sidebar.caption(f"Tickets: **{name}** ({len(tickets.frame):,} tickets)")


def sidebar_as_of(settings: Settings) -> date:
    """As-of date for every computation: ?as_of=YYYY-MM-DD, else today (app.clock)."""
    default = today(settings.business_hours.timezone)
    if "as_of" in st.query_params:
        try:
            default = date.fromisoformat(st.query_params["as_of"])
        except ValueError:
            given = plain(repr(st.query_params["as_of"]))
            st.sidebar.warning(f"Ignoring as\\_of={given}: not YYYY-MM-DD.")
    chosen = st.sidebar.date_input("As of", value=default, format="YYYY-MM-DD", key="as_of_input")
    return chosen if isinstance(chosen, date) else default


def prepare(settings: Settings, identity: Identity, as_of: date) -> PulseContext:
    """Load every source and store this run's context (and freshness) for the pages."""
    day = today(settings.business_hours.timezone)
    opened = workbook_or_stop(day, settings)
    tickets = load_tickets(settings, opened.source)
    sidebar_source(opened, tickets, day)
    log = load_incident_log(settings, opened)
    ctx = PulseContext(
        workbook=opened.workbook,
        settings=settings,
        as_of=as_of,
        monday=latest_monday(as_of),
        user=identity.user,
        role=identity.role,
        tickets=tickets.frame,
        events=load_events(settings, opened.source),
        incident_log=log.log.events if log is not None else None,
        source=opened.source,
        workbook_version=opened.source.key,
        tickets_version=tickets.version,
        tickets_source=tickets.name,
    )
    st.session_state[CONTEXT_KEY] = ctx
    st.session_state[WORKBOOK_MODIFIED_KEY] = modified_time(opened)
    st.session_state[TICKETS_EXPORTED_KEY] = ticket_export_time(tickets.frame)
    return ctx


def main() -> None:
    st.set_page_config(page_title="Client Pulse", page_icon="📈", layout="wide")
    # Also when served without the repo's .streamlit/config.toml: the tables' own CSV download
    # writes formula-leading text as is; the app's download buttons neutralise it.
    st.set_option("client.disableDataExport", True)
    # Navigation first, so the sidebar is right even when the workbook cannot be read.
    navigation = st.navigation(app_pages())
    st.sidebar.title("📈 Client Pulse")
    settings = settings_or_stop()
    identity = identify(settings)
    require_sign_in(identity)  # with sign-in configured, nothing below runs for a stranger
    sign_in_sidebar(identity)
    ctx = prepare(settings, identity, sidebar_as_of(settings))
    start_run(ctx)
    sidebar_badge(ctx)
    stale_banner(ctx)
    show_notices()  # what the last save or form did, above the page
    problems_panel(ctx)  # what reading the workbook, tickets and events left out, and why
    navigation.run()
