"""The week's picture (app/week.py) on the hand-worked scenario of tests/scenario.py, with no
ticket export and with one whose only signal is a frustrated customer."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pandas as pd
import pytest

from app.week import history_with_this_week, kept_ticket_index, week_picture, week_signals
from connectors.tickets import read_tickets
from connectors.workbook import LoadedWorkbook, read_workbook
from pulse.settings import Settings
from pulse.summary import summary_json
from tests.scenario import AS_OF, EXPECTED_SUMMARY, scenario_workbook

# One ticket in the 30 days before the as-of date, answered on time, with a survey score of 1:
# SPEC "frustrated messages" for Gamma Foods (Removed, so no open episode: a new candidate).
EXPORT = (
    b"Ticket,Client,Summary,Priority,Type,Board,Status,Created,First Response,Survey Score\n"
    b"T1,Gamma Foods,Invoice question,Low,request,Service Desk,Closed,"
    b"2026-11-16T17:00:00Z,2026-11-16T17:05:00Z,1\n"
)
SETTINGS = Settings()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> LoadedWorkbook:
    return read_workbook(scenario_workbook(tmp_path_factory.mktemp("s") / "s.xlsx"))


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return read_tickets(BytesIO(EXPORT), name="t.csv", timezone=SETTINGS.business_hours.timezone)


def test_without_tickets_the_figures_are_the_scenarios(scenario: LoadedWorkbook) -> None:
    picture = week_picture(scenario, None, as_of=AS_OF, settings=SETTINGS)
    assert summary_json(picture) == EXPECTED_SUMMARY
    assert week_signals(None, scenario, as_of=AS_OF, settings=SETTINGS) is None


def test_a_frustrated_ticket_adds_its_client(
    scenario: LoadedWorkbook, tickets: pd.DataFrame
) -> None:
    picture = week_picture(scenario, tickets, as_of=AS_OF, settings=SETTINGS)
    # Gamma Foods: frustrated messages weigh 0.20 → $2,000 × 0.20 = $400 more at risk.
    assert summary_json(picture) == {
        **EXPECTED_SUMMARY,
        "mrr_at_risk": 6750.0 + 400.0,
        "candidates": ["Echo Capital", "Gamma Foods"],
    }
    signals = week_signals(tickets, scenario, as_of=AS_OF, settings=SETTINGS)
    assert signals is not None
    # Beta Law (14 days quiet) and Echo Capital (53) are the scenario's communication signals.
    assert set(zip(signals["client"], signals["criterion"], strict=True)) == {
        ("Beta Law", "communication"),
        ("Echo Capital", "communication"),
        ("Gamma Foods", "frustrated_messages"),
    }
    gamma = signals[signals["client"] == "Gamma Foods"]
    assert list(gamma["tickets"].iloc[0]) == ["T1"]


def test_this_weeks_history_rows_come_from_the_same_signals(
    scenario: LoadedWorkbook, tickets: pd.DataFrame
) -> None:
    signals = week_signals(tickets, scenario, as_of=AS_OF, settings=SETTINGS)
    history = history_with_this_week(scenario, signals, as_of=AS_OF, settings=SETTINGS)
    week = history[pd.to_datetime(history["week"]) == pd.Timestamp(AS_OF)].set_index("client")
    assert len(week) == 6  # one row per client; the scenario had no history before
    assert week.at["Gamma Foods", "mrr_at_risk"] == pytest.approx(400.0)
    assert week.at["Acme Dental", "mrr_at_risk"] == pytest.approx(2350.0)
    assert week["mrr_at_risk"].sum() == pytest.approx(7150.0)


def test_the_week_of_a_wednesday_is_its_monday(scenario: LoadedWorkbook) -> None:
    wednesday = AS_OF.replace(day=25)
    history = history_with_this_week(scenario, None, as_of=wednesday, settings=SETTINGS)
    assert set(pd.to_datetime(history["week"])) == {pd.Timestamp(AS_OF)}


def test_a_kept_ticket_index_gives_the_same_week(
    scenario: LoadedWorkbook, tickets: pd.DataFrame
) -> None:
    # The app keeps one index of the export for every date; the figures are those above.
    index = kept_ticket_index(tickets, SETTINGS)
    picture = week_picture(scenario, tickets, as_of=AS_OF, settings=SETTINGS, index=index)
    assert summary_json(picture)["candidates"] == ["Echo Capital", "Gamma Foods"]
    assert summary_json(picture)["mrr_at_risk"] == 6750.0 + 400.0
    # A week later the ticket of 16 Nov is still in the 30 days; 31 days after it, it is not.
    later = AS_OF.replace(day=30)
    signals = week_signals(tickets, scenario, as_of=later, settings=SETTINGS, index=index)
    assert signals is not None
    assert ("Gamma Foods", "frustrated_messages") in frustrated(signals)
    gone = week_signals(tickets, scenario, as_of=date(2026, 12, 18), settings=SETTINGS, index=index)
    assert gone is not None and frustrated(gone) == set()


def frustrated(signals: pd.DataFrame) -> set[tuple[str, str]]:
    rows = signals[signals["criterion"] == "frustrated_messages"]
    return set(zip(rows["client"], rows["criterion"], strict=True))
