"""A small hand-worked portfolio (as of Monday 2026-11-23) shared by domain and UI tests.

Expected figures, worked by hand from SPEC.md (default weights, 14-day communication rule):
  Acme Dental   $10,000 Active (NOC, Service Desk)       risk 1−0.9·0.85 = 0.235 → $2,350
  Beta Law       $5,000 Recommended (Acquisition) + communication (14 days quiet)
                                                        risk 1−0.6·0.85 = 0.49  → $2,450
  Gamma Foods    $2,000 Removed episode; 13 days quiet  risk 0                  → $0
  Delta Realty   $8,000 Active (Project); no contact    risk 0.15               → $1,200
  Echo Capital   $1,000 Declined; 53 days quiet         risk 0.15 (candidate)   → $150
  Foxtrot Partners $3,000 Active (Frustrated)           risk 0.20               → $600
  totals: MRR $29,000; on extra care $21,000; at risk $6,750; overdue actions 2.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pulse import workflow
from pulse.schema import Criterion, Sheet
from tests.workbooks import episode_row, headers, minimal_workbook

AS_OF = date(2026, 11, 23)
EXPECTED_SUMMARY = {
    "as_of": "2026-11-23",
    "clients": 6,
    "active": 3,
    "recommended": 1,
    "mrr_total": 29000.0,
    "mrr_on_extra_care": 21000.0,
    "mrr_at_risk": 6750.0,
    "overdue_action_items": 2,
    "candidates": ["Echo Capital"],
}
# Open loops as of 2026-11-23, worked by hand (SPEC "Open loops"). No episode is Marked in PSA or
# Announced On: Foxtrot (approved 10-19), Acme (11-02) and Delta (11-16) are owed their PSA mark
# and their approval's announcement at the Tuesday huddle after; Gamma's removal (10-26) its
# announcement. Foxtrot's RCA (nothing but a Reason) was due 10-26, Delta's (only an action item)
# 11-23; Acme's is complete. Foxtrot was last reviewed 11-09, so the 11-16 meeting missed it.
# Echo Capital (last contact 10-01) reached "manager + executive" on day 28 (10-29), Beta Law
# (11-09) "sales contact" on day 14 (11-23); Gamma's 13 days are not yet a step. Oldest first.
EXPECTED_OPEN_LOOPS = [
    {"client": client, "loop": loop, "owner_role": owner, "since": since}
    for client, loop, owner, since in (
        ("Foxtrot Partners", "not_marked_in_psa", "Account Administrator", "2026-10-19"),
        ("Foxtrot Partners", "not_announced", "Director of Client Success", "2026-10-20"),
        ("Foxtrot Partners", "rca_incomplete", "vCIO and vITM", "2026-10-26"),
        ("Gamma Foods", "not_announced", "Director of Client Success", "2026-10-27"),
        ("Echo Capital", "unresponsive_manager_and_executive", "vCIO", "2026-10-29"),
        ("Acme Dental", "not_marked_in_psa", "Account Administrator", "2026-11-02"),
        ("Acme Dental", "not_announced", "Director of Client Success", "2026-11-03"),
        ("Delta Realty", "not_marked_in_psa", "Account Administrator", "2026-11-16"),
        ("Foxtrot Partners", "not_reviewed", "vCIO and Director of Client Success", "2026-11-16"),
        ("Delta Realty", "not_announced", "Director of Client Success", "2026-11-17"),
        ("Beta Law", "unresponsive_sales_contact", "vCIO", "2026-11-23"),
        ("Delta Realty", "rca_incomplete", "vCIO and vITM", "2026-11-23"),
    )
]
EXPECTED_SUMMARY["open_loops"] = EXPECTED_OPEN_LOOPS

CLIENTS = [
    ["Acme Dental", 10000, "Dana", "Jordan", "Robin", "Healthcare", "Ann", "2026-11-20", None],
    ["Beta Law", "$5,000.00", "Marcus", "Sam", "Alex", "Legal", "Bo", "2026-11-09", None],
    ["Gamma Foods", 2000, "Dana", "Sam", "Robin", "Retail", "Cy", "2026-11-10", None],
    ["Delta Realty", 8000, "Priya", "Taylor", "Alex", "Legal", "Di", None, None],
    ["Echo Capital", 1000, "Priya", "Casey", "Robin", "Financial", "Ed", "2026-10-01", None],
    ["Foxtrot Partners", 3000, "Marcus", "Casey", "Alex", "Legal", "Fe", "2026-11-22", None],
]
EPISODES = [
    episode_row(
        "acme dental ",
        "Active",
        **{
            "Recommended On": "2026-10-28",
            "CST Meeting Date": "2026-11-02",
            "NOC Concerns": "Y",
            "Service Desk Concerns": "x",
            "Reason": "Outages",
            "Root Cause": "A failing core switch",
            "Related Tickets": "T1, T2",
            "Success Criteria": "Two clean weeks",
            "Last Reviewed": "2026-11-16",
        },
    ),
    episode_row(
        "Beta Law",
        "Recommended",
        **{
            "Recommended On": "2026-11-18",
            "Merger/Acquisition": "TRUE",
            "Reason": "Being acquired",
            "Recommended By": "Sam",
        },
    ),
    episode_row(
        "Gamma Foods",
        "Removed",
        **{
            "Recommended On": "2026-09-01",
            "CST Meeting Date": "2026-09-07",
            "Frustrated Messages": "Y",
            "Removed On": "2026-10-26",
        },
    ),
    episode_row(
        "Echo Capital",
        "Declined",
        **{
            "Recommended On": "2026-11-12",
            "CST Meeting Date": "2026-11-16",
            "Hiring Internal IT": "Y",
        },
    ),
    episode_row(
        "DELTA REALTY",
        "Active",
        **{
            "Recommended On": "2026-11-10",
            "CST Meeting Date": "2026-11-16",
            "Project Concerns": "Y",
        },
    ),
    episode_row(
        "Foxtrot Partners",
        "Active",
        **{
            "Recommended On": "2026-10-14",
            "CST Meeting Date": "2026-10-19",
            "Frustrated Messages": "Y",
            "Reason": "Angry CFO",
            "Last Reviewed": "2026-11-09",
        },
    ),
]
ACTIONS = [
    ["Acme Dental", "Replace switch", "NOC", "Kim", "2026-11-20", "Open", None, "T3"],
    ["Acme Dental", "Call POC", "vCIO", "Dana", "2026-11-23", "Open", None, None],
    ["Acme Dental", "Old fix", "NOC", "Kim", "2026-11-01", "Done", "2026-10-30", None],
    ["Delta Realty", "Re-plan project", "Projects", "Lee", "2026-11-22", "Open", None, None],
]


def scenario_workbook(path: Path) -> Path:
    return minimal_workbook(path, clients=CLIENTS, episodes=EPISODES, actions=ACTIONS)


def echo_recommended(episodes: pd.DataFrame, *, at: datetime) -> workflow.Outcome:
    """Echo Capital (last episode Declined) recommended again by Ann at the meeting: five cells
    (status, recommended by and on, the communication criterion, the reason)."""
    return workflow.recommend(
        episodes,
        client="Echo Capital",
        criteria={Criterion.COMMUNICATION},
        reason="No contact for 53 days",
        by="Ann",
        on=AS_OF,
        at=at,
        user="Ann",
    )


# --- A hand-written week of changes (previous meeting Mon 16 Nov, this meeting Mon 23 Nov) ---
# The Monday page's "since the last meeting" panel and the health trend read it.
WEEK_CLIENTS = [
    ["Alpha", 10000, "Dana", "Jo", "Robin", "Legal", "A", "2026-11-20", None],
    ["Bravo", 4000, "Dana", "Jo", "Robin", "Legal", "B", "2026-11-20", None],
    ["Charlie", 2000, "Marcus", "Sam", "Alex", "Retail", "C", "2026-11-20", None],
    ["Delta", 1000, "Marcus", "Sam", "Alex", "Retail", "D", "2026-11-20", None],
]
WEEK_EPISODES = [
    # Added this week: recommended Wednesday, acquisition -> risk 0.40 (high).
    episode_row(
        "Alpha",
        "Recommended",
        **{"Recommended On": "2026-11-18", "Merger/Acquisition": "Y", "Reason": "Being bought"},
    ),
    # Approved at this meeting (service desk 0.15, medium both weeks).
    episode_row(
        "Bravo",
        "Active",
        **{
            "Recommended On": "2026-11-10",
            "vCIO Approval": "Dana",
            "vCIO Approval Date": "2026-11-23",
            "Director Approval": "Morgan",
            "Director Approval Date": "2026-11-23",
            "CST Meeting Date": "2026-11-23",
            "Service Desk Concerns": "Y",
        },
    ),
    # Removed: only the Audit Log says when (no Removed On typed in the sheet).
    episode_row(
        "Charlie",
        "Removed",
        **{
            "Recommended On": "2026-10-01",
            "CST Meeting Date": "2026-10-05",
            "Frustrated Messages": "Y",
        },
    ),
]
WEEK_ACTIONS = [
    ["Bravo", "Call POC", "vCIO", "Dana", "2026-11-25", "Done", "2026-11-19", None],
    ["Bravo", "Fix backups", "NOC", "Kim", "2026-11-20", "Open", None, "T9"],
    ["Alpha", "Old item", "vCIO", "Dana", "2026-11-10", "Open", None, None],  # overdue before
    ["Charlie", "Long done", "NOC", "Kim", "2026-11-01", "Done", "2026-11-02", None],
]
WEEK_AUDIT = [
    headers(Sheet.AUDIT),
    [
        "2026-11-18 09:00",
        "Jo",
        "Alpha",
        "Extra Care Tracking Info.status",
        "",
        "Recommended",
        "Being bought",
    ],
    [
        "2026-11-20 10:00",
        "Morgan",
        "Charlie",
        "Extra Care Tracking Info.status",
        "Active",
        "Removed",
        "Stable for four weeks",
    ],
    [
        "2026-11-10 09:00",
        "Jo",
        "Bravo",
        "Extra Care Tracking Info.status",
        "",
        "Recommended",
        "Slow tickets",
    ],  # before the previous meeting: not this week's news
]
WEEK_HISTORY = [
    headers(Sheet.HISTORY),
    ["2026-11-16", "Alpha", "", 0, 0.0, 10000, 0.0],
    ["2026-11-16", "Bravo", "Recommended", 1, 0.15, 4000, 600.0],
    ["2026-11-16", "Charlie", "Active", 1, 0.20, 2000, 400.0],
    ["2026-11-16", "Delta", "", 0, 0.0, 1000, 0.0],
    ["2026-11-09", "Charlie", "Active", 1, 0.20, 2000, 400.0],
]


def week_workbook(path: Path) -> Path:
    return minimal_workbook(
        path,
        clients=WEEK_CLIENTS,
        episodes=WEEK_EPISODES,
        actions=WEEK_ACTIONS,
        extra={"Audit Log": WEEK_AUDIT, "Pulse History": WEEK_HISTORY},
    )
