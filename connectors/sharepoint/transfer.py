"""Download and save the workbook so that no one's update is lost.

- Every request first fetches a form digest (``POST {site}/_api/contextinfo``). The library
  retries that request itself with *real* sleeps of up to a minute when the network is down, so
  each operation first checks the site answers at all (one ``HEAD``) and fails fast when not.
- File properties: ``GET {site}/_api/Web/getFileByServerRelativePath(DecodedUrl='...')``;
  content: ``GET {site}/_api/Web/GetFileById('...')/$value``.
- Save: ``POST .../getFileByServerRelativePath(DecodedUrl='...')/$value`` with
  ``X-HTTP-Method: PUT`` (the library's own ``File.save_binary`` request). The library never
  sends a real ``If-Match`` on content writes, so the ETag is re-read just before writing and
  ``If-Match`` sent here: a save only ever lands on the version the user read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import quote

import requests

from connectors.sharepoint.cache import DEFAULT_CACHE_DIR, load_cached, try_to_cache
from connectors.sharepoint.errors import (
    CorruptDownload,
    RefusedUnchanged,
    SharePointError,
    Unreachable,
    VersionConflict,
)
from connectors.sharepoint.failures import SAVE_CONFLICT_CODES, error_code, plain_errors
from connectors.sharepoint.remote import RemoteFile, is_xlsx_package, same_etag
from connectors.sharepoint.retries import (
    CONFLICT,
    PRECONDITION_FAILED,
    library_error,
    status_of,
    with_retry,
)
from connectors.sharepoint.session import SharePointSession, open_session
from connectors.sharepoint.settings import FILE, SharePointSettings

# A download whose content ETag differs from the properties just read is re-read this many times.
MAX_READ_ROUNDS = 3


@dataclass(frozen=True)
class FileVersion:
    unique_id: str
    etag: str
    modified_at: datetime | None
    modified_by: str


def download(
    settings: SharePointSettings,
    *,
    session: SharePointSession | None = None,
    cache_dir: Path | None = None,
) -> RemoteFile:
    """The workbook as it is now on SharePoint; cached in `cache_dir` when given."""
    session = session or open_session(settings)
    with plain_errors(session, doing="reading"):
        ensure_reachable(session)
        data, version = _read_consistent(session)
    _check_is_workbook(data, settings, what="The downloaded file")
    remote = _remote_file(settings, data, version)
    try_to_cache(remote, cache_dir)
    return remote


def upload(
    settings: SharePointSettings,
    data: bytes,
    *,
    expected_etag: str,
    session: SharePointSession | None = None,
    cache_dir: Path | None = None,
) -> RemoteFile:
    """Save `data` over the version read (`expected_etag`) and nothing else.

    Raises VersionConflict, without writing a byte, when someone saved meanwhile.
    """
    _check_is_workbook(data, settings, what="The workbook to save")
    session = session or open_session(settings)
    with plain_errors(session, doing="saving"):
        ensure_reachable(session)
        current = with_retry(
            session.policy, lambda: file_version(session), budget=session.http.budget
        )
        if not same_etag(current.etag, expected_etag):
            raise VersionConflict(current.modified_by, current.modified_at, current.etag)
        new_etag = _put_content(session, data, if_match=expected_etag)
        saved = with_retry(
            session.policy, lambda: file_version(session), budget=session.http.budget
        )
    # The ETag the save answered with is ours; a re-read could already show a later save.
    remote = _remote_file(settings, data, saved, etag=new_etag or saved.etag)
    try_to_cache(remote, cache_dir)
    return remote


def sync(settings: SharePointSettings, cache_dir: Path = DEFAULT_CACHE_DIR) -> RemoteFile:
    """Download the workbook and refresh the on-disk copy (`pulse sync`)."""
    return download(settings, cache_dir=cache_dir)


def download_or_cached(
    settings: SharePointSettings,
    cache_dir: Path,
    *,
    session: SharePointSession | None = None,
) -> RemoteFile:
    """The live workbook, or the cached copy (from_cache=True) when SharePoint is unreachable."""
    try:
        return download(settings, session=session, cache_dir=cache_dir)
    except Unreachable:
        cached = load_cached(cache_dir)
        if cached is None:
            raise
        return cached


def ensure_reachable(session: SharePointSession) -> None:
    """Fail fast when the site does not answer at all (the library would sleep up to a minute)."""
    session.http.head(
        session.settings.site_url, timeout=session.policy.timeout, allow_redirects=False
    )


def _read_consistent(session: SharePointSession) -> tuple[bytes, FileVersion]:
    # Properties and content are two requests; a save between them would pair new bytes with
    # the old ETag, so the content's own ETag must match the one just read.
    for _ in range(MAX_READ_ROUNDS):
        version = with_retry(
            session.policy, lambda: file_version(session), budget=session.http.budget
        )
        read_content = partial(file_content, session, version.unique_id)
        data, content_etag = with_retry(session.policy, read_content, budget=session.http.budget)
        if content_etag is None or same_etag(content_etag, version.etag):
            return data, version
    raise Unreachable(
        f"{session.settings.file_name} kept changing while it was downloaded. "
        "Try again in a minute."
    )


def file_version(session: SharePointSession) -> FileVersion:
    ctx = session.context
    file = ctx.web.get_file_by_server_relative_path(session.settings.file_path)
    file.expand(["ModifiedBy"]).get()
    ctx.execute_query()
    modified_by = file.modified_by.properties.get("Title") or ""
    return FileVersion(
        unique_id=str(file.unique_id or ""),
        etag=str(file.e_tag or ""),
        modified_at=file.time_last_modified,
        modified_by=str(modified_by),
    )


def file_content(session: SharePointSession, unique_id: str) -> tuple[bytes, str | None]:
    ctx = session.context
    content = ctx.web.get_file_by_id(unique_id).get_content()
    headers: dict[str, str] = {}
    ctx.after_execute(lambda response: headers.update(response.headers), include_response=True)
    ctx.execute_query()
    return bytes(content.value), headers.get("ETag")


def _put_content(session: SharePointSession, data: bytes, *, if_match: str) -> str | None:
    """The library's own save request (File.save_binary) plus a real If-Match; the new ETag."""
    from office365.runtime.http.http_method import HttpMethod
    from office365.runtime.http.request_options import RequestOptions

    ctx = session.context
    path = session.settings.file_path.replace("'", "''")  # OData doubles quotes in literals
    request = RequestOptions(
        f"{ctx.service_root_url}/web/getFileByServerRelativePath(DecodedUrl='{quote(path)}')/$value"
    )
    request.method = HttpMethod.Post
    request.set_header("X-HTTP-Method", "PUT")
    request.set_header("If-Match", if_match)
    request.data = data
    try:
        response = with_retry(
            session.policy,
            lambda: ctx.pending_request().execute_request_direct(request),
            budget=session.http.budget,
        )
    except library_error() as exc:
        if status_of(exc) == PRECONDITION_FAILED or _is_save_conflict(exc):
            raise _conflict_after_refusal(session, if_match=if_match) from None
        raise
    etag = response.headers.get("ETag")
    return str(etag) if etag else None


