"""Decisions of the CST meeting: approve, decline, remove, allowed and refused (seed 001)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from pulse import workflow
from pulse.workflow import Refused
from tests.workflow_frames import TUESDAY, audit_tuples, d, row_texts, run_on_episodes

# March 2025: Mondays are the 3rd, 10th and 17th; the 11th is a Tuesday.

# --- approve, decline, remove --------------------------------------------------------------------


def test_approve_makes_the_episode_active_with_both_approvals() -> None:
    outcome = run_on_episodes(
        workflow.approve, client="acme dental", vcio="Vic", director="Dee", meeting=d("2025-03-10")
    )
    assert outcome.episodes is not None
    assert row_texts(
        outcome.episodes,
        0,
        [
            "status",
            "vcio_approval",
            "vcio_approved_on",
            "director_approval",
            "director_approved_on",
            "cst_meeting_date",
        ],
    ) == {
        "status": "Active",
        "vcio_approval": "Vic",
        "vcio_approved_on": "2025-03-10",
        "director_approval": "Dee",
        "director_approved_on": "2025-03-10",
        "cst_meeting_date": "2025-03-10",
    }
    note = "Approved by vCIO Vic and Director Dee in the CST meeting of 2025-03-10"
    field = "Extra Care Tracking Info."
    assert audit_tuples(outcome.audit) == [
        ("Acme Dental", field + "status", "Recommended", "Active", note),
        ("Acme Dental", field + "vcio_approval", "", "Vic", note),
        ("Acme Dental", field + "vcio_approved_on", "", "2025-03-10", note),
        ("Acme Dental", field + "director_approval", "", "Dee", note),
        ("Acme Dental", field + "director_approved_on", "", "2025-03-10", note),
        ("Acme Dental", field + "cst_meeting_date", "", "2025-03-10", note),
    ]


def test_decline_closes_the_recommendation_with_its_reason() -> None:
    outcome = run_on_episodes(
        workflow.decline,
        client="Acme Dental",
        vcio="Vic",
        director="Dee",
        meeting=d("2025-03-10"),
        reason="One-off outage, already fixed",
    )
    note = "Declined by vCIO Vic and Director Dee in the CST meeting of 2025-03-10"
    field = "Extra Care Tracking Info."
    assert audit_tuples(outcome.audit) == [
        ("Acme Dental", field + "status", "Recommended", "Declined", note),
        ("Acme Dental", field + "cst_meeting_date", "", "2025-03-10", note),
        ("Acme Dental", field + "removal_reason", "", "One-off outage, already fixed", note),
    ]


def test_remove_closes_the_active_episode() -> None:
    outcome = run_on_episodes(
        workflow.remove,
        client="Birch Law",
        vcio="Vic",
        director="Dee",
        meeting=d("2025-03-10"),
        reason="Firewall replaced, CFO happy",
    )
    assert outcome.episodes is not None
    assert row_texts(outcome.episodes, 1, ["status", "removed_on", "removal_reason"]) == {
        "status": "Removed",
        "removed_on": "2025-03-10",
        "removal_reason": "Firewall replaced, CFO happy",
    }
    note = "Removed by vCIO Vic and Director Dee in the CST meeting of 2025-03-10"
    field = "Extra Care Tracking Info."
    assert audit_tuples(outcome.audit) == [
        ("Birch Law", field + "status", "Active", "Removed", note),
        ("Birch Law", field + "removed_on", "", "2025-03-10", note),
        ("Birch Law", field + "removal_reason", "", "Firewall replaced, CFO happy", note),
    ]


DECISION_REFUSALS = [
    # (transition, change to the allowed call, exact reason)
    ("approve", {"meeting": TUESDAY}, "Approval must be decided in a CST meeting (a Monday)"),
    ("approve", {"vcio": " "}, "Approval needs the vCIO's name"),
    ("approve", {"director": ""}, "Approval needs the Director of Client Success's name"),
    (
        "approve",
        {"client": "Birch Law"},
        "Birch Law has no Recommended episode to approve (its latest is Active)",
    ),
    (
        "approve",
        {"client": "Cedar Clinic"},
        "Cedar Clinic has no Recommended episode to approve (its latest is Removed)",
    ),
    ("approve", {"client": "Zed Ltd"}, "Zed Ltd has no Recommended episode to approve"),
    (
        "approve",
        {"meeting": d("2025-03-03")},
        "The CST meeting (2025-03-03) is before the recommendation (2025-03-05)",
    ),
    (
        "approve",
        {"meeting": d("2025-03-17")},
        "The CST meeting date 2025-03-17 is after today (2025-03-10)",
    ),
    ("decline", {"meeting": TUESDAY}, "Declining must be decided in a CST meeting (a Monday)"),
    ("decline", {"vcio": ""}, "Declining needs the vCIO's name"),
    ("decline", {"director": ""}, "Declining needs the Director of Client Success's name"),
    ("decline", {"reason": ""}, "A reason is required to decline a recommendation"),
    (
        "decline",
        {"client": "Dune Corp"},
        "Dune Corp has no Recommended episode to decline (its latest is Declined)",
    ),
    ("remove", {"meeting": TUESDAY}, "Removal must be decided in a CST meeting (a Monday)"),
    ("remove", {"vcio": ""}, "Removal needs the vCIO's name"),
    ("remove", {"director": ""}, "Removal needs the Director of Client Success's name"),
    ("remove", {"reason": " "}, "A removal reason is required"),
    (
        "remove",
        {"client": "Acme Dental"},
        "Acme Dental has no Active episode to remove (its latest is Recommended)",
    ),
    (
        "remove",
        {"client": "Cedar Clinic"},
        "Cedar Clinic has no Active episode to remove (its latest is Removed)",
    ),
    (
        "remove",
        {"client": "Birch Law", "meeting": d("2025-02-24")},
        "The CST meeting (2025-02-24) is before the approval meeting (2025-03-03)",
    ),
]
DECISION_CALLS: dict[str, dict[str, Any]] = {
    "approve": {"client": "Acme Dental", "vcio": "Vic", "director": "Dee"},
    "decline": {"client": "Acme Dental", "vcio": "Vic", "director": "Dee", "reason": "Fine"},
    "remove": {"client": "Birch Law", "vcio": "Vic", "director": "Dee", "reason": "Healthy"},
}


@pytest.mark.parametrize(("name", "change", "reason"), DECISION_REFUSALS)
def test_decision_refusals(name: str, change: dict[str, Any], reason: str) -> None:
    kwargs = {**DECISION_CALLS[name], "meeting": d("2025-03-10"), **change}
    with pytest.raises(Refused) as refused:
        run_on_episodes(getattr(workflow, name), **kwargs)
    assert refused.value.reason == reason


@pytest.mark.parametrize("name", sorted(DECISION_CALLS))
def test_decisions_recorded_after_the_meeting_are_allowed(name: str) -> None:
    """The Account Administrator often records Monday's decision on Tuesday."""
    kwargs = {**DECISION_CALLS[name], "meeting": d("2025-03-10")}
    outcome = run_on_episodes(getattr(workflow, name), at=datetime(2025, 3, 11, 9), **kwargs)
    assert len(outcome.audit) >= 3
