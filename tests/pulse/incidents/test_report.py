"""The post-incident report of TK800 (tests/incident_frames.py), as of Tue 2026-05-12 17:00:
each step met or breached and by how many business minutes, worked by hand."""

from __future__ import annotations

from pulse.incidents.report import post_incident_report
from tests.incident_frames import CLOCK, ROOM_EVENTS, tk800_room


def report(events: list[tuple[str, ...]] = ROOM_EVENTS) -> str:
    return post_incident_report(tk800_room(events), clock=CLOCK)


def step_line(text: str, step: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {step} |"))


def test_the_heading_counts_the_steps() -> None:
    text = report()
    assert text.startswith("# Post-incident report: GPW – TK800 – Firewall down\n")
    assert "resolved Tue 12 May 2026 11:00" in text
    assert "- Steps: 3 met, 3 breached, 0 pending, 4 not required." in text
    assert "- Client updates late or missed: 0." in text


def test_each_step_says_by_how_much_it_was_met_or_breached() -> None:
    text = report()
    # First response due 10:00, done 09:30; swarm due 09:15, done 09:05; summary due 09:20,
    # done 09:15; acknowledgement due 10:05, done 10:10; the phone call (due 10:05) and the
    # manager (due 10:20) never done by 17:00: 415 and 400 business minutes past due.
    assert step_line(text, "first_response").endswith("| met | 30 business min to spare |")
    assert step_line(text, "swarm_created").endswith("| met | 10 business min to spare |")
    assert step_line(text, "summary_posted").endswith("| met | 5 business min to spare |")
    assert step_line(text, "vitm_acknowledged").endswith("| breached | 5 business min late |")
    assert step_line(text, "vitm_phoned").endswith(
        "| breached | not done, 415 business min past due |"
    )
    assert step_line(text, "vitm_manager_added").endswith(
        "| breached | not done, 400 business min past due |"
    )
    assert step_line(text, "vcio_tagged").endswith("| not required |  |")


def test_timeline_updates_members_and_related_tickets() -> None:
    text = report()
    assert "| Tue 12 May 2026 10:20 | client_update_sent | Ana |  |" in text
    assert "| 1 | Tue 12 May 2026 10:30 | Tue 12 May 2026 10:20 | on time |" in text
    assert "| Escalation technician |  | missing |" in text
    assert "| TK801 | child | Cannot reach the intranet | Open | ticket export |" in text


def test_a_voided_row_is_struck_through() -> None:
    events = [
        *ROOM_EVENTS,
        ("corrected", "05-12 11:05", "client_update_sent at 05-12 10:20: that was another client"),
    ]
    text = report(events)
    assert "~~client_update_sent~~ (voided)" in text
    assert "- Client updates late or missed: 1." in text  # due 10:30, never sent before 11:00
