"""Which workbook this session works on: the live SharePoint file when it is configured, else a
workbook uploaded on the Workbook page, else the local file (PULSE_WORKBOOK, this week's sample
when unset: app.sample). Reads are cached on the version, so a rerun never re-reads an unchanged
file.

SharePoint: one SharePointSession (the library's ClientContext) per browser session, kept in
st.session_state and never in st.cache_resource (it queues requests and holds a token). The
version read (bytes + ETag) is kept with it, so a save lands only on that version.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import streamlit as st

from app import environment, sample
from app.sources import (
    Upload,
    WorkbookSource,
    file_version,
    local_source,
)
from app.workbooks import Opened, download, open_upload, remote_opened
from connectors import sharepoint as sp
from connectors.workbook import LoadedWorkbook, read_workbook
from pulse.markdown import plain
from pulse.settings import DEFAULT_LIMITS, InputLimits

SOURCE_KEY = "workbook_source"
UPLOADED_KEY = "uploaded_workbook"  # the Upload of a workbook chosen on the Workbook page
SESSION_KEY = "sharepoint_session"
SAMPLE_WEEK = f"{sample.SAMPLE_AS_OF:%a %d %b %Y}"  # the committed sample's Monday
REMOTE_KEY = "sharepoint_remote"


# Cached as resources: one shared object, never copied. st.cache_data would unpickle the whole
# workbook on every rerun of every page (40-50 ms at MSP scale); nothing edits a read workbook
# in place (pulse/workflow copies before it changes a frame; tests/ui/test_source.py checks).
@st.cache_resource(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def _read_local(path: str, version: str, zone: str, limits: InputLimits) -> LoadedWorkbook:
    """Cached on the file's identity (mtime and size), so reruns never re-read it."""
    del version  # part of the cache key only
    return read_workbook(Path(path), timezone=zone, limits=limits)


@st.cache_resource(show_spinner="Reading the workbook…", max_entries=4)
def _read_upload(version: str, _upload: Upload, zone: str, limits: InputLimits) -> Opened:
    del version  # names the bytes: they are not hashed again
    return open_upload(_upload, timezone=zone, limits=limits)


@st.cache_resource(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def _read_remote(
    site: str, path: str, etag: str, _remote: sp.RemoteFile, zone: str, limits: InputLimits
) -> LoadedWorkbook:
    """Cached on the version (the bytes are not hashed: the ETag names them)."""
    del site, path, etag  # the cache key
    return read_workbook(_remote.data, name=_remote.name, timezone=zone, limits=limits)


def forget_local_reads() -> None:
    """The next run reads the local file again, even if its mtime and size are unchanged."""
    _read_local.clear()


def _local(today: date, zone: str, limits: InputLimits) -> Opened:
    path = local_path(today)
    version = file_version(path)
    if version is None:
        read_workbook(path)  # raises a WorkbookError naming the missing file
    assert version is not None
    # The bytes are read again when saving, and only while the file is still this version.
    workbook = _read_local(str(path), version, zone, limits)
    return Opened(workbook, local_source(path, version), data=None)


def local_path(today: date) -> Path:
    """PULSE_WORKBOOK, else this week's sample (made on the week's first run; if the cache
    cannot be written, the committed copy, with a word in the sidebar)."""
    if os.environ.get(environment.WORKBOOK_ENV):
        return sample.named_or_sample(today)
    week = sample.sample_week(today)
    try:
        with st.spinner(f"Preparing the sample for the week of {week:%a %d %b %Y}…"):
            return sample.current_sample(today)
    except OSError as exc:
        st.sidebar.warning(
            f"This week's sample cannot be made in {plain(sample.sample_folder(today))} "
            f"({plain(exc.strerror or exc)}); showing the committed copy, dated {SAMPLE_WEEK}."
        )
        return environment.SAMPLE_WORKBOOK


def sample_note(path: Path | None, today: date) -> str:
    """What the sidebar says about a sample workbook (nothing for the team's own)."""
    if not environment.is_sample(path):
        return ""
    if path is not None and path.resolve() == environment.SAMPLE_WORKBOOK:
        return f"The committed sample, dated {SAMPLE_WEEK}: as of a later date it looks older."
    return (
        f"The bundled sample, made for the week of {sample.sample_week(today):%a %d %b %Y} "
        "(it moves with the calendar). Set PULSE_WORKBOOK to open your own workbook."
    )


def sharepoint_session(settings: sp.SharePointSettings) -> sp.SharePointSession:
    """This browser session's own ClientContext (a new one when the settings changed)."""
    held = st.session_state.get(SESSION_KEY)
    if not isinstance(held, sp.SharePointSession) or held.settings != settings:
        policy = environment.request_policy()
        held = sp.open_session(settings, policy=policy, on_device_code=st.info)
        st.session_state[SESSION_KEY] = held
    return held


def held_remote(settings: sp.SharePointSettings) -> sp.RemoteFile | None:
    held = st.session_state.get(REMOTE_KEY)
    if held is None or held[0] != settings:
        return None
    remote: sp.RemoteFile = held[1]
    return remote


def keep_remote(settings: sp.SharePointSettings, remote: sp.RemoteFile) -> None:
    st.session_state[REMOTE_KEY] = (settings, remote)


def download_remote(settings: sp.SharePointSettings) -> sp.RemoteFile:
    """The live file now (or the last good copy in an outage); raises SharePointError."""
    with st.spinner(f"Downloading {settings.file_name} from SharePoint…"):
        remote = download(settings, session=sharepoint_session(settings), fallback=True)
    keep_remote(settings, remote)
    return remote


def _sharepoint(settings: sp.SharePointSettings, zone: str, limits: InputLimits) -> Opened:
    remote = held_remote(settings) or download_remote(settings)
    workbook = _read_remote(
        settings.site_url, settings.file_path, remote.etag, remote, zone, limits
    )
    return remote_opened(settings, remote, workbook)


def uploaded_workbook() -> Upload | None:
    upload = st.session_state.get(UPLOADED_KEY)
    return upload if isinstance(upload, Upload) else None


def open_session_workbook(today: date, zone: str, limits: InputLimits = DEFAULT_LIMITS) -> Opened:
    """The workbook and its source, date-times read in `zone` (the business time zone); raises
    InputError (bad file) or SharePointError."""
    settings = environment.sharepoint_settings()
    upload = uploaded_workbook()
    if settings is not None:
        opened = _sharepoint(settings, zone, limits)
    elif upload is not None:
        opened = _read_upload(upload.version, upload, zone, limits)
    else:
        opened = _local(today, zone, limits)
    st.session_state[SOURCE_KEY] = opened
    return opened


def current_opened() -> Opened:
    """What the shell opened this run."""
    opened = st.session_state.get(SOURCE_KEY)
    if not isinstance(opened, Opened):
        raise RuntimeError("the shell has not loaded a workbook yet")
    return opened


def current_source() -> WorkbookSource:
    return current_opened().source
