"""What `pulse watch` remembers between runs, per Incident Log (so a restart never posts again):
each message's key with the channels it reached, and the posts that failed, kept whole so the
next run retries them. A JSON file in `watch/` of the user's cache folder, written atomically.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.atomic_file import write_atomically
from connectors.errors import InputError, Problem
from pulse.notifications import Message

WATCH_FOLDER = "watch"
FORMAT = 1


@dataclass
class WatchState:
    """`posted`: message key -> the channels (ChannelKind values) it reached; `failed`: message
    key -> the message and the channels still owed it, with the last reason."""

    posted: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)

    def owed(self, message: Message, channels: list[str]) -> list[str]:
        """The channels `message` has not reached yet."""
        reached = self.posted.get(message.key, [])
        return [channel for channel in channels if channel not in reached]

    def record(self, message: Message, channel: str, *, ok: bool, reason: str = "") -> None:
        if ok:
            reached = self.posted.setdefault(message.key, [])
            reached.append(channel)
            owed = self.failed.get(message.key)
            if owed is not None:
                owed["channels"] = [c for c in owed["channels"] if c != channel]
                if not owed["channels"]:
                    del self.failed[message.key]
            return
        owed = self.failed.setdefault(
            message.key, {"title": message.title, "text": message.text, "channels": []}
        )
        owed["channels"] = sorted({*owed["channels"], channel})
        owed["reason"] = reason

    def retries(self) -> list[tuple[Message, list[str]]]:
        """The failed posts to try again, with the channels each is still owed."""
        return [
            (Message(key, str(owed["title"]), str(owed["text"])), list(owed["channels"]))
            for key, owed in self.failed.items()
        ]


def state_path(cache_dir: Path, identity: str) -> Path:
    """One file per Incident Log (its identity: a local path or a SharePoint URL)."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return cache_dir / WATCH_FOLDER / f"{digest}.json"


def read_state(path: Path) -> WatchState:
    """The state at `path`; a fresh one when there is none yet."""
    if not path.is_file():
        return WatchState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return WatchState(posted=dict(data["posted"]), failed=dict(data["failed"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Refused rather than started afresh: a fresh state would post every reminder again.
        raise InputError(
            [Problem(str(path), f"cannot be read ({exc}); delete it to start afresh")]
        ) from None


def write_state(path: Path, state: WatchState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "posted": state.posted, "failed": state.failed}
    write_atomically(path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
