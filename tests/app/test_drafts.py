"""The journal of unsaved changes (app/drafts.py): one file per person and workbook in the user's
cache folder, the audit rows kept with their UTC offsets, restored onto the version loaded next
(replayed when someone saved meanwhile), gone when nothing is pending, set aside when damaged."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from app.drafts import (
    DamagedDraft,
    Draft,
    clear_draft,
    draft_path,
    drafts_dir,
    keep_draft,
    read_draft,
    restored,
)
from app.pending import PendingChanges, fresh_changes
from connectors.workbook import LoadedWorkbook
from pulse import workflow
from pulse.schema import Sheet
from tests.app.versions import V1, V2
from tests.scenario import echo_recommended

ZONE = "America/Los_Angeles"
WINTER = datetime(2026, 11, 23, 10, 15, tzinfo=ZoneInfo(ZONE))  # PST, -08:00
SUMMER = datetime(2026, 7, 6, 9, 5, tzinfo=ZoneInfo(ZONE))  # PDT, -07:00
ANN, BOB = "ann@example.com", "bob@example.com"


def echo_changes(scenario: LoadedWorkbook) -> PendingChanges:
    """Echo Capital recommended in winter (five cells), Delta's owner changed in summer (one)."""
    changes = fresh_changes(scenario, V1).with_outcome(
        echo_recommended(scenario.episodes, at=WINTER)
    )
    outcome = workflow.update_action(
        changes.actions,
        index=changes.actions.index[3],
        changes={"owner": "Priya"},
        at=SUMMER,
        user=ANN,
    )
    return changes.with_outcome(outcome)


def test_the_journal_lives_in_the_users_cache_folder_per_person_and_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_CACHE_DIR", str(tmp_path / "cache"))
    assert drafts_dir() == tmp_path / "cache" / "drafts"
    path = draft_path(ANN, V1.identity)
    assert path.parent == tmp_path / "cache" / "drafts" and path.suffix == ".json"
    assert "ann" not in path.name and "pulse" not in path.name  # no name or path shows
    assert draft_path(BOB, V1.identity) != path
    assert draft_path(ANN, "local:/x/other.xlsx") != path
    assert draft_path(ANN, V2.identity) == path  # the same workbook at another version


def kept_and_read(changes: PendingChanges, folder: Path, *, at: datetime = WINTER) -> Draft:
    """`changes` journaled by Ann at `at`, and read back."""
    keep_draft(changes, user=ANN, at=at, folder=folder)
    draft = read_draft(ANN, V1.identity, timezone=ZONE, folder=folder)
    assert draft is not None
    return draft


def test_kept_and_read_back_with_every_row_and_its_offset(
    scenario: LoadedWorkbook, tmp_path: Path
) -> None:
    changes = echo_changes(scenario)
    draft = kept_and_read(changes, tmp_path, at=SUMMER)
    assert (draft.user, draft.identity, draft.base_version, draft.count) == (
        ANN,
        V1.identity,
        V1.version,
        6,
    )
    assert draft.written_at.isoformat() == "2026-07-06T09:05:00-07:00"
    assert [moment.isoformat() for moment in draft.audit["at"]] == [
        *["2026-11-23T10:15:00-08:00"] * 5,
        "2026-07-06T09:05:00-07:00",
    ]
    columns = ["user", "client", "field", "old", "new", "note"]
    assert draft.audit[columns].values.tolist() == changes.audit[columns].values.tolist()


def test_the_file_holds_iso_times_with_offsets(scenario: LoadedWorkbook, tmp_path: Path) -> None:
    keep_draft(echo_changes(scenario), user=ANN, at=WINTER, folder=tmp_path)
    record = json.loads(draft_path(ANN, V1.identity, folder=tmp_path).read_text())
    assert record["written_at"] == "2026-11-23T10:15:00-08:00"
    assert record["audit"][0]["at"] == "2026-11-23T10:15:00-08:00"
    assert record["audit"][0]["field"] == "Extra Care Tracking Info.status"
    assert record["audit"][0]["new"] == "Recommended"


def test_nothing_pending_means_no_journal(scenario: LoadedWorkbook, tmp_path: Path) -> None:
    keep_draft(echo_changes(scenario), user=ANN, at=WINTER, folder=tmp_path)
    keep_draft(fresh_changes(scenario, V1), user=ANN, at=WINTER, folder=tmp_path)
    assert read_draft(ANN, V1.identity, timezone=ZONE, folder=tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_clearing_removes_only_that_persons_journal(
    scenario: LoadedWorkbook, tmp_path: Path
) -> None:
    changes = echo_changes(scenario)
    keep_draft(changes, user=ANN, at=WINTER, folder=tmp_path)
    keep_draft(changes, user=BOB, at=WINTER, folder=tmp_path)
    clear_draft(ANN, V1.identity, folder=tmp_path)
    clear_draft(ANN, V1.identity, folder=tmp_path)  # twice is fine
    assert read_draft(ANN, V1.identity, timezone=ZONE, folder=tmp_path) is None
    assert read_draft(BOB, V1.identity, timezone=ZONE, folder=tmp_path) is not None


@pytest.mark.parametrize(
    "text",
    ["", "{not json", "[]", '{"format": 99}', '{"format": 1, "user": "x", "identity": "y"}'],
)
def test_a_damaged_journal_is_set_aside_never_deleted(text: str, tmp_path: Path) -> None:
    path = draft_path(ANN, V1.identity, folder=tmp_path)
    path.write_text(text)
    with pytest.raises(DamagedDraft) as damaged:
        read_draft(ANN, V1.identity, timezone=ZONE, folder=tmp_path)
    assert damaged.value.kept == path.with_name(path.name + ".damaged")
    assert damaged.value.kept.read_text() == text and not path.exists()
    assert str(damaged.value).startswith(f"{path.name}.damaged: the unsaved changes kept here")


def test_restored_on_the_same_version_gives_the_same_working_frames(
    scenario: LoadedWorkbook, tmp_path: Path
) -> None:
    changes = echo_changes(scenario)
    again = restored(kept_and_read(changes, tmp_path), scenario, V1)
    assert again.conflicts == 0 and again.changes.count == 6
    assert again.changes.base_version == V1.version
    pd.testing.assert_frame_equal(again.changes.episodes, changes.episodes)
    pd.testing.assert_frame_equal(again.changes.actions, changes.actions)


def test_restored_on_a_newer_version_keeps_what_others_changed(
    scenario: LoadedWorkbook, tmp_path: Path
) -> None:
    draft = kept_and_read(echo_changes(scenario), tmp_path)
    # Meanwhile Bob saved: Delta's item is now Kim's (Ann changed it from Lee to Priya).
    actions = scenario.actions.copy()
    actions.loc[actions.index[3], "owner"] = "Kim"
    newer = scenario.with_frames({Sheet.ACTIONS: actions})
    again = restored(draft, newer, V2)
    assert again.changes.base_version == V2.version
    assert again.conflicts == 1  # the owner both changed: Ann's value kept, the note says so
    assert again.changes.actions.loc[newer.actions.index[3], "owner"] == "Priya"
    note = again.changes.audit["note"].iloc[-1]
    assert "someone else saved 'Kim' meanwhile" in note
