"""This session's unsaved changes (app.pending), kept in st.session_state per workbook identity,
and the workbook pages show: the loaded one with those changes applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import streamlit as st

from app.pending import PendingChanges, Replayed, current_changes, fresh_changes
from app.week import history_with_this_week, week_picture
from connectors.workbook import LoadedWorkbook
from pulse.summary import MondayPicture
from pulse.workflow import Outcome
from ui.context import PulseContext
from ui.notices import notice
from ui.source import current_source

PENDING_KEY = "pending_changes"  # {workbook identity: PendingChanges}
WORKING_KEY = "pending_working_workbook"  # (state of the store, the workbook built, its base)


def now() -> datetime:
    """When a change is made (audit `at`): the shells may read the clock, pulse never does."""
    return datetime.now().replace(microsecond=0)


def _stores() -> dict[str, PendingChanges]:
    stores: dict[str, PendingChanges] = st.session_state.setdefault(PENDING_KEY, {})
    return stores


def current(ctx: PulseContext) -> PendingChanges:
    """This session's changes to the loaded workbook, re-applied when the workbook changed."""
    source = current_source()
    changes, replayed = current_changes(_stores().get(source.identity), ctx.workbook, source)
    if replayed is not None:
        _say_replayed(replayed, count=replayed.changes.count)
    _stores()[source.identity] = changes
    return changes


def _say_replayed(replayed: Replayed, *, count: int) -> None:
    clashes = replayed.conflicts
    detail = f" {clashes} of them touched the same cells (see their notes)." if clashes else ""
    notice(
        "info",
        f"Loaded the newer version of the workbook and re-applied your {count} unsaved "
        f"change(s) on top of it.{detail} Check them, then save again.",
    )


def apply(ctx: PulseContext, outcome: Outcome) -> PendingChanges:
    """Add one workflow outcome (new frames and its audit rows) to the pending changes."""
    changes = current(ctx).with_outcome(outcome)
    _stores()[changes.identity] = changes
    return changes


def discard(ctx: PulseContext) -> None:
    source = current_source()
    _stores()[source.identity] = fresh_changes(ctx.workbook, source)


def moved_by_own_append(before: str, after: str) -> None:
    """This session appended incident rows (only the append-only tabs changed): changes pending
    on the version it appended onto now belong to the version it made, with nothing to replay."""
    identity = current_source().identity
    held = _stores().get(identity)
    if held is not None and held.base_version == before:
        _stores()[identity] = replace(held, base_version=after)


def mark_saved() -> None:
    """The next load reads what was written (with sheet rows for the new records), afresh."""
    identity = current_source().identity
    _stores()[identity] = _stores()[identity].saved()


def working_workbook(ctx: PulseContext) -> LoadedWorkbook:
    """The loaded workbook with this session's unsaved changes applied (pages show this), so a
    decision recorded a moment ago is on screen before it is saved. Built once per state of
    the store: pages ask for it many times in a run."""
    changes = current(ctx)
    # The store's frames are replaced, never edited in place, so their identities are its state.
    key = (id(ctx.workbook), id(changes.episodes), id(changes.actions), id(changes.audit))
    built = st.session_state.get(WORKING_KEY)
    if built is not None and built[0] == key:
        working: LoadedWorkbook = built[1]
        return working
    working = changes.working(ctx.workbook)
    # The loaded workbook is kept alongside, so no other object can take over its id meanwhile.
    st.session_state[WORKING_KEY] = (key, working, ctx.workbook)
    return working


@st.cache_data(show_spinner="Computing the Monday figures…", max_entries=16)
def _cached_picture(
    data_version: str, as_of: date, _ctx: PulseContext, _workbook: LoadedWorkbook
) -> MondayPicture:
    """Keyed on the data's version and the date; the frames themselves are not hashed."""
    del data_version
    return week_picture(_workbook, _ctx.tickets, as_of=as_of, settings=_ctx.settings)


def picture_for(ctx: PulseContext, as_of: date) -> MondayPicture:
    """The Monday picture (risk, signals, candidates, overdue) for `as_of`, with this session's
    unsaved changes applied; computed once per version of the data, so reruns are instant."""
    workbook = working_workbook(ctx)
    if not ctx.workbook_version:
        return week_picture(workbook, ctx.tickets, as_of=as_of, settings=ctx.settings)
    version = "|".join((ctx.workbook_version, ctx.tickets_version, current(ctx).state()))
    return _cached_picture(version, as_of, ctx, workbook)


def this_week_history(ctx: PulseContext) -> pd.DataFrame:
    """Pulse History with this week's rows, from the same signals the pages show."""
    signals = picture_for(ctx, ctx.as_of).signals
    return history_with_this_week(
        working_workbook(ctx), signals, as_of=ctx.as_of, settings=ctx.settings
    )
