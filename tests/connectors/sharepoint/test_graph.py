"""Graph's answers in plain words: each documented refusal becomes the error the shells know."""

from __future__ import annotations

import json

import pytest
import requests

from connectors import sharepoint as sp
from connectors.sharepoint.graph import graph_error

SETTINGS = sp.SharePointSettings(
    site_url="https://contoso.sharepoint.com/sites/cst",
    file_path="/sites/cst/Shared Documents/Client Pulse.xlsx",
    access_token="tok-123-secret",
    save_mode=sp.SaveMode.EXCEL_API,
)


def answer(status: int, code: str = "", message: str = "", inner: str = "", **headers: str):  # type: ignore[no-untyped-def]
    response = requests.Response()
    response.status_code = status
    error: dict[str, object] = {"code": code, "message": message}
    if inner:
        error["innerError"] = {"code": "outer", "innerError": {"code": inner}}
    response._content = json.dumps({"error": error}).encode()
    response.headers.update(headers)
    return response


@pytest.mark.parametrize(
    ("response", "error", "exit_code"),
    [
        (answer(423, "resourceLocked", "Locked"), sp.FileLocked, sp.EXIT_CONFLICT),
        # A nested innerError code counts: Graph may put the detailed code a level down.
        (answer(409, "conflict", "Busy", inner="accessConflict"), sp.FileLocked, 3),
        (answer(409, "conflict", "x", inner="invalidSessionAccessConflict"), sp.FileLocked, 3),
        (answer(409, "conflict", "Conflict"), sp.VersionConflict, sp.EXIT_CONFLICT),
        (answer(401, "InvalidAuthenticationToken", "Expired"), sp.AuthError, 4),
        (answer(403, "accessDenied", "No"), sp.AuthError, sp.EXIT_UNAVAILABLE),
        (answer(404, "itemNotFound", "Gone"), sp.NotFound, sp.EXIT_FAILED),
        (answer(429, "tooManyRequests", "Slow down"), sp.Unreachable, 4),
        (answer(503, "serviceUnavailable", ""), sp.Unreachable, 4),
        (answer(504, "gatewayTimeout", ""), sp.Unreachable, 4),
        (answer(400, "invalidSessionNotFound", "No session"), sp.SharePointError, 2),
    ],
)
def test_each_answer_is_its_error(
    response: requests.Response, error: type[sp.SharePointError], exit_code: int
) -> None:
    found = graph_error(response, SETTINGS)
    assert type(found) is error
    assert sp.exit_code_for(found) == exit_code


def test_a_lock_names_its_holder_when_graph_does() -> None:
    said = "The file is locked for shared use by pat@contoso.com [Pat Excel]."
    found = graph_error(answer(423, "resourceLocked", said), SETTINGS)
    assert isinstance(found, sp.FileLocked)
    assert found.holder == "Pat Excel (pat@contoso.com)"


def test_a_busy_answer_says_how_long_graph_asked_to_wait() -> None:
    found = graph_error(answer(429, "tooManyRequests", "", **{"Retry-After": "120"}), SETTINGS)
    assert str(found) == (
        "Microsoft Graph is busy or unavailable (429) while saving Client Pulse.xlsx. It asked "
        "to wait 120 s. Nothing more was written; try again later."
    )


def test_a_refusal_quotes_graph_and_names_the_permission() -> None:
    found = graph_error(answer(403, "accessDenied", "Access denied."), SETTINGS)
    assert str(found).startswith(
        "Microsoft Graph refused access (403) while saving Client Pulse.xlsx: Graph said: "
        "Access denied. PULSE_SHAREPOINT_SAVE_MODE=excel-api needs the delegated Microsoft "
        "Graph permission Files.ReadWrite"
    )


def test_no_secret_reaches_a_message() -> None:
    said = "tok-123-secret and live-graph-token and Bearer eyJhbGciOi.payload are wrong"
    found = graph_error(answer(401, "x", said), SETTINGS, secrets=("live-graph-token",))
    message = str(found)
    assert "tok-123-secret" not in message
    assert "live-graph-token" not in message
    assert "eyJhbGciOi" not in message


def test_an_answer_that_is_not_json_still_says_the_status() -> None:
    response = requests.Response()
    response.status_code = 400
    response._content = b"<html>proxy error</html>"
    assert str(graph_error(response, SETTINGS)) == (
        "Microsoft Graph answered 400 while saving Client Pulse.xlsx."
    )
