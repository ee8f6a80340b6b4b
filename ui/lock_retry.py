"""A save refused because a colleague has the workbook open in Excel (423): the changes stay in
the draft journal and the save is tried again by itself, with back-off, under a banner."""

from __future__ import annotations

import streamlit as st

from app.saving import LockRetry, next_lock_retry
from ui.context import PulseContext
from ui.pending import current, now

LOCK_RETRY_KEY = "lock_retry"  # the LockRetry waiting in this session, if any
LAST_RETRY_KEY = "lock_retry_last"  # the one being tried now, so a new refusal waits longer
TICK_SECONDS = 5  # how often the banner looks whether the retry is due


def waiting() -> LockRetry | None:
    held = st.session_state.get(LOCK_RETRY_KEY)
    return held if isinstance(held, LockRetry) else None


def schedule(holder: str) -> LockRetry:
    """One more refusal: the next try, later than the last."""
    previous = waiting() or st.session_state.pop(LAST_RETRY_KEY, None)
    retry = next_lock_retry(previous, holder=holder, now=now())
    st.session_state[LOCK_RETRY_KEY] = retry
    return retry


def clear() -> None:
    st.session_state.pop(LOCK_RETRY_KEY, None)
    st.session_state.pop(LAST_RETRY_KEY, None)


def take_due() -> bool:
    """True when a retry is due now (then it is the one being tried: see `tried`)."""
    retry = waiting()
    if retry is None or now() < retry.due:
        return False
    st.session_state[LAST_RETRY_KEY] = st.session_state.pop(LOCK_RETRY_KEY)
    return True


def tried() -> None:
    """The due retry was made: a refusal has rescheduled it, anything else ends the wait."""
    st.session_state.pop(LAST_RETRY_KEY, None)


def banner(ctx: PulseContext) -> None:
    """The banner, and a timer that reruns the app when the retry falls due."""
    retry = waiting()
    if retry is None:
        return
    who = retry.holder or "Someone"
    st.warning(
        f"{who} has the workbook open in Excel, so SharePoint refused the save (locked). "
        f"Your {current(ctx).count} change(s) and this week's Pulse History are kept, also if "
        f"you close this page, and saving is tried again by itself at {retry.due:%H:%M:%S} "
        f"(refused {retry.refusals} time(s) so far).",
        icon="🔒",
    )
    _tick()


@st.fragment(run_every=TICK_SECONDS)
def _tick() -> None:
    retry = waiting()
    if retry is not None and now() >= retry.due:
        st.rerun(scope="app")
