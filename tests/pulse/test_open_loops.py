"""Open loops (SPEC "Extra care"), each kind at its edges, worked by hand on November 2026:
Mondays (CST meetings) are the 2nd, 9th, 16th, 23rd and 30th; the Tuesday huddles the 3rd, 10th,
17th and 24th."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from connectors.workbook import LoadedWorkbook
from pulse.open_loops import (
    LOOP_COLUMNS,
    Loop,
    huddle_after,
    not_announced,
    not_marked_in_psa,
    not_reviewed,
    open_loops,
    rca_incomplete,
    still_marked_in_psa,
    unresponsive,
)
from pulse.settings import EscalationSettings, Settings
from tests.record_frames import actions_of, clients_of, episodes_of
from tests.scenario import AS_OF, EXPECTED_OPEN_LOOPS

MEETING = date(2026, 11, 16)  # the Monday the decisions below were made
TUESDAY = date(2026, 11, 17)  # the all-staff huddle after it
WEDNESDAY = date(2026, 11, 18)
APPROVED = {
    "client": "Acme",
    "status": "Active",
    "recommended_on": "2026-11-12",
    "cst_meeting_date": "2026-11-16",
    "director_approved_on": "2026-11-16",
    "marked_in_psa": True,
    "announced_on": "2026-11-17",
    "last_reviewed": "2026-11-16",
}
REMOVED = {
    "client": "Acme",
    "status": "Removed",
    "recommended_on": "2026-09-10",
    "cst_meeting_date": "2026-09-14",
    "announced_on": "2026-09-15",  # the approval's announcement, not the removal's
    "marked_in_psa": True,
    "removed_on": "2026-11-16",
}


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def loops_of(frame: pd.DataFrame) -> list[tuple[str, str, str, pd.Timestamp]]:
    """(client, loop, owner_role, since) per loop, for hand-written expectations."""
    assert list(frame.columns) == LOOP_COLUMNS
    return list(
        zip(frame["client"], frame["loop"], frame["owner_role"], frame["since"], strict=True)
    )


# --- an Active episode not marked in the PSA (the Account Administrator) -------------------


@pytest.mark.parametrize(
    ("as_of", "opens"),
    [
        (MEETING, False),  # approved today: the mark is not owed yet
        (TUESDAY, True),  # approved in a meeting before the as-of date
        (date(2026, 11, 30), True),
    ],
)
def test_not_marked_in_psa_opens_the_day_after_the_meeting(as_of: date, opens: bool) -> None:
    episodes = episodes_of({**APPROVED, "marked_in_psa": False})
    expected = [("Acme", "not_marked_in_psa", "Account Administrator", day("2026-11-16"))]
    assert loops_of(not_marked_in_psa(episodes, as_of=as_of)) == (expected if opens else [])


def test_the_psa_mark_closes_it_and_only_active_episodes_need_one() -> None:
    assert not_marked_in_psa(episodes_of(APPROVED), as_of=WEDNESDAY).empty
    recommended = {"client": "Beta", "status": "Recommended", "recommended_on": "2026-11-12"}
    blank_mark = {**APPROVED, "marked_in_psa": None}  # a blank cell says no
    loops = not_marked_in_psa(episodes_of(recommended, blank_mark), as_of=WEDNESDAY)
    assert list(loops["client"]) == ["Acme"]
    assert list(loops["missing"]) == ["Mark the client as extra care in the PSA"]


def test_an_active_episode_without_an_approval_date_is_owed_its_mark() -> None:
    undated = {**APPROVED, "cst_meeting_date": None, "director_approved_on": None}
    loops = not_marked_in_psa(episodes_of({**undated, "marked_in_psa": False}), as_of=MEETING)
    assert list(loops["client"]) == ["Acme"] and loops["since"].isna().all()


# --- a Removed episode still marked in the PSA -------------------------------------------------


@pytest.mark.parametrize(("as_of", "opens"), [(MEETING, False), (TUESDAY, True)])
def test_still_marked_in_psa_after_removal(as_of: date, opens: bool) -> None:
    expected = [("Acme", "still_marked_in_psa", "Account Administrator", day("2026-11-16"))]
    loops = still_marked_in_psa(episodes_of(REMOVED), as_of=as_of)
    assert loops_of(loops) == (expected if opens else [])
    if opens:
        assert list(loops["missing"]) == ["Remove the extra-care mark in the PSA"]


def test_unmarking_closes_it_and_a_newer_episode_supersedes_the_removed_one() -> None:
    assert still_marked_in_psa(
        episodes_of({**REMOVED, "marked_in_psa": False}), as_of=WEDNESDAY
    ).empty
    back_on_care = {**APPROVED, "recommended_on": "2026-11-19", "cst_meeting_date": "2026-11-23"}
    assert still_marked_in_psa(episodes_of(REMOVED, back_on_care), as_of=WEDNESDAY).empty
    older = {**REMOVED, "recommended_on": "2025-01-06", "removed_on": "2025-03-03"}
    latest_unmarked = {**REMOVED, "marked_in_psa": False}
    assert still_marked_in_psa(episodes_of(older, latest_unmarked), as_of=WEDNESDAY).empty


# --- a decision not announced by the Tuesday after its meeting (the Director) -------------------


@pytest.mark.parametrize(
    ("as_of", "opens"),
    [
        (MEETING, False),
        (TUESDAY, False),  # the huddle is today: not late yet
        (WEDNESDAY, True),  # the Tuesday after the meeting has passed
    ],
)
def test_an_approval_not_announced_by_the_tuesday_after(as_of: date, opens: bool) -> None:
    episodes = episodes_of({**APPROVED, "announced_on": None})
    expected = [("Acme", "not_announced", "Director of Client Success", day("2026-11-17"))]
    loops = not_announced(episodes, as_of=as_of)
    assert loops_of(loops) == (expected if opens else [])
    if opens:
        assert list(loops["missing"]) == ["Announce the approval at the Tuesday all-staff huddle"]


@pytest.mark.parametrize(
    ("announced_on", "opens"),
    [
        ("2026-11-17", False),  # at the huddle after the meeting
        ("2026-11-24", False),  # a week late, but the record now shows it: closed
        ("2026-11-10", True),  # before the decision: an older announcement
        (None, True),
    ],
)
def test_an_announcement_after_the_decision_closes_it(
    announced_on: str | None, opens: bool
) -> None:
    episodes = episodes_of({**APPROVED, "announced_on": announced_on})
    assert len(not_announced(episodes, as_of=date(2026, 11, 25))) == (1 if opens else 0)


def test_a_removal_needs_its_own_announcement() -> None:
    # Announced On still holds the approval's huddle (09-15), before the removal on 11-16.
    loops = not_announced(episodes_of({**REMOVED, "marked_in_psa": False}), as_of=WEDNESDAY)
    assert loops_of(loops) == [
        ("Acme", "not_announced", "Director of Client Success", day("2026-11-17"))
    ]
    assert list(loops["missing"]) == ["Announce the removal at the Tuesday all-staff huddle"]
    announced = episodes_of({**REMOVED, "announced_on": "2026-11-17"})
    assert not_announced(announced, as_of=WEDNESDAY).empty


def test_the_huddle_is_the_first_tuesday_after_the_decision() -> None:
    decided = pd.Series(pd.to_datetime(["2026-11-16", "2026-11-17", "2026-11-20", None]))
    assert list(huddle_after(decided)[:3]) == [
        day("2026-11-17"),  # Monday's meeting: the next day
        day("2026-11-24"),  # a Tuesday decision (not a meeting day): the Tuesday after
        day("2026-11-24"),
    ]
    assert pd.isna(huddle_after(decided)[3])


# --- an RCA incomplete a week after approval (vCIO and vITM) -----------------------------------


@pytest.mark.parametrize(
    ("as_of", "opens"), [(date(2026, 11, 22), False), (date(2026, 11, 23), True)]
)
def test_an_rca_incomplete_a_week_after_approval(as_of: date, opens: bool) -> None:
    episodes = episodes_of({**APPROVED, "related_tickets": "T1", "success_criteria": "Calm"})
    actions = actions_of({"client": "Acme", "action": "Call", "due": "2026-11-20"})
    loops = rca_incomplete(episodes, actions, as_of=as_of, grace_days=7)
    expected = [("Acme", "rca_incomplete", "vCIO and vITM", day("2026-11-23"))]
    assert loops_of(loops) == (expected if opens else [])
    if opens:
        assert list(loops["missing"]) == ["Complete the RCA: root cause"]


def test_a_complete_rca_closes_it() -> None:
    complete = {
        **APPROVED,
        "root_cause": "Switch",
        "related_tickets": "T1",
        "success_criteria": "Calm",
    }
    actions = actions_of({"client": "Acme", "action": "Call", "due": "2026-11-20"})
    assert rca_incomplete(episodes_of(complete), actions, as_of=AS_OF, grace_days=7).empty


# --- an Active episode not reviewed in the last meeting ---------------------------------------


@pytest.mark.parametrize(
    ("last_reviewed", "as_of", "since"),
    [
        ("2026-11-09", AS_OF, "2026-11-16"),  # the meeting of the 16th passed it by
        ("2026-11-16", AS_OF, None),
        ("2026-11-09", TUESDAY, "2026-11-16"),  # the Tuesday after: the 16th was the last
        ("2026-11-02", MEETING, "2026-11-09"),  # on a Monday, the last meeting is a week ago
        ("2026-11-09", MEETING, None),
    ],
)
def test_not_reviewed_in_the_last_meeting(
    last_reviewed: str, as_of: date, since: str | None
) -> None:
    episode = {**APPROVED, "cst_meeting_date": "2026-10-05", "last_reviewed": last_reviewed}
    expected = [("Acme", "not_reviewed", "vCIO and Director of Client Success", day(since))]
    assert loops_of(not_reviewed(episodes_of(episode), as_of=as_of)) == (expected if since else [])


def test_an_episode_approved_in_the_last_meeting_needs_no_review_yet() -> None:
    assert not_reviewed(episodes_of({**APPROVED, "last_reviewed": None}), as_of=AS_OF).empty


# --- a client due for an unresponsive-customer escalation step (the vCIO) ---------------------


@pytest.mark.parametrize(
    ("days", "loop", "since"),
    [
        (13, None, None),
        (14, "unresponsive_sales_contact", "2026-11-23"),
        (27, "unresponsive_sales_contact", "2026-11-10"),
        (28, "unresponsive_manager_and_executive", "2026-11-23"),
    ],
)
def test_the_pathway_opens_a_loop_on_days_14_and_28(
    days: int, loop: str | None, since: str | None
) -> None:
    contact = pd.Timestamp(AS_OF) - pd.Timedelta(days=days)
    clients = clients_of({"client": "Quiet", "last_client_contact": contact})
    loops = unresponsive(clients, as_of=AS_OF, settings=EscalationSettings())
    expected = [("Quiet", loop, "vCIO", day(since))] if loop and since else []
    assert loops_of(loops) == expected


def test_the_pathway_loops_say_which_step_is_missing() -> None:
    clients = clients_of(
        {"client": "Two weeks", "last_client_contact": "2026-11-09"},
        {"client": "Four weeks", "last_client_contact": "2026-10-26"},
    )
    loops = unresponsive(clients, as_of=AS_OF, settings=EscalationSettings())
    assert dict(zip(loops["client"], loops["missing"], strict=True)) == {
        "Two weeks": "Escalate to the sales contact (no response for 14 days)",
        "Four weeks": "Loop in your manager and the executive sponsor (no response for 28 days)",
    }


# --- every loop at once ----------------------------------------------------------------------


def test_the_scenarios_open_loops(scenario_book: LoadedWorkbook) -> None:
    loops = open_loops(
        scenario_book.clients,
        scenario_book.episodes,
        scenario_book.actions,
        as_of=AS_OF,
        settings=Settings(),
    )
    assert [
        (client, loop, owner, f"{since:%Y-%m-%d}") for client, loop, owner, since in loops_of(loops)
    ] == [tuple(loop.values()) for loop in EXPECTED_OPEN_LOOPS]


def test_loops_use_the_clients_tab_spelling_and_their_labels() -> None:
    clients = clients_of({"client": "Acme Dental", "last_client_contact": "2026-11-20"})
    episodes = episodes_of({**APPROVED, "client": " ACME dental", "marked_in_psa": False})
    loops = open_loops(clients, episodes, actions_of(), as_of=AS_OF, settings=Settings())
    assert set(loops["client"]) == {"Acme Dental"}
    assert {Loop(kind).label for kind in loops["loop"]} == {
        "Not marked in the PSA",
        "RCA incomplete",
    }


def test_no_loop_at_all_is_an_empty_frame() -> None:
    loops = open_loops(clients_of(), episodes_of(), actions_of(), as_of=AS_OF, settings=Settings())
    assert loops.empty and list(loops.columns) == LOOP_COLUMNS
