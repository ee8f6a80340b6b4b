"""The health explorer's pure parts: filters and their URL form, the table, groupings, trend.

Expectations are worked by hand from tests/scenario.py (as of Monday 2026-11-23; default weights).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.workbook import LoadedWorkbook
from pulse.explore import (
    DISPLAY_COLUMNS,
    NO_EPISODE,
    SOURCE_BOTH,
    SOURCE_DATA,
    SOURCE_NONE,
    SOURCE_PERSON,
    HealthFilters,
    criteria_matrix,
    filter_clients,
    health_kpis,
    health_table,
    mrr_at_risk_by,
    portfolio_trend,
)
from pulse.schema import CLIENT_KEY
from pulse.settings import Settings
from pulse.summary import monday_picture
from tests.scenario import AS_OF


@pytest.fixture(scope="module")
def workbook(scenario_book: LoadedWorkbook) -> LoadedWorkbook:
    return scenario_book


@pytest.fixture(scope="module")
def table(workbook: LoadedWorkbook) -> pd.DataFrame:
    picture = monday_picture(
        workbook.clients, workbook.episodes, workbook.actions, as_of=AS_OF, settings=Settings()
    )
    return health_table(
        picture, workbook.clients, workbook.actions, as_of=AS_OF, episodes=workbook.episodes
    )


def test_health_table_rows_worked_by_hand(table: pd.DataFrame) -> None:
    rows = table[["client", "vcio", "status", "risk", "mrr_at_risk", "overdue_actions"]]
    expected = [
        # Beta: acquisition 0.40 + communication 0.15 -> 1 - 0.6*0.85 = 0.49
        ("Beta Law", "Marcus", "Recommended", 0.49, 2450.0, 0),
        # Acme: NOC 0.10 + service desk 0.15 -> 1 - 0.9*0.85 = 0.235; switch due 11-20 open
        ("Acme Dental", "Dana", "Active", 0.235, 2350.0, 1),
        ("Delta Realty", "Priya", "Active", 0.15, 1200.0, 1),  # re-plan due 11-22 open
        ("Foxtrot Partners", "Marcus", "Active", 0.20, 600.0, 0),
        ("Echo Capital", "Priya", "Declined", 0.15, 150.0, 0),  # 53 days quiet
        ("Gamma Foods", "Dana", "Removed", 0.0, 0.0, 0),  # 13 days quiet: no signal
    ]
    actual = [
        (c, v, s, round(r, 6), round(m, 6), o) for c, v, s, r, m, o in rows.itertuples(index=False)
    ]
    assert actual == expected


def test_status_is_none_for_a_client_never_on_extra_care(
    workbook: LoadedWorkbook,
) -> None:
    picture = monday_picture(
        workbook.clients,
        workbook.episodes.iloc[0:0],
        workbook.actions,
        as_of=AS_OF,
        settings=Settings(),
    )
    table = health_table(
        picture,
        workbook.clients,
        workbook.actions,
        as_of=AS_OF,
        episodes=workbook.episodes.iloc[0:0],
    )
    assert set(table["status"]) == {NO_EPISODE}


@pytest.mark.parametrize(
    ("params", "clients"),
    [
        (
            {},
            {
                "Acme Dental",
                "Beta Law",
                "Gamma Foods",
                "Delta Realty",
                "Echo Capital",
                "Foxtrot Partners",
            },
        ),
        ({"vcio": "Dana"}, {"Acme Dental", "Gamma Foods"}),
        (
            {"vcio": ["Dana", "Priya"]},
            {"Acme Dental", "Gamma Foods", "Delta Realty", "Echo Capital"},
        ),
        ({"segment": "Legal", "status": "Active"}, {"Delta Realty", "Foxtrot Partners"}),
        ({"criterion": "communication"}, {"Beta Law", "Echo Capital"}),
        ({"criterion": ["noc", "acquisition"]}, {"Acme Dental", "Beta Law"}),
        ({"band": "high"}, {"Beta Law"}),
        ({"band": "low"}, {"Gamma Foods"}),
        # bounds are inclusive
        ({"mrr_min": "3000", "mrr_max": "8000"}, {"Beta Law", "Delta Realty", "Foxtrot Partners"}),
        ({"vitm": "Casey", "account_admin": "Robin"}, {"Echo Capital"}),
        ({"status": "Removed"}, {"Gamma Foods"}),
        ({"vcio": "Dana", "band": "high"}, set()),
    ],
)
def test_filter_clients(table: pd.DataFrame, params: dict, clients: set[str]) -> None:
    shown = filter_clients(table, HealthFilters.from_query_params(params))
    assert set(shown["client"]) == clients


def test_kpis_over_the_rows_shown(table: pd.DataFrame) -> None:
    shown = filter_clients(table, HealthFilters(mrr_min=3000, mrr_max=8000))
    kpis = health_kpis(shown)
    assert (kpis.clients, kpis.mrr, kpis.mrr_at_risk) == (3, 16000.0, 4250.0)
    assert (kpis.on_extra_care, kpis.overdue_actions) == (2, 1)


def test_mrr_at_risk_by_vcio(table: pd.DataFrame) -> None:
    grouped = mrr_at_risk_by(table, "vcio").round(6)
    assert list(grouped.itertuples(index=False, name=None)) == [
        ("Marcus", 3050.0, 8000.0, 2),
        ("Dana", 2350.0, 12000.0, 2),
        ("Priya", 1350.0, 9000.0, 2),
    ]


def test_criteria_matrix_marks_where_each_flag_came_from(table: pd.DataFrame) -> None:
    matrix = criteria_matrix(table)
    # Gamma has no flag, so no row; riskiest first.
    assert list(matrix.index) == [
        "Beta Law",
        "Acme Dental",
        "Foxtrot Partners",
        "Delta Realty",
        "Echo Capital",
    ]
    assert matrix.loc["Beta Law", "Merger/Acquisition"] == SOURCE_PERSON
    assert matrix.loc["Beta Law", "Communication Concerns"] == SOURCE_DATA
    assert matrix.loc["Acme Dental", "NOC Concerns"] == SOURCE_PERSON
    assert matrix.loc["Acme Dental", "Project Concerns"] == SOURCE_NONE
    assert int((matrix != SOURCE_NONE).sum().sum()) == 7


def test_criteria_matrix_limited_keeps_the_riskiest_flagged_clients(table: pd.DataFrame) -> None:
    matrix = criteria_matrix(table, limit=2)
    assert list(matrix.index) == ["Beta Law", "Acme Dental"]
    assert matrix.loc["Acme Dental", "NOC Concerns"] == SOURCE_PERSON


def test_criteria_matrix_both_sources() -> None:
    table = pd.DataFrame(
        {
            "client": ["A"],
            "risk": [0.15],
            "criteria": [["communication"]],
            "person_flags": [["communication"]],
            "data_flags": [["communication"]],
        }
    )
    assert criteria_matrix(table).loc["A", "Communication Concerns"] == SOURCE_BOTH


def history_rows(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"week": pd.Timestamp(w), CLIENT_KEY: k, "status": s, "mrr_at_risk": m}
            for w, k, s, m in rows
        ]
    )


def test_portfolio_trend_adds_the_live_week_and_replaces_a_saved_one() -> None:
    history = history_rows(
        [
            ("2026-11-09", "a", "Active", 100.0),
            ("2026-11-09", "b", "", 50.0),
            ("2026-11-16", "a", "Active", 120.0),
            ("2026-11-16", "b", "Recommended", 80.0),
            ("2026-11-23", "a", "Active", 999.0),  # saved earlier today; the live row wins
        ]
    )
    live = history_rows([("2026-11-23", "a", "Active", 130.0), ("2026-11-23", "b", "Active", 90.0)])
    trend = portfolio_trend(history, live)
    assert list(trend.itertuples(index=False, name=None)) == [
        (pd.Timestamp("2026-11-09"), 150.0, 1, 2, False),
        (pd.Timestamp("2026-11-16"), 200.0, 1, 2, False),
        (pd.Timestamp("2026-11-23"), 220.0, 2, 2, True),
    ]
    only_b = portfolio_trend(history, live, clients={"b"})
    assert list(only_b["mrr_at_risk"]) == [50.0, 80.0, 90.0]
    assert list(only_b["extra_care"]) == [0, 0, 1]


def test_portfolio_trend_with_no_history_is_the_live_week() -> None:
    live = history_rows([("2026-11-23", "a", "Active", 130.0)])
    empty = live.iloc[0:0]
    trend = portfolio_trend(empty, live)
    assert list(trend.itertuples(index=False, name=None)) == [
        (pd.Timestamp("2026-11-23"), 130.0, 1, 1, True)
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"vcio": "Dana", "as_of": "2026-11-23"}, HealthFilters(vcio=("Dana",))),
        ({"band": ["high", "medium"]}, HealthFilters(band=("high", "medium"))),
        ({"mrr_min": "$1,500", "mrr_max": "lots"}, HealthFilters(mrr_min=1500.0)),
        ({"segment": ["", " "]}, HealthFilters()),
    ],
)
def test_from_query_params(params: dict, expected: HealthFilters) -> None:
    assert HealthFilters.from_query_params(params) == expected


def test_restricted_to_matches_case_and_reports_unknown_values() -> None:
    filters = HealthFilters(vcio=("dana", "Nobody"), band=("HIGH",))
    kept, dropped = filters.restricted_to({"vcio": ["Dana", "Priya"], "band": ["high", "low"]})
    assert kept == HealthFilters(vcio=("Dana",), band=("high",))
    assert dropped == ["vcio=Nobody"]


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
    lambda text: text.strip() == text
)
bounds = st.none() | st.integers(min_value=0, max_value=10**7).map(float)


@given(
    vcio=st.lists(names, max_size=3, unique=True),
    segment=st.lists(names, max_size=2, unique=True),
    mrr_min=bounds,
    mrr_max=bounds,
)
def test_query_params_round_trip(
    vcio: list[str], segment: list[str], mrr_min: float | None, mrr_max: float | None
) -> None:
    filters = HealthFilters(
        vcio=tuple(vcio), segment=tuple(segment), mrr_min=mrr_min, mrr_max=mrr_max
    )
    assert HealthFilters.from_query_params(filters.to_query_params()) == filters


def test_display_columns_are_plain_values_and_the_table_has_the_lists(table: pd.DataFrame) -> None:
    assert DISPLAY_COLUMNS == [
        "client",
        "vcio",
        "vitm",
        "account_admin",
        "segment",
        "status",
        "flags",
        "risk",
        "band",
        "mrr",
        "mrr_at_risk",
        "overdue_actions",
        "last_contact",
    ]
    hidden = [name for name in table.columns if name not in DISPLAY_COLUMNS]
    assert hidden == ["client_key", "criteria", "person_flags", "data_flags", "criteria_count"]
    beta = table.set_index("client").loc["Beta Law"]
    # Acquisition set by a person, communication raised by data (14 days without contact).
    assert beta["flags"] == "Communication Concerns, Merger/Acquisition"
    assert beta["criteria"] == ["communication", "acquisition"]
    assert (beta["person_flags"], beta["data_flags"]) == (["acquisition"], ["communication"])
    assert beta["criteria_count"] == 2
