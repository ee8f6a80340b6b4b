# ruff: noqa: E501  (the expected minutes are whole Markdown lines, as a reader sees them)
"""Monday minutes (pulse/minutes.py), worked by hand: the scenario's meeting of Monday 2026-11-23
(tests/scenario.py), and a small meeting with one decision of each kind."""

from __future__ import annotations

from datetime import date

from app.week import week_picture
from connectors.workbook import LoadedWorkbook
from pulse.minutes import decisions_made, monday_minutes
from pulse.settings import Settings
from pulse.summary import monday_picture
from tests.record_frames import actions_of, clients_of, episodes_of
from tests.scenario import AS_OF

SCENARIO_MINUTES = """\
# CST meeting minutes — Mon 23 Nov 2026

Figures as of 2026-11-23.

## Key figures
- On extra care: 3 (MRR $21,000)
- Awaiting a decision: 1
- MRR at risk: $6,750 of $29,000
- Overdue action items: 2
- Open loops: 12

## Decisions made
### Added to extra care
- None

### Removed from extra care
- None

### Recommendations declined
- None

## Awaiting the vCIO's and Director's decision
- **Beta Law** — Being acquired

## Open loops (12)
### Account Administrator
- **Foxtrot Partners** — Not marked in the PSA: Mark the client as extra care in the PSA (since Mon 19 Oct 2026)
- **Acme Dental** — Not marked in the PSA: Mark the client as extra care in the PSA (since Mon 02 Nov 2026)
- **Delta Realty** — Not marked in the PSA: Mark the client as extra care in the PSA (since Mon 16 Nov 2026)

### Director of Client Success
- **Foxtrot Partners** — Decision not announced: Announce the approval at the Tuesday all-staff huddle (since Tue 20 Oct 2026)
- **Gamma Foods** — Decision not announced: Announce the removal at the Tuesday all-staff huddle (since Tue 27 Oct 2026)
- **Acme Dental** — Decision not announced: Announce the approval at the Tuesday all-staff huddle (since Tue 03 Nov 2026)
- **Delta Realty** — Decision not announced: Announce the approval at the Tuesday all-staff huddle (since Tue 17 Nov 2026)

### vCIO
- **Echo Capital** — Unresponsive: manager + executive: Loop in your manager and the executive sponsor (no response for 53 days) (since Thu 29 Oct 2026)
- **Beta Law** — Unresponsive: sales contact: Escalate to the sales contact (no response for 14 days) (since Mon 23 Nov 2026)

### vCIO and Director of Client Success
- **Foxtrot Partners** — Not reviewed: Review the client in the CST meeting (missed 2026-11-16) (since Mon 16 Nov 2026)

### vCIO and vITM
- **Foxtrot Partners** — RCA incomplete: Complete the RCA: root cause, related tickets / documents / dates, corrective steps with a success definition, action items of this episode (since Mon 26 Oct 2026)
- **Delta Realty** — RCA incomplete: Complete the RCA: root cause, related tickets / documents / dates, corrective steps with a success definition (since Mon 23 Nov 2026)

## Overdue action items by owner (2)
### Kim (NOC) — 1 overdue
- **Acme Dental** — Replace switch — due Fri 20 Nov 2026 (3 days overdue)

### Lee (Projects) — 1 overdue
- **Delta Realty** — Re-plan project — due Sun 22 Nov 2026 (1 day overdue)
"""


def test_the_scenarios_minutes(scenario_book: LoadedWorkbook) -> None:
    picture = week_picture(scenario_book, None, as_of=AS_OF, settings=Settings())
    minutes = monday_minutes(picture, scenario_book.episodes, meeting=AS_OF)
    assert minutes.splitlines() == SCENARIO_MINUTES.splitlines()


def test_decisions_made_in_the_meeting_only() -> None:
    meeting = date(2026, 11, 16)
    episodes = episodes_of(
        {
            "client": "Alpha",
            "status": "Active",
            "cst_meeting_date": "2026-11-16",
            "reason": "Being bought",
            "vcio_approval": "Dana",
            "director_approval": "Morgan",
        },
        {"client": "Bravo", "status": "Active", "cst_meeting_date": "2026-11-09"},
        {
            "client": "Charlie",
            "status": "Removed",
            "cst_meeting_date": "2026-09-07",
            "removed_on": "2026-11-16",
            "removal_reason": "Stable for four weeks",
        },
        {
            "client": "Delta",
            "status": "Declined",
            "cst_meeting_date": "2026-11-16",
            "removal_reason": "No MRR risk",
        },
        {"client": "Echo", "status": "Declined", "cst_meeting_date": "2026-11-09"},
    )
    assert decisions_made(episodes, meeting=meeting) == [
        "### Added to extra care",
        "- **Alpha** — Being bought (vCIO Dana, Director Morgan)",
        "",
        "### Removed from extra care",
        "- **Charlie** — Stable for four weeks",
        "",
        "### Recommendations declined",
        "- **Delta** — No MRR risk",
    ]


def test_a_quiet_meetings_minutes_say_none_everywhere() -> None:
    clients = clients_of({"client": "Calm Co", "mrr": 1000.0, "last_client_contact": "2026-11-20"})
    picture = monday_picture(clients, episodes_of(), actions_of(), as_of=AS_OF, settings=Settings())
    minutes = monday_minutes(picture, episodes_of(), meeting=AS_OF)
    assert "## Open loops (0)\n- None\n" in minutes
    assert minutes.endswith("## Overdue action items by owner (0)\n- None\n")
    assert "### Added to extra care\n- None\n\n### Removed from extra care\n- None" in minutes
