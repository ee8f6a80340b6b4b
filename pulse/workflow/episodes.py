"""Extra-care episodes (SPEC "Extra care", seeds 000/001): which episode is a client's latest,
recommending a client, and what is recorded on an episode during its life: weekly reviews, the
root-cause analysis, the PSA mark and the Tuesday announcement. Decisions taken in the CST
meeting (approve, decline, remove) are in `pulse.workflow.decisions`.
"""

from __future__ import annotations

from collections.abc import Hashable, Set
from datetime import date, datetime

import pandas as pd

from pulse.dates import TUESDAY, is_monday
from pulse.frames import YES, cell_text, client_keys, is_blank, to_day, with_blank_row
from pulse.schema import (
    EPISODES,
    OPEN_EPISODE_STATUSES,
    Criterion,
    EpisodeStatus,
    Sheet,
    client_key,
)
from pulse.workflow.audit import Change, audit_field, edit_cells, recorded
from pulse.workflow.outcome import Outcome, Refused, required_text

REVIEW_ON_MONDAY = "Reviews are recorded for a CST meeting (a Monday)"
_OPEN = {str(status) for status in OPEN_EPISODE_STATUSES}


def latest_episode(episodes: pd.DataFrame, client: str) -> Hashable | None:
    """The index of the client's open episode (Recommended/Active), else of its last one."""
    mine = episodes[client_keys(episodes) == client_key(client)]
    if mine.empty:
        return None
    open_ones = mine[mine["status"].astype(object).isin(_OPEN)]
    label: Hashable = (open_ones if not open_ones.empty else mine).index[-1]
    return label


def latest_episodes(episodes: pd.DataFrame) -> dict[str, Hashable]:
    """`latest_episode` for every client at once: client key -> index label, in one pass.

    The Monday page's forms need every client's status; asking `latest_episode` per client
    scans all episodes each time (2,000 clients x 900 episodes at MSP scale).
    """
    last: dict[str, Hashable] = {}
    last_open: dict[str, Hashable] = {}
    if episodes.empty:
        return last
    is_open = episodes["status"].astype(object).isin(_OPEN)
    for label, key, open_now in zip(episodes.index, client_keys(episodes), is_open, strict=True):
        last[key] = label
        if open_now:
            last_open[key] = label
    return {key: last_open.get(key, label) for key, label in last.items()}


def episode_status(episodes: pd.DataFrame, label: Hashable | None) -> str:
    """The status of episode `label` as text ("" when there is no such episode)."""
    return "" if label is None else cell_text(episodes.at[label, "status"])


def is_open_episode(episodes: pd.DataFrame, label: Hashable | None) -> bool:
    """Whether episode `label` exists and is open (Recommended or Active)."""
    return episode_status(episodes, label) in _OPEN


def latest_episode_in(
    episodes: pd.DataFrame, client: str, *, statuses: Set[str], doing: str
) -> Hashable:
    """The client's latest episode when its status allows `doing`, else a refusal saying why."""
    label = latest_episode(episodes, client)
    status = episode_status(episodes, label)
    if label is None or status not in statuses:
        wanted = " or ".join(sorted(statuses))
        now = f" (its latest is {status})" if status else ""
        raise Refused(f"{client} has no {wanted} episode to {doing}{now}")
    return label


def meeting_day(meeting: date, *, at: datetime, refusal: str) -> pd.Timestamp:
    """The CST meeting's day: decisions are made only on a Monday, and never dated after today."""
    if not is_monday(meeting):
        raise Refused(refusal)
    if to_day(meeting) > to_day(at):
        raise Refused(
            f"The CST meeting date {to_day(meeting).date()} is after today ({to_day(at).date()})"
        )
    return to_day(meeting)


def recommend(
    episodes: pd.DataFrame,
    *,
    client: str,
    criteria: set[Criterion],
    reason: str,
    by: str,
    on: date,
    at: datetime,
    user: str,
) -> Outcome:
    """Anyone may recommend a client for extra care, with the criteria met and a reason."""
    client = required_text(client, "Choose the client to recommend")
    if not criteria:
        raise Refused("Choose at least one extra-care criterion")
    reason = required_text(reason, "A reason is required to recommend a client")
    by = required_text(by, "Say who recommends the client")
    label = latest_episode(episodes, client)
    if is_open_episode(episodes, label):
        raise Refused(f"{client} already has an open episode ({episode_status(episodes, label)})")
    episodes, label = with_blank_row(episodes.copy(), client=client, spec=EPISODES)
    values: dict[str, object] = {
        "status": str(EpisodeStatus.RECOMMENDED),
        "recommended_by": by,
        "recommended_on": to_day(on),
        **{criterion.column: True for criterion in Criterion if criterion in criteria},
        "reason": reason,
    }
    note = f"Recommended by {by}"
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return recorded(changes, at=at, user=user, episodes=episodes)


def _appended_note(existing: object, *, day: pd.Timestamp, notes: str) -> str:
    """Progress notes accumulate, newest last, each line dated by its meeting."""
    line = f"{day.date()}: {notes}"
    before = cell_text(existing)
    return f"{before}\n{line}" if before else line


