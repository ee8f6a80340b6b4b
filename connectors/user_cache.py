"""The user's cache folder: where the product keeps what it can rebuild or must not lose between
sessions (parsed ticket exports, unsaved changes), never beside the team's own files, whose
folder may be shared or read-only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CACHE_DIR_ENV = "PULSE_CACHE_DIR"
APP_FOLDER = "client-pulse"


def user_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """$PULSE_CACHE_DIR, else $XDG_CACHE_HOME/client-pulse, else ~/.cache/client-pulse."""
    configured = env.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_FOLDER
