"""The Monday picture and `pulse summary --json` on the hand-worked scenario (tests/scenario.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.workbook import LoadedWorkbook
from pulse.settings import Settings
from pulse.summary import all_signals, monday_picture, summary_json
from tests.scenario import AS_OF, EXPECTED_SUMMARY


@pytest.fixture(scope="module")
def book(scenario_book: LoadedWorkbook) -> LoadedWorkbook:
    return scenario_book


def test_summary_numbers(book: LoadedWorkbook) -> None:
    picture = monday_picture(
        book.clients, book.episodes, book.actions, as_of=AS_OF, settings=Settings()
    )
    assert summary_json(picture) == EXPECTED_SUMMARY
    assert (picture.active_count, picture.recommended_count) == (3, 1)


# A NOC signal for Gamma Foods, whose episode was removed (so it has no open one).
GAMMA_NOC = pd.DataFrame(
    {
        "client_key": ["gamma foods"],
        "client": ["Gamma Foods"],
        "criterion": ["noc"],
        "tickets": [["T1", "T2"]],
        "reason": ["2 Critical incidents on the NOC board"],
    }
)


def test_ticket_signals_join_the_communication_ones(book: LoadedWorkbook) -> None:
    signals = all_signals(book.clients, as_of=AS_OF, settings=Settings(), ticket_signals=GAMMA_NOC)
    # Beta Law (14 days) and Echo Capital (53 days) are quiet; Gamma's NOC signal is added.
    assert sorted(zip(signals["client"], signals["criterion"], strict=True)) == [
        ("Beta Law", "communication"),
        ("Echo Capital", "communication"),
        ("Gamma Foods", "noc"),
    ]


def test_a_ticket_signal_makes_a_client_without_an_episode_a_candidate(
    book: LoadedWorkbook,
) -> None:
    picture = monday_picture(
        book.clients,
        book.episodes,
        book.actions,
        as_of=AS_OF,
        settings=Settings(),
        ticket_signals=GAMMA_NOC,
    )
    # With NOC (weight 0.10) Gamma is a candidate: $2,000 × 0.10 more at risk.
    assert summary_json(picture)["candidates"] == ["Echo Capital", "Gamma Foods"]
    assert summary_json(picture)["mrr_at_risk"] == 6750.0 + 2000.0 * 0.10
