"""Which events count as of an instant, and the reported time with its fallbacks."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.incidents.events import (
    EVENT_COLUMNS,
    LOG_COLUMNS,
    effective_events,
    events_until,
    first_times,
    reported_time,
    voided,
    with_log_columns,
)
from pulse.schema import IncidentEvent
from tests.incident_frames import events_frame, log_events, t


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


def test_a_frame_without_the_log_columns_gets_them_blank() -> None:
    events = with_log_columns(events_frame("TK1", [("reported", "05-05 10:00")]))
    assert list(events.columns) == list(LOG_COLUMNS)
    assert events["client"].isna().all() and events["corrects_at"].isna().all()


def test_a_correction_voids_the_row_it_names_only() -> None:
    events = log_events(
        "TK1",
        [
            ("vitm_acknowledged", "05-05 10:20"),
            ("vitm_acknowledged", "05-05 10:30"),
            ("corrected", "05-05 10:40", "vitm_acknowledged at 05-05 10:20: wrong incident"),
        ],
    )
    assert voided(events).tolist() == [True, False, False]
    assert list(effective_events(events, t("05-05 11:00"))["at"]) == [
        pd.Timestamp(t("05-05 10:30"))
    ]
    # Before the correction was made, the row still counted.
    assert first_times(events, as_of=t("05-05 10:35"))[IncidentEvent.VITM_ACKNOWLEDGED] == t(
        "05-05 10:20"
    )
    assert first_times(events, as_of=t("05-05 10:45"))[IncidentEvent.VITM_ACKNOWLEDGED] == t(
        "05-05 10:30"
    )


def test_a_correction_on_another_ticket_voids_nothing_here() -> None:
    events = pd.concat(
        [
            log_events("TK1", [("swarm_created", "05-05 10:05")]),
            log_events("TK2", [("corrected", "05-05 10:40", "swarm_created at 05-05 10:05: no")]),
        ],
        ignore_index=True,
    )
    assert voided(events).tolist() == [False, False]
