"""A small Microsoft Graph on 127.0.0.1 answering the Excel workbook API calls of the Excel-API
save mode, as Graph v1.0 documents them.

It holds one workbook as a grid of cells per worksheet and its tables, records every call, checks
the bearer token and the ``workbook-session-id`` of each workbook call, and types what it is
sent as Excel types what a person enters: ``'text`` is text, ``=...`` a formula, ``2026-11-23`` a
date, ``12`` a number; ``""`` empties a cell and ``null`` leaves it. A test scripts answers (a
status, a Retry-After, Graph's error JSON) for the next calls of one kind: site, drives, item,
createSession, range, rows, closeSession.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from connectors.xlsx_patch import parse_range
from tests.fake_sharepoint import LoopbackHandler, serving

# Graph's site id: hostname, site collection id, web id.
SITE_ID = "contoso.sharepoint.com,5a1e0000-0000-0000-0000-000000000001,5a1e0000-0000-0000-0002"
DRIVE_ID = "b!cstDocuments"
ITEM_ID = "01PULSEWORKBOOK"
FILE_GUID = "6F1C2A3B-0000-4000-8000-00000000C0DE"
LIBRARY_URL = "https://contoso.sharepoint.com/sites/cst/Shared%20Documents"
OTHER_LIBRARY_URL = "https://contoso.sharepoint.com/sites/cst/SiteAssets"
FILE_IN_LIBRARY = "/Client Pulse.xlsx"
WORKBOOK = f"/drives/{DRIVE_ID}/items/{ITEM_ID}/workbook"
Cells = dict[tuple[int, int], Any]


@dataclass(frozen=True)
class Formula:
    """What Excel makes of an entry starting with '=': a formula, run when the sheet calculates."""

    text: str


@dataclass
class FakeTable:
    sheet: str
    top: int  # header row
    left: int
    bottom: int
    right: int


@dataclass(frozen=True)
class Call:
    method: str
    kind: str
    path: str  # under /v1.0, percent-decoded
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    kind: str
    status: int
    headers: dict[str, str]
    body: bytes
    remaining: int


@dataclass
class FakeGraph:
    """The server's state; tests read and change it directly, or script answers with `fail`."""

    tokens: dict[str, str]  # bearer token -> display name
    sheets: dict[str, Cells] = field(default_factory=dict)
    tables: dict[str, FakeTable] = field(default_factory=dict)
    version: int = 1
    modified_by: str = "Ann Admin"
    file_guid: str = FILE_GUID  # SharePoint's id of the file: its ETag's GUID
    open_sessions: set[str] = field(default_factory=set)
    closed_sessions: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    scripted: list[Scripted] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def graph_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1.0"

    @property
    def etag(self) -> str:
        return f'"{{{self.file_guid.upper()}}},{self.version}"'

    def saved_elsewhere(self, by: str) -> None:
        """Someone else's save: a new version of the file."""
        self.version += 1
        self.modified_by = by

    def fail(
        self, kind: str, status: int, *, times: int = 1, headers: dict[str, str] | None = None
    ) -> None:
        self.scripted.append(Scripted(kind, status, headers or {}, b"", times))

    def refuse(
        self, kind: str, status: int, code: str, message: str, *, inner: str = "", times: int = 1
    ) -> None:
        """Answer the next `times` calls of `kind` with Graph's error JSON."""
        error: dict[str, Any] = {"code": code, "message": message}
        if inner:
            error["innerError"] = {"code": inner}
        body = json.dumps({"error": error}).encode()
        self.scripted.append(Scripted(kind, status, {}, body, times))

    def calls_of(self, *kinds: str) -> list[Call]:
        return [call for call in self.calls if call.kind in kinds]

    def _take_scripted(self, kind: str) -> Scripted | None:
        with self.lock:
            for scripted in self.scripted:
                if scripted.kind == kind and scripted.remaining > 0:
                    scripted.remaining -= 1
                    return scripted
        return None


@contextmanager
def running(state: FakeGraph) -> Iterator[FakeGraph]:
    """Serve `state` on 127.0.0.1 (a free port) for the duration of the block."""
    with serving(type("Handler", (_GraphHandler,), {"fake": state})) as port:
        state.port = port
        yield state


ROUTES = [
    ("GET", "site", re.compile(r"^/sites/[^/:]+:/sites/cst$")),
    ("GET", "drives", re.compile(rf"^/sites/{re.escape(SITE_ID)}/drives$")),
    ("GET", "item", re.compile(rf"^/drives/{re.escape(DRIVE_ID)}/root:(?P<path>/.+)$")),
    ("GET", "item", re.compile(rf"^/drives/{re.escape(DRIVE_ID)}/items/{ITEM_ID}$")),
    ("POST", "createSession", re.compile(rf"^{re.escape(WORKBOOK)}/createSession$")),
    ("POST", "closeSession", re.compile(rf"^{re.escape(WORKBOOK)}/closeSession$")),
    (
        "PATCH",
        "range",
        re.compile(
            rf"^{re.escape(WORKBOOK)}/worksheets/(?P<sheet>[^/]+)/range\(address='(?P<address>[A-Z0-9:]+)'\)$"
        ),
    ),
    ("POST", "rows", re.compile(rf"^{re.escape(WORKBOOK)}/tables/(?P<table>[^/]+)/rows$")),
]


