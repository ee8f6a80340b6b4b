"""The SWARM title and summary the room drafts from the ticket (seed 002), ready to copy."""

from __future__ import annotations

from pulse.incidents.drafts import swarm_summary, swarm_title
from tests.incident_frames import t

ZONE = "America/Los_Angeles"


def test_swarm_title_uses_en_dashes() -> None:
    assert swarm_title(client="GPW", ticket="TK13256", summary="PBA inaccessible") == (
        "GPW \u2013 TK13256 \u2013 PBA inaccessible"
    )


def test_swarm_title_without_client_or_summary() -> None:
    assert swarm_title(client=None, ticket="TK1", summary=None) == "(unknown client) \u2013 TK1"


def test_the_summary_says_the_issue_when_it_was_reported_and_what_was_tried() -> None:
    draft = swarm_summary(
        summary="PBA inaccessible",
        reported=t("05-12 09:00"),
        channel="phone",
        troubleshooting="Rebooted the PBA server; no change.",
        timezone=ZONE,
    )
    assert draft.splitlines() == [
        "Issue: PBA inaccessible",
        "Reported: Tue 12 May 2026 09:00 PDT by phone",
        "Troubleshooting so far: Rebooted the PBA server; no change.",
    ]


def test_the_summary_asks_for_what_is_missing() -> None:
    draft = swarm_summary(
        summary=None,
        reported=t("05-12 09:00"),
        channel="email",
        troubleshooting=None,
        timezone=ZONE,
    )
    assert draft.splitlines()[0] == "Issue: (describe the issue)"
    assert draft.splitlines()[1].endswith("by e-mail")
    assert "none recorded yet" in draft.splitlines()[2]
