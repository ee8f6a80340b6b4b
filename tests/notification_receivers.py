"""Receivers on 127.0.0.1 that answer like each service the team posts to:

- a Teams Workflows webhook ("When a Teams webhook request is received"): 202 Accepted;
- a Slack incoming webhook: 200 with the body `ok`;
- an SMTP server (aiosmtpd).

Each webhook receiver records every JSON body it was sent; `answers` queues the replies to give
before the service's own (a status code, or "silence": no answer until the poster gives up).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

SILENCE = "silence"
SILENCE_SECONDS = 3.0  # longer than the tests' timeout_seconds (1)
TEAMS_PATH = "/workflows/4a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cr3t"
SLACK_PATH = "/services/T000/B000/s3cr3tt0ken"


@dataclass
class Receiver:
    """One webhook on loopback: `url` to post to, `bodies` it was sent, `answers` to give."""

    ok_status: int
    ok_body: bytes
    bodies: list[Any] = field(default_factory=list)
    answers: list[int | str] = field(default_factory=list)
    url: str = ""
    server: ThreadingHTTPServer | None = None

    def texts(self) -> list[str]:
        """Slack: each post's text; Teams: each card's first TextBlock (the title)."""
        return [_title(body) for body in self.bodies]


def _title(body: Any) -> str:
    if "text" in body:
        return str(body["text"])
    return str(body["attachments"][0]["content"]["body"][0]["text"])


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            answer = receiver.answers.pop(0) if receiver.answers else receiver.ok_status
            if answer == SILENCE:
                time.sleep(SILENCE_SECONDS)
                return
            if answer == receiver.ok_status:
                receiver.bodies.append(body)
            self.send_response(int(answer))
            reply = receiver.ok_body if answer == receiver.ok_status else b"server_error"
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the tests read the bodies

    return Handler


def serve(receiver: Receiver, path: str) -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    receiver.server = server
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def teams() -> Iterator[Receiver]:
    yield from serve(Receiver(ok_status=202, ok_body=b""), TEAMS_PATH)


@pytest.fixture
def slack() -> Iterator[Receiver]:
    yield from serve(Receiver(ok_status=200, ok_body=b"ok"), SLACK_PATH)


@dataclass
class Mailbox:
    """What the SMTP receiver accepted: (sender, recipients, subject, body) per message."""

    port: int
    mails: list[tuple[str, list[str], str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message["Subject"])))
        body = message.get_payload(decode=True).decode("utf-8")
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), subject, body))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def email_env(mailbox: Mailbox) -> dict[str, str]:
    """The environment that sends e-mail to `mailbox` (plain SMTP: it is on loopback)."""
    return {
        "PULSE_SMTP_HOST": "127.0.0.1",
        "PULSE_SMTP_PORT": str(mailbox.port),
        "PULSE_SMTP_SECURITY": "none",
        "PULSE_SMTP_FROM": "pulse@example.com",
        "PULSE_SMTP_TO": "cst@example.com",
    }
