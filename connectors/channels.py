"""Where the team already talks: Microsoft Teams (a Workflows webhook), Slack (an incoming
webhook) and e-mail (SMTP), configured only in `.streamlit/secrets.toml` ([notifications]) or
the environment, under the same names. Every URL and password is a secret: messages name a
channel by its kind and host only.

Teams and Slack are one JSON POST each to the URL the team pastes, written here with urllib:
apprise's Slack plugin always posts to hooks.slack.com and its Workflows plugin rebuilds the URL
over https only, so neither would post to the URL as given (nor to a test's loopback receiver).
E-mail goes through apprise (`mailto://`), which handles STARTTLS, SSL and sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from connectors.errors import InputError, Problem
from connectors.secrets import secret_setting

SECRETS_SECTION = "notifications"
TEAMS_URL = "PULSE_TEAMS_WEBHOOK_URL"
SLACK_URL = "PULSE_SLACK_WEBHOOK_URL"
SMTP_HOST = "PULSE_SMTP_HOST"
SMTP_PORT = "PULSE_SMTP_PORT"
SMTP_USER = "PULSE_SMTP_USER"
SMTP_PASSWORD = "PULSE_SMTP_PASSWORD"
SMTP_FROM = "PULSE_SMTP_FROM"
SMTP_TO = "PULSE_SMTP_TO"  # comma-separated
SMTP_SECURITY = "PULSE_SMTP_SECURITY"  # starttls (default), ssl or none
SECURITY_MODES = {"starttls": "starttls", "ssl": "ssl", "none": "insecure"}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class ChannelKind(StrEnum):
    TEAMS = "teams"
    SLACK = "slack"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"teams": "Teams", "slack": "Slack", "email": "e-mail"}[self.value]


class ChannelConfigError(InputError):
    """A channel is configured in a way nothing could post to (a usage error: exit 2)."""


@dataclass(frozen=True)
class Channel:
    """One place to post. `address` is the webhook URL or the SMTP host (secret for webhooks)."""

    kind: ChannelKind
    address: str
    port: int = 0
    user: str = ""
    password: str = ""
    sender: str = ""
    recipients: tuple[str, ...] = ()
    security: str = "starttls"

    @property
    def name(self) -> str:
        """The channel as messages show it: never the webhook's path or any password."""
        if self.kind == ChannelKind.EMAIL:
            return f"e-mail to {', '.join(self.recipients)} via {self.address}:{self.port}"
        return f"{self.kind.label} ({urlsplit(self.address).hostname}/…)"

    def mask(self, text: str) -> str:
        """`text` with the webhook URL's path and query (Slack's token, Teams' `sig`) and the
        password replaced by ***."""
        parts = urlsplit(self.address) if self.is_webhook else None
        secrets = [self.password, *((parts.path, parts.query) if parts else ())]
        for secret in sorted(filter(None, secrets), key=len, reverse=True):
            if secret != "/":
                text = text.replace(secret, "/***" if secret.startswith("/") else "***")
        return text

    @property
    def is_webhook(self) -> bool:
        return self.kind != ChannelKind.EMAIL

    def __repr__(self) -> str:
        return f"Channel({self.name})"

    __str__ = __repr__


def channels_from(env: Mapping[str, str], secrets: Mapping[str, Any] | None) -> list[Channel]:
    """The configured channels, Teams, Slack, e-mail in that order; none configured: [].

    Raises ChannelConfigError naming the setting (never its value) when one cannot work.
    """
    values = {name: secret_setting(name, env, secrets, section=SECRETS_SECTION) for name in _NAMES}
    problems: list[Problem] = []
    channels = [
        *_webhook(ChannelKind.TEAMS, values[TEAMS_URL], TEAMS_URL, problems),
        *_webhook(ChannelKind.SLACK, values[SLACK_URL], SLACK_URL, problems),
        *_email(values, problems),
    ]
    if problems:
        raise ChannelConfigError(problems)
    return channels


_NAMES = (
    TEAMS_URL,
    SLACK_URL,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_USER,
    SMTP_PASSWORD,
    SMTP_FROM,
    SMTP_TO,
    SMTP_SECURITY,
)


def _webhook(kind: ChannelKind, url: str, setting: str, problems: list[Problem]) -> list[Channel]:
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        problems.append(
            Problem(
                setting,
                f"is not a web address; paste the whole {kind.label} webhook URL, "
                "starting with https://",
            )
        )
        return []
    return [Channel(kind, url)]


def _email(values: dict[str, str], problems: list[Problem]) -> list[Channel]:
    host = values[SMTP_HOST]
    if not host:
        return []
    security = (values[SMTP_SECURITY] or "starttls").lower()
    if security not in SECURITY_MODES:
        problems.append(Problem(SMTP_SECURITY, "must be starttls, ssl or none"))
        return []
    port = values[SMTP_PORT] or str(DEFAULT_PORTS[security])
    recipients = tuple(part.strip() for part in values[SMTP_TO].split(",") if part.strip())
    found = _email_problems(port, values[SMTP_FROM], recipients)
    problems.extend(found)
    if found:
        return []
    channel = Channel(
        ChannelKind.EMAIL,
        host,
        port=int(port),
        user=values[SMTP_USER],
        password=values[SMTP_PASSWORD],
        sender=values[SMTP_FROM],
        recipients=recipients,
        security=security,
    )
    return [channel]


def _email_problems(port: str, sender: str, recipients: tuple[str, ...]) -> list[Problem]:
    problems = []
    if not port.isdigit() or not 0 < int(port) < 65536:
        problems.append(Problem(SMTP_PORT, "must be a port number such as 587"))
    if "@" not in sender:
        problems.append(Problem(SMTP_FROM, "must be the sender's e-mail address"))
    if not recipients or not all("@" in address for address in recipients):
        problems.append(Problem(SMTP_TO, "must list e-mail addresses, separated by commas"))
    return problems
