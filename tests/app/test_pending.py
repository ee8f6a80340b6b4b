"""Unsaved changes (app/pending.py) on the hand-worked scenario: counted by their audit rows,
applied to the records pages show, kept while the workbook is the version they were made on, and
replayed (with conflicts counted) when someone saved meanwhile."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from app.pending import SAVED, PendingChanges, current_changes, fresh_changes
from connectors.workbook import LoadedWorkbook
from pulse import workflow
from pulse.schema import Sheet
from tests.app.versions import V1, V2
from tests.scenario import echo_recommended

AT = datetime(2026, 11, 23, 10, 0)


def recommend_echo(changes: PendingChanges) -> PendingChanges:
    """Five cells: status, recommended by and on, one criterion, the reason."""
    return changes.with_outcome(echo_recommended(changes.episodes, at=AT))


def delta_owner(changes: PendingChanges, owner: str) -> PendingChanges:
    """One cell: the owner of Delta Realty's 'Re-plan project' (Lee in the scenario)."""
    label = changes.actions.index[3]
    outcome = workflow.update_action(
        changes.actions, index=label, changes={"owner": owner}, at=AT, user="Ann"
    )
    return changes.with_outcome(outcome)


def test_fresh_changes_are_none_on_this_version(scenario: LoadedWorkbook) -> None:
    fresh = fresh_changes(scenario, V1)
    assert (fresh.identity, fresh.base_version, fresh.count) == (V1.identity, V1.version, 0)
    assert fresh.working(scenario).audit.empty


def test_with_nothing_pending_the_working_records_are_the_records_read(
    scenario: LoadedWorkbook,
) -> None:
    fresh = fresh_changes(scenario, V1)
    # The very object every session shares (work kept per frame carries between sessions)...
    assert fresh.working(scenario) is scenario
    # ...and no other figures than the typed copy the changes would have made.
    typed = scenario.with_frames({Sheet.EPISODES: fresh.episodes, Sheet.ACTIONS: fresh.actions})
    pd.testing.assert_frame_equal(typed.episodes, scenario.episodes)
    pd.testing.assert_frame_equal(typed.actions, scenario.actions)
    assert recommend_echo(fresh).working(scenario) is not scenario


def test_each_outcome_adds_its_audit_rows(scenario: LoadedWorkbook) -> None:
    changes = recommend_echo(fresh_changes(scenario, V1))
    assert changes.count == 5
    assert delta_owner(changes, "Priya").count == 6
    assert changes.base_version == V1.version  # still the version they apply to


def test_working_applies_the_frames_and_appends_the_audit(scenario: LoadedWorkbook) -> None:
    changes = delta_owner(recommend_echo(fresh_changes(scenario, V1)), "Priya")
    working = changes.working(scenario)
    echo = working.episodes[working.episodes["client"] == "Echo Capital"]
    assert list(echo["status"]) == ["Declined", "Recommended"]
    assert working.actions.iloc[3]["owner"] == "Priya"
    assert len(working.audit) == len(scenario.audit) + 6
    assert set(working.audit["user"]) == {"Ann"}
    assert scenario.actions.iloc[3]["owner"] == "Lee"  # the records read are never edited


def test_saved_changes_start_afresh(scenario: LoadedWorkbook) -> None:
    saved = recommend_echo(fresh_changes(scenario, V1)).saved()
    assert (saved.base_version, saved.count) == (SAVED, 0)


def test_no_held_changes_are_fresh(scenario: LoadedWorkbook) -> None:
    changes, replayed = current_changes(None, scenario, V1)
    assert (changes.base_version, changes.count, replayed) == (V1.version, 0, None)


def test_the_same_version_keeps_the_held_changes(scenario: LoadedWorkbook) -> None:
    held = recommend_echo(fresh_changes(scenario, V1))
    changes, replayed = current_changes(held, scenario, V1)
    assert changes is held and replayed is None


def test_a_newer_version_without_changes_starts_fresh(scenario: LoadedWorkbook) -> None:
    newer = theirs(scenario, owner="Kim")
    changes, replayed = current_changes(fresh_changes(scenario, V1), newer, V2)
    assert (changes.base_version, changes.count, replayed) == (V2.version, 0, None)
    assert changes.actions.iloc[3]["owner"] == "Kim"  # their version's frames


def theirs(scenario: LoadedWorkbook, *, owner: str) -> LoadedWorkbook:
    """The version someone else saved: Delta Realty's action now owned by `owner`."""
    actions = scenario.actions.copy()
    actions.loc[actions.index[3], "owner"] = owner
    return scenario.with_frames({Sheet.ACTIONS: actions})


def test_a_newer_version_replays_the_changes_without_conflict(scenario: LoadedWorkbook) -> None:
    held = recommend_echo(fresh_changes(scenario, V1))
    changes, replayed = current_changes(held, theirs(scenario, owner="Kim"), V2)
    assert replayed is not None and replayed.changes is changes
    assert (changes.base_version, changes.count, replayed.conflicts) == (V2.version, 5, 0)
    # Their cell and our recommendation are both there.
    assert changes.actions.iloc[3]["owner"] == "Kim"
    echo = changes.episodes[changes.episodes["client"] == "Echo Capital"]
    assert list(echo["status"]) == ["Declined", "Recommended"]


def test_a_cell_both_changed_keeps_ours_and_is_a_conflict(scenario: LoadedWorkbook) -> None:
    held = delta_owner(recommend_echo(fresh_changes(scenario, V1)), "Priya")
    changes, replayed = current_changes(held, theirs(scenario, owner="Kim"), V2)
    assert replayed is not None
    assert (changes.count, replayed.conflicts) == (6, 1)
    assert changes.actions.iloc[3]["owner"] == "Priya"  # the last writer wins
    owner_rows = changes.audit[changes.audit["field"].str.endswith(".owner")]
    assert list(owner_rows["old"]) == ["Kim"]  # what it overwrote, as the audit says


def test_state_changes_with_every_change(scenario: LoadedWorkbook) -> None:
    fresh = fresh_changes(scenario, V1)
    one = recommend_echo(fresh)
    two = delta_owner(one, "Priya")
    assert len({fresh.state(), one.state(), two.state()}) == 3
    assert one.state() == recommend_echo(fresh).state()  # the same change, the same key
