"""The Monday view's tables on the hand-worked scenario in tests/scenario.py (as of Monday
2026-11-23; the last CST meeting before it is Monday 11-16; RCA grace 7 days)."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.workbook import LoadedWorkbook, read_workbook
from pulse import monday
from pulse.monday import MARK_CONFIRMED, MARK_DATA, MARK_PERSON
from pulse.schema import Criterion
from pulse.settings import Settings
from pulse.summary import MondayPicture, monday_picture
from tests.scenario import AS_OF, scenario_workbook


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> LoadedWorkbook:
    return read_workbook(scenario_workbook(tmp_path_factory.mktemp("m") / "scenario.xlsx"))


@pytest.fixture(scope="module")
def picture(book: LoadedWorkbook) -> MondayPicture:
    return monday_picture(
        book.clients, book.episodes, book.actions, as_of=AS_OF, settings=Settings()
    )


@pytest.fixture(scope="module")
def table(book: LoadedWorkbook, picture: MondayPicture) -> pd.DataFrame:
    return monday.extra_care_table(
        picture, book.clients, book.actions, as_of=AS_OF, rca_grace_days=7
    )


def test_criterion_marks_say_who_set_each_flag() -> None:
    marks = monday.criterion_marks(
        [Criterion.NOC, Criterion.PROJECT], [Criterion.NOC, Criterion.FRUSTRATED]
    )
    assert marks["NOC Concerns"] == MARK_CONFIRMED
    assert marks["Project Concerns"] == MARK_PERSON
    assert marks["Frustrated Messages"] == MARK_DATA
    assert marks["Reducing Staff"] == ""
    assert len(marks) == 8


def test_active_clients_riskiest_first_with_owners_and_risk(table: pd.DataFrame) -> None:
    rows = table[["client", "vcio", "vitm", "mrr", "band", "mrr_at_risk"]]
    assert list(rows.itertuples(index=False, name=None)) == [
        # Acme: NOC 0.10 and service desk 0.15 -> 1 - 0.9 * 0.85 = 0.235 of $10,000.
        ("Acme Dental", "Dana", "Jordan", 10000.0, "medium", pytest.approx(2350.0)),
        ("Delta Realty", "Priya", "Taylor", 8000.0, "medium", pytest.approx(1200.0)),
        ("Foxtrot Partners", "Marcus", "Casey", 3000.0, "medium", pytest.approx(600.0)),
    ]


def test_the_criteria_matrix_marks_the_flags_people_set(table: pd.DataFrame) -> None:
    marked = {
        client: [label for label in (c.label for c in Criterion) if row[label]]
        for client, (_, row) in zip(table["client"], table.iterrows(), strict=True)
    }
    assert marked == {
        "Acme Dental": ["Service Desk Concerns", "NOC Concerns"],
        "Delta Realty": ["Project Concerns"],
        "Foxtrot Partners": ["Frustrated Messages"],
    }
    assert set(table["NOC Concerns"]) == {MARK_PERSON, ""}  # no tickets: no data flags


def test_weeks_reviews_and_rca(table: pd.DataFrame) -> None:
    care = table.set_index("client")
    # Approved 11-02, 11-16 and 10-19: 21, 7 and 35 days before 11-23.
    assert care["weeks"].tolist() == [3, 1, 5]
    # Acme reviewed at the 11-16 meeting; Delta approved at it; Foxtrot last reviewed 11-09.
    assert care["not_reviewed"].tolist() == [False, False, True]
    assert care.loc["Acme Dental", "last_reviewed"] == pd.Timestamp("2026-11-16")
    # Acme: root cause, tickets, success criteria and actions. Delta: actions only. Foxtrot:
    # a Reason, which is no root cause, and nothing else.
    assert care["rca_parts"].tolist() == [4, 1, 0]
    assert care.loc["Acme Dental", "rca_missing"] == ""
    assert care.loc["Foxtrot Partners", "rca_missing"] == (
        "root cause, related tickets / documents / dates, corrective steps with a success "
        "definition, action items of this episode"
    )
    # Delta's RCA is 7 days past approval (the grace), Foxtrot's 35: both overdue.
    assert care["rca_overdue"].tolist() == [False, True, True]


def test_no_active_client_is_an_empty_table(book: LoadedWorkbook) -> None:
    picture = monday_picture(
        book.clients, book.episodes.iloc[0:0], book.actions, as_of=AS_OF, settings=Settings()
    )
    empty = monday.extra_care_table(
        picture, book.clients, book.actions, as_of=AS_OF, rca_grace_days=7
    )
    assert empty.empty
    assert list(empty.columns[:4]) == ["client", "vcio", "vitm", "mrr"]
    assert list(empty.columns[-3:]) == ["rca_parts", "rca_missing", "rca_overdue"]
    assert len(empty.columns) == 7 + 8 + 6  # owners and risk, the eight criteria, care and RCA


def test_awaiting_decision(picture: MondayPicture) -> None:
    (beta,) = monday.awaiting_decision(picture).to_dict("records")
    assert beta["client"] == "Beta Law" and beta["recommended_by"] == "Sam"
    assert beta["recommended_on"] == pd.Timestamp("2026-11-18")
    # Acquisition (set) and communication (14 days quiet): 1 - 0.6 * 0.85 = 0.49 of $5,000.
    assert beta["criteria"] == "Communication Concerns, Merger/Acquisition"
    assert beta["reason"] == "Being acquired"
    assert (beta["mrr"], beta["mrr_at_risk"]) == (5000.0, pytest.approx(2450.0))


def test_candidate_evidence(picture: MondayPicture) -> None:
    (echo,) = monday.candidate_evidence(picture).to_dict("records")
    assert echo["client"] == "Echo Capital"
    assert echo["criteria"] == "Communication Concerns"
    assert echo["evidence"] == "no client contact for 53 days (since 2026-10-01; ≥14)"
    assert echo["tickets"] == ""
    assert (echo["mrr"], echo["mrr_at_risk"]) == (1000.0, pytest.approx(150.0))
