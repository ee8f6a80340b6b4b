"""Pulse History (one row per client per week) and what changed since the last CST meeting.

SPEC "Risk to MRR": trends come from the Pulse History tab; the Monday view shows episodes added,
approved, removed; flags and risk that moved; actions completed or newly overdue.

A week nobody saved is unknown, never a week of zeros: flags and bands are compared with the
latest saved week before this meeting's (which `HistoryBasis` names), a client with no row that
week is new rather than moved from nothing, and with no earlier week there is nothing to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from pulse.actions import days_overdue, overdue_mask
from pulse.frames import between_days, client_keys, is_in, to_day
from pulse.history_events import status_events
from pulse.risk import risk_bands
from pulse.schema import CLIENT_KEY, HISTORY, SHEET_ROW, ActionStatus, EpisodeStatus
from pulse.settings import RiskSettings

HISTORY_COLUMNS: list[str] = [*HISTORY.names, CLIENT_KEY, SHEET_ROW]
MOVE_COLUMNS: list[str] = [
    "client",
    CLIENT_KEY,
    "criteria_before",
    "criteria_now",
    "risk_before",
    "risk_now",
    "band_before",
    "band_now",
]
NEW_COLUMNS: list[str] = ["client", CLIENT_KEY, "criteria_now", "risk_now", "band_now"]
COMPLETED_COLUMNS: list[str] = ["client", CLIENT_KEY, "action", "department", "owner", "done_on"]
# The item's columns as COMPLETED_COLUMNS gives them, then when it was due and how late it is.
OVERDUE_COLUMNS: list[str] = [*COMPLETED_COLUMNS[:-1], "due", "days_overdue"]


def week_monday(day: date) -> pd.Timestamp:
    """The Monday starting the week of `day` (history rows are keyed by it)."""
    stamp = to_day(day)
    return stamp - timedelta(days=stamp.weekday())


def pulse_history_rows(risk_table: pd.DataFrame, *, week: date) -> pd.DataFrame:
    """This week's history rows from the risk table (one per client), not yet in the sheet."""
    rows = pd.DataFrame(
        {
            "week": pd.Series(week_monday(week), index=risk_table.index, dtype="datetime64[us]"),
            "client": risk_table["client"].astype(object),
            "status": risk_table["status"].astype(object),
            "criteria_count": risk_table["criteria_count"].astype("Int64"),
            "risk": risk_table["risk"].astype("float64"),
            "mrr": risk_table["mrr"].astype("float64"),
            "mrr_at_risk": risk_table["mrr_at_risk"].astype("float64"),
            CLIENT_KEY: risk_table[CLIENT_KEY].astype(object),
            SHEET_ROW: pd.array([pd.NA] * len(risk_table), dtype="Int64"),
        }
    )
    return rows.reset_index(drop=True)


def merge_history(history: pd.DataFrame, new_rows: pd.DataFrame, *, week: date) -> pd.DataFrame:
    """History with `week`'s rows replaced by `new_rows`: re-saving a week never duplicates it.

    A client that already had a row this week keeps that row's sheet_row, so the writer
    overwrites it in place rather than appending.
    """
    monday = week_monday(week)
    if history.empty:
        return new_rows.assign(week=monday).reset_index(drop=True)
    same_week = history["week"] == monday
    rows_by_client = dict(
        zip(history.loc[same_week, CLIENT_KEY], history.loc[same_week, SHEET_ROW], strict=True)
    )
    fresh = new_rows.assign(week=monday)
    fresh[SHEET_ROW] = pd.array(
        [rows_by_client.get(key, pd.NA) for key in fresh[CLIENT_KEY]], dtype="Int64"
    )
    return pd.concat([history[~same_week], fresh], ignore_index=True)


@dataclass(frozen=True)
class HistoryBasis:
    """Which Pulse History weeks the flags and bands were compared between."""

    meeting_week: pd.Timestamp  # this meeting's week
    expected_week: pd.Timestamp  # the previous meeting's week, the one normally compared with
    compared_week: pd.Timestamp | None  # the latest saved week before this meeting's; None: none
    meeting_known: bool  # this week's rows were given (`current`) or saved

    @property
    def comparable(self) -> bool:
        return self.compared_week is not None and self.meeting_known

    @property
    def skipped_weeks(self) -> list[pd.Timestamp]:
        """The weeks after the compared one, up to the expected one, that nobody saved."""
        if self.compared_week is None or self.compared_week >= self.expected_week:
            return []
        return list(pd.date_range(self.compared_week, self.expected_week, freq="7D"))[1:]


