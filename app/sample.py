"""The bundled sample, always current: the files for this week, generated once per week into the
user's cache from the same seed as the committed reference copy in sample_data/.

The committed sample is dated for one Monday (sample_data.build.SAMPLE_AS_OF); served as it is,
it would age with the calendar (more overdue actions each week, older contacts, then a stale
banner). So when no workbook is named, the app serves a copy built for the Monday of the current
week: the same clients, episodes and tickets, with every date moved along. The committed files
stay the reference the tests use (tests/sample_data/test_generate.py), and a week served before
is never rebuilt, so decisions saved into it stay until the week is over.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from app.environment import (
    SAMPLE_DIR,
    SAMPLE_EVENTS,
    SAMPLE_TICKETS,
    SAMPLE_WORKBOOK,
    WORKBOOK_ENV,
    sample_cache_dir,
)
from pulse.dates import latest_monday
from sample_data.build import SAMPLE_AS_OF

# The files the app reads from a sample: the workbook, its ticket export, its incident events.
SERVED_FILES = (SAMPLE_WORKBOOK.name, SAMPLE_TICKETS.name, SAMPLE_EVENTS.name)


def sample_week(today: date) -> date:
    """The Monday the served sample is made for: this week's CST meeting."""
    return latest_monday(today)


def sample_folder(today: date, env: Mapping[str, str] = os.environ) -> Path:
    return sample_cache_dir(env) / sample_week(today).isoformat()


def named_or_sample(today: date, env: Mapping[str, str] = os.environ) -> Path:
    """PULSE_WORKBOOK when set (the committed sample too, as it is), else this week's sample."""
    named = env.get(WORKBOOK_ENV)
    return Path(named) if named else current_sample(today, env)


def current_sample(today: date, env: Mapping[str, str] = os.environ) -> Path:
    """This week's sample workbook, made on the first call of the week (a few seconds)."""
    folder = sample_folder(today, env)
    workbook = folder / SAMPLE_WORKBOOK.name
    if not workbook.is_file():
        _make(folder, week=sample_week(today))
    return workbook


def _make(folder: Path, *, week: date) -> None:
    """Build the week's files beside `folder`, then move them in whole: a reader never sees half
    a sample, and two sessions making the same week at once both end with one good copy."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        _write(staging, week=week)
        _move_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_in(staging: Path, folder: Path) -> None:
    """The folder at once; when it is there already (another session was first, or someone
    deleted the workbook from it), only the files it lacks, so nothing in it is overwritten."""
    try:
        staging.rename(folder)
    except OSError:
        for made in staging.iterdir():
            if not (folder / made.name).exists():
                os.replace(made, folder / made.name)


def _write(out_dir: Path, *, week: date) -> None:
    """The committed files in their own week (no need to build them again), else new ones."""
    if week == SAMPLE_AS_OF:
        for name in SERVED_FILES:
            shutil.copyfile(SAMPLE_DIR / name, out_dir / name)
        return
    from connectors.ticket_presets import GENERIC
    from sample_data.generate import write_sample  # loaded only when a week is made

    write_sample(out_dir, as_of=week, presets=(GENERIC,))
