"""A small SharePoint on 127.0.0.1 answering the REST requests office365-rest-python-client makes.

It keeps files and ETags as state, checks bearer tokens and If-Match like SharePoint Online, and
lets a test script failures (a status, a Retry-After, a delay) for the next requests of one kind.
Kinds: head (the site URL), contextinfo, properties, content, save ($value PUT), add (Files/add),
permissions (the file's EffectiveBasePermissions).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SITE_PATH = "/sites/cst"
DIGEST = "0x1234FAKEDIGEST,02 Mar 2026 10:00:00 -0000"
FIRST_SAVE = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

FILE_BY_PATH = re.compile(
    r"^web/getfilebyserverrelative(?:path\(decodedurl=|url\()'(?P<path>.*)'\)(?P<value>/\$value)?$",
    re.IGNORECASE,
)
PERMISSIONS = re.compile(
    r"^web/getfilebyserverrelativepath\(decodedurl='(?P<path>.*)'\)"
    r"/listitemallfields/effectivebasepermissions$",
    re.IGNORECASE,
)
# SP.BasePermissions' Low half: read only (ViewListItems, OpenItems, ...), or with EditListItems.
READ_LOW, EDIT_LOW = 0x20021, 0x20025
FILE_BY_ID = re.compile(r"^web/getfilebyid\('(?P<id>[^']*)'\)(?P<value>/\$value)?$", re.IGNORECASE)
FILES_ADD = re.compile(
    r"^web/getfolderbyserverrelativeurl\('(?P<folder>.*)'\)/files/add\((?P<args>.*)\)$",
    re.IGNORECASE,
)


@dataclass
class FakeFile:
    data: bytes
    unique_id: str
    version: int
    modified_by: str
    modified_at: datetime

    @property
    def etag(self) -> str:
        return f'"{{{self.unique_id.upper()}}},{self.version}"'

    def etag_spelled(self, spelling: str) -> str:
        """The ETag as one endpoint spells it: "braced" ('"{GUID},N"'), "bare" ('guid,N'), or
        "rewritten" (what a proxy in between might make of it: no longer this version's)."""
        if spelling == "bare":
            return f"{self.unique_id.lower()},{self.version}"
        if spelling == "rewritten":
            return f'W/"{self.version}-{len(self.data)}"'
        return self.etag


def same_version(etag: str, file: FakeFile) -> bool:
    """SharePoint matches If-Match whatever its spelling (quotes, braces, case)."""
    bare = etag.strip().strip('"').replace("{", "").replace("}", "").lower()
    return bare == f"{file.unique_id.lower()},{file.version}"


@dataclass
class Failure:
    kind: str
    status: int | None  # None: answer normally (after `delay`)
    headers: dict[str, str]
    body: bytes
    delay: float
    remaining: int


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    kind: str
    path: str  # URL path and query, percent-decoded
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeSharePoint:
    """The server's state; tests change it directly or through put/lock/fail."""

    tokens: dict[str, str] = field(default_factory=dict)  # bearer token -> user display name
    files: dict[str, FakeFile] = field(default_factory=dict)  # server-relative path -> file
    locked: set[str] = field(default_factory=set)  # paths open in desktop Excel
    checked_out: dict[str, str] = field(default_factory=dict)  # path -> login holding it
    read_only: set[str] = field(default_factory=set)  # users granted read, not write
    # How each endpoint spells the ETag ("properties", "content", "save"): "braced" or "bare".
    spellings: dict[str, str] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    hooks: list[tuple[str, Callable[[], None]]] = field(default_factory=list)  # run once, first
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{SITE_PATH}"

    def put(self, path: str, data: bytes, *, by: str, at: datetime | None = None) -> str:
        """Save `data` at `path` as `by` (a new version); the new ETag."""
        with self.lock:
            return self._save(path, data, by=by, at=at)

    def _save(self, path: str, data: bytes, *, by: str, at: datetime | None = None) -> str:
        old = self.files.get(path)
        version = old.version + 1 if old else 1
        self.files[path] = FakeFile(
            data=data,
            unique_id=old.unique_id if old else str(uuid.uuid4()),
            version=version,
            modified_by=by,
            modified_at=at or FIRST_SAVE + timedelta(minutes=version - 1),
        )
        return self.files[path].etag

    def fail(
        self,
        kind: str,
        status: int | None,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        delay: float = 0.0,
    ) -> None:
        """Answer the next `times` requests of `kind` with `status` (after `delay` seconds)."""
        with self.lock:
            self.failures.append(Failure(kind, status, headers or {}, body, delay, times))

    def refuse(self, kind: str, status: int, code: str, message: str, *, times: int = 1) -> None:
        """Answer the next `times` requests of `kind` with SharePoint's JSON error: `code` is its
        '<HRESULT>, <.NET type>', `message` its text."""
        body = json.dumps({"error": {"code": code, "message": {"lang": "en-US", "value": message}}})
        self.fail(kind, status, times=times, body=body.encode())

    def before_next(self, kind: str, action: Callable[[], None]) -> None:
        """Run `action` when the next request of `kind` arrives, before it is answered.

        E.g. another person's save landing between our check and our write.
        """
        with self.lock:
            self.hooks.append((kind, action))

    def _take_hook(self, kind: str) -> Callable[[], None] | None:
        with self.lock:
            for index, (hook_kind, action) in enumerate(self.hooks):
                if hook_kind == kind:
                    del self.hooks[index]
                    return action
        return None

    def requests_of(self, kind: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.kind == kind]

    def _take_failure(self, kind: str) -> Failure | None:
        with self.lock:
            for failure in self.failures:
                if failure.kind == kind and failure.remaining > 0:
                    failure.remaining -= 1
                    return failure
        return None


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve `handler` on 127.0.0.1 (a free port, given) for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # a deliberately slow answer must not hold up shutdown
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running(state: FakeSharePoint) -> Iterator[FakeSharePoint]:
    """Serve `state` on 127.0.0.1 (a free port) for the duration of the block."""
    with serving(_handler_for(state)) as port:
        state.port = port
        yield state


def _handler_for(state: FakeSharePoint) -> type[BaseHTTPRequestHandler]:
    class Handler(_SharePointHandler):
        fake = state

    return Handler


class LoopbackHandler(BaseHTTPRequestHandler):
    """Quiet, tolerant of a client that gave up, and answering bytes or JSON."""

    json_type = "application/json"

    def log_message(self, format: str, *args: Any) -> None:  # quiet tests
        pass

    def handle(self) -> None:
        # The client may give up first (a timeout test); then there is nobody to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        self._send(status, json.dumps(payload).encode(), {"Content-Type": self.json_type})

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _SharePointHandler(LoopbackHandler):
    fake: FakeSharePoint
    json_type = "application/json;odata=verbose;charset=utf-8"

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = unquote(urlsplit(self.path).path)
        kind, match = _classify(method, path, self.headers.get("X-HTTP-Method", ""))
        self.fake.seen.append(Seen(method, kind, unquote(self.path), dict(self.headers), body))
        hook = self.fake._take_hook(kind)
        if hook is not None:
            hook()
        failure = self.fake._take_failure(kind)
        if failure is not None:
            time.sleep(failure.delay)
            if failure.status is not None:
                self._send(failure.status, failure.body, failure.headers)
                return
        self._answer(kind, match, body)

    def _answer(self, kind: str, match: re.Match[str] | None, body: bytes) -> None:
        if kind == "head":
            self._send(403, b"")  # anonymous: SharePoint answers, which is all the probe needs
            return
        user = self.fake.tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
        if user is None:
            self._send(
                401, b'{"error_description":"Invalid JWT token."}', {"WWW-Authenticate": "Bearer"}
            )
            return
        if kind == "contextinfo":
            self._json(200, {"d": {"GetContextWebInformation": _context_info()}})
            return
        if self.command == "POST" and self.headers.get("X-RequestDigest") != DIGEST:
            self._error(
                403, "-2130575252, Microsoft.SharePoint.SPException", "Security validation failed."
            )
            return
        assert match is not None, kind
        handlers = {"properties": self._properties, "content": self._content, "save": self._save}
        if kind in handlers:
            handlers[kind](match, body, user)
        elif kind == "add":
            self._add(match, body, user)
        elif kind == "permissions":
            self._permissions(match, user)
        else:
            self._error(400, "-1, System.NotSupportedException", f"Fake SharePoint: no {kind}")

    def _file(self, match: re.Match[str]) -> tuple[str, FakeFile] | None:
        groups = match.groupdict()
        if "id" in groups:
            found = [(p, f) for p, f in self.fake.files.items() if f.unique_id == groups["id"]]
            return found[0] if found else None
        path = groups["path"].replace("''", "'")
        file = self.fake.files.get(path)
        return (path, file) if file else None

    def _properties(self, match: re.Match[str], body: bytes, user: str) -> None:
        found = self._file(match)
        if found is None:
            self._not_found()
            return
        expand = parse_qs(urlsplit(self.path).query).get("$expand", [""])[0]
        payload = _file_json(*found, expand_modified_by="ModifiedBy" in expand)
        payload["ETag"] = found[1].etag_spelled(self.fake.spellings.get("properties", ""))
        self._json(200, {"d": payload})

    def _content(self, match: re.Match[str], body: bytes, user: str) -> None:
        found = self._file(match)
        if found is None:
            self._not_found()
            return
        file = found[1]
        etag = file.etag_spelled(self.fake.spellings.get("content", ""))
        self._send(200, file.data, {"Content-Type": "application/octet-stream", "ETag": etag})

    def _save(self, match: re.Match[str], body: bytes, user: str) -> None:
        with self.fake.lock:
            found = self._file(match)
            if found is None:
                self._not_found()
                return
            path, file = found
            if path in self.fake.checked_out:
                self._error(
                    423,
                    "-2130575306, Microsoft.SharePoint.SPFileCheckOutException",
                    f'The file "{path}" is checked out for editing by '
                    f"i:0#.f|membership|{self.fake.checked_out[path]}.",
                )
                return
            if path in self.fake.locked:
                self._error(
                    423,
                    "-2147018894, Microsoft.SharePoint.SPFileLockException",
                    f'The file "{path}" is locked for shared use by pat@contoso.com [Pat Excel].',
                )
                return
            if_match = self.headers.get("If-Match")
            if if_match not in (None, "*") and not same_version(if_match, file):
                self._error(
                    412,
                    "-1, Microsoft.SharePoint.Client.ClientServiceException",
                    f"The request ETag value '{if_match}' does not match the object's ETag value "
                    f"'{file.etag}'.",
                )
                return
            self.fake._save(path, body, by=user)
            etag = self.fake.files[path].etag_spelled(self.fake.spellings.get("save", ""))
        self._send(204, b"", {"ETag": etag})

    def _add(self, match: re.Match[str], body: bytes, user: str) -> None:
        args = dict(re.findall(r"(\w+)=('(?:[^']|'')*'|\w+)", match["args"]))
        name = args.get("url", "''").strip("'").replace("''", "'")
        path = f"{match['folder'].rstrip('/')}/{name}"
        with self.fake.lock:
            if path in self.fake.files and args.get("overwrite") != "true":
                self._error(400, "-2130575257, Microsoft.SharePoint.SPException", "File exists.")
                return
            self.fake._save(path, body, by=user)
            file = self.fake.files[path]
        self._json(200, {"d": _file_json(path, file, expand_modified_by=False)})

    def _permissions(self, match: re.Match[str], user: str) -> None:
        if self._file(match) is None:
            self._not_found()
            return
        low = READ_LOW if user in self.fake.read_only else EDIT_LOW
        permissions = {"__metadata": {"type": "SP.BasePermissions"}, "High": "432", "Low": str(low)}
        self._json(200, {"d": {"EffectiveBasePermissions": permissions}})

    def _not_found(self) -> None:
        self._error(404, "-2147024894, System.IO.FileNotFoundException", "File Not Found.")

    def _error(self, status: int, code: str, message: str) -> None:
        self._json(
            status, {"error": {"code": code, "message": {"lang": "en-US", "value": message}}}
        )


def _classify(method: str, path: str, http_method: str) -> tuple[str, re.Match[str] | None]:
    if method == "HEAD":
        return "head", None
    api = path.removeprefix(SITE_PATH + "/_api/")
    if api.lower() == "contextinfo":
        return "contextinfo", None
    if match := FILES_ADD.match(api):
        return "add", match
    if match := PERMISSIONS.match(api):
        return "permissions", match
    match = FILE_BY_PATH.match(api) or FILE_BY_ID.match(api)
    if match is None:
        return "other", None
    if not match["value"]:
        return "properties", match
    return ("save" if method == "POST" and http_method.upper() == "PUT" else "content"), match


def _context_info() -> dict[str, Any]:
    return {
        "__metadata": {"type": "SP.ContextWebInformation"},
        "FormDigestTimeoutSeconds": 1800,
        "FormDigestValue": DIGEST,
        "LibraryVersion": "16.0.0.0",
        "SiteFullUrl": "https://contoso.sharepoint.com/sites/cst",
        "WebFullUrl": "https://contoso.sharepoint.com/sites/cst",
    }


def _file_json(path: str, file: FakeFile, *, expand_modified_by: bool) -> dict[str, Any]:
    uri = f"https://contoso.sharepoint.com{SITE_PATH}/_api/Web/GetFileByServerRelativePath(DecodedUrl='{path}')"
    modified_by: dict[str, Any] = (
        {"__metadata": {"type": "SP.User"}, "Title": file.modified_by, "Email": ""}
        if expand_modified_by
        else {"__deferred": {"uri": uri + "/ModifiedBy"}}
    )
    return {
        "__metadata": {"id": uri, "uri": uri, "type": "SP.File"},
        "ETag": file.etag,
        "Exists": True,
        "Length": str(len(file.data)),
        "MajorVersion": file.version,
        "MinorVersion": 0,
        "ModifiedBy": modified_by,
        "Name": path.rsplit("/", 1)[-1],
        "ServerRelativeUrl": path,
        "TimeLastModified": file.modified_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "UniqueId": file.unique_id,
    }
