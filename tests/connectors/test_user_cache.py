"""The user's cache folder (connectors/user_cache.py): $PULSE_CACHE_DIR, else the XDG cache
folder's client-pulse, else ~/.cache/client-pulse; the ticket cache and the journal of unsaved
changes both live in it."""

from __future__ import annotations

from pathlib import Path

from app.drafts import drafts_dir
from connectors.ticket_cache import default_cache_dir
from connectors.user_cache import user_cache_dir


def test_pulse_cache_dir_wins() -> None:
    env = {"PULSE_CACHE_DIR": "/srv/pulse-cache", "XDG_CACHE_HOME": "/home/ann/.xdg"}
    assert user_cache_dir(env) == Path("/srv/pulse-cache")


def test_else_the_xdg_cache_folder() -> None:
    assert user_cache_dir({"XDG_CACHE_HOME": "/home/ann/.xdg"}) == Path(
        "/home/ann/.xdg/client-pulse"
    )


def test_else_the_home_cache_folder() -> None:
    assert user_cache_dir({}) == Path.home() / ".cache" / "client-pulse"


def test_tickets_and_drafts_share_it(private_ticket_cache: Path) -> None:
    assert default_cache_dir() == private_ticket_cache / "tickets"
    assert drafts_dir() == private_ticket_cache / "drafts"
