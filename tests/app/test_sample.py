"""The sample that never ages (app/sample.py): this week's copy made once in the user's cache,
from the same seed as the committed reference copy, with every date moved along."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from app import sample
from app.environment import SAMPLE_WORKBOOK, is_sample
from connectors.freshness import workbook_modified
from connectors.workbook import read_workbook
from tests.paths import SAMPLE_DIR

SERVED = ["client_pulse_sample.xlsx", "incident_events.csv", "tickets_generic.csv"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"PULSE_CACHE_DIR": str(tmp_path / "cache")}


def made(env: dict[str, str]) -> list[str]:
    """Every file under the sample cache, relative to it (staging folders included)."""
    root = Path(env["PULSE_CACHE_DIR"]) / "sample"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_a_named_workbook_is_used_as_it_is(env: dict[str, str]) -> None:
    named = {**env, "PULSE_WORKBOOK": "/teams/Client Pulse.xlsx"}
    assert sample.named_or_sample(date(2027, 11, 24), named) == Path("/teams/Client Pulse.xlsx")
    assert made(env) == []


@pytest.mark.parametrize(
    ("today", "week"),
    [("2027-11-22", "2027-11-22"), ("2027-11-24", "2027-11-22"), ("2027-11-28", "2027-11-22")],
)
def test_the_sample_is_made_for_the_monday_of_this_week(today: str, week: str) -> None:
    assert sample.sample_week(date.fromisoformat(today)) == date.fromisoformat(week)


def test_in_the_committed_week_the_committed_files_are_copied(env: dict[str, str]) -> None:
    """Wed 25 Nov 2026 is the committed sample's week: its files are copied, not rebuilt (the
    committed copy itself is never written by the app)."""
    workbook = sample.named_or_sample(date(2026, 11, 25), env)
    assert workbook == Path(env["PULSE_CACHE_DIR"]) / "sample" / "2026-11-23" / SAMPLE_WORKBOOK.name
    assert made(env) == ["2026-11-23", *(f"2026-11-23/{name}" for name in SERVED)]
    for name in SERVED:
        assert (workbook.parent / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
    assert is_sample(workbook, env)


def test_a_week_already_made_is_never_made_again(env: dict[str, str]) -> None:
    """Decisions saved into this week's sample stay until the week is over."""
    workbook = sample.current_sample(date(2026, 11, 24), env)
    workbook.write_bytes(b"saved by the user")
    assert sample.current_sample(date(2026, 11, 29), env) == workbook
    assert workbook.read_bytes() == b"saved by the user"


def test_another_session_making_the_same_week_first(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sessions on the week's first run: the one that finishes second keeps the first's
    files (adding only what is missing) and leaves no staging folder behind."""
    folder = sample.sample_folder(date(2026, 11, 24), env)
    original = sample._write

    def racing(out_dir: Path, *, week: date) -> None:
        original(out_dir, week=week)
        folder.mkdir()
        (folder / SAMPLE_WORKBOOK.name).write_bytes(b"the other session's")

    monkeypatch.setattr(sample, "_write", racing)
    workbook = sample.current_sample(date(2026, 11, 24), env)
    assert workbook.read_bytes() == b"the other session's"  # never overwritten
    assert made(env) == ["2026-11-23", *(f"2026-11-23/{name}" for name in SERVED)]


def test_a_deleted_workbook_is_made_again_and_nothing_else_is_touched(env: dict[str, str]) -> None:
    workbook = sample.current_sample(date(2026, 11, 24), env)
    tickets = workbook.with_name("tickets_generic.csv")
    tickets.write_text("kept")
    workbook.unlink()
    assert sample.current_sample(date(2026, 11, 24), env) == workbook
    assert workbook.read_bytes() == SAMPLE_WORKBOOK.read_bytes()
    assert tickets.read_text() == "kept"
    assert made(env) == ["2026-11-23", *(f"2026-11-23/{name}" for name in SERVED)]


def test_a_cache_that_cannot_be_written_is_an_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(OSError):
        sample.current_sample(date(2026, 11, 24), {"PULSE_CACHE_DIR": str(blocker)})


def shifted(frame: pd.DataFrame, by: timedelta) -> pd.DataFrame:
    """Every date column moved by `by`."""
    moved = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            moved[column] = frame[column] + by
    return moved


def test_another_week_is_the_same_sample_with_its_dates_moved(env: dict[str, str]) -> None:
    """A year on (52 weeks: the same weekdays), the sample is built again from the same seed:
    the same clients, episodes and action items, each date 364 days later, saved on its own
    Monday at 08:00 UTC, and its Pulse History the twelve weeks before that Monday."""
    workbook = sample.current_sample(date(2027, 11, 24), env)
    # A week made from the seed has every file the generator writes (the matrix CSV too).
    written = sorted([*SERVED, "escalation_matrix.csv"])
    assert made(env) == ["2027-11-22", *(f"2027-11-22/{name}" for name in written)]
    committed, fresh = read_workbook(SAMPLE_WORKBOOK), read_workbook(workbook)
    year = timedelta(days=364)
    pd.testing.assert_frame_equal(fresh.clients, shifted(committed.clients, year))
    pd.testing.assert_frame_equal(fresh.episodes, shifted(committed.episodes, year))
    dates = ["due", "done_on"]
    pd.testing.assert_frame_equal(fresh.actions[dates], shifted(committed.actions[dates], year))
    weeks = sorted(fresh.history["week"].dt.date.unique())
    assert weeks[0] == date(2027, 8, 30) and weeks[-1] == date(2027, 11, 15) and len(weeks) == 12
    assert workbook_modified(workbook) == datetime(2027, 11, 22, 8, 0, tzinfo=UTC)
    assert is_sample(workbook, env)
