"""Posting one message to one channel: the payload each service expects, and what went wrong
said in words (with the channel's secrets masked), never raised.

- Teams Workflows ("When a Teams webhook request is received") takes a `message` whose
  attachment is an Adaptive Card; it answers 202 Accepted.
- Slack incoming webhooks take `{"text": ...}` in Slack's mrkdwn; they answer 200 `ok`, or a
  4xx with a word such as `no_service` or `invalid_token`.
- E-mail: apprise's `mailto://` over SMTP.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from connectors.channels import SECURITY_MODES, Channel, ChannelKind
from pulse.notifications import Message

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.4"  # what Teams renders from a Workflows post
HEADING = re.compile(r"^#+\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
REPLY_SHOWN = 200  # characters of a refusal's body put in the message


@dataclass(frozen=True)
class Posted:
    """One post's outcome: `reason` says why it failed (secrets masked)."""

    channel: Channel
    ok: bool
    reason: str = ""


def post(channel: Channel, message: Message, *, timeout: float) -> Posted:
    """Post `message` to `channel`; a failure is an outcome, never an exception."""
    if channel.kind == ChannelKind.EMAIL:
        return _send_email(channel, message, timeout=timeout)
    payload = teams_card(message) if channel.kind == ChannelKind.TEAMS else slack_payload(message)
    return _post_json(channel, payload, timeout=timeout)


def teams_card(message: Message) -> dict[str, Any]:
    """A Workflows `message` with one Adaptive Card: the title, then the text, each Markdown
    heading a bold line of its own (TextBlocks render bold and lists, not headings)."""
    body: list[dict[str, Any]] = [_text_block(message.title, heading=True)]
    for heading, lines in _sections(message.text):
        if heading:
            body.append(_text_block(heading, heading=True))
        if lines:
            body.append(_text_block("\n".join(lines), heading=False))
    card = {"$schema": CARD_SCHEMA, "type": "AdaptiveCard", "version": CARD_VERSION, "body": body}
    return {
        "type": "message",
        "attachments": [{"contentType": ADAPTIVE_CARD, "contentUrl": None, "content": card}],
    }


def _text_block(text: str, *, heading: bool) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if heading:
        block |= {"weight": "Bolder", "size": "Medium"}
    return block


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, its lines) in order; the text before the first heading has heading ""."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        found = HEADING.match(line)
        if found:
            sections.append((found.group(1), []))
        elif line.strip():
            sections[-1][1].append(line)
    return [section for section in sections if section[0] or section[1]]


def slack_payload(message: Message) -> dict[str, Any]:
    """Slack's mrkdwn: *bold* for **bold** and for headings."""
    lines = [f"*{message.title}*"]
    for line in message.text.splitlines():
        found = HEADING.match(line)
        lines.append(f"*{found.group(1)}*" if found else BOLD.sub(r"*\1*", line))
    return {"text": "\n".join(lines)}


def _post_json(channel: Channel, payload: dict[str, Any], *, timeout: float) -> Posted:
    request = urllib.request.Request(
        channel.address,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as refused:
        reply = refused.read()[:REPLY_SHOWN].decode("utf-8", "replace").strip()
        return _failed(channel, f"refused (HTTP {refused.code}{': ' + reply if reply else ''})")
    except TimeoutError:
        return _failed(channel, f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as unreachable:
        reason = getattr(unreachable, "reason", unreachable)
        return _failed(channel, f"unreachable ({reason})")
    return Posted(channel, ok=True)


def _failed(channel: Channel, reason: str) -> Posted:
    return Posted(channel, ok=False, reason=channel.mask(reason))


def _send_email(channel: Channel, message: Message, *, timeout: float) -> Posted:
    import apprise

    notifier = apprise.Apprise()
    if not notifier.add(email_url(channel, timeout=timeout)):
        return _failed(channel, "the SMTP settings were not accepted; check PULSE_SMTP_*")
    with apprise.LogCapture(level=logging.WARNING) as log:
        sent = notifier.notify(body=message.text, title=message.title)
        said = str(log.getvalue()).strip().splitlines()
    if sent:
        return Posted(channel, ok=True)
    return _failed(channel, _last_reason(said))


def _last_reason(lines: list[str]) -> str:
    """apprise's last warning, without its time and level."""
    if not lines:
        return "not sent (the SMTP server gave no reason)"
    return "not sent: " + lines[-1].split(" - ", 2)[-1]


def email_url(channel: Channel, *, timeout: float) -> str:
    """apprise's mailto:// URL for `channel` (sign-in quoted, so any character may appear)."""
    login = ""
    if channel.user:
        login = quote(channel.user, safe="")
        login += f":{quote(channel.password, safe='')}" if channel.password else ""
        login += "@"
    query = {
        "from": channel.sender,
        "to": ",".join(channel.recipients),
        "smtp": channel.address,
        "mode": SECURITY_MODES[channel.security],
        "format": "text",
        "cto": f"{timeout:g}",
        "rto": f"{timeout:g}",
    }
    return f"mailto://{login}{channel.address}:{channel.port}?{urlencode(query)}"
