"""The sample ticket builder: deterministic, shows every signal, four layouts of one set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from connectors.tickets import read_tickets
from pulse.business_clock import business_clock
from pulse.schema import client_key
from pulse.settings import DEFAULT_SETTINGS
from pulse.signals import ticket_signals, ticket_suggestions
from sample_data.tickets import EXPORT_FILES, build_sample_tickets, write_sample_exports

AS_OF = date(2026, 11, 23)


def sample_clients() -> pd.DataFrame:
    names = [f"Client {i:02d}" for i in range(30)]
    mrr = [40_000, 25_000, 18_000] + [3_000 + 250 * i for i in range(27)]
    return pd.DataFrame(
        {
            "client": names,
            "client_key": [client_key(name) for name in names],
            "mrr": mrr,
            "vcio": "vCIO",
            "vitm": "vITM",
            "segment": "Legal",
            "last_client_contact": pd.to_datetime([AS_OF] * len(names)),
        }
    )


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return build_sample_tickets(seed=11, clients=sample_clients(), as_of=AS_OF)


def test_the_same_seed_builds_the_same_tickets(tickets: pd.DataFrame) -> None:
    again = build_sample_tickets(seed=11, clients=sample_clients(), as_of=AS_OF)
    assert_frame_equal(again, tickets)
    other = build_sample_tickets(seed=12, clients=sample_clients(), as_of=AS_OF)
    assert not other.equals(tickets)


def test_tickets_fall_in_the_months_before_as_of(tickets: pd.DataFrame) -> None:
    created = tickets["created"].dt.tz_convert("America/Los_Angeles").dt.date
    assert created.min() >= date(2026, 5, 1) and created.max() < AS_OF
    assert tickets["ticket"].is_unique


def test_volumes_follow_mrr(tickets: pd.DataFrame) -> None:
    counts = tickets["client"].value_counts()
    assert counts["Client 00"] > 3 * counts["Client 03"]


def test_the_sample_shows_every_ticket_signal_and_suggestion(tickets: pd.DataFrame) -> None:
    settings = DEFAULT_SETTINGS
    clock = business_clock(settings.business_hours)
    signals = ticket_signals(tickets, sample_clients(), as_of=AS_OF, settings=settings, clock=clock)
    assert {"service_desk", "noc", "project", "frustrated_messages"} <= set(signals["criterion"])
    reasons = " ".join(signals["reason"])
    assert "answered late" in reasons and "Critical/High incidents" in reasons
    assert signals["tickets"].map(len).min() >= 1  # every ticket signal carries evidence
    suggestions = ticket_suggestions(tickets, as_of=AS_OF, settings=settings)
    assert set(suggestions["criterion"]) == {"hiring_internal_it", "reducing_staff", "acquisition"}


def test_the_four_exports_read_back_as_the_same_tickets(
    tickets: pd.DataFrame, tmp_path: Path
) -> None:
    paths = write_sample_exports(tickets, tmp_path)
    assert sorted(p.name for p in paths) == sorted(EXPORT_FILES.values())
    for path in paths:
        read = read_tickets(path, name=path.name, timezone="America/Los_Angeles")
        assert_frame_equal(read, tickets, obj=path.name)
