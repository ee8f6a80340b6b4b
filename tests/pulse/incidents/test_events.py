"""Which events count as of an instant, and the reported time with its fallbacks."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.incidents.events import EVENT_COLUMNS, events_until, first_times, reported_time
from pulse.schema import IncidentEvent
from tests.incident_frames import events_frame, t


def test_events_until_keeps_events_at_or_before_as_of() -> None:
    events = events_frame("TK1", [("reported", "05-05 10:00"), ("resolved", "05-05 12:00")])
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert list(events_until(events, t("05-05 12:00"))["event"]) == ["reported", "resolved"]
    assert list(events_until(events, t("05-05 11:59"))["event"]) == ["reported"]


def test_first_times_takes_each_events_first_time_up_to_as_of() -> None:
    events = events_frame(
        "TK1",
        [
            ("client_responded", "05-05 10:40"),
            ("reported", "05-05 10:00"),
            ("client_responded", "05-05 10:20"),  # the earlier of two responses counts
            ("resolved", "05-05 13:00"),  # after as_of: not yet
        ],
    )
    events.loc[len(events)] = ["TK1", "swarm_created", pd.NaT, "", ""]  # no time: never counts
    assert first_times(events, as_of=t("05-05 12:00")) == {
        IncidentEvent.REPORTED: t("05-05 10:00"),
        IncidentEvent.CLIENT_RESPONDED: t("05-05 10:20"),
    }


def test_reported_time_falls_back_to_created_then_the_earliest_event() -> None:
    happened = {
        IncidentEvent.SWARM_CREATED: t("05-05 10:05"),
        IncidentEvent.CLIENT_RESPONDED: t("05-05 10:20"),
    }
    created = t("05-05 09:58")
    assert reported_time(happened, fallback=created) == created
    assert reported_time(happened, fallback=None) == t("05-05 10:05")
    reported = {**happened, IncidentEvent.REPORTED: t("05-05 10:00")}
    assert reported_time(reported, fallback=created) == t("05-05 10:00")


def test_an_incident_without_events_or_a_fallback_has_no_reported_time() -> None:
    with pytest.raises(ValueError, match="reported time or at least one event"):
        reported_time({}, fallback=None)
