"""Decisions the CST meeting takes on an episode (seed 001): approve a recommendation (Active),
decline it, or remove an Active client from extra care. Each needs the vCIO and the Director of
Client Success, in a Monday CST meeting; one routine (`_decide`) applies all three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict, Unpack

import pandas as pd

from pulse.frames import cell_text, is_blank, to_day
from pulse.schema import EpisodeStatus, Sheet
from pulse.workflow.audit import edit_cells
from pulse.workflow.episodes import episodes_outcome, latest_episode_in, meeting_day
from pulse.workflow.outcome import Outcome, Refused, required_text


@dataclass(frozen=True)
class _Decision:
    """A decision the vCIO and the Director take together in a Monday CST meeting (seed 001)."""

    name: str  # as refusals say it: "Approval must be decided in a CST meeting (a Monday)"
    doing: str  # as "cannot approve" says it
    verb: str  # as the audit note says it
    statuses: frozenset[EpisodeStatus]  # the episode statuses it applies to
    after: tuple[str, str]  # (column, what it is): the meeting may not come before it
    reason_refusal: str | None  # the refusal for a blank reason, when one is required
    values: Callable[[str, str, pd.Timestamp, str], dict[str, object]]  # vcio, director, day, why


_APPROVAL = _Decision(
    name="Approval",
    doing="approve",
    verb="Approved",
    statuses=frozenset({EpisodeStatus.RECOMMENDED}),
    after=("recommended_on", "the recommendation"),
    reason_refusal=None,
    values=lambda vcio, director, day, _: {
        "status": str(EpisodeStatus.ACTIVE),
        "vcio_approval": vcio,
        "vcio_approved_on": day,
        "director_approval": director,
        "director_approved_on": day,
        "cst_meeting_date": day,
    },
)
# A recommendation is declined the way it is approved; the reason goes in Removal Reason.
_DECLINE = _Decision(
    name="Declining",
    doing="decline",
    verb="Declined",
    statuses=frozenset({EpisodeStatus.RECOMMENDED}),
    after=("recommended_on", "the recommendation"),
    reason_refusal="A reason is required to decline a recommendation",
    values=lambda _vcio, _director, day, reason: {
        "status": str(EpisodeStatus.DECLINED),
        "cst_meeting_date": day,
        "removal_reason": reason,
    },
)
_REMOVAL = _Decision(
    name="Removal",
    doing="remove",
    verb="Removed",
    statuses=frozenset({EpisodeStatus.ACTIVE}),
    after=("cst_meeting_date", "the approval meeting"),
    reason_refusal="A removal reason is required",
    values=lambda _vcio, _director, day, reason: {
        "status": str(EpisodeStatus.REMOVED),
        "removed_on": day,
        "removal_reason": reason,
    },
)


class DecisionArgs(TypedDict):
    """The keyword arguments every decision takes: whose episode, who decided, in which
    meeting, and when and by whom it is recorded."""

    client: str
    vcio: str
    director: str
    meeting: date
    at: datetime
    user: str


def approve(episodes: pd.DataFrame, **decided: Unpack[DecisionArgs]) -> Outcome:
    """Active needs the vCIO's and the Director's approval, decided in a Monday CST meeting."""
    return _decide(episodes, _APPROVAL, reason="", **decided)


def decline(episodes: pd.DataFrame, *, reason: str, **decided: Unpack[DecisionArgs]) -> Outcome:
    """A recommendation is declined the way it is approved; the reason goes in Removal Reason."""
    return _decide(episodes, _DECLINE, reason=reason, **decided)


def remove(episodes: pd.DataFrame, *, reason: str, **decided: Unpack[DecisionArgs]) -> Outcome:
    """Removal from extra care is decided like approval: vCIO and Director, in a CST meeting."""
    return _decide(episodes, _REMOVAL, reason=reason, **decided)


def _decide(
    episodes: pd.DataFrame, decision: _Decision, *, reason: str, **decided: Unpack[DecisionArgs]
) -> Outcome:
    vcio, director = _deciders(decided["vcio"], decided["director"], decision=decision.name)
    in_meeting = f"{decision.name} must be decided in a CST meeting (a Monday)"
    day = meeting_day(decided["meeting"], at=decided["at"], refusal=in_meeting)
    if decision.reason_refusal is not None:
        reason = required_text(reason, decision.reason_refusal)
    label = latest_episode_in(
        episodes, decided["client"], statuses=decision.statuses, doing=decision.doing
    )
    column, what = decision.after
    _not_before(day, episodes.at[label, column], what=what)
    values = decision.values(vcio, director, day, reason)
    note = (
        f"{decision.verb} by vCIO {vcio} and Director {director} in the CST meeting of {day.date()}"
    )
    episodes = episodes.copy()
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return episodes_outcome(episodes, changes, at=decided["at"], user=decided["user"])


def _deciders(vcio: str, director: str, *, decision: str) -> tuple[str, str]:
    """Both names, trimmed; refused when either is blank."""
    return (
        required_text(vcio, f"{decision} needs the vCIO's name"),
        required_text(director, f"{decision} needs the Director of Client Success's name"),
    )


def _not_before(meeting: pd.Timestamp, earlier: object, *, what: str) -> None:
    if not is_blank(earlier) and meeting < to_day(pd.Timestamp(earlier)):  # type: ignore[arg-type]
        raise Refused(f"The CST meeting ({meeting.date()}) is before {what} ({cell_text(earlier)})")
