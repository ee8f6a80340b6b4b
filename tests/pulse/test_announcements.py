"""Tuesday huddles and the Friday update, against hand-written Markdown (seed 001 step 4)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from pulse.announcements import department_huddles, friday_update, tuesday_huddle
from pulse.schema import Department
from tests.workflow_frames import actions_frame, audit_frame, d, episodes_frame

MEETING = d("2025-03-10")


def episodes() -> pd.DataFrame:
    return episodes_frame(
        [
            {
                "client": "Birch Law",
                "status": "Active",
                "cst_meeting_date": "2025-03-03",
                "reason": "Angry CFO email",
                "crit_frustrated_messages": True,
                "team_instructions": "Loop in Vic on every ticket",
                "last_reviewed": "2025-03-10",
                "progress_notes": "2025-03-03: Kick-off\n2025-03-10: Firewall ordered",
            },
            {
                "client": "Fig Farm",
                "status": "Active",
                "cst_meeting_date": "2025-03-10",
                "reason": "NOC alerts",
                "crit_noc": True,
                "crit_service_desk": True,
            },
            {
                "client": "Cedar Clinic",
                "status": "Removed",
                "cst_meeting_date": "2025-01-13",
                "removed_on": "2025-03-10",
                "removal_reason": "Healthy again",
            },
            {"client": "Acme Dental", "status": "Recommended", "reason": "Outages"},
            {"client": "Dune Corp", "status": "Declined", "cst_meeting_date": "2025-03-10"},
            {"client": "Old Co", "status": "Removed", "removed_on": "2025-02-24"},
        ]
    )


def actions() -> pd.DataFrame:
    rows = [
        ("Birch Law", "Replace firewall", "NOC", "Nia", "2025-03-07", "Open", None),
        ("Birch Law", "Weekly call with POC", "vCIO", "Vic", "2025-03-14", "Open", None),
        ("Fig Farm", "Tune NOC alerts", "NOC", "Nia", "2025-03-11", "Open", None),
        ("Birch Law", "Review backups", "Service Desk", "Sol", "2025-03-12", "Done", "2025-03-12"),
        ("Fig Farm", "Call the POC", "Account Management", None, None, "Open", None),
    ]
    keys = ("client", "action", "department", "owner", "due", "status", "done_on")
    return actions_frame([dict(zip(keys, row, strict=True)) for row in rows])


CURRENT_LIST = """\
- **Birch Law** — since 2025-03-03 — Angry CFO email. Team instructions: Loop in Vic on every ticket
- **Fig Farm** — since 2025-03-10 — NOC alerts
"""


def test_tuesday_huddle() -> None:
    expected = (
        """\
## Extra care — Tuesday all-staff huddle, 2025-03-11

Decided in the CST meeting of Monday 2025-03-10.

### Added to extra care
- **Fig Farm** — NOC alerts (Service Desk Concerns, NOC Concerns)

### Removed from extra care
- **Cedar Clinic** — Healthy again

### On extra care now (2)
"""
        + CURRENT_LIST
    )
    assert tuesday_huddle(episodes(), meeting=MEETING) == expected


def test_tuesday_huddle_after_a_quiet_meeting() -> None:
    expected = (
        """\
## Extra care — Tuesday all-staff huddle, 2025-03-18

Decided in the CST meeting of Monday 2025-03-17.

### Added to extra care
- None

### Removed from extra care
- None

### On extra care now (2)
"""
        + CURRENT_LIST
    )
    assert tuesday_huddle(episodes(), meeting=d("2025-03-17")) == expected


def test_department_huddles() -> None:
    huddles = department_huddles(episodes(), actions(), meeting=MEETING, as_of=d("2025-03-11"))
    assert list(huddles) == [str(department) for department in Department]
    head = (
        """\
Added: Fig Farm. Removed: Cedar Clinic.

### Extra-care clients (2)
"""
        + CURRENT_LIST
    )
    assert huddles["NOC"] == (
        "## NOC huddle — extra care, 2025-03-11\n\n"
        + head
        + """
### Open NOC action items
- **Birch Law** — Replace firewall — Nia — due 2025-03-07 (overdue 4 days)
- **Fig Farm** — Tune NOC alerts — Nia — due 2025-03-11
"""
    )
    assert huddles["Account Management"].endswith(
        "### Open Account Management action items\n- **Fig Farm** — Call the POC — no owner\n"
    )
    assert huddles["Sales"].endswith("### Open Sales action items\n- None\n")
    assert huddles["Service Desk"].endswith("### Open Service Desk action items\n- None\n")


def test_department_huddle_says_when_nothing_was_decided() -> None:
    huddles = department_huddles(
        episodes(), actions(), meeting=d("2025-03-17"), as_of=d("2025-03-18")
    )
    assert "No clients added or removed in Monday's CST meeting.\n" in huddles["vCIO"]
    assert (
        "- **Birch Law** — Weekly call with POC — Vic — due 2025-03-14 (overdue 4 days)"
        in (huddles["vCIO"])
    )


def week_audit() -> pd.DataFrame:
    rca = "Extra Care Tracking Info.root_cause"
    rows = [
        (datetime(2025, 3, 7, 9), "Birch Law", "Extra Care Tracking Info.team_instructions", "Old"),
        (datetime(2025, 3, 10, 12), "Fig Farm", "Extra Care Tracking Info.status", "Active"),
        (datetime(2025, 3, 11, 10), "Birch Law", rca, "Firewall firmware bug"),
        (datetime(2025, 3, 11, 11), "Fig Farm", "Extra Care Tracking Info.marked_in_psa", "yes"),
        (datetime(2025, 3, 11, 12), "Birch Law", "Action Items[Replace firewall].owner", "Oz"),
        (datetime(2025, 3, 12, 9), "Birch Law", rca, "Firewall firmware bug, fixed by update"),
        (datetime(2025, 3, 15, 9), "Fig Farm", rca, "After Friday"),
    ]
    return audit_frame([{"at": at, "client": c, "field": f, "new": new} for at, c, f, new in rows])


def test_friday_update() -> None:
    expected = """\
## Extra care — Friday update, 2025-03-14

Progress since the CST meeting of Monday 2025-03-10.

### Action items done
- **Birch Law** — Review backups (Sol, 2025-03-12)

### Reviewed in Monday's meeting
- **Birch Law** — Firewall ordered

### Root-cause and PSA updates
- **Birch Law** — Root Cause: Firewall firmware bug, fixed by update (2025-03-12)
- **Fig Farm** — Marked in PSA: yes (2025-03-11)

### Still open
- 4 open action items, 2 overdue
"""
    update = friday_update(
        episodes(), actions(), week_audit(), meeting=MEETING, friday=d("2025-03-14")
    )
    assert update == expected
