"""Unsaved changes: the working episode and action frames with every change applied, and the
audit rows that record them (SPEC: every change is in the Audit Log).

The audit rows are the truth. When the workbook changes underneath (someone saved, on
SharePoint or on disk), they are replayed on the new version (pulse.workflow.replay): cells only
the other person changed are kept, a cell both changed keeps this person's value and its audit
row says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from app.sources import WorkbookSource
from pulse.export import with_pending_audit
from pulse.records import Records
from pulse.schema import Sheet
from pulse.workflow import Outcome, empty_audit, replay

SAVED = "saved"  # the base version after a save: the next load starts afresh


@dataclass(frozen=True)
class PendingChanges:
    """Working frames with one person's changes applied, and the audit rows recording them."""

    identity: str  # the workbook these changes belong to
    base_version: str  # the version they were applied to
    episodes: pd.DataFrame
    actions: pd.DataFrame
    audit: pd.DataFrame  # the audit rows not yet saved

    @property
    def count(self) -> int:
        return len(self.audit)

    def with_outcome(self, outcome: Outcome) -> PendingChanges:
        """One more workflow change (its new frames and its audit rows) added."""
        return replace(
            self,
            episodes=self.episodes if outcome.episodes is None else outcome.episodes,
            actions=self.actions if outcome.actions is None else outcome.actions,
            audit=with_pending_audit(self.audit, outcome.audit),
        )

    def saved(self) -> PendingChanges:
        """After a save: nothing pending, and the next load reads what was written afresh."""
        return replace(self, base_version=SAVED, audit=empty_audit())

    def working(self, records: Records) -> Records:
        """The records with these changes applied (audit rows appended), typed as read; with
        nothing pending, `records` itself: the object every session shares, so what is worked
        out per frame for it (pulse.memo) is shared too."""
        untouched = self.episodes is records.episodes and self.actions is records.actions
        if untouched and self.audit.empty:
            return records
        merged = records.with_frames({Sheet.EPISODES: self.episodes, Sheet.ACTIONS: self.actions})
        return replace(merged, audit=with_pending_audit(records.audit, self.audit))

    def state(self) -> str:
        """Changes whenever the pending changes do: a cache key for figures derived from them."""
        return self._state

    @cached_property
    def _state(self) -> str:
        # Worked out once per object (they are replaced, never edited): pages ask on every run.
        rows = self.audit[["at", "field", "new"]].astype(str).itertuples(index=False, name=None)
        return f"{self.identity}:{self.base_version}:{self.count}:{hash(tuple(rows))}"


def fresh_changes(records: Records, source: WorkbookSource) -> PendingChanges:
    """No change yet on this version of the workbook."""
    return PendingChanges(
        source.identity, source.version, records.episodes, records.actions, empty_audit()
    )


@dataclass(frozen=True)
class Replayed:
    changes: PendingChanges
    conflicts: int  # audit rows whose cell someone else changed meanwhile, or whose row is gone


def replayed_on(changes: PendingChanges, records: Records, source: WorkbookSource) -> Replayed:
    """The same changes on a newer version of the workbook."""
    outcome = replay(changes.audit, records.episodes, records.actions)
    assert outcome.episodes is not None and outcome.actions is not None
    moved = PendingChanges(
        source.identity, source.version, outcome.episodes, outcome.actions, outcome.audit
    )
    return Replayed(moved, outcome.conflicts)


def current_changes(
    held: PendingChanges | None, records: Records, source: WorkbookSource
) -> tuple[PendingChanges, Replayed | None]:
    """The changes for this version of the workbook: the held ones, re-applied when the
    workbook changed underneath (the Replayed says so), or none yet."""
    if held is None or (held.base_version != source.version and held.count == 0):
        return fresh_changes(records, source), None
    if held.base_version == source.version:
        return held, None
    replayed = replayed_on(held, records, source)
    return replayed.changes, replayed
