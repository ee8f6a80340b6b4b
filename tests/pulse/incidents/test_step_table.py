"""Every incident's steps at once (pulse/incidents/step_table.py): hand-worked cases side by side,
and the same answers as the one-incident rules (`steps.step_rows`, `steps.next_action`) on any
incidents. Business clock: Mon-Fri 08:00-17:00 Los Angeles; 2026-05-12 is a Tuesday."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.incidents.procedure import IncidentStep, Prompt
from pulse.incidents.step_table import (
    STEPS,
    FactColumns,
    next_columns,
    step_columns,
    step_frame_columns,
)
from pulse.incidents.steps import IncidentFacts, next_action, step_rows
from pulse.schema import IncidentEvent, StepStatus
from tests.incident_frames import CLOCK, TARGETS, t


def measured(facts: list[IncidentFacts], as_of: str) -> tuple[pd.DataFrame, list[object]]:
    """The steps frame's columns and each incident's next (step or prompt, local due, minutes)."""
    columns = step_columns(FactColumns.of(facts), as_of=t(as_of), targets=TARGETS, clock=CLOCK)
    frame = pd.DataFrame(step_frame_columns(columns))
    following = next_columns(columns, as_of=t(as_of), clock=CLOCK)
    nexts: list[object] = []
    for i in range(len(facts)):
        if not following.found[i]:
            nexts.append(None)
            continue
        step = Prompt.VITM_UNAVAILABLE if following.prompt[i] else STEPS[following.step[i]]
        due = pd.Timestamp(following.due[i], tz="UTC").tz_convert(CLOCK.zone)
        nexts.append((str(step), due.strftime("%d %H:%M"), float(following.minutes_left[i])))
    return frame, nexts


def status_of(frame: pd.DataFrame, incident: int, step: IncidentStep) -> StepStatus:
    return frame["status"].iloc[incident * len(STEPS) + STEPS.index(step)]


def test_two_incidents_side_by_side_hand_worked() -> None:
    # A: e-mail, reported Tue 09:00, nothing since; as of 09:20 the swarm (due 09:15) is 5
    # minutes late, the first response (due 10:00) pending.
    # B: phone, reported Tue 16:50: answered live at 16:50. The swarm is due 15 business minutes
    # later: 10 before the 17:00 close, 5 on Wed -> Wed 08:05; from 09:20 Tue that is 7h40 of
    # Tuesday plus 5 = 465 business minutes away. B's steps measured as of 09:20 have not begun,
    # so it is worked as of the same instant: reported after as-of is still measured from it.
    a = IncidentFacts({IncidentEvent.REPORTED: t("05-12 09:00")}, t("05-12 09:00"), False, False)
    b = IncidentFacts({IncidentEvent.REPORTED: t("05-12 16:50")}, t("05-12 16:50"), False, True)
    frame, nexts = measured([a, b], "05-12 09:20")
    assert status_of(frame, 0, IncidentStep.SWARM_CREATED) == StepStatus.BREACHED
    assert status_of(frame, 0, IncidentStep.FIRST_RESPONSE) == StepStatus.PENDING
    assert status_of(frame, 1, IncidentStep.FIRST_RESPONSE) == StepStatus.MET
    assert status_of(frame, 1, IncidentStep.SWARM_CREATED) == StepStatus.PENDING
    assert status_of(frame, 0, IncidentStep.VCIO_TAGGED) == StepStatus.NOT_REQUIRED
    swarm_b = frame["due"].iloc[len(STEPS) + STEPS.index(IncidentStep.SWARM_CREATED)]
    assert swarm_b == pd.Timestamp("2026-05-13 08:05", tz=CLOCK.zone)
    assert nexts == [("swarm_created", "12 09:15", -5.0), ("swarm_created", "13 08:05", 465.0)]
    assert frame["step"].tolist() == list(STEPS) * 2  # incident by incident, procedure order


def test_a_silent_vitm_prompts_the_hand_over() -> None:
    # Swarm 08:05; the manager added 09:15 and still no acknowledgement at 09:30: every other
    # required step is done, so the prompt is next, due since 09:15 (15 minutes ago).
    times = {
        IncidentEvent.REPORTED: "05-12 08:00",
        IncidentEvent.SWARM_CREATED: "05-12 08:05",
        IncidentEvent.SUMMARY_POSTED: "05-12 08:10",
        IncidentEvent.CLIENT_RESPONDED: "05-12 08:20",
        IncidentEvent.VITM_PHONED: "05-12 08:40",
        IncidentEvent.VITM_MANAGER_ADDED: "05-12 09:15",
    }
    happened = {event: t(at) for event, at in times.items()}
    facts = IncidentFacts(happened, t("05-12 08:00"), False, False)
    _, nexts = measured([facts], "05-12 09:30")
    assert nexts == [("vitm_unavailable", "12 09:15", -15.0)]


def test_no_incidents() -> None:
    frame, nexts = measured([], "05-12 09:30")
    assert frame.empty and nexts == []
    assert list(frame.columns) == ["step", "status", "due", "done_at", "role", "waived"]


moments = st.builds(
    lambda day, hour, minute: t(f"05-{day:02d} {hour:02d}:{minute:02d}"),
    st.integers(11, 13),
    st.integers(6, 18),
    st.sampled_from([0, 5, 15, 30, 45]),
)
incident_facts = st.builds(
    lambda reported, happened, security, phone: IncidentFacts(
        {IncidentEvent.REPORTED: reported, **happened}, reported, security, phone
    ),
    moments,
    st.dictionaries(st.sampled_from([e for e in IncidentEvent if e != "reported"]), moments),
    st.booleans(),
    st.booleans(),
)


def one_by_one(facts: IncidentFacts, as_of: datetime) -> tuple[list[tuple[object, ...]], object]:
    rows = step_rows(facts, as_of=as_of, targets=TARGETS, clock=CLOCK)
    action = next_action(rows, as_of=as_of, clock=CLOCK)
    expected = [
        (
            row["step"],
            row["status"],
            None if row["due"] is None else pd.Timestamp(row["due"]),
            None if row["done_at"] is None else pd.Timestamp(row["done_at"]),
            row["role"],
            row["waived"],
        )
        for row in rows
    ]
    if action is None:
        return expected, None
    local = action.due.astimezone(CLOCK.zone).strftime("%d %H:%M")
    return expected, (str(action.step), local, action.minutes_left)


@settings(max_examples=40, deadline=None)
@given(facts=st.lists(incident_facts, max_size=6), as_of=moments)
def test_all_at_once_equals_one_by_one(facts: list[IncidentFacts], as_of: datetime) -> None:
    frame, nexts = measured(facts, as_of.strftime("%m-%d %H:%M"))
    for i, one in enumerate(facts):
        expected, action = one_by_one(one, as_of)
        rows = frame.iloc[i * len(STEPS) : (i + 1) * len(STEPS)]
        got = [
            (
                step,
                status,
                None if pd.isna(due) else due,
                None if pd.isna(done) else done,
                role,
                waived,
            )
            for step, status, due, done, role, waived in rows.itertuples(index=False)
        ]
        assert got == expected
        assert nexts[i] == action
