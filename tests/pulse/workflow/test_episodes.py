"""Episodes: the latest one, recommending, reviews, RCA, PSA mark, announcement (seed 001)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from connectors.workbook import read_workbook
from pulse import workflow
from pulse.frames import cell_text
from pulse.schema import Criterion, client_key
from pulse.workflow import Refused, latest_episode, latest_episodes
from pulse.workflow.episodes import episode_status, is_open_episode, meeting_day
from tests.paths import SAMPLE_WORKBOOK
from tests.workflow_frames import (
    AT,
    RECOMMEND_ELM,
    TUESDAY,
    USER,
    audit_tuples,
    d,
    episodes_frame,
    row_texts,
    run_on_episodes,
    sample_episodes,
)

# March 2025: Mondays are the 3rd, 10th and 17th; the 11th is a Tuesday.

# --- recommend ---------------------------------------------------------------------------------


def test_recommend_appends_a_new_recommended_episode() -> None:
    outcome = run_on_episodes(
        workflow.recommend,
        client="Elm Farms",
        criteria={Criterion.NOC, Criterion.ACQUISITION},
        reason="Bought by Oak Group",
        by="Sam",
        on=d("2025-03-06"),
    )
    episodes = outcome.episodes
    assert episodes is not None and outcome.actions is None
    assert len(episodes) == 5
    new = episodes.index[-1]
    assert row_texts(episodes, new, ["client", "client_key", "status", "recommended_by"]) == {
        "client": "Elm Farms",
        "client_key": "elm farms",
        "status": "Recommended",
        "recommended_by": "Sam",
    }
    assert cell_text(episodes.at[new, "recommended_on"]) == "2025-03-06"
    assert pd.isna(episodes.at[new, "sheet_row"])
    flags = {c for c in Criterion if cell_text(episodes.at[new, c.column]) == "yes"}
    assert flags == {Criterion.NOC, Criterion.ACQUISITION}
    assert cell_text(episodes.at[new, Criterion.FRUSTRATED.column]) == "no"
    note = "Recommended by Sam"
    assert audit_tuples(outcome.audit) == [
        ("Elm Farms", "Extra Care Tracking Info.status", "", "Recommended", note),
        ("Elm Farms", "Extra Care Tracking Info.recommended_by", "", "Sam", note),
        ("Elm Farms", "Extra Care Tracking Info.recommended_on", "", "2025-03-06", note),
        # A new record starts with every criterion "no"; the chosen ones become "yes".
        ("Elm Farms", "Extra Care Tracking Info.crit_noc", "no", "yes", note),
        ("Elm Farms", "Extra Care Tracking Info.crit_acquisition", "no", "yes", note),
        ("Elm Farms", "Extra Care Tracking Info.reason", "", "Bought by Oak Group", note),
    ]
    assert list(outcome.audit["at"].unique()) == [pd.Timestamp(AT)]
    assert set(outcome.audit["user"]) == {USER}
    assert list(outcome.audit.columns) == workflow.AUDIT_COLUMNS


def test_recommend_again_after_removal_opens_a_second_episode() -> None:
    outcome = run_on_episodes(
        workflow.recommend,
        client="Cedar Clinic",
        criteria={Criterion.SERVICE_DESK},
        reason="Tickets piling up",
        by="Sol",
        on=d("2025-03-06"),
    )
    assert outcome.episodes is not None
    cedar = outcome.episodes[outcome.episodes["client"] == "Cedar Clinic"]
    assert list(cedar["status"]) == ["Removed", "Recommended"]


RECOMMEND_REFUSALS = [
    ({"client": "Acme Dental"}, "Acme Dental already has an open episode (Recommended)"),
    ({"client": " birch  LAW "}, "birch  LAW already has an open episode (Active)"),
    ({"criteria": set()}, "Choose at least one extra-care criterion"),
    ({"reason": "   "}, "A reason is required to recommend a client"),
    ({"by": ""}, "Say who recommends the client"),
    ({"client": ""}, "Choose the client to recommend"),
]


@pytest.mark.parametrize(("change", "reason"), RECOMMEND_REFUSALS)
def test_recommend_refusals(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refused) as refused:
        run_on_episodes(workflow.recommend, **{**RECOMMEND_ELM, **change})
    assert refused.value.reason == reason


# --- review, RCA, PSA, announcement ------------------------------------------------------------


def test_record_review_sets_last_reviewed_and_appends_the_notes() -> None:
    outcome = run_on_episodes(
        workflow.record_review, client="Birch Law", meeting=d("2025-03-10"), notes="Outage fixed"
    )
    assert outcome.episodes is not None
    notes = "2025-03-03: Kick-off\n2025-03-10: Outage fixed"
    assert row_texts(outcome.episodes, 1, ["last_reviewed", "progress_notes"]) == {
        "last_reviewed": "2025-03-10",
        "progress_notes": notes,
    }
    note = "Reviewed in the CST meeting of 2025-03-10"
    field = "Extra Care Tracking Info."
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "last_reviewed", "", "2025-03-10", note),
        ("Birch Law", field + "progress_notes", "2025-03-03: Kick-off", notes, note),
    ]


def test_record_review_without_notes_only_dates_the_review() -> None:
    outcome = run_on_episodes(
        workflow.record_review, client="Birch Law", meeting=d("2025-03-10"), notes=" "
    )
    assert [row[1] for row in audit_tuples(outcome.audit)] == [
        "Extra Care Tracking Info.last_reviewed"
    ]


def test_record_rca_changes_only_the_parts_given() -> None:
    outcome = run_on_episodes(
        workflow.record_rca,
        client="Birch Law",
        root_cause=" Firewall firmware bug ",
        related_tickets="T-100, T-101",
    )
    assert outcome.episodes is not None
    assert row_texts(
        outcome.episodes, 1, ["root_cause", "related_tickets", "success_criteria"]
    ) == {
        "root_cause": "Firewall firmware bug",
        "related_tickets": "T-100, T-101",
        "success_criteria": "",
    }
    field = "Extra Care Tracking Info."
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "root_cause", "", "Firewall firmware bug", "Root-cause analysis"),
        ("Birch Law", field + "related_tickets", "", "T-100, T-101", "Root-cause analysis"),
    ]


def test_mark_in_psa_and_unmark_after_removal() -> None:
    marked = run_on_episodes(workflow.mark_in_psa, client="Birch Law")
    assert audit_tuples(marked.audit) == [
        (
            "Birch Law",
            "Extra Care Tracking Info.marked_in_psa",
            "",
            "yes",
            "Marked extra care in the PSA",
        )
    ]
    unmarked = run_on_episodes(workflow.mark_in_psa, client="Cedar Clinic", marked=False)
    assert audit_tuples(unmarked.audit) == [
        (
            "Cedar Clinic",
            "Extra Care Tracking Info.marked_in_psa",
            "yes",
            "no",
            "Extra-care mark removed in the PSA",
        )
    ]


@pytest.mark.parametrize(
    ("client", "on", "decided"),
    [("Birch Law", "2025-03-04", "added"), ("Cedar Clinic", "2025-03-04", "removed")],
)
def test_record_announcement_on_a_tuesday_after_the_meeting(
    client: str, on: str, decided: str
) -> None:
    outcome = run_on_episodes(workflow.record_announcement, client=client, on=d(on))
    assert audit_tuples(outcome.audit) == [
        (
            client,
            "Extra Care Tracking Info.announced_on",
            "",
            on,
            f"Announced at the Tuesday all-staff huddle of {on}",
        )
    ]


RECORD_REFUSALS = [
    (
        "record_review",
        {"client": "Birch Law", "meeting": TUESDAY, "notes": "x"},
        "Reviews are recorded for a CST meeting (a Monday)",
    ),
    (
        "record_review",
        {"client": "Acme Dental", "meeting": d("2025-03-10"), "notes": "x"},
        "Acme Dental has no Active episode to review (its latest is Recommended)",
    ),
    (
        "record_rca",
        {"client": "Birch Law"},
        "Nothing to record: fill in at least one part of the root-cause analysis",
    ),
    (
        "record_rca",
        {"client": "Acme Dental", "root_cause": "x"},
        "Acme Dental has no Active episode to record a root-cause analysis for "
        "(its latest is Recommended)",
    ),
    (
        "mark_in_psa",
        {"client": "Acme Dental"},
        "Acme Dental has no Active episode to mark in the PSA (its latest is Recommended)",
    ),
    (
        "mark_in_psa",
        {"client": "Cedar Clinic"},
        "Cedar Clinic has no Active episode to mark in the PSA (its latest is Removed)",
    ),
    (
        "mark_in_psa",
        {"client": "Dune Corp", "marked": False},
        "Dune Corp has no Active or Removed episode to unmark in the PSA (its latest is Declined)",
    ),
    (
        "mark_in_psa",
        {"client": "Birch Law", "marked": False},
        "Birch Law is not marked as extra care in the PSA",
    ),
    (
        "record_announcement",
        {"client": "Birch Law", "on": d("2025-03-05")},
        "Announcements are made at the Tuesday all-staff huddle; 2025-03-05 is a Wednesday",
    ),
    (
        "record_announcement",
        {"client": "Birch Law", "on": d("2025-02-25")},
        "The announcement must come after the CST meeting of 2025-03-03",
    ),
    (
        "record_announcement",
        {"client": "Acme Dental", "on": TUESDAY},
        "Acme Dental has no Active or Removed episode to announce (its latest is Recommended)",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "reason"), RECORD_REFUSALS)
def test_record_refusals(name: str, kwargs: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refused) as refused:
        run_on_episodes(getattr(workflow, name), **kwargs)
    assert refused.value.reason == reason


def test_mark_in_psa_twice_is_refused() -> None:
    marked = workflow.mark_in_psa(sample_episodes(), client="Birch Law", at=AT, user=USER)
    assert marked.episodes is not None
    with pytest.raises(Refused) as refused:
        workflow.mark_in_psa(marked.episodes, client="Birch Law", at=AT, user=USER)
    assert refused.value.reason == "Birch Law is already marked as extra care in the PSA"


def test_first_episode_in_an_empty_tab() -> None:
    recommended = workflow.recommend(episodes_frame([]), **RECOMMEND_ELM, at=AT, user=USER)
    assert recommended.episodes is not None and len(recommended.episodes) == 1


# --- the latest episode: all clients at once agrees with one client ---------------------------


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


@pytest.mark.parametrize(
    ("client", "status", "is_open"),
    [
        ("Acme Dental", "Recommended", True),
        ("Birch Law", "Active", True),
        ("Cedar Clinic", "Removed", False),
        ("Dune Corp", "Declined", False),
        ("Zed Ltd", "", False),
    ],
)
def test_episode_status_and_whether_it_is_open(client: str, status: str, is_open: bool) -> None:
    episodes = sample_episodes()
    label = latest_episode(episodes, client)
    assert episode_status(episodes, label) == status
    assert is_open_episode(episodes, label) is is_open


@pytest.mark.parametrize(
    ("meeting", "reason"),
    [
        ("2025-03-11", "Not on a Monday"),
        ("2025-03-17", "The CST meeting date 2025-03-17 is after today (2025-03-10)"),
    ],
)
def test_meeting_day_refusals(meeting: str, reason: str) -> None:
    with pytest.raises(Refused) as refused:
        meeting_day(d(meeting), at=AT, refusal="Not on a Monday")
    assert refused.value.reason == reason


def test_meeting_day_is_the_monday_at_midnight() -> None:
    assert meeting_day(d("2025-03-10"), at=AT, refusal="x") == pd.Timestamp("2025-03-10")


# --- deleting a recommendation recorded by mistake -----------------------------------------------


def test_a_recommendation_recorded_by_mistake_is_deleted_with_its_reason() -> None:
    outcome = run_on_episodes(
        workflow.delete_recommendation, client="acme dental", reason="meant Acme Dentistry"
    )
    assert outcome.episodes is not None and outcome.actions is None
    assert list(outcome.episodes["client"]) == ["Birch Law", "Cedar Clinic", "Dune Corp"]
    assert audit_tuples(outcome.audit) == [
        (
            "Acme Dental",
            "Extra Care Tracking Info.status",
            "Recommended",
            "",
            "Recommendation deleted (recorded by mistake): meant Acme Dentistry",
        )
    ]


@pytest.mark.parametrize(
    ("client", "reason", "refusal"),
    [
        ("Acme Dental", "  ", "Say why the recommendation is deleted"),
        # Decided in a CST meeting (Active, Removed, Declined): part of the record for good.
        (
            "Birch Law",
            "oops",
            "Birch Law has no Recommended episode to delete (its latest is Active)",
        ),
        ("Cedar Clinic", "oops", "has no Recommended episode to delete (its latest is Removed)"),
        ("Elm Farms", "oops", "Elm Farms has no Recommended episode to delete"),
    ],
)
def test_only_an_undecided_recommendation_may_be_deleted(
    client: str, reason: str, refusal: str
) -> None:
    with pytest.raises(Refused, match=refusal.replace("(", r"\(").replace(")", r"\)")):
        run_on_episodes(workflow.delete_recommendation, client=client, reason=reason)
