"""Episode events between two meetings: every event worked out once per version of the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import pandas as pd
import pytest

from pulse import history_events
from pulse.history_events import status_events
from pulse.schema import EpisodeStatus
from tests.workflow_frames import audit_frame, d, episodes_frame

T = TypeVar("T")
STATUS = "Extra Care Tracking Info.status"


def episodes() -> pd.DataFrame:
    return episodes_frame(
        [
            {"client": "Acme Dental", "status": "Recommended", "recommended_on": "2025-03-05"},
            {"client": "Birch Law", "status": "Recommended", "recommended_on": "2025-03-12"},
        ]
    )


def audit() -> pd.DataFrame:
    def status(at: datetime, client: str, old: str, new: str) -> dict[str, object]:
        return {"at": at, "client": client, "field": STATUS, "old": old, "new": new, "note": new}

    return audit_frame(
        [
            status(datetime(2025, 3, 13, 10), "Cedar Clinic", "", "Recommended"),
            status(datetime(2025, 3, 6, 9), "Dune Corp", "", "Recommended"),
            status(datetime(2025, 3, 7, 9), "Dune Corp", "Recommended", ""),  # a mistake
        ]
    )


def added(events: dict[EpisodeStatus, pd.DataFrame]) -> list[tuple[str, str]]:
    rows = events[EpisodeStatus.RECOMMENDED]
    return [(c, f"{on:%Y-%m-%d}") for c, on in zip(rows["client"], rows["on"], strict=True)]


def counted(work: Callable[[pd.DataFrame], T], worked: list[str]) -> Callable[[pd.DataFrame], T]:
    def counting(frame: pd.DataFrame) -> T:
        worked.append(work.__name__)
        return work(frame)

    return counting


def test_each_week_gets_its_own_events_from_tables_worked_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(3 Mar, 10 Mar]: Acme's recommendation (Dune's was deleted as a mistake on the 7th);
    (10 Mar, 17 Mar]: Birch's from its date, Cedar's from the Audit Log."""
    log, rows = audit(), episodes()
    worked: list[str] = []
    for name in ("_episode_events", "_audit_events"):
        monkeypatch.setattr(history_events, name, counted(getattr(history_events, name), worked))
    first = status_events(
        log, rows, after=pd.Timestamp(d("2025-03-03")), upto=pd.Timestamp(d("2025-03-10"))
    )
    second = status_events(
        log, rows, after=pd.Timestamp(d("2025-03-10")), upto=pd.Timestamp(d("2025-03-17"))
    )
    assert added(first) == [("Acme Dental", "2025-03-05")]
    assert added(second) == [("Birch Law", "2025-03-12"), ("Cedar Clinic", "2025-03-13")]
    assert sorted(worked) == ["_audit_events", "_episode_events"]  # once each, not per week
    assert first[EpisodeStatus.ACTIVE].empty and second[EpisodeStatus.REMOVED].empty
