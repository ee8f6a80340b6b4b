"""One client's story: its action items with how late they are, and its episodes' timeline."""

from __future__ import annotations

import pandas as pd

from pulse.client_story import client_actions, episode_timeline
from tests.workflow_frames import actions_frame, d, episodes_frame


def test_client_actions_open_first_by_due_date_with_days_overdue() -> None:
    rows = [
        ("Birch Law", "Old audit", "Done", "2025-02-01"),
        ("Birch Law", "Ticket review", "Open", None),
        ("Birch Law", "Weekly call", "Open", "2025-03-10"),
        ("Acme Dental", "Test restore", "Open", "2025-03-01"),
        ("Birch Law", "Replace firewall", "Open", "2025-03-07"),
    ]
    keys = ("client", "action", "status", "due")
    actions = actions_frame([dict(zip(keys, row, strict=True)) for row in rows])
    story = client_actions(actions, "birch law", as_of=d("2025-03-10"))
    columns = "action department owner due status done_on ticket days_overdue"
    assert list(story.columns) == columns.split()
    assert list(story["action"]) == [
        "Replace firewall",
        "Weekly call",
        "Ticket review",
        "Old audit",
    ]
    # Due on the as-of date is not late yet; a done item never is.
    pd.testing.assert_series_equal(
        story["days_overdue"],
        pd.Series([3, pd.NA, pd.NA, pd.NA], dtype="Int64", name="days_overdue"),
    )


def test_a_declined_episode_shows_its_decision_on_the_meeting_date() -> None:
    episodes = episodes_frame(
        [
            {
                "client": "Dune Corp",
                "status": "Declined",
                "recommended_on": "2025-03-05",
                "recommended_by": "Sam",
                "cst_meeting_date": "2025-03-10",
                "removal_reason": "One-off",
            }
        ]
    )
    timeline = episode_timeline(episodes, "dune corp")
    assert list(zip(timeline["event"], timeline["on"], timeline["detail"], strict=True)) == [
        ("recommended", pd.Timestamp("2025-03-05"), "Sam"),
        ("declined", pd.Timestamp("2025-03-10"), "One-off"),
    ]
