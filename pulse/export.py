"""What an export writes into the product's four tabs (SPEC: the Account Administrator exports
the updated workbook; trends come from Pulse History, one row per client per week).

Shared by the app's save paths and `pulse export`, so both write the same rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse.frames import moments_in_zone
from pulse.history import merge_history, pulse_history_rows
from pulse.schema import Sheet
from pulse.settings import Settings
from pulse.summary import MondayPicture, monday_picture


def history_with_this_week(
    clients: pd.DataFrame,
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    history: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    ticket_signals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pulse History with the week of `as_of` (re)computed: re-saving a week replaces its rows."""
    picture = monday_picture(
        clients,
        episodes,
        actions,
        as_of=as_of,
        settings=settings,
        ticket_signals=ticket_signals,
    )
    return history_with_picture(history, picture)


def history_with_picture(history: pd.DataFrame, picture: MondayPicture) -> pd.DataFrame:
    """Pulse History with the picture's week (re)computed from its risk table: what
    history_with_this_week gives for the same inputs, when the picture is already at hand."""
    rows = pulse_history_rows(picture.risk, week=picture.as_of)
    return merge_history(history, rows, week=picture.as_of)


def with_pending_audit(audit: pd.DataFrame, pending: pd.DataFrame) -> pd.DataFrame:
    """The Audit Log as read plus this session's rows, appended below (never rewritten).

    When one side's times carry a zone and the other's do not, the naive ones are read as local
    time in that zone (the business zone), so `at` stays one typed column.
    """
    if pending.empty:
        return audit
    if audit.empty:
        return pending.reset_index(drop=True)
    zone = _zone_of(audit) or _zone_of(pending)
    if zone is not None:
        audit, pending = (_in(frame, zone) for frame in (audit, pending))
    return pd.concat([audit, pending], ignore_index=True)


def _zone_of(audit: pd.DataFrame) -> str | None:
    dtype = audit["at"].dtype if "at" in audit else None
    return str(dtype.tz) if isinstance(dtype, pd.DatetimeTZDtype) else None


def _in(frame: pd.DataFrame, zone: str) -> pd.DataFrame:
    return frame.assign(at=moments_in_zone(frame["at"], zone).set_axis(frame.index))


def owned_frames(
    *,
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    audit: pd.DataFrame,
    history: pd.DataFrame,
) -> dict[Sheet, pd.DataFrame]:
    """The frames the writer puts back, keyed by the tab they belong to."""
    return {
        Sheet.EPISODES: episodes,
        Sheet.ACTIONS: actions,
        Sheet.AUDIT: audit,
        Sheet.HISTORY: history,
    }
