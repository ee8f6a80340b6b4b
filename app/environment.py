"""Where things are: the environment variables both shells read, and the bundled sample."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors import sharepoint as sp

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"
SAMPLE_WORKBOOK = SAMPLE_DIR / "client_pulse_sample.xlsx"
SAMPLE_TICKETS = SAMPLE_DIR / "tickets_generic.csv"
SAMPLE_EVENTS = SAMPLE_DIR / "incident_events.csv"

WORKBOOK_ENV = "PULSE_WORKBOOK"  # the local workbook (this week's sample when unset: app.sample)
TICKETS_ENV = "PULSE_TICKETS"  # a ticket export (CSV/XLSX); "none" to start without one
EVENTS_ENV = "PULSE_EVENTS"  # incident events CSV; "none" to start without one
SHAREPOINT_CACHE_ENV = "PULSE_SHAREPOINT_CACHE"  # the last good SharePoint copy
SHAREPOINT_CACHE_FOLDER = "sharepoint"  # under the user's cache folder, unless set
SHAREPOINT_TIMEOUT_ENV = "PULSE_SHAREPOINT_TIMEOUT"  # seconds to wait for an answer
NONE = "none"  # the word that turns an optional input off
SAMPLE_CACHE_NAME = "sample"  # the folder of the sample's weekly copies in the user's cache


def user_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The user's cache folder: $PULSE_CACHE_DIR, else $XDG_CACHE_HOME/client-pulse, else
    ~/.cache/client-pulse (never beside a workbook, whose folder may be shared)."""
    from connectors.ticket_cache import CACHE_DIR_ENV  # local: keeps this module's import light

    configured = env.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "client-pulse"


def sample_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where each week's copy of the sample is made (app.sample)."""
    return user_cache_dir(env) / SAMPLE_CACHE_NAME


def is_sample(path: Path | None, env: Mapping[str, str] = os.environ) -> bool:
    """The committed sample workbook, or a week's copy of it made in the cache (app.sample)."""
    if path is None:
        return False
    resolved = path.resolve()
    made = resolved.parent.parent == sample_cache_dir(env).resolve()
    return resolved == SAMPLE_WORKBOOK or (made and resolved.name == SAMPLE_WORKBOOK.name)


def optional_input(
    env_name: str, sample: Path, *, workbook: Path | None, env: Mapping[str, str] = os.environ
) -> Path | None:
    """The file `env_name` names; else, on a sample workbook, the sample's own file of that name
    beside it; "none": none."""
    value = env.get(env_name, "")
    if value.lower() == NONE:
        return None
    if value:
        return Path(value)
    if workbook is None or not is_sample(workbook, env):
        return None
    own = workbook.resolve().parent / sample.name
    return own if own.is_file() else None


def sharepoint_settings(env: Mapping[str, str] = os.environ) -> sp.SharePointSettings | None:
    """The configured live file, or None when SharePoint is not used (a local file then)."""
    from connectors import sharepoint as sp

    return sp.settings_from_files(env)


def required_sharepoint_settings(env: Mapping[str, str] = os.environ) -> sp.SharePointSettings:
    """The configured live file; a plain error when SharePoint is not configured at all."""
    from connectors import sharepoint as sp

    settings = sharepoint_settings(env)
    if settings is None:
        raise sp.SharePointConfigError(
            f"not configured. Set {sp.SITE_URL} and {sp.FILE} (and a way to sign in) in the "
            f"environment or under [sharepoint] in {sp.DEFAULT_SECRETS_PATH}."
        )
    return settings


def sharepoint_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """$PULSE_SHAREPOINT_CACHE, else `sharepoint/` of the user's cache folder: never the
    working directory, which may be shared or read-only."""
    from connectors.user_cache import user_cache_dir

    return Path(env.get(SHAREPOINT_CACHE_ENV) or user_cache_dir(env) / SHAREPOINT_CACHE_FOLDER)


def request_policy(env: Mapping[str, str] = os.environ) -> sp.RequestPolicy:
    """How long to wait for SharePoint: PULSE_SHAREPOINT_TIMEOUT seconds, else the defaults."""
    from connectors import sharepoint as sp

    timeout = env.get(SHAREPOINT_TIMEOUT_ENV, "").strip()
    if not timeout:
        return sp.RequestPolicy()
    try:
        seconds = float(timeout)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise sp.SharePointConfigError(
            f"{SHAREPOINT_TIMEOUT_ENV}={timeout!r} is not a number of seconds. Write a plain "
            f"number, e.g. {SHAREPOINT_TIMEOUT_ENV}=30, or leave it unset for the defaults."
        )
    return sp.RequestPolicy(connect_timeout=min(5.0, seconds), read_timeout=seconds)
