"""The shell's loaders for ticket exports and incident events: an upload from the Ticket import
page first, else the file the environment names (the sample's own on the sample workbook).

Frames are cached as resources (one shared object, never copied): st.cache_data would unpickle
half a million tickets on every rerun. Pages only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from app import environment
from app.inputs import read_events_file, read_events_upload, read_ticket_file, read_ticket_upload
from app.sources import Upload, WorkbookSource, file_version
from connectors.errors import InputError
from pulse.markdown import plain
from pulse.settings import Settings
from ui.display import render_problems

TICKETS_UPLOAD_KEY = "uploaded_tickets"  # the Upload chosen on the Ticket import page
EVENTS_UPLOAD_KEY = "uploaded_events"


@dataclass(frozen=True)
class Tickets:
    frame: pd.DataFrame | None = None
    version: str = ""
    name: str = ""


@st.cache_resource(show_spinner="Reading the ticket export…", max_entries=4)
def _ticket_file(path: str, version: str, _settings: Settings, zone: str) -> pd.DataFrame:
    """Keyed on the file's version; a restart reads the parsed cache, not the CSV."""
    del version, zone  # the cache key
    return read_ticket_file(Path(path), _settings)


@st.cache_resource(show_spinner="Reading the uploaded ticket export…", max_entries=4)
def _ticket_upload(version: str, _upload: Upload, _settings: Settings, zone: str) -> pd.DataFrame:
    del version, zone  # the bytes are keyed by their digest, not hashed again
    return read_ticket_upload(_upload, _settings)


@st.cache_resource(show_spinner="Reading incident events…", max_entries=4)
def _events_file(path: str, version: str, _settings: Settings, zone: str) -> pd.DataFrame:
    del version, zone
    return read_events_file(Path(path), _settings)


@st.cache_resource(show_spinner="Reading the uploaded incident events…", max_entries=4)
def _events_upload(version: str, _upload: Upload, _settings: Settings, zone: str) -> pd.DataFrame:
    del version, zone
    return read_events_upload(_upload, _settings)


def upload_in_session(key: str) -> Upload | None:
    upload = st.session_state.get(key)
    return upload if isinstance(upload, Upload) else None


def _file_of(env_name: str, sample: Path, source: WorkbookSource) -> tuple[Path, str] | None:
    path = environment.optional_input(env_name, sample, workbook=source.path)
    if path is None:
        return None
    version = file_version(path)
    if version is None:
        path.stat()  # raises the OSError that says why (the caller shows it)
    return path, f"{path.resolve()}:{version}"


def load_tickets(settings: Settings, source: WorkbookSource) -> Tickets:
    """The ticket export in use; a broken one is shown and the app goes on without it."""
    zone = settings.business_hours.timezone
    upload = upload_in_session(TICKETS_UPLOAD_KEY)
    try:
        if upload is not None:
            frame = _ticket_upload(upload.version, upload, settings, zone)
            return Tickets(frame, upload.version, upload.name)
        found = _file_of(environment.TICKETS_ENV, environment.SAMPLE_TICKETS, source)
        if found is None:
            return Tickets()
        path, version = found
        return Tickets(_ticket_file(str(path), version, settings, zone), version, path.name)
    except OSError as exc:
        st.warning(
            f"The ticket export cannot be opened ({plain(exc.strerror)}). Signals from tickets "
            "are off until one is loaded on the Ticket import page."
        )
    except InputError as exc:
        render_problems(
            "The ticket export cannot be read; signals from tickets are off", exc.problems
        )
    return Tickets()


def load_events(settings: Settings, source: WorkbookSource) -> pd.DataFrame | None:
    zone = settings.business_hours.timezone
    upload = upload_in_session(EVENTS_UPLOAD_KEY)
    try:
        if upload is not None:
            return _events_upload(upload.version, upload, settings, zone)
        found = _file_of(environment.EVENTS_ENV, environment.SAMPLE_EVENTS, source)
        if found is None:
            return None
        return _events_file(str(found[0]), found[1], settings, zone)
    except OSError as exc:
        st.warning(f"The incident events file cannot be opened ({plain(exc.strerror)}).")
    except InputError as exc:
        render_problems("The incident events cannot be read", exc.problems)
    return None
