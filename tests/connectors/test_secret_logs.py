"""Secrets never logged (connectors/secret_logs.py): the SharePoint library's records and the
product's own are masked, tested with a loopback server that echoes the Authorization header."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from connectors.secret_logs import MaskingFilter, mask_secrets

TOKEN = "eyJ0eXAi.secret-token-4f3e2d1c"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"Authorization: Bearer {TOKEN}", "Authorization: Bearer ***"),
        (f'{{"authorization": "Bearer {TOKEN}"}}', '{"authorization": "Bearer ***"}'),
        ("client_secret=abc123&x=1", "client_secret=***&x=1"),
        ("password: hunter2", "password: ***"),
        ("a bearer token", "a bearer ***"),  # a word after "bearer" is masked: safe side
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_token_shaped_values_are_masked(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


def test_a_known_secret_is_masked_wherever_it_appears() -> None:
    assert mask_secrets(f"token was {TOKEN}.", [TOKEN]) == "token was ***."


def test_the_filter_masks_the_message_its_arguments_and_the_exception() -> None:
    try:
        raise ValueError(f"server said: {TOKEN}")
    except ValueError:
        record = logging.LogRecord("office365.x", logging.ERROR, "f", 1, "got %s", (TOKEN,), None)
        record.exc_info = sys.exc_info()
    MaskingFilter([TOKEN]).filter(record)
    text = logging.Formatter().format(record)
    assert TOKEN not in text
    assert text == "got ***: ValueError: server said: ***"


class Echo(BaseHTTPRequestHandler):
    """Answers every request 400 with an OData error quoting the request's headers."""

    def _echo(self) -> None:
        headers = {name: value for name, value in self.headers.items()}
        body = json.dumps({"error": {"code": "bad", "message": {"value": json.dumps(headers)}}})
        data = body.encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _echo

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def echoing() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sites/cst"
    server.shutdown()


def test_an_echoing_server_never_gets_the_token_into_a_log(echoing: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PULSE_SHAREPOINT_SITE_URL": echoing,
        "PULSE_SHAREPOINT_FILE": "/sites/cst/Shared Documents/Client Pulse.xlsx",
        "PULSE_SHAREPOINT_ACCESS_TOKEN": TOKEN,
        "PULSE_SHAREPOINT_TIMEOUT": "5",
        "PULSE_CACHE_DIR": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pulse.cli", "summary", "sharepoint"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (2, 4), result.stderr
    assert "secret-token" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_records_go_to_the_stderr_of_the_moment_they_are_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A handler holding the stderr of the moment it was made wrote into a replaced (closed) one:
    # "--- Logging error ---" and a traceback on the CLI's stderr.
    from io import StringIO

    from connectors.secret_logs import mask_library_logs

    mask_library_logs(("s3cret",))
    first, second = StringIO(), StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logging.getLogger("office365").error("refused s3cret")
    first.close()
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("office365").error("refused s3cret again")
    assert second.getvalue() == "ERROR office365: refused *** again\n"


def test_a_secret_inside_another_leaves_nothing_of_the_longer_one() -> None:
    from connectors.secret_logs import mask_secrets

    # "t" is also the last letter of "s3cret": masked first, it would leave "s3cre***".
    assert mask_secrets("refused s3cret and t", ["t", "s3cret"]) == "refused *** and ***"
    assert mask_secrets("refused s3cret and t", ["s3cret", "t"]) == "refused *** and ***"
