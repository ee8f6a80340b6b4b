"""One incident's steps and its next action, every expectation worked out by hand
(the cases and the targets are in tests/incident_frames.py)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from pulse.incidents.procedure import IncidentStep, Responder
from pulse.incidents.steps import incident_steps, next_action, step_status, steps_by_status
from pulse.schema import StepStatus
from pulse.settings import IncidentTargets
from tests.incident_frames import (
    BREACHED,
    CASES,
    CLOCK,
    MET,
    NR,
    PENDING,
    SPEC_STEPS,
    TARGETS,
    events_frame,
    t,
)


def case_steps(name: str, as_of: str | None = None) -> pd.DataFrame:
    """The steps of one hand-worked case, as of its own as-of unless told."""
    rows, case_as_of, security, _ = CASES[name]
    return incident_steps(
        events_frame("TK1", rows),
        as_of=t(as_of or case_as_of),
        targets=TARGETS,
        clock=CLOCK,
        security=security,
    )


def expected_frame(expected: dict[str, tuple[StepStatus, str | None, str | None]]) -> pd.DataFrame:
    def utc(values: list[str | None]) -> pd.Series:
        return pd.to_datetime([t(v) if v else None for v in values], utc=True).as_unit("ns")

    return pd.DataFrame(
        {
            "step": list(expected),
            "status": [status for status, _, _ in expected.values()],
            "due": utc([due for _, due, _ in expected.values()]),
            "done_at": utc([done for _, _, done in expected.values()]),
        }
    )


@pytest.mark.parametrize("name", list(CASES))
def test_incident_steps_hand_worked(name: str) -> None:
    steps = case_steps(name)
    actual = steps[["step", "status", "due", "done_at"]].astype({"step": str, "status": str})
    wanted = expected_frame(CASES[name][3]).astype({"status": str})
    pd.testing.assert_frame_equal(actual, wanted, check_index_type=False)


def test_every_spec_step_in_order() -> None:
    steps = case_steps("by the book")
    assert list(steps["step"]) == SPEC_STEPS


def test_waived_steps_are_marked() -> None:
    steps = case_steps("vCIO hand-over with the waiver")
    waived = set(steps.loc[steps["waived"], "step"])
    assert waived == {IncidentStep.VITM_ACKNOWLEDGED, IncidentStep.VITM_MANAGER_ADDED}


def test_targets_come_from_settings() -> None:
    # A 30-minute first-response target moves the due from 11:00 to 10:30.
    rows = [("reported", "05-05 10:00")]
    steps = incident_steps(
        events_frame("TK1", rows),
        as_of=t("05-05 10:10"),
        targets=IncidentTargets(first_response=30),
        clock=CLOCK,
        security=False,
    )
    assert steps.loc[0, "due"] == pd.Timestamp(t("05-05 10:30"))


def test_reported_falls_back_to_the_given_time() -> None:
    steps = incident_steps(
        events_frame("TK1", [("swarm_created", "05-05 10:20")]),
        as_of=t("05-05 10:30"),
        targets=TARGETS,
        clock=CLOCK,
        security=False,
        reported_at=t("05-05 10:00"),
    )
    assert steps.loc[1, "status"] == BREACHED  # swarm due 10:15, made 10:20


def test_a_naive_as_of_is_read_in_the_business_zone() -> None:
    # 10:12 on the wall clock in Los Angeles, written without a zone: the same steps as aware.
    naive = incident_steps(
        events_frame("TK1", CASES["by the book"][0]),
        as_of=datetime(2026, 5, 5, 10, 12),
        targets=TARGETS,
        clock=CLOCK,
        security=False,
    )
    pd.testing.assert_frame_equal(naive, case_steps("by the book", "05-05 10:12"))


@pytest.mark.parametrize(
    ("due", "done_at", "as_of", "status"),
    [
        ("05-05 11:00", "05-05 11:00", "05-05 12:00", MET),  # done exactly at the due time
        ("05-05 11:00", "05-05 11:01", "05-05 12:00", BREACHED),
        ("05-05 11:00", None, "05-05 11:00", PENDING),  # as-of at the due time: not late yet
        ("05-05 11:00", None, "05-05 11:01", BREACHED),
    ],
)
def test_step_status(due: str, done_at: str | None, as_of: str, status: StepStatus) -> None:
    done = t(done_at) if done_at else None
    assert step_status(due=t(due), done_at=done, as_of=t(as_of)) == status


def test_steps_by_status() -> None:
    # Worked in the cases: mid-way, the swarm and the summary are met, two steps pending.
    steps = case_steps("same events seen mid-way (later events do not count yet)")
    met = steps_by_status(steps, [MET])
    assert list(met["step"]) == ["swarm_created", "summary_posted"]
    waiting = steps_by_status(steps, (PENDING, BREACHED))
    assert list(waiting["step"]) == ["first_response", "vitm_acknowledged"]
    assert len(steps_by_status(steps, [NR])) == 6


@pytest.mark.parametrize(
    ("case", "as_of", "step", "role", "due", "minutes_left"),
    [
        # 2 minutes left on Tuesday + 10 on Wednesday.
        (
            "open incident late in the day",
            "05-12 16:58",
            "summary_posted",
            Responder.SERVICE_DESK_ANALYST,
            "05-13 08:10",
            12.0,
        ),
        # Overdue since 10:15: 25 business minutes at 10:40.
        (
            "swarm never created",
            "05-12 10:40",
            "swarm_created",
            Responder.SERVICE_DESK_ANALYST,
            "05-12 10:15",
            -25.0,
        ),
        # After the hand-over nobody waits on the vITM: tagging the vCIO (due 14:30) is next.
        (
            "waiver too late, open, vCIO not tagged",
            "05-12 15:10",
            "vcio_tagged",
            Responder.SERVICE_DESK,
            "05-12 14:30",
            -40.0,
        ),
        (
            "same events seen mid-way (later events do not count yet)",
            "05-05 10:12",
            "first_response",
            Responder.SERVICE_DESK_ANALYST,
            "05-05 11:00",
            48.0,
        ),
    ],
)
def test_next_action(
    case: str, as_of: str, step: str, role: Responder, due: str, minutes_left: float
) -> None:
    steps = case_steps(case, as_of)
    action = next_action(steps, as_of=t(as_of), clock=CLOCK)
    assert action is not None
    assert (action.step, action.role, action.due, action.minutes_left) == (
        step,
        role,
        t(due),
        minutes_left,
    )


def test_next_action_says_what_to_do_in_the_business_zone() -> None:
    steps = case_steps("swarm never created")
    action = next_action(steps, as_of=t("05-12 10:40"), clock=CLOCK)
    assert action is not None
    assert action.action == "Create the SWARM space (title: CLIENT – TICKET – summary)"
    assert str(action.due.tzinfo) == "America/Los_Angeles"


def test_no_next_action_when_everything_is_done() -> None:
    steps = case_steps("Friday to Monday, late vITM with a phone call and the manager added")
    assert next_action(steps, as_of=t("05-11 12:00"), clock=CLOCK) is None


def test_vcio_phone_call_in_the_next_action_for_a_security_owner() -> None:
    # The Information Security Lead is who must join a security incident's space.
    steps = incident_steps(
        events_frame("TK1", [("reported", "05-12 10:00"), ("swarm_created", "05-12 10:02")]),
        as_of=t("05-12 10:03"),
        targets=TARGETS,
        clock=CLOCK,
        security=True,
    )
    action = next_action(steps, as_of=t("05-12 10:03"), clock=CLOCK)
    assert action is not None
    assert (action.step, action.role, action.minutes_left) == (
        "summary_posted",
        Responder.SERVICE_DESK_ANALYST,
        14.0,
    )
    infosec = steps[steps["step"] == "infosec_added"].iloc[0]
    assert (infosec["status"], infosec["role"]) == (PENDING, Responder.INFOSEC_LEAD)


# ---- the silent vITM (SPEC "When the vITM stays silent") --------------------------------------
# Swarm 09:05 (Tue 2026-05-12): acknowledgement and the phone call due 10:05 (phone trigger
# 09:35); the manager's trigger 10:05, due 10:20. The vITM never answers.
SILENT = [
    ("reported", "05-12 09:00"),
    ("swarm_created", "05-12 09:05"),
    ("client_responded", "05-12 09:10"),
    ("summary_posted", "05-12 09:15"),
    ("vitm_phoned", "05-12 09:40"),
]


def steps_for(rows: list[tuple[str, str]], as_of: str, *, phone: bool = False) -> pd.DataFrame:
    """One non-security incident's steps from its (event, 'MM-DD HH:MM') rows."""
    return incident_steps(
        events_frame("TK1", rows),
        as_of=t(as_of),
        targets=TARGETS,
        clock=CLOCK,
        security=False,
        phone=phone,
    )


