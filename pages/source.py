"""Where the workbook comes from and which version this session holds.

Sources, in order: the live SharePoint file when PULSE_SHAREPOINT_SITE_URL is set (environment or
[sharepoint] in .streamlit/secrets.toml), a workbook uploaded on the Workbook page, else the local
file PULSE_WORKBOOK (the bundled sample when unset).

SharePoint: one SharePointSession (the library's ClientContext) per browser session, kept in
st.session_state and never in st.cache_resource (it queues requests and holds a token). The
version read (bytes + ETag) is kept with it, so a save lands only on that version.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from connectors import sharepoint as sp
from connectors.workbook import LoadedWorkbook, read_workbook

SAMPLE_WORKBOOK = Path(__file__).resolve().parents[1] / "sample_data" / "client_pulse_sample.xlsx"
WORKBOOK_ENV = "PULSE_WORKBOOK"
CACHE_ENV = "PULSE_SHAREPOINT_CACHE"  # the last good SharePoint copy (default .pulse-cache/...)
TIMEOUT_ENV = "PULSE_SHAREPOINT_TIMEOUT"  # seconds to wait for an answer (default 60)
SOURCE_KEY = "workbook_source"
UPLOADED_KEY = "uploaded_workbook"  # (name, bytes) of a workbook uploaded on the Workbook page
SESSION_KEY = "sharepoint_session"
REMOTE_KEY = "sharepoint_remote"


class SourceKind(StrEnum):
    LOCAL = "local file"
    UPLOADED = "uploaded file"
    SHAREPOINT = "SharePoint"


@dataclass(frozen=True)
class WorkbookSource:
    """Which workbook (identity) and which version of it this session's frames come from."""

    kind: SourceKind
    location: str  # a path, the upload's name, or the SharePoint file URL
    identity: str  # the same across versions: pending changes belong to it
    version: str  # changes whenever someone saves (file mtime and size, or the ETag)
    path: Path | None = None  # local files only
    modified_by: str = ""
    modified_at: datetime | None = None
    fetched_at: datetime | None = None
    from_cache: bool = False
    version_label: str = ""  # SharePoint's version number, for people

    @property
    def can_save(self) -> bool:
        return self.kind is not SourceKind.UPLOADED


# --- local files and uploads ------------------------------------------------------------------


def workbook_path() -> Path:
    return Path(os.environ.get(WORKBOOK_ENV) or SAMPLE_WORKBOOK)


