"""The sample incidents: deterministic, and together they show every status the procedure has."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from connectors.events import read_incident_events
from pulse.incidents import EVENT_COLUMNS, CriticalIncidents, as_of_instant, incidents_table
from pulse.schema import TICKET_COLUMNS, StepStatus
from pulse.settings import Settings
from sample_data.incidents import build_sample_incidents

AS_OF = date(2026, 5, 13)  # a Wednesday
CLIENTS = ["GPW", "Acme Dental", "Harbor Logistics", "Summit Legal"]
SETTINGS = Settings()


def sample(seed: int = 7, as_of: date = AS_OF) -> tuple[pd.DataFrame, pd.DataFrame]:
    return build_sample_incidents(seed=seed, clients=CLIENTS, as_of=as_of)


def table(as_of: date = AS_OF, seed: int = 7) -> CriticalIncidents:
    tickets, events = sample(seed, as_of)
    instant = as_of_instant(as_of, SETTINGS.business_hours)
    return incidents_table(events, tickets, as_of=instant, settings=SETTINGS)


def test_same_seed_same_frames_other_seed_other_frames() -> None:
    first, second = sample(), sample()
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    assert not sample(seed=8)[1]["at"].equals(first[1]["at"])


def test_ticket_rows_have_the_canonical_columns() -> None:
    tickets, events = sample()
    assert list(tickets.columns) == list(TICKET_COLUMNS)
    assert len(tickets) == 12
    assert set(tickets["priority"]) == {"Critical"}
    assert set(tickets["client"]) <= set(CLIENTS)
    assert set(events["ticket"]) == set(tickets["ticket"])
    assert str(tickets["created"].dtype) == "datetime64[ns, UTC]"


def test_incidents_fall_in_the_eight_weeks_before_as_of() -> None:
    _, events = sample()
    zone = ZoneInfo(SETTINGS.business_hours.timezone)
    start = datetime.combine(AS_OF - timedelta(days=56), datetime.min.time(), tzinfo=zone)
    end = as_of_instant(AS_OF, SETTINGS.business_hours)
    assert (events["at"] >= pd.Timestamp(start)).all()
    assert (events["at"] <= pd.Timestamp(end)).all()


def test_every_status_and_situation_appears() -> None:
    for as_of in (AS_OF, date(2026, 5, 16), date(2026, 11, 30)):  # a Saturday; after Thanksgiving
        result = table(as_of)
        assert len(result.incidents) == 12
        steps = result.steps
        assert set(steps["status"]) == set(StepStatus), as_of
        assert result.incidents["is_open"].sum() == 1
        assert result.incidents["security"].sum() == 2
        handed_over = steps[(steps["step"] == "vcio_tagged") & (steps["status"] != "not_required")]
        assert len(handed_over) == 2
        assert steps["waived"].any()
        # every incident's step is evaluated, and the open one has something still to do
        assert len(steps) == 12 * 10
        open_incident = result.incidents[result.incidents["is_open"]].iloc[0]
        assert open_incident["next_minutes_left"] > 0


def test_events_survive_a_csv_round_trip() -> None:
    _, events = sample()
    data = events.assign(at=events["at"].dt.tz_convert("America/Los_Angeles")).to_csv(index=False)
    again = read_incident_events(
        io.BytesIO(data.encode()), name="events.csv", timezone="America/Los_Angeles"
    )
    # The reader adds the Incident Log's own columns (client, corrections), blank for a CSV.
    pd.testing.assert_frame_equal(again[list(EVENT_COLUMNS)], events)
    assert again[["client", "corrects_event", "corrects_at"]].isna().all().all()
