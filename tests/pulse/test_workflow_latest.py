"""latest_episodes (all clients at once) agrees with latest_episode (one client)."""

import pandas as pd
import pytest

from connectors.workbook import read_workbook
from pulse.schema import client_key
from pulse.workflow import latest_episode, latest_episodes
from tests.paths import SAMPLE_WORKBOOK


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Open wins over a later closed one; among open ones, the last; else the last closed.
        ([("Acme", "Active"), ("Acme", "Removed")], {"acme": 0}),
        ([("Acme", "Declined"), ("Acme", "Removed")], {"acme": 1}),
        ([("Acme", "Recommended"), ("Acme", "Active"), ("Acme", "Declined")], {"acme": 1}),
        (
            [("Acme", "Removed"), ("ACME ", "Recommended"), ("Bolt", "Declined")],
            {"acme": 1, "bolt": 2},
        ),
        ([], {}),
    ],
    ids=["open beats later closed", "last closed", "last open", "keys ignore case", "none"],
)
def test_latest_episodes_by_hand(rows: list[tuple[str, str]], expected: dict[str, int]) -> None:
    episodes = pd.DataFrame(rows, columns=["client", "status"])
    assert latest_episodes(episodes) == {client_key(k): v for k, v in expected.items()}


def test_latest_episodes_equal_latest_episode_on_the_sample() -> None:
    episodes = read_workbook(SAMPLE_WORKBOOK).episodes
    latest = latest_episodes(episodes)
    for name in episodes["client"].unique():
        assert latest[client_key(name)] == latest_episode(episodes, name)
    assert len(latest) == episodes["client"].map(client_key).nunique()
