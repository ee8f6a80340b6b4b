"""This session's unsaved changes (app.pending), kept in st.session_state per workbook identity
and journaled to disk per person (app.drafts) after every change, so a reload, a dropped
connection or a server restart restores them; and the workbook pages show: the loaded one with
those changes applied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from app import clock
from app.drafts import DamagedDraft, clear_draft, keep_draft, read_draft, restored
from app.pending import PendingChanges, Replayed, current_changes, fresh_changes
from app.sources import WorkbookSource
from app.week import kept_ticket_index, week_picture
from connectors.workbook import LoadedWorkbook
from pulse.export import history_with_picture
from pulse.settings import Settings
from pulse.signals import TicketIndex
from pulse.summary import MondayPicture
from pulse.workflow import Outcome
from ui.context import PulseContext, context
from ui.notices import notice
from ui.source import current_source

T = TypeVar("T")

PENDING_KEY = "pending_changes"  # {workbook identity: PendingChanges}
RESTORED_KEY = "pending_restored"  # {workbook identity: (count, written at)} from a journal
WORKING_KEY = "pending_working_workbook"  # (state of the store, the workbook built, its base)


def now() -> datetime:
    """When a change is made (audit `at`): this moment in the business time zone, with its UTC
    offset (the shells read the clock, pulse never does)."""
    return clock.now(context().settings.business_hours.timezone)


def _stores() -> dict[str, PendingChanges]:
    stores: dict[str, PendingChanges] = st.session_state.setdefault(PENDING_KEY, {})
    return stores


def current(ctx: PulseContext) -> PendingChanges:
    """This session's changes to the loaded workbook (restored from the journal when the session
    starts), re-applied when the workbook changed."""
    source = current_source()
    held = _stores().get(source.identity)
    if held is None:
        held = _restored(ctx, source)
    changes, replayed = current_changes(held, ctx.workbook, source)
    _stores()[source.identity] = changes
    if replayed is not None:
        _say_replayed(replayed, count=replayed.changes.count)
        _journal(ctx, changes)  # the same changes, now on the newer version
    return changes


def _restored(ctx: PulseContext, source: WorkbookSource) -> PendingChanges | None:
    """The changes this person left unsaved in an earlier session (None: there are none)."""
    zone = ctx.settings.business_hours.timezone
    try:
        draft = read_draft(ctx.user, source.identity, timezone=zone)
    except DamagedDraft as damaged:
        notice("warning", f"Unsaved changes from an earlier session could not be read: {damaged}")
        return None
    except OSError as error:
        notice("warning", f"Unsaved changes from an earlier session could not be read ({error}).")
        return None
    if draft is None or draft.count == 0:
        return None
    replayed = restored(draft, ctx.workbook, source)
    st.session_state.setdefault(RESTORED_KEY, {})[source.identity] = (
        replayed.changes.count,
        draft.written_at,
    )
    if draft.base_version != source.version:
        _say_replayed(replayed, count=replayed.changes.count)
        _journal(ctx, replayed.changes)
    return replayed.changes


def restored_note(ctx: PulseContext) -> str | None:
    """'Restored 2 unsaved changes from 14:05' while changes restored from the journal are
    pending (the date too when they are from another day)."""
    found = st.session_state.get(RESTORED_KEY, {}).get(current_source().identity)
    if found is None:
        return None
    count, written_at = found
    today = clock.today(ctx.settings.business_hours.timezone)
    when = f"{written_at:%H:%M}" if written_at.date() == today else f"{written_at:%Y-%m-%d %H:%M}"
    return f"Restored {count} unsaved change{'s' if count != 1 else ''} from {when}"


def _journal(ctx: PulseContext, changes: PendingChanges) -> None:
    """Keep the changes on disk; a folder that cannot be written is said, never a crash."""
    try:
        keep_draft(changes, user=ctx.user, at=clock.now(ctx.settings.business_hours.timezone))
    except OSError as error:
        notice(
            "warning",
            f"Your unsaved changes could not be kept on disk ({error.strerror or error}); they "
            "are only in this browser tab until you save.",
        )


def _forget_journal(ctx: PulseContext, identity: str) -> None:
    st.session_state.get(RESTORED_KEY, {}).pop(identity, None)
    try:
        clear_draft(ctx.user, identity)
    except OSError as error:
        notice("warning", f"The journal of your saved changes could not be removed ({error}).")


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
    _journal(ctx, changes)
    return changes


def discard(ctx: PulseContext) -> None:
    source = current_source()
    _stores()[source.identity] = fresh_changes(ctx.workbook, source)
    _forget_journal(ctx, source.identity)


def moved_by_own_append(ctx: PulseContext, before: str, after: str) -> None:
    """This session appended incident rows (only the append-only tabs changed): changes pending
    on the version it appended onto now belong to the version it made, with nothing to replay
    (the journal says so too, so the next session does not announce a replay)."""
    identity = current_source().identity
    held = _stores().get(identity)
    if held is not None and held.base_version == before:
        moved = replace(held, base_version=after)
        _stores()[identity] = moved
        if moved.count:
            _journal(ctx, moved)


def mark_saved(ctx: PulseContext) -> None:
    """The next load reads what was written (with sheet rows for the new records), afresh; the
    journal is no longer needed."""
    identity = current_source().identity
    _stores()[identity] = _stores()[identity].saved()
    _forget_journal(ctx, identity)


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


@st.cache_resource(show_spinner="Computing the Monday figures…", max_entries=16)
def _cached_picture(
    data_version: str, as_of: date, _ctx: PulseContext, _workbook: LoadedWorkbook
) -> MondayPicture:
    """Keyed on the data's version and the date; the frames themselves are not hashed. One
    shared object, as per_version's are (pages only read it): not unpickled on every run."""
    del data_version
    index = ticket_index_for(_ctx)
    return week_picture(_workbook, _ctx.tickets, as_of=as_of, settings=_ctx.settings, index=index)


