"""The Client health page's figures: the heat map draws only the riskiest flagged clients."""

from __future__ import annotations

import pandas as pd

from pulse.explore import SOURCE_BOTH, SOURCE_DATA, SOURCE_NONE, SOURCE_PERSON
from pulse.schema import Criterion
from ui.health_charts import HEAT_MAP_ROWS, heat_map

TICKETS, CSAT = Criterion.SERVICE_DESK.value, Criterion.NOC.value


def rows(flagged: int, unflagged: int) -> pd.DataFrame:
    """`flagged` clients flagged for the service desk by data (client N has risk N/1000), then
    clients with no flag and the highest risk of all (the heat map leaves them out)."""
    names = [f"Client {n:03d}" for n in range(flagged + unflagged)]
    return pd.DataFrame(
        {
            "client": names,
            "risk": [n / 1000 for n in range(flagged)] + [0.99] * unflagged,
            "criteria": [[TICKETS]] * flagged + [[]] * unflagged,
            "person_flags": [[]] * (flagged + unflagged),
            "data_flags": [[TICKETS]] * flagged + [[]] * unflagged,
        }
    )


def test_the_heat_map_draws_the_riskiest_flagged_clients_only() -> None:
    figure = heat_map(rows(HEAT_MAP_ROWS + 5, 3), 360)
    assert figure is not None
    # The riskiest first: client 044 (risk 0.044) down to client 005; 000-004 are left out.
    expected = [f"Client {n:03d}" for n in range(HEAT_MAP_ROWS + 4, 4, -1)]
    assert list(figure.data[0].y) == expected
    assert figure.layout.height == 22 * HEAT_MAP_ROWS + 120


def test_a_short_heat_map_is_drawn_whole_with_each_source_coded() -> None:
    table = rows(2, 0)
    table.at[0, "person_flags"] = [TICKETS, CSAT]
    table.at[0, "criteria"] = [TICKETS, CSAT]
    figure = heat_map(table, 360)
    assert figure is not None
    assert list(figure.data[0].y) == ["Client 001", "Client 000"]
    columns = [criterion.label for criterion in Criterion]
    tickets, csat = columns.index(Criterion(TICKETS).label), columns.index(Criterion(CSAT).label)
    z = figure.data[0].z
    assert (z[0][tickets], z[0][csat]) == (SOURCE_DATA, SOURCE_NONE)
    assert (z[1][tickets], z[1][csat]) == (SOURCE_BOTH, SOURCE_PERSON)
    assert figure.layout.height == 360  # at least the page's chart height


def test_no_flag_no_heat_map() -> None:
    assert heat_map(rows(0, 4), 360) is None
