"""Edits made straight in a table, as audit rows (rows matched by index label)."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse import workflow
from pulse.schema import Sheet
from pulse.workflow import Refused
from tests.workflow_frames import AT, USER, audit_tuples, sample_actions, sample_episodes

# --- diff_to_audit -------------------------------------------------------------------------------


def test_diff_to_audit_covers_edits_renames_additions_and_deletions() -> None:
    before = sample_actions()
    after = before.copy()
    after.loc[0, "owner"] = "Oz"
    after.loc[1, "action"] = "Fortnightly call with POC"
    after.loc[1, "due"] = pd.Timestamp("2025-03-28")
    after = after.drop(index=2)
    after.loc[7, ["client", "action", "department", "owner", "status"]] = [
        "Acme Dental",
        "Test restore",
        "NOC",
        "Nia",
        "Open",
    ]
    audit = workflow.diff_to_audit(before, after, sheet=Sheet.ACTIONS, at=AT, user=USER)
    edited = workflow.EDITED_IN_TABLE
    assert audit_tuples(audit) == [
        ("Birch Law", "Action Items[Replace firewall].owner", "Nia", "Oz", edited),
        (
            "Birch Law",
            "Action Items[Weekly call with POC].action",
            "Weekly call with POC",
            "Fortnightly call with POC",
            edited,
        ),
        (
            "Birch Law",
            "Action Items[Fortnightly call with POC].due",
            "2025-03-14",
            "2025-03-28",
            edited,
        ),
        (
            "Acme Dental",
            "Action Items[Test restore].action",
            "",
            "Test restore",
            "Action item added",
        ),
        ("Acme Dental", "Action Items[Test restore].department", "", "NOC", "Action item added"),
        ("Acme Dental", "Action Items[Test restore].owner", "", "Nia", "Action item added"),
        ("Acme Dental", "Action Items[Test restore].status", "", "Open", "Action item added"),
        ("Acme Dental", "Action Items[Review backups].action", "Review backups", "", "Deleted"),
    ]


def test_diff_to_audit_keys_an_older_episode_by_its_recommendation_date() -> None:
    episodes = sample_episodes()
    second = episodes.loc[[2]].set_axis([4])
    second.loc[4, "status"] = "Active"
    second.loc[4, "recommended_on"] = pd.Timestamp("2025-03-05")
    before = pd.concat([episodes, second])
    after = before.copy()
    after.loc[2, "removal_reason"] = "Healthy again, renewed"
    after.loc[4, "reason"] = "Renewal at risk"
    audit = workflow.diff_to_audit(before, after, sheet=Sheet.EPISODES, at=AT, user=USER)
    edited = workflow.EDITED_IN_TABLE
    assert audit_tuples(audit) == [
        (
            "Cedar Clinic",
            "Extra Care Tracking Info[2025-01-06].removal_reason",
            "Healthy again",
            "Healthy again, renewed",
            edited,
        ),
        ("Cedar Clinic", "Extra Care Tracking Info.reason", "", "Renewal at risk", edited),
    ]


def test_diff_to_audit_refuses_deleting_an_episode() -> None:
    before = sample_episodes()
    with pytest.raises(Refused) as refused:
        workflow.diff_to_audit(before, before.drop(index=3), sheet=Sheet.EPISODES, at=AT, user=USER)
    assert refused.value.reason == "Episodes are added by recommending a client and never deleted"


def test_diff_to_audit_of_an_unchanged_table_is_empty() -> None:
    audit = workflow.diff_to_audit(
        sample_actions(), sample_actions(), sheet=Sheet.ACTIONS, at=AT, user=USER
    )
    assert audit.empty and list(audit.columns) == workflow.AUDIT_COLUMNS
