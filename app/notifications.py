"""Posting to the team's channels, for both shells: the channels configured, a post made from the
app, and one run of the watch (what is due, minus what was posted, plus what failed before).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from connectors.channels import Channel, channels_from
from connectors.posting import Posted, post
from connectors.watch_state import WatchState, read_state, state_path, write_state
from pulse.notifications import Message, digest_day, incident_reminders, monday_digest
from pulse.records import Records
from pulse.settings import Settings

DEFAULT_SECRETS_PATH = Path(".streamlit/secrets.toml")
Poster = Callable[[Channel, Message], Posted]
Channels = list[Channel]  # the configured channels, as a shell holds them


def configured_channels(
    env: Mapping[str, str] = os.environ, secrets_path: Path = DEFAULT_SECRETS_PATH
) -> list[Channel]:
    """The channels in `.streamlit/secrets.toml` ([notifications]) or the environment; raises
    ChannelConfigError (or the secrets file's own error) when one cannot work."""
    from connectors.sharepoint.settings import read_secrets_file

    secrets: dict[str, Any] | None = read_secrets_file(secrets_path)
    return channels_from(env, secrets)


def post_everywhere(message: Message, channels: list[Channel], settings: Settings) -> list[Posted]:
    """`message` posted to each channel, each outcome in order (a post made from the app)."""
    timeout = settings.notifications.timeout_seconds
    return [post(channel, message, timeout=timeout) for channel in channels]


def due_messages(
    records: Records,
    events: pd.DataFrame,
    tickets: pd.DataFrame | None,
    *,
    as_of: datetime,
    settings: Settings,
) -> list[Message]:
    """Every message SPEC says is posted by itself as of `as_of`, posted before or not."""
    from app.week import week_picture
    from pulse.incidents import incidents_table

    table = incidents_table(events, tickets, as_of=as_of, settings=settings)
    messages = incident_reminders(table, settings=settings)
    monday = digest_day(as_of, settings=settings)
    if monday is not None:
        picture = week_picture(records, tickets, as_of=monday, settings=settings)
        messages.append(monday_digest(picture, meeting=monday))
    return messages


@dataclass
class WatchRun:
    """One run's outcome: each post made (retries first), and how many were retries."""

    posted: list[tuple[Message, Posted]] = field(default_factory=list)
    retried: int = 0

    @property
    def failures(self) -> list[tuple[Message, Posted]]:
        return [(message, outcome) for message, outcome in self.posted if not outcome.ok]


def watch_once(
    messages: list[Message],
    *,
    channels: list[Channel],
    state_file: Path,
    settings: Settings,
    poster: Poster | None = None,
) -> WatchRun:
    """Retry what failed before, then post each message not posted yet to each channel; the
    state is written after every post, so a run stopped half-way never posts twice."""
    timeout = settings.notifications.timeout_seconds
    send = poster or (lambda channel, message: post(channel, message, timeout=timeout))
    state = read_state(state_file)
    run = WatchRun()
    retries = state.retries()
    for message, owed in retries:
        run.retried += _post(message, _named(channels, owed), state, state_file, run, send)
    retried = {message.key for message, _ in retries}
    for message in messages:
        if message.key in retried:
            continue
        owed = state.owed(message, [channel.kind.value for channel in channels])
        _post(message, _named(channels, owed), state, state_file, run, send)
    return run


def _named(channels: list[Channel], kinds: list[str]) -> list[Channel]:
    """The configured channels among `kinds` (a channel removed since is owed nothing)."""
    return [channel for channel in channels if channel.kind.value in kinds]


def _post(
    message: Message,
    channels: list[Channel],
    state: WatchState,
    state_file: Path,
    run: WatchRun,
    send: Poster,
) -> int:
    for channel in channels:
        outcome = send(channel, message)
        state.record(message, channel.kind.value, ok=outcome.ok, reason=outcome.reason)
        write_state(state_file, state)
        run.posted.append((message, outcome))
    return len(channels)


def watch_state_file(identity: str, env: Mapping[str, str] = os.environ) -> Path:
    """Where the watch of the Incident Log `identity` keeps its state (the user's cache)."""
    from connectors.user_cache import user_cache_dir

    return state_path(user_cache_dir(env), identity)