@dataclass(frozen=True)
class Changes:
    """What changed between two CST meetings (each frame sorted by client)."""

    added: pd.DataFrame  # pulse.history_events.EVENT_COLUMNS; detail = the reason
    approved: pd.DataFrame  # detail = who approved
    removed: pd.DataFrame  # detail = the removal reason
    declined: pd.DataFrame  # detail = the reason
    flags_moved: pd.DataFrame  # MOVE_COLUMNS; criteria count changed
    bands_moved: pd.DataFrame  # MOVE_COLUMNS; risk band changed
    new_clients: pd.DataFrame  # NEW_COLUMNS; no row in the compared week
    actions_completed: pd.DataFrame  # COMPLETED_COLUMNS
    actions_newly_overdue: pd.DataFrame  # OVERDUE_COLUMNS
    basis: HistoryBasis


def _week_rows(history: pd.DataFrame, week: pd.Timestamp | None) -> pd.DataFrame:
    columns = ["client", CLIENT_KEY, "criteria_count", "risk"]
    if week is None or history.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    return history.loc[history["week"] == week, columns]


def _latest_week_before(history: pd.DataFrame, week: pd.Timestamp) -> pd.Timestamp | None:
    """The latest week with saved rows strictly before `week`, if any."""
    if history.empty:
        return None
    earlier = history.loc[history["week"] < week, "week"]
    return None if earlier.empty else pd.Timestamp(earlier.max())


def _banded(rows: pd.DataFrame, side: str, *, settings: RiskSettings) -> dict[str, pd.Series]:
    """criteria_<side>, risk_<side> and band_<side> (blank where the saved row left it blank)."""
    risk = rows[f"risk_{side}"].astype("float64")
    bands = risk_bands(risk.to_numpy(), settings)
    return {
        f"criteria_{side}": rows[f"criteria_count_{side}"].astype("Int64"),
        f"risk_{side}": risk,
        f"band_{side}": pd.Series(bands, index=rows.index, dtype=object),
    }


