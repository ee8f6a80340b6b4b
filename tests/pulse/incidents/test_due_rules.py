"""Due times, conditions and the vITM waiver, worked by hand on the default targets.

Tue 2026-05-05, Los Angeles, business hours 08:00-17:00: reported 10:00, swarm made 10:05.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from pulse.incidents.due_rules import (
    StepDraft,
    draft_steps,
    unacknowledged_after,
    waive_vitm_steps,
)
from pulse.incidents.procedure import IncidentStep as S
from pulse.schema import IncidentEvent
from tests.incident_frames import CLOCK, TARGETS, t


def drafts(
    happened: dict[IncidentEvent, datetime], as_of: str, *, security: bool
) -> list[StepDraft]:
    return draft_steps(
        happened,
        reported=t("05-05 10:00"),
        as_of=t(as_of),
        security=security,
        targets=TARGETS,
        clock=CLOCK,
    )


def test_draft_steps_of_a_security_incident_without_acknowledgement() -> None:
    happened = {
        IncidentEvent.REPORTED: t("05-05 10:00"),
        IncidentEvent.SWARM_CREATED: t("05-05 10:05"),
    }
    assert drafts(happened, "05-05 10:50", security=True) == [
        StepDraft(S.FIRST_RESPONSE, True, t("05-05 11:00")),
        StepDraft(S.SWARM_CREATED, True, t("05-05 10:15"), done_at=t("05-05 10:05")),
        StepDraft(S.SUMMARY_POSTED, True, t("05-05 10:20")),  # 15 after the swarm
        StepDraft(S.INFOSEC_ADDED, True, t("05-05 10:20")),
        StepDraft(S.VITM_ACKNOWLEDGED, True, t("05-05 11:05")),
        StepDraft(S.VITM_PHONED, True, t("05-05 11:05")),  # trigger 10:35 passed, no ack
        StepDraft(S.VITM_MANAGER_ADDED, False, t("05-05 11:20")),  # trigger 11:05 not yet
        # No hand-over: the vCIO steps are not required, dated from as-of + 15 (11:05).
        StepDraft(S.VCIO_TAGGED, False, t("05-05 11:05")),
        StepDraft(S.VCIO_ACKNOWLEDGED, False, t("05-05 11:35")),
        StepDraft(S.VCIO_PHONED, False, t("05-05 11:50")),
    ]


def test_without_a_swarm_later_steps_run_from_its_due() -> None:
    # Swarm due 10:15, never made: summary due 10:30 and the vITM acknowledgement 11:15.
    steps = {d.step: d for d in drafts({}, "05-05 10:20", security=False)}
    assert steps[S.SUMMARY_POSTED].due == t("05-05 10:30")
    assert steps[S.VITM_ACKNOWLEDGED].due == t("05-05 11:15")
    assert not steps[S.INFOSEC_ADDED].required


def test_the_vcio_hand_over_runs_from_vitm_unavailable_and_the_tag() -> None:
    happened = {
        IncidentEvent.SWARM_CREATED: t("05-05 10:05"),
        IncidentEvent.VITM_UNAVAILABLE: t("05-05 10:30"),
        IncidentEvent.VCIO_TAGGED: t("05-05 10:40"),
    }
    steps = {d.step: d for d in drafts(happened, "05-05 11:30", security=False)}
    assert (steps[S.VCIO_TAGGED].required, steps[S.VCIO_TAGGED].due) == (True, t("05-05 10:45"))
    assert steps[S.VCIO_TAGGED].done_at == t("05-05 10:40")
    # From the tag at 10:40: acknowledgement due 11:10; unacknowledged at 11:30, so phone by 11:25.
    assert steps[S.VCIO_ACKNOWLEDGED].due == t("05-05 11:10")
    assert (steps[S.VCIO_PHONED].required, steps[S.VCIO_PHONED].due) == (True, t("05-05 11:25"))


@pytest.mark.parametrize(
    ("as_of", "acknowledged", "condition"),
    [
        ("05-05 10:35", None, False),  # the trigger itself has not passed
        ("05-05 10:36", None, True),
        ("05-05 10:36", "05-05 10:30", False),
        ("05-05 10:36", "05-05 10:35", False),  # acknowledged at the trigger: in time
        ("05-05 10:50", "05-05 10:40", True),  # acknowledged, but after the trigger
    ],
)
def test_unacknowledged_after(as_of: str, acknowledged: str | None, condition: bool) -> None:
    ack = t(acknowledged) if acknowledged else None
    assert unacknowledged_after(t("05-05 10:35"), ack, t(as_of)) is condition


def vitm_drafts() -> list[StepDraft]:
    return [
        StepDraft(S.SUMMARY_POSTED, True, t("05-05 10:50")),
        StepDraft(S.VITM_ACKNOWLEDGED, True, t("05-05 10:20")),
        StepDraft(S.VITM_PHONED, True, t("05-05 10:40"), done_at=t("05-05 09:55")),
        StepDraft(S.VITM_MANAGER_ADDED, True, t("05-05 10:40")),
    ]


@pytest.mark.parametrize(
    ("unavailable", "waived"),
    [
        (None, set()),
        # At 10:00 nothing was due yet: the acknowledgement and the manager are waived; the phone
        # call was already done and stays; the summary is not a vITM step.
        ("05-05 10:00", {S.VITM_ACKNOWLEDGED, S.VITM_MANAGER_ADDED}),
        # At 10:30 the acknowledgement was already past due (10:20): it stays, to be breached.
        ("05-05 10:30", {S.VITM_MANAGER_ADDED}),
        ("05-05 10:40", {S.VITM_MANAGER_ADDED}),  # due at that very moment: still waived
    ],
)
def test_waive_vitm_steps(unavailable: str | None, waived: set[S]) -> None:
    after = waive_vitm_steps(vitm_drafts(), t(unavailable) if unavailable else None)
    assert {d.step for d in after if d.waived} == waived
    assert {d.step for d in after if not d.required} == waived
    assert [d.due for d in after] == [d.due for d in vitm_drafts()]