def record_review(
    episodes: pd.DataFrame, *, client: str, meeting: date, notes: str, at: datetime, user: str
) -> Outcome:
    """Active clients are reviewed in every Monday meeting; the notes join Progress Notes."""
    day = meeting_day(meeting, at=at, refusal=REVIEW_ON_MONDAY)
    label = latest_episode_in(episodes, client, statuses={EpisodeStatus.ACTIVE}, doing="review")
    values: dict[str, object] = {"last_reviewed": day}
    if notes and notes.strip():
        existing = episodes.at[label, "progress_notes"] if "progress_notes" in episodes else None
        values["progress_notes"] = _appended_note(existing, day=day, notes=notes.strip())
    episodes = episodes.copy()
    note = f"Reviewed in the CST meeting of {day.date()}"
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return recorded(changes, at=at, user=user, episodes=episodes)


def record_rca(
    episodes: pd.DataFrame,
    *,
    client: str,
    root_cause: str | None = None,
    related_tickets: str | None = None,
    success_criteria: str | None = None,
    team_instructions: str | None = None,
    at: datetime,
    user: str,
) -> Outcome:
    """The root-cause analysis of an Active episode; None leaves a part as it is."""
    given = {
        "root_cause": root_cause,
        "related_tickets": related_tickets,
        "success_criteria": success_criteria,
        "team_instructions": team_instructions,
    }
    values = {column: value.strip() for column, value in given.items() if value is not None}
    if not values:
        raise Refused("Nothing to record: fill in at least one part of the root-cause analysis")
    label = latest_episode_in(
        episodes, client, statuses={EpisodeStatus.ACTIVE}, doing="record a root-cause analysis for"
    )
    episodes = episodes.copy()
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note="Root-cause analysis")
    return recorded(changes, at=at, user=user, episodes=episodes)


def mark_in_psa(
    episodes: pd.DataFrame, *, client: str, at: datetime, user: str, marked: bool = True
) -> Outcome:
    """The Account Administrator marks an Active client in the PSA (and unmarks after removal)."""
    allowed = {EpisodeStatus.ACTIVE} if marked else {EpisodeStatus.ACTIVE, EpisodeStatus.REMOVED}
    doing = "mark in the PSA" if marked else "unmark in the PSA"
    label = latest_episode_in(episodes, client, statuses={str(s) for s in allowed}, doing=doing)
    is_marked = (
        "marked_in_psa" in episodes and cell_text(episodes.at[label, "marked_in_psa"]) == YES
    )
    if is_marked and marked:
        raise Refused(f"{client} is already marked as extra care in the PSA")
    if not is_marked and not marked:
        raise Refused(f"{client} is not marked as extra care in the PSA")
    note = "Marked extra care in the PSA" if marked else "Extra-care mark removed in the PSA"
    episodes = episodes.copy()
    values = {"marked_in_psa": marked}
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return recorded(changes, at=at, user=user, episodes=episodes)


def record_announcement(
    episodes: pd.DataFrame, *, client: str, on: date, at: datetime, user: str
) -> Outcome:
    """Additions and removals are announced at a Tuesday all-staff huddle after the meeting."""
    statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
    label = latest_episode_in(episodes, client, statuses=statuses, doing="announce")
    removed = episode_status(episodes, label) == EpisodeStatus.REMOVED
    decided = episodes.at[label, "removed_on" if removed else "cst_meeting_date"]
    day = to_day(on)
    if day.weekday() != TUESDAY:  # the all-staff huddle after the Monday meeting
        raise Refused(
            f"Announcements are made at the Tuesday all-staff huddle; {day.date()} is a "
            f"{day.day_name()}"
        )
    if not is_blank(decided) and day <= to_day(pd.Timestamp(decided)):  # type: ignore[arg-type]
        raise Refused(f"The announcement must come after the CST meeting of {cell_text(decided)}")
    note = f"Announced at the Tuesday all-staff huddle of {day.date()}"
    episodes = episodes.copy()
    changes = edit_cells(episodes, label, {"announced_on": day}, sheet=Sheet.EPISODES, note=note)
    return recorded(changes, at=at, user=user, episodes=episodes)


def delete_recommendation(
    episodes: pd.DataFrame, *, client: str, reason: str, at: datetime, user: str
) -> Outcome:
    """A recommendation recorded by mistake (the wrong client, a duplicate), deleted before any
    CST meeting decided on it: only a Recommended episode, and only with a reason. Its audit
    row keeps what it was (its status becomes blank, see pulse.workflow.audit)."""
    reason = required_text(reason, "Say why the recommendation is deleted (e.g. the wrong client)")
    statuses = {str(EpisodeStatus.RECOMMENDED)}
    label = latest_episode_in(episodes, client, statuses=statuses, doing="delete")
    field = audit_field(Sheet.EPISODES, "status")
    note = f"Recommendation deleted (recorded by mistake): {reason}"
    change = Change(
        str(episodes.at[label, "client"]), field, str(EpisodeStatus.RECOMMENDED), "", note
    )
    return recorded([change], at=at, user=user, episodes=episodes.drop(index=label))