def silent_next(extra: list[tuple[str, str]], as_of: str) -> tuple[str, str, str, float]:
    steps = steps_for(SILENT + extra, as_of)
    action = next_action(steps, as_of=t(as_of), clock=CLOCK)
    assert action is not None
    due = action.due.strftime("%H:%M")
    return str(action.step), str(action.role), due, action.minutes_left


def test_before_the_manager_step_the_next_action_still_waits_on_the_vitm() -> None:
    # 10:10: the acknowledgement (due 10:05) is breached, the manager (due 10:20) pending.
    assert silent_next([], "05-12 10:10") == ("vitm_acknowledged", "vITM", "10:05", -5.0)
    assert silent_next([], "05-12 10:19") == ("vitm_acknowledged", "vITM", "10:05", -14.0)


def test_once_the_manager_is_added_the_prompt_is_to_hand_over_to_the_vcio() -> None:
    added = [("vitm_manager_added", "05-12 10:15")]
    assert silent_next(added, "05-12 10:16") == ("vitm_unavailable", "Service Desk", "10:15", -1.0)


def test_once_the_manager_step_is_past_due_the_prompt_comes_without_it() -> None:
    assert silent_next([], "05-12 10:25") == ("vitm_unavailable", "Service Desk", "10:20", -5.0)