@st.cache_data(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def load_local_workbook(path: str, mtime_ns: int, size: int) -> LoadedWorkbook:
    """Cached on the file's identity, so reruns never re-read an unchanged file."""
    del mtime_ns, size  # part of the cache key only
    return read_workbook(Path(path))


@st.cache_data(show_spinner="Reading the workbook…", max_entries=4)
def load_workbook_bytes(data: bytes, name: str) -> LoadedWorkbook:
    return read_workbook(data, name=name)


def file_version(path: Path) -> str | None:
    """mtime and size: a save by anyone else (or Excel) changes at least one of them."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _local() -> tuple[LoadedWorkbook, WorkbookSource]:
    path = workbook_path()
    version = file_version(path)
    if version is None:
        read_workbook(path)  # raises a WorkbookError naming the missing file
    assert version is not None
    mtime_ns, size = (int(part) for part in version.split(":"))
    workbook = load_local_workbook(str(path), mtime_ns, size)
    modified = datetime.fromtimestamp(mtime_ns / 1e9)
    source = WorkbookSource(
        SourceKind.LOCAL, str(path), f"local:{path.resolve()}", version, path, modified_at=modified
    )
    return workbook, source


def _uploaded(name: str, data: bytes) -> tuple[LoadedWorkbook, WorkbookSource]:
    workbook = load_workbook_bytes(data, name)
    version = f"{len(data)}:{hash(data)}"
    return workbook, WorkbookSource(SourceKind.UPLOADED, name, f"upload:{name}", version)


# --- SharePoint -------------------------------------------------------------------------------


def sharepoint_settings() -> sp.SharePointSettings | None:
    """The configured live file, or None when SharePoint is not used (the local file then)."""
    return sp.settings_from_files(os.environ)


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or sp.DEFAULT_CACHE_DIR)


def request_policy() -> sp.RequestPolicy:
    timeout = os.environ.get(TIMEOUT_ENV)
    if not timeout:
        return sp.RequestPolicy()
    seconds = float(timeout)
    return sp.RequestPolicy(connect_timeout=min(5.0, seconds), read_timeout=seconds)


def sharepoint_session(settings: sp.SharePointSettings) -> sp.SharePointSession:
    """This browser session's own ClientContext (a new one when the settings changed)."""
    held = st.session_state.get(SESSION_KEY)
    if not isinstance(held, sp.SharePointSession) or held.settings != settings:
        held = sp.open_session(settings, policy=request_policy(), on_device_code=st.info)
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
        remote = sp.download_or_cached(settings, cache_dir(), session=sharepoint_session(settings))
    keep_remote(settings, remote)
    return remote


@st.cache_data(show_spinner="Reading the Client Pulse workbook…", max_entries=4)
def parse_remote(site: str, path: str, etag: str, _data: bytes, name: str) -> LoadedWorkbook:
    """Cached on the version (the bytes are not hashed: the ETag names them)."""
    del site, path, etag  # the cache key
    return read_workbook(_data, name=name)


def _sharepoint(settings: sp.SharePointSettings) -> tuple[LoadedWorkbook, WorkbookSource]:
    remote = held_remote(settings) or download_remote(settings)
    workbook = parse_remote(
        settings.site_url, settings.file_path, remote.etag, remote.data, remote.name
    )
    return workbook, remote_source(settings, remote)


def file_url(settings: sp.SharePointSettings) -> str:
    parts = urlsplit(settings.site_url)
    return f"{parts.scheme}://{parts.netloc}{settings.file_path}"


def remote_source(settings: sp.SharePointSettings, remote: sp.RemoteFile) -> WorkbookSource:
    return WorkbookSource(
        SourceKind.SHAREPOINT,
        file_url(settings),
        f"sharepoint:{settings.site_url}{settings.file_path}",
        remote.etag,
        modified_by=remote.modified_by,
        modified_at=remote.modified_at,
        fetched_at=remote.fetched_at,
        from_cache=remote.from_cache,
        version_label=remote.version,
    )


# --- for the shell ----------------------------------------------------------------------------


def load_workbook_source() -> tuple[LoadedWorkbook, WorkbookSource]:
    """The workbook and its source; raises InputError (bad file) or SharePointError."""
    settings = sharepoint_settings()
    if settings is not None:
        loaded = _sharepoint(settings)
    elif st.session_state.get(UPLOADED_KEY) is not None:
        loaded = _uploaded(*st.session_state[UPLOADED_KEY])
    else:
        loaded = _local()
    st.session_state[SOURCE_KEY] = loaded[1]
    return loaded


def current_source() -> WorkbookSource:
    """The source the shell loaded this run."""
    source = st.session_state.get(SOURCE_KEY)
    if not isinstance(source, WorkbookSource):
        raise RuntimeError("the shell has not loaded a workbook yet")
    return source


def outage_message(source: WorkbookSource) -> str | None:
    if not source.from_cache or source.fetched_at is None:
        return None
    fetched = source.fetched_at
    stamp = fetched.astimezone(UTC).strftime("%a %d %b %H:%M UTC")
    return f"Showing the copy downloaded {stamp}: SharePoint is unreachable. Saving waits."


def local_bytes(source: WorkbookSource) -> bytes | None:
    """The local file's bytes, or None when it changed since it was read (a conflict)."""
    assert source.path is not None
    if file_version(source.path) != source.version:
        return None
    data = source.path.read_bytes()
    return data if file_version(source.path) == source.version else None