@st.cache_resource(show_spinner="Preparing the tickets…", max_entries=2)
def _ticket_index(
    tickets_version: str, rules: str, _tickets: pd.DataFrame, _settings: Settings
) -> TicketIndex:
    del tickets_version, rules
    return kept_ticket_index(_tickets, _settings)


def ticket_index_for(ctx: PulseContext) -> TicketIndex | None:
    """The export's ticket index (pulse.signals.index), once per version of the tickets and of
    the rules: every as-of date's signals then only compare dates. None: nothing to keep."""
    if ctx.tickets is None or not ctx.tickets_version:
        return None
    rules = repr((ctx.settings.signals, ctx.settings.business_hours))
    return _ticket_index(ctx.tickets_version, rules, ctx.tickets, ctx.settings)


def picture_for(ctx: PulseContext, as_of: date) -> MondayPicture:
    """The Monday picture (risk, signals, candidates, overdue) for `as_of`, with this session's
    unsaved changes applied; computed once per version of the data, so reruns are instant."""
    workbook = working_workbook(ctx)
    version = data_version(ctx)
    if not version:
        return week_picture(workbook, ctx.tickets, as_of=as_of, settings=ctx.settings)
    return _cached_picture(version, as_of, ctx, workbook)


@st.cache_resource(show_spinner=False, max_entries=64)
def _per_version(key: str, _build: Callable[[], Any]) -> Any:
    del key
    return _build()


def per_version(ctx: PulseContext, name: str, as_of: date | None, build: Callable[[], T]) -> T:
    """`build()` once per version of the data (data_version), as-of date and `name`, shared by
    every session (callers never edit what it returns); built afresh when there is no version.
    `as_of` None: what is built does not depend on the date (an as-of change keeps it)."""
    version = data_version(ctx)
    if not version:
        return build()
    day = as_of.isoformat() if as_of is not None else "any day"
    built: T = _per_version(f"{name}|{version}|{day}", build)
    return built


def data_version(ctx: PulseContext) -> str:
    """The version of what pages show (workbook, tickets, this session's unsaved changes), to
    key their caches on; empty when the workbook has none (nothing may then be cached)."""
    if not ctx.workbook_version:
        return ""
    return "|".join((ctx.workbook_version, ctx.tickets_version, current(ctx).state()))


def this_week_history(ctx: PulseContext) -> pd.DataFrame:
    """Pulse History with this week's rows, from the same signals the pages show."""

    def build() -> pd.DataFrame:
        # The page's own picture (its risk table) gives the week's rows: not computed again.
        return history_with_picture(working_workbook(ctx).history, picture_for(ctx, ctx.as_of))

    # Once per version of the data and date: the Workbook page and the save both ask for it.
    return per_version(ctx, "this_week_history", ctx.as_of, build)
