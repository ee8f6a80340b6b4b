"""The episode events between two CST meetings (pulse.history's Changes: added, approved, removed,
declined), from the episodes' own dates and the Audit Log's status changes.

Which rows are events, and what each says, does not depend on the meetings: that is worked out
once per version of the Episodes tab and of the Audit Log (pulse.memo) as a table of every event
with its day; a pair of meetings then only picks the days in (after, upto].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pulse.frames import cell_text, client_keys, day_of, is_blank, within_days
from pulse.memo import remembered
from pulse.schema import CLIENT_KEY, EpisodeStatus, Sheet

EVENT_COLUMNS: list[str] = ["client", CLIENT_KEY, "on", "detail"]
STATUS_FIELD = f"{Sheet.EPISODES.value}.status"

# Every event of one kind, and the day of each (pulse.frames.day_of).
Dated = tuple[pd.DataFrame, pd.Series]


def status_events(
    audit: pd.DataFrame, episodes: pd.DataFrame, *, after: pd.Timestamp, upto: pd.Timestamp
) -> dict[EpisodeStatus, pd.DataFrame]:
    """Episode events in (after, upto] by the status they led to (EVENT_COLUMNS, by client):
    from episode dates, plus Audit Log status rows for clients the dates missed."""
    by_dates = remembered("episode_events", (episodes,), lambda: _episode_events(episodes))
    by_log = remembered("audit_events", (audit,), lambda: _audit_events(audit))
    return {
        status: _union(_between(dated, after, upto), _between(by_log[status], after, upto))
        for status, dated in by_dates.items()
    }


def _between(dated: Dated, after: pd.Timestamp, upto: pd.Timestamp) -> pd.DataFrame:
    events, days = dated
    return _rows(events, within_days(days, after=after, upto=upto))


def _events(rows: pd.DataFrame, *, on: str, detail: pd.Series) -> Dated:
    events = pd.DataFrame(
        {
            "client": rows["client"].astype(object),
            CLIENT_KEY: client_keys(rows).astype(object),
            "on": rows[on].dt.normalize(),
            "detail": detail.map(cell_text).astype(object),
        }
    )[EVENT_COLUMNS]
    return events, day_of(rows[on])


def _approvers(rows: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            f"vCIO {cell_text(vcio)}, Director {cell_text(director)}"
            for vcio, director in zip(rows["vcio_approval"], rows["director_approval"], strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


def _rows(frame: pd.DataFrame, wanted: pd.Series) -> pd.DataFrame:
    return frame[wanted.to_numpy(dtype=bool, na_value=False)]


def _episode_events(episodes: pd.DataFrame) -> dict[EpisodeStatus, Dated]:
    """Episodes recommended, approved, removed or declined, by their dates."""
    status = episodes["status"]
    approved = _rows(episodes, episodes["director_approval"].map(cell_text).astype(bool))
    removed = _rows(episodes, status == EpisodeStatus.REMOVED)
    declined = _rows(episodes, status == EpisodeStatus.DECLINED)
    return {
        EpisodeStatus.RECOMMENDED: _events(
            episodes, on="recommended_on", detail=episodes["reason"]
        ),
        EpisodeStatus.ACTIVE: _events(
            approved, on="director_approved_on", detail=_approvers(approved)
        ),
        EpisodeStatus.REMOVED: _events(removed, on="removed_on", detail=removed["removal_reason"]),
        EpisodeStatus.DECLINED: _events(
            declined, on="cst_meeting_date", detail=declined["removal_reason"]
        ),
    }


def _audit_events(audit: pd.DataFrame) -> dict[EpisodeStatus, Dated]:
    """Status changes the product recorded (they catch rows edited since), but not those of a
    recommendation deleted afterwards as a mistake, by the status they led to."""
    changes = _status_changes(audit)
    found = {}
    for status in EpisodeStatus:
        rows = _rows(changes, changes["new"] == status)
        found[status] = _events(rows, on="at", detail=rows["note"])
    return found


def _status_changes(audit: pd.DataFrame) -> pd.DataFrame:
    """The Audit Log's episode status changes, but not those of a client's episode whose
    deletion (its status made blank: a recommendation recorded by mistake) follows further down
    the log."""
    keys = client_keys(audit).tolist()
    status = (audit["field"] == STATUS_FIELD).to_numpy(dtype=bool, na_value=False)
    blank_new = audit["new"].map(is_blank).to_numpy(dtype=bool)
    blank_old = audit["old"].map(is_blank).to_numpy(dtype=bool)
    last_deletion = {keys[at]: at for at in np.flatnonzero(status & blank_new & ~blank_old)}
    return audit[status & (np.arange(len(keys)) >= [last_deletion.get(key, -1) for key in keys])]


def _union(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Episode-date events, plus audit events for clients the episode dates missed."""
    both = first
    if not second.empty:  # most weeks the log adds nothing: no lookup, no copy
        extra = second[~second[CLIENT_KEY].isin(first[CLIENT_KEY])].drop_duplicates(CLIENT_KEY)
        both = pd.concat([first, extra], ignore_index=True) if not extra.empty else first
    return both.sort_values(["client", "on"], kind="stable").reset_index(drop=True)