def _is_save_conflict(exc: BaseException) -> bool:
    """SharePoint Online's 409 "Save Conflict" and "has been modified by" answers."""
    return error_code(exc) in SAVE_CONFLICT_CODES or status_of(exc) == CONFLICT


def _conflict_after_refusal(session: SharePointSession, *, if_match: str) -> SharePointError:
    # SharePoint refused the save: someone saved between our check and our write, unless the
    # file is still the version we named, when reloading would only be refused again.
    try:
        current = with_retry(
            session.policy, lambda: file_version(session), budget=session.http.budget
        )
    except (library_error(), requests.RequestException):
        return VersionConflict("", None, "")
    if same_etag(current.etag, if_match):
        return RefusedUnchanged(
            f"SharePoint refused to save {session.settings.file_name} over the version read, "
            f"though it is still that version (ETag {current.etag}). Nobody saved meanwhile, so "
            "reloading would not help: something between here and SharePoint (a proxy or "
            "gateway) changes the If-Match header. Nothing was saved; your changes stay "
            "pending. Run `pulse sharepoint-check` and see docs/sharepoint.md."
        )
    return VersionConflict(current.modified_by, current.modified_at, current.etag)


def _remote_file(
    settings: SharePointSettings, data: bytes, version: FileVersion, *, etag: str = ""
) -> RemoteFile:
    return RemoteFile(
        name=settings.file_name,
        server_relative_url=settings.file_path,
        data=data,
        etag=etag or version.etag,
        modified_at=version.modified_at,
        modified_by=version.modified_by,
        fetched_at=datetime.now(UTC),
    )


def _check_is_workbook(data: bytes, settings: SharePointSettings, *, what: str) -> None:
    if not is_xlsx_package(data):
        raise CorruptDownload(
            f"{what} ({settings.file_name}, {len(data)} bytes) is not an Excel .xlsx file. "
            f"Check {FILE} points at the workbook, and open it in Excel to see if it is damaged."
        )