def _moves(
    before: pd.DataFrame, now: pd.DataFrame, *, settings: RiskSettings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Before/now for the clients in both weeks, and the clients only in `now` (new since)."""
    keys = before[CLIENT_KEY].tolist()
    # The keys as plain objects on both sides: coercing text to objects inside merge costs more.
    plain = before.assign(**{CLIENT_KEY: pd.Series(keys, index=before.index, dtype=object)})
    both = plain.merge(
        now.astype({CLIENT_KEY: object}), on=CLIENT_KEY, how="right", suffixes=("_before", "_now")
    )
    table = pd.DataFrame(
        {
            "client": both["client_now"].astype(object),
            CLIENT_KEY: both[CLIENT_KEY].astype(object),
            **_banded(both, "before", settings=settings),
            **_banded(both, "now", settings=settings),
        }
    )
    # In both weeks: a key the compared week has (pandas' merge indicator, at a third the cost).
    known = is_in(both[CLIENT_KEY], keys).to_numpy()
    return _by_client(table.loc[known, MOVE_COLUMNS]), _by_client(table.loc[~known, NEW_COLUMNS])


def _by_client(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values("client", kind="stable").reset_index(drop=True)


def _actions_completed(
    actions: pd.DataFrame, *, after: pd.Timestamp, upto: pd.Timestamp
) -> pd.DataFrame:
    done = actions["status"] == ActionStatus.DONE
    rows = actions[done & between_days(actions["done_on"], after=after, upto=upto)]
    rows = rows.assign(**{CLIENT_KEY: client_keys(rows)})[COMPLETED_COLUMNS]
    return rows.sort_values(["client", "done_on"], kind="stable").reset_index(drop=True)


def _actions_newly_overdue(
    actions: pd.DataFrame, *, previous: pd.Timestamp, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Overdue at as-of but not at the previous meeting (its status as it is now)."""
    newly = overdue_mask(actions, as_of=as_of) & ~overdue_mask(actions, as_of=previous)
    rows = actions[newly]
    rows = rows.assign(
        **{CLIENT_KEY: client_keys(rows)}, days_overdue=days_overdue(rows, as_of=as_of)
    )[OVERDUE_COLUMNS]
    return rows.sort_values(["client", "due"], kind="stable").reset_index(drop=True)


def history_basis(
    history: pd.DataFrame, current: pd.DataFrame | None, *, previous: date, meeting: date
) -> HistoryBasis:
    """The weeks to compare: this meeting's (`current` when given, this week not being saved yet)
    against the latest saved week before it, normally the previous meeting's."""
    meeting_week = week_monday(meeting)
    saved_now = not history.empty and bool((history["week"] == meeting_week).any())
    return HistoryBasis(
        meeting_week=meeting_week,
        expected_week=week_monday(previous),
        compared_week=_latest_week_before(history, meeting_week),
        meeting_known=current is not None or saved_now,
    )


def _moves_between(
    history: pd.DataFrame,
    current: pd.DataFrame | None,
    *,
    basis: HistoryBasis,
    settings: RiskSettings,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Criteria and risk per client between the basis's weeks (nothing when not comparable)."""
    now_rows = current if current is not None else history
    before = _week_rows(history, basis.compared_week if basis.comparable else None)
    now = _week_rows(now_rows, basis.meeting_week if basis.comparable else None)
    return _moves(before, now, settings=settings)


def _moved(moves: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The clients whose `measure` ("criteria" or "band") is known both weeks and differs."""
    before, now = moves[f"{measure}_before"], moves[f"{measure}_now"]
    differs = (before.notna() & now.notna() & (before != now)).fillna(False).astype(bool)
    return moves[differs].reset_index(drop=True)


def changes_since_last_meeting(
    audit: pd.DataFrame,
    history: pd.DataFrame,
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    meeting: date,
    previous: date,
    as_of: date,
    current: pd.DataFrame | None = None,
    settings: RiskSettings | None = None,
) -> Changes:
    """What moved between the `previous` CST meeting and this `meeting`.

    Episode events fall in (previous, meeting], from episode dates and Audit Log status rows.
    Flags and bands compare this meeting's week (`current`, this week's rows from
    `pulse_history_rows`, when it is not saved yet) with the latest saved week before it: the
    previous meeting's, or an earlier one when nobody saved that week (`basis` says which).
    Actions completed in (previous, as_of]; newly overdue = overdue at as_of but not at the
    previous meeting.
    """
    after, today = to_day(previous), to_day(as_of)
    events = status_events(audit, episodes, after=after, upto=to_day(meeting))
    basis = history_basis(history, current, previous=previous, meeting=meeting)
    risk = settings or RiskSettings()
    moves, new = _moves_between(history, current, basis=basis, settings=risk)
    return Changes(
        added=events[EpisodeStatus.RECOMMENDED],
        approved=events[EpisodeStatus.ACTIVE],
        removed=events[EpisodeStatus.REMOVED],
        declined=events[EpisodeStatus.DECLINED],
        flags_moved=_moved(moves, "criteria"),
        bands_moved=_moved(moves, "band"),
        new_clients=new,
        actions_completed=_actions_completed(actions, after=after, upto=today),
        actions_newly_overdue=_actions_newly_overdue(actions, previous=after, as_of=today),
        basis=basis,
    )


LISTED_WEEKS = 3  # skipped weeks named one by one; more are given as a range


def _week_label(week: pd.Timestamp, *, meeting: pd.Timestamp) -> str:
    """`16 Nov`, with the year when it is not the meeting's."""
    label = f"{week.day} {week:%b}"
    return label if week.year == meeting.year else f"{label} {week.year}"


def _skipped_label(weeks: list[pd.Timestamp], *, meeting: pd.Timestamp) -> str:
    labels = [_week_label(week, meeting=meeting) for week in weeks]
    if len(labels) > LISTED_WEEKS:
        return f"the {len(labels)} weeks from {labels[0]} to {labels[-1]}"
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def comparison_note(basis: HistoryBasis) -> str:
    """One sentence saying which saved week the flags and bands were compared with, and why."""
    meeting = basis.meeting_week
    this_week = _week_label(meeting, meeting=meeting)
    if not basis.meeting_known:
        return f"Nothing to compare: no Pulse History was saved for the week of {this_week}."
    if basis.compared_week is None:
        return f"Nothing to compare: no Pulse History was saved before the week of {this_week}."
    compared = f"Compared with the week of {_week_label(basis.compared_week, meeting=meeting)}"
    skipped = basis.skipped_weeks
    if not skipped:
        return f"{compared} in Pulse History."
    return f"{compared}: no history was saved for {_skipped_label(skipped, meeting=meeting)}."
