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
from pulse.workflow.audit import edit_cells, recorded
from pulse.workflow.episodes import latest_episode_in, meeting_day
from pulse.workflow.outcome import Outcome, Refused, required_text

# The cells a decision sets, from (vcio, director, meeting day, reason); refuses a blank reason
# where the decision needs one.
_Values = Callable[[str, str, pd.Timestamp, str], dict[str, object]]


@dataclass(frozen=True)
class _Decision:
    """A decision the vCIO and the Director take together in a Monday CST meeting (seed 001)."""

    # As sentences say it: "Approval must be decided ...", "... episode to approve", "Approved by".
    words: tuple[str, str, str]
    applies_to: EpisodeStatus  # the status of the episode it changes
    not_before: tuple[str, str]  # (column, what it is): the meeting may not come before it
    values: _Values


def _approved(vcio: str, director: str, day: pd.Timestamp, _reason: str) -> dict[str, object]:
    return {
        "status": str(EpisodeStatus.ACTIVE),
        "vcio_approval": vcio,
        "vcio_approved_on": day,
        "director_approval": director,
        "director_approved_on": day,
        "cst_meeting_date": day,
    }


def _closing(status: EpisodeStatus, column: str, *, refusal: str) -> _Values:
    """Declining and removal close the episode: the day goes in `column`, the reason (required)
    in Removal Reason."""

    def values(_vcio: str, _director: str, day: pd.Timestamp, reason: str) -> dict[str, object]:
        return {
            "status": str(status),
            column: day,
            "removal_reason": required_text(reason, refusal),
        }

    return values


_APPROVAL = _Decision(
    ("Approval", "approve", "Approved"),
    EpisodeStatus.RECOMMENDED,
    ("recommended_on", "the recommendation"),
    _approved,
)
# A recommendation is declined the way it is approved; the reason goes in Removal Reason.
_DECLINE = _Decision(
    ("Declining", "decline", "Declined"),
    EpisodeStatus.RECOMMENDED,
    ("recommended_on", "the recommendation"),
    _closing(
        EpisodeStatus.DECLINED,
        "cst_meeting_date",
        refusal="A reason is required to decline a recommendation",
    ),
)
_REMOVAL = _Decision(
    ("Removal", "remove", "Removed"),
    EpisodeStatus.ACTIVE,
    ("cst_meeting_date", "the approval meeting"),
    _closing(EpisodeStatus.REMOVED, "removed_on", refusal="A removal reason is required"),
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
    """Apply `decision`, refusing in this order: a missing name, a meeting that is no Monday or
    is after today, a blank reason (in `values`), no episode in the right status, a meeting
    before the episode's own date."""
    name, doing, verb = decision.words
    vcio, director = _deciders(decided["vcio"], decided["director"], decision=name)
    in_meeting = f"{name} must be decided in a CST meeting (a Monday)"
    day = meeting_day(decided["meeting"], at=decided["at"], refusal=in_meeting)
    values = decision.values(vcio, director, day, reason)
    statuses = {decision.applies_to}
    label = latest_episode_in(episodes, decided["client"], statuses=statuses, doing=doing)
    column, what = decision.not_before
    _not_before(day, episodes.at[label, column], what=what)
    note = f"{verb} by vCIO {vcio} and Director {director} in the CST meeting of {day.date()}"
    episodes = episodes.copy()
    changes = edit_cells(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return recorded(changes, at=decided["at"], user=decided["user"], episodes=episodes)


def _deciders(vcio: str, director: str, *, decision: str) -> tuple[str, str]:
    """Both names, trimmed; refused when either is blank."""
    return (
        required_text(vcio, f"{decision} needs the vCIO's name"),
        required_text(director, f"{decision} needs the Director of Client Success's name"),
    )


def _not_before(meeting: pd.Timestamp, earlier: object, *, what: str) -> None:
    if not is_blank(earlier) and meeting < to_day(pd.Timestamp(earlier)):  # type: ignore[arg-type]
        raise Refused(f"The CST meeting ({meeting.date()}) is before {what} ({cell_text(earlier)})")