def test_after_the_vitm_is_marked_unavailable_the_vcio_is_tagged() -> None:
    handed = [("vitm_manager_added", "05-12 10:15"), ("vitm_unavailable", "05-12 10:30")]
    # vcio_tagged due 15 business minutes after 10:30.
    assert silent_next(handed, "05-12 10:31") == ("vcio_tagged", "Service Desk", "10:45", 14.0)


def test_a_late_acknowledgement_ends_the_prompt() -> None:
    late = [("vitm_manager_added", "05-12 10:15"), ("vitm_acknowledged", "05-12 10:18")]
    steps = steps_for(SILENT + late, "05-12 10:30")
    assert next_action(steps, as_of=t("05-12 10:30"), clock=CLOCK) is None


def test_a_step_due_before_the_silence_still_comes_first() -> None:
    # No swarm ever (it was due 09:15): the vITM steps run from 09:15, the manager is due 10:30.
    steps = steps_for([("reported", "05-12 09:00")], "05-12 10:40")
    action = next_action(steps, as_of=t("05-12 10:40"), clock=CLOCK)
    assert action is not None and action.step == IncidentStep.SWARM_CREATED


# ---- reported by phone (SPEC: its first response is met at the reported time) ------------------


def test_a_phone_report_is_answered_at_the_report() -> None:
    steps = steps_for(
        [("reported", "05-12 09:00"), ("swarm_created", "05-12 09:05")], "05-12 11:00", phone=True
    )
    first = steps.set_index("step").loc["first_response"]
    assert (first["status"], first["due"], first["done_at"]) == (
        MET,
        pd.Timestamp(t("05-12 10:00")),
        pd.Timestamp(t("05-12 09:00")),
    )