def typed(entry: Any) -> Any:
    """What Excel stores for an entry made through the API, as if typed into the cell."""
    if not isinstance(entry, str):
        return entry
    if entry.startswith("'"):
        return entry[1:]
    if entry.startswith("="):
        return Formula(entry)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry):
        return date.fromisoformat(entry)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", entry):
        return datetime.fromisoformat(entry)
    with contextlib.suppress(ValueError):
        return float(entry)
    return entry


class _GraphHandler(LoopbackHandler):
    fake: FakeGraph

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def _serve(self, method: str) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw) if raw else None
        path = unquote(urlsplit(self.path).path).removeprefix("/v1.0")
        kind, match = _route(method, path)
        self.fake.calls.append(Call(method, kind, path, dict(self.headers), body))
        scripted = self.fake._take_scripted(kind)
        if scripted is not None:
            self._send(scripted.status, scripted.body, scripted.headers)
            return
        user = self.fake.tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
        if user is None:
            self._error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.")
            return
        if match is None:
            self._error(400, "BadRequest", f"Fake Graph: no {method} {path}")
            return
        with self.fake.lock:
            self._answer(kind, match, body, user)

    def _answer(self, kind: str, match: re.Match[str], body: Any, user: str) -> None:
        if kind == "site":
            self._json(200, {"id": SITE_ID, "webUrl": "https://contoso.sharepoint.com/sites/cst"})
        elif kind == "drives":
            drives = [
                {"id": "b!assets", "webUrl": OTHER_LIBRARY_URL},
                {"id": DRIVE_ID, "webUrl": LIBRARY_URL},
            ]
            self._json(200, {"value": drives})
        elif kind == "item":
            self._item(match)
        elif kind == "createSession":
            session = f"session-{len(self.fake.closed_sessions) + len(self.fake.open_sessions) + 1}"
            self.fake.open_sessions.add(session)
            self._json(
                201, {"id": session, "persistChanges": bool(body and body.get("persistChanges"))}
            )
        elif kind == "closeSession":
            self._close(user)
        else:
            self._write(kind, match, body)

    def _item(self, match: re.Match[str]) -> None:
        if match.groupdict().get("path") not in (None, FILE_IN_LIBRARY):
            self._error(404, "itemNotFound", "The resource could not be found.")
            return
        self._json(
            200,
            {
                "id": ITEM_ID,
                "name": "Client Pulse.xlsx",
                "eTag": self.fake.etag,
                "cTag": f'"c:{{{self.fake.file_guid.upper()}}},{self.fake.version}"',
                "lastModifiedBy": {"user": {"displayName": self.fake.modified_by}},
                "lastModifiedDateTime": "2026-03-02T10:00:00Z",
            },
        )

    def _close(self, user: str) -> None:
        session = self.headers.get("workbook-session-id", "")
        if session not in self.fake.open_sessions:
            self._error(404, "itemNotFound", "The session was not found.")
            return
        self.fake.open_sessions.remove(session)
        self.fake.closed_sessions.append(session)
        if any(
            call.kind in ("range", "rows") and call.headers.get("workbook-session-id") == session
            for call in self.fake.calls
        ):
            self.fake.saved_elsewhere(user)  # Excel saved the session's changes as this user
        self._send(204, b"")

    def _write(self, kind: str, match: re.Match[str], body: Any) -> None:
        if self.headers.get("workbook-session-id") not in self.fake.open_sessions:
            self._error(400, "invalidSessionNotFound", "The workbook session was not found.")
            return
        values = body["values"]
        if kind == "rows":
            table = self.fake.tables[match["table"]]
            top, left = table.bottom + 1, table.left
            table.bottom += len(values)
            sheet = table.sheet
        else:
            sheet = match["sheet"]
            top, left, bottom, right = parse_range(match["address"])
            if (bottom - top + 1, right - left + 1) != (len(values), len(values[0])):
                self._error(
                    400,
                    "InvalidArgument",
                    "The number of rows or columns does not match the range.",
                )
                return
        grid = self.fake.sheets.setdefault(sheet, {})
        for r, row in enumerate(values):
            for c, entry in enumerate(row):
                if entry == "":
                    grid.pop((top + r, left + c), None)
                elif entry is not None:
                    grid[(top + r, left + c)] = typed(entry)
        self._json(200 if kind == "range" else 201, {"values": values})

    def _error(self, status: int, code: str, message: str) -> None:
        self._json(status, {"error": {"code": code, "message": message}})


def _route(method: str, path: str) -> tuple[str, re.Match[str] | None]:
    for route_method, kind, pattern in ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            return kind, match
    return "other", None
