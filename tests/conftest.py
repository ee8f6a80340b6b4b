"""Session-wide test setup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from connectors.ticket_cache import CACHE_DIR_ENV

# Shared fixtures: the shell on every AppTest run, and the scenario as a local or live file.
pytest_plugins = ["tests.apptest", "tests.app_fixtures"]

# CI runs the same examples every time (a landing must not depend on a lucky draw); developers'
# runs keep exploring new ones, and what they find becomes an @example.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def private_ticket_cache(tmp_path: Path) -> Iterator[Path]:
    """Every test gets its own ticket cache (subprocesses inherit it through the environment),
    so no test reads another's cache or writes into a user's or a shared folder."""
    cache = tmp_path / "ticket-cache"
    previous = os.environ.get(CACHE_DIR_ENV)
    os.environ[CACHE_DIR_ENV] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = previous
