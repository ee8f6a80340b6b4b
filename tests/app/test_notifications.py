"""app/notifications.py: the channels from the secrets file, and one watch run: what was posted
is never posted again, even when a run stops half-way; what failed is retried first."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.notifications import configured_channels, watch_once
from connectors.channels import Channel, ChannelKind
from connectors.posting import Posted
from pulse.notifications import Message
from pulse.settings import Settings

TEAMS = Channel(ChannelKind.TEAMS, "https://prod-1.westus.logic.azure.com/workflows/a")
SLACK = Channel(ChannelKind.SLACK, "https://hooks.slack.com/services/T/B/x")
FIRST = Message("incident/tk1/summary_posted/due_soon", "TK1", "⏰ one")
SECOND = Message("incident/tk1/summary_posted/breached", "TK1", "🔴 two")


class Poster:
    """Records each post; fails the channels in `failing`; stops the run after `stop_after`."""

    def __init__(self, *, failing: tuple[ChannelKind, ...] = (), stop_after: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failing, self.stop_after = failing, stop_after

    def __call__(self, channel: Channel, message: Message) -> Posted:
        if self.stop_after and len(self.sent) == self.stop_after:
            raise KeyboardInterrupt  # the watch killed mid-run
        self.sent.append((channel.kind.value, message.key))
        return Posted(channel, ok=channel.kind not in self.failing, reason="refused (HTTP 500)")


def run(state: Path, messages: list[Message], poster: Poster) -> int:
    done = watch_once(
        messages, channels=[TEAMS, SLACK], state_file=state, settings=Settings(), poster=poster
    )
    return len(done.failures)


def test_a_run_stopped_half_way_never_posts_twice(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with pytest.raises(KeyboardInterrupt):
        run(state, [FIRST, SECOND], Poster(stop_after=3))
    again = Poster()
    run(state, [FIRST, SECOND], again)
    assert again.sent == [("slack", SECOND.key)]


def test_a_failure_is_retried_first_and_only_where_it_failed(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    assert run(state, [FIRST], Poster(failing=(ChannelKind.SLACK,))) == 1
    later = Poster()
    assert run(state, [FIRST, SECOND], later) == 0
    assert later.sent == [("slack", FIRST.key), ("teams", SECOND.key), ("slack", SECOND.key)]


def test_channels_come_from_the_secrets_files_notifications_section(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[notifications]\nPULSE_SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/T/B/x"\n'
    )
    (slack,) = configured_channels({}, secrets)
    assert slack.kind == ChannelKind.SLACK
    assert configured_channels({}, tmp_path / "absent.toml") == []
