"""The extra-care workflow (SPEC "Extra care", seeds 000/001): every change to an episode or an
action item, each returning new frames plus the audit rows that record it, or refusing with a
plain reason.

Audit-row encoding (what makes a session's pending changes replayable, see `replay`):

- one audit row per changed cell: `at`, `user`, `client` (display name), `field`, `old`, `new`,
  `note`; `old`/`new` are `pulse.frames.cell_text` renderings (ISO dates, yes/no, "" = blank);
- `field` is `<sheet tab>[<row key>].<column>`, e.g. `Extra Care Tracking Info.status` or
  `Action Items[Call the POC weekly].owner`;
- an episode row is the client's latest episode (its open one, else its last row) when the row key
  is empty, else the client's episode whose Recommended On is the key (an ISO date);
- an action row is the client's action item whose text is the key (an open one first): the text
  before this change, or the new text when the row is being created;
- a new episode starts with its `status` row (old ""), a new action item with its `action` row
  (old ""); an action row whose `action` becomes "" was deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from pulse.dates import TUESDAY, is_monday
from pulse.frames import (
    YES,
    assign,
    cell_text,
    client_keys,
    column_kind,
    is_blank,
    parse_cell,
    to_day,
    to_moment,
    with_blank_row,
)
from pulse.schema import (
    ACTIONS,
    AUDIT,
    CLIENT_KEY,
    EPISODES,
    OPEN_EPISODE_STATUSES,
    SHEET_ROW,
    ActionStatus,
    Criterion,
    Department,
    EpisodeStatus,
    Sheet,
    SheetSpec,
    client_key,
)

AUDIT_COLUMNS: list[str] = [*AUDIT.names, CLIENT_KEY, SHEET_ROW]
EDITABLE_ACTION_FIELDS: tuple[str, ...] = (
    "action",
    "department",
    "owner",
    "due",
    "status",
    "done_on",
    "ticket",
)
_SPECS: dict[Sheet, SheetSpec] = {Sheet.EPISODES: EPISODES, Sheet.ACTIONS: ACTIONS}
# The column whose audit row creates (or, for actions, deletes) a record.
_IDENTITY_COLUMN: dict[Sheet, str] = {Sheet.EPISODES: "status", Sheet.ACTIONS: "action"}
REVIEW_ON_MONDAY = "Reviews are recorded for a CST meeting (a Monday)"
_OPEN = {str(status) for status in OPEN_EPISODE_STATUSES}


class Refused(Exception):
    """A transition that would skip a rule; `reason` is shown to the user as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    """New frames after a change (None: this change did not touch that frame) and audit rows."""

    episodes: pd.DataFrame | None
    actions: pd.DataFrame | None
    audit: pd.DataFrame


@dataclass(frozen=True)
class FieldRef:
    """A parsed audit `field`: which tab, which row (see the module docstring), which column."""

    sheet: Sheet
    column: str
    row: str = ""

    def __str__(self) -> str:
        return audit_field(self.sheet, self.column, row=self.row)


@dataclass(frozen=True)
class _Change:
    client: str
    field: str
    old: str
    new: str
    note: str


def audit_field(sheet: Sheet, column: str, *, row: str = "") -> str:
    """The audit `field` text for a cell: 'Action Items[Call the POC].owner'."""
    key = f"[{row}]" if row else ""
    return f"{sheet.value}{key}.{column}"


def parse_audit_field(field: str) -> FieldRef:
    """Read an audit `field` back; refused when it names no tab the workflow writes."""
    prefix, dot, column = field.rpartition(".")
    sheet_name, row = prefix, ""
    if prefix.endswith("]") and "[" in prefix:
        sheet_name, _, rest = prefix.partition("[")
        row = rest[:-1]
    try:
        sheet = Sheet(sheet_name)
    except ValueError:
        sheet = None
    if not dot or sheet not in _SPECS:
        raise Refused(f"Audit field '{field}' names no episode or action-item cell")
    assert sheet is not None
    return FieldRef(sheet, column, row)


def empty_audit() -> pd.DataFrame:
    """An audit frame with no rows and the typed columns of the Audit Log tab."""
    return pd.DataFrame(
        {
            **{name: pd.Series([], dtype=object) for name in AUDIT_COLUMNS},
            "at": pd.Series([], dtype="datetime64[us]"),
            SHEET_ROW: pd.Series([], dtype="Int64"),
        }
    )[AUDIT_COLUMNS]


def _audit(changes: Iterable[_Change], *, at: datetime, user: str) -> pd.DataFrame:
    rows = [
        {
            "at": to_moment(at),
            "user": user,
            "client": change.client,
            "field": change.field,
            "old": change.old,
            "new": change.new,
            "note": change.note,
            CLIENT_KEY: client_key(change.client),
            SHEET_ROW: pd.NA,
        }
        for change in changes
    ]
    if not rows:
        return empty_audit()
    audit = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    audit["at"] = pd.to_datetime(audit["at"])
    audit[SHEET_ROW] = audit[SHEET_ROW].astype("Int64")
    return audit


def _edit(
    frame: pd.DataFrame,
    label: Hashable,
    values: Mapping[str, object],
    *,
    sheet: Sheet,
    note: str,
    row: str = "",
) -> list[_Change]:
    """Set `values` on row `label` in place; one change per cell whose text really changed."""
    spec = _SPECS[sheet]
    client = str(frame.at[label, "client"])
    changes = []
    for column, value in values.items():
        old = cell_text(frame.at[label, column]) if column in frame.columns else ""
        if old == cell_text(value):
            continue
        assign(frame, label, column, value, spec=spec)
        field = audit_field(sheet, column, row=row)
        changes.append(_Change(client, field, old, cell_text(value), note))
    return changes


# --- episodes ------------------------------------------------------------------------------


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


def _status(episodes: pd.DataFrame, label: Hashable | None) -> str:
    return "" if label is None else cell_text(episodes.at[label, "status"])


def _episode_in(episodes: pd.DataFrame, client: str, *, statuses: set[str], doing: str) -> Hashable:
    """The client's latest episode when its status allows `doing`, else a refusal saying why."""
    label = latest_episode(episodes, client)
    status = _status(episodes, label)
    if label is None or status not in statuses:
        wanted = " or ".join(sorted(statuses))
        now = f" (its latest is {status})" if status else ""
        raise Refused(f"{client} has no {wanted} episode to {doing}{now}")
    return label


def _require_text(value: str | None, message: str) -> str:
    if value is None or not str(value).strip():
        raise Refused(message)
    return str(value).strip()


def _require_meeting(meeting: date, *, at: datetime, refusal: str) -> pd.Timestamp:
    """Decisions are made only in the Monday CST meeting, and never dated after today."""
    if not is_monday(meeting):
        raise Refused(refusal)
    if to_day(meeting) > to_day(at):
        raise Refused(
            f"The CST meeting date {to_day(meeting).date()} is after today ({to_day(at).date()})"
        )
    return to_day(meeting)


def _in_meeting(decision: str) -> str:
    return f"{decision} must be decided in a CST meeting (a Monday)"


def _require_deciders(vcio: str, director: str, *, decision: str) -> tuple[str, str]:
    return (
        _require_text(vcio, f"{decision} needs the vCIO's name"),
        _require_text(director, f"{decision} needs the Director of Client Success's name"),
    )


def _not_before(meeting: pd.Timestamp, earlier: object, *, what: str) -> None:
    if not is_blank(earlier) and meeting < to_day(pd.Timestamp(earlier)):  # type: ignore[arg-type]
        raise Refused(f"The CST meeting ({meeting.date()}) is before {what} ({cell_text(earlier)})")


def _outcome_episodes(
    episodes: pd.DataFrame, changes: list[_Change], *, at: datetime, user: str
) -> Outcome:
    return Outcome(episodes=episodes, actions=None, audit=_audit(changes, at=at, user=user))


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
    client = _require_text(client, "Choose the client to recommend")
    if not criteria:
        raise Refused("Choose at least one extra-care criterion")
    reason = _require_text(reason, "A reason is required to recommend a client")
    by = _require_text(by, "Say who recommends the client")
    label = latest_episode(episodes, client)
    if _status(episodes, label) in _OPEN:
        raise Refused(f"{client} already has an open episode ({_status(episodes, label)})")
    episodes, label = with_blank_row(episodes.copy(), client=client, spec=EPISODES)
    values: dict[str, object] = {
        "status": str(EpisodeStatus.RECOMMENDED),
        "recommended_by": by,
        "recommended_on": to_day(on),
        **{criterion.column: True for criterion in Criterion if criterion in criteria},
        "reason": reason,
    }
    note = f"Recommended by {by}"
    changes = _edit(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return _outcome_episodes(episodes, changes, at=at, user=user)


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


def _decide(
    episodes: pd.DataFrame,
    decision: _Decision,
    *,
    client: str,
    vcio: str,
    director: str,
    meeting: date,
    reason: str,
    at: datetime,
    user: str,
) -> Outcome:
    vcio, director = _require_deciders(vcio, director, decision=decision.name)
    day = _require_meeting(meeting, at=at, refusal=_in_meeting(decision.name))
    if decision.reason_refusal is not None:
        reason = _require_text(reason, decision.reason_refusal)
    label = _episode_in(episodes, client, statuses=set(decision.statuses), doing=decision.doing)
    column, what = decision.after
    _not_before(day, episodes.at[label, column], what=what)
    values = decision.values(vcio, director, day, reason)
    note = (
        f"{decision.verb} by vCIO {vcio} and Director {director} in the CST meeting of {day.date()}"
    )
    episodes = episodes.copy()
    changes = _edit(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return _outcome_episodes(episodes, changes, at=at, user=user)


def approve(
    episodes: pd.DataFrame,
    *,
    client: str,
    vcio: str,
    director: str,
    meeting: date,
    at: datetime,
    user: str,
) -> Outcome:
    """Active needs the vCIO's and the Director's approval, decided in a Monday CST meeting."""
    return _decide(
        episodes,
        _APPROVAL,
        client=client,
        vcio=vcio,
        director=director,
        meeting=meeting,
        reason="",
        at=at,
        user=user,
    )


def decline(
    episodes: pd.DataFrame,
    *,
    client: str,
    vcio: str,
    director: str,
    meeting: date,
    reason: str,
    at: datetime,
    user: str,
) -> Outcome:
    """A recommendation is declined the way it is approved; the reason goes in Removal Reason."""
    return _decide(
        episodes,
        _DECLINE,
        client=client,
        vcio=vcio,
        director=director,
        meeting=meeting,
        reason=reason,
        at=at,
        user=user,
    )


def remove(
    episodes: pd.DataFrame,
    *,
    client: str,
    vcio: str,
    director: str,
    meeting: date,
    reason: str,
    at: datetime,
    user: str,
) -> Outcome:
    """Removal from extra care is decided like approval: vCIO and Director, in a CST meeting."""
    return _decide(
        episodes,
        _REMOVAL,
        client=client,
        vcio=vcio,
        director=director,
        meeting=meeting,
        reason=reason,
        at=at,
        user=user,
    )


def _appended_note(existing: object, *, day: pd.Timestamp, notes: str) -> str:
    """Progress notes accumulate, newest last, each line dated by its meeting."""
    line = f"{day.date()}: {notes}"
    before = cell_text(existing)
    return f"{before}\n{line}" if before else line


def record_review(
    episodes: pd.DataFrame, *, client: str, meeting: date, notes: str, at: datetime, user: str
) -> Outcome:
    """Active clients are reviewed in every Monday meeting; the notes join Progress Notes."""
    day = _require_meeting(meeting, at=at, refusal=REVIEW_ON_MONDAY)
    label = _episode_in(episodes, client, statuses={EpisodeStatus.ACTIVE}, doing="review")
    values: dict[str, object] = {"last_reviewed": day}
    if notes and notes.strip():
        existing = episodes.at[label, "progress_notes"] if "progress_notes" in episodes else None
        values["progress_notes"] = _appended_note(existing, day=day, notes=notes.strip())
    episodes = episodes.copy()
    note = f"Reviewed in the CST meeting of {day.date()}"
    changes = _edit(episodes, label, values, sheet=Sheet.EPISODES, note=note)
    return _outcome_episodes(episodes, changes, at=at, user=user)


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
    label = _episode_in(
        episodes, client, statuses={EpisodeStatus.ACTIVE}, doing="record a root-cause analysis for"
    )
    episodes = episodes.copy()
    changes = _edit(episodes, label, values, sheet=Sheet.EPISODES, note="Root-cause analysis")
    return _outcome_episodes(episodes, changes, at=at, user=user)


def mark_in_psa(
    episodes: pd.DataFrame, *, client: str, at: datetime, user: str, marked: bool = True
) -> Outcome:
    """The Account Administrator marks an Active client in the PSA (and unmarks after removal)."""
    allowed = {EpisodeStatus.ACTIVE} if marked else {EpisodeStatus.ACTIVE, EpisodeStatus.REMOVED}
    doing = "mark in the PSA" if marked else "unmark in the PSA"
    label = _episode_in(episodes, client, statuses={str(s) for s in allowed}, doing=doing)
    is_marked = (
        "marked_in_psa" in episodes and cell_text(episodes.at[label, "marked_in_psa"]) == YES
    )
    if is_marked and marked:
        raise Refused(f"{client} is already marked as extra care in the PSA")
    if not is_marked and not marked:
        raise Refused(f"{client} is not marked as extra care in the PSA")
    note = "Marked extra care in the PSA" if marked else "Extra-care mark removed in the PSA"
    episodes = episodes.copy()
    changes = _edit(episodes, label, {"marked_in_psa": marked}, sheet=Sheet.EPISODES, note=note)
    return _outcome_episodes(episodes, changes, at=at, user=user)


def record_announcement(
    episodes: pd.DataFrame, *, client: str, on: date, at: datetime, user: str
) -> Outcome:
    """Additions and removals are announced at a Tuesday all-staff huddle after the meeting."""
    statuses = {str(EpisodeStatus.ACTIVE), str(EpisodeStatus.REMOVED)}
    label = _episode_in(episodes, client, statuses=statuses, doing="announce")
    removed = _status(episodes, label) == EpisodeStatus.REMOVED
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
    changes = _edit(episodes, label, {"announced_on": day}, sheet=Sheet.EPISODES, note=note)
    return _outcome_episodes(episodes, changes, at=at, user=user)


# --- action items --------------------------------------------------------------------------


def _action_rows(actions: pd.DataFrame, client: str, text: str) -> list[Hashable]:
    """The client's action items with this text, open ones first."""
    if actions.empty:
        return []
    same = (client_keys(actions) == client_key(client)) & (
        actions["action"].map(cell_text) == text.strip()
    )
    mine = actions[same]
    done = mine["status"].map(cell_text) == ActionStatus.DONE if "status" in mine else False
    return [*mine[~done].index, *mine[done].index]


def _department(value: str) -> str:
    by_key = {department.casefold(): str(department) for department in Department}
    found = by_key.get(value.strip().casefold())
    if found is None:
        raise Refused(f"Department must be one of: {', '.join(Department)}")
    return found


def _action_value(column: str, value: object) -> object:
    """A value for an action-item cell, typed as its column; refused when it cannot be."""
    if is_blank(value):
        return None
    if column_kind(ACTIONS, column).value == "date":
        try:
            return to_day(pd.Timestamp(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            header = ACTIONS.column(column).header
            raise Refused(f"{header} must be a date (got '{value}')") from None
    text = str(value).strip()
    if column == "department":
        return _department(text)
    if column == "status" and text not in {str(status) for status in ActionStatus}:
        raise Refused(f"Status must be one of: {', '.join(ActionStatus)}")
    return text


def _require_unique(actions: pd.DataFrame, label: Hashable) -> None:
    """Client + text identifies an action item (audit rows, and so replay, rely on it), so a
    new or renamed item may not repeat the text of any of the client's items, done ones too:
    an edit keyed "Call POC" must find one row when it is replayed."""
    client, text = str(actions.at[label, "client"]), cell_text(actions.at[label, "action"])
    if not text:
        raise Refused("An action item cannot be blank")
    if any(row != label for row in _action_rows(actions, client, text)):
        raise Refused(
            f'{client} already has an action item "{text}"; word this one differently '
            "(for example, add the month)"
        )


def _outcome_actions(
    actions: pd.DataFrame, changes: list[_Change], *, at: datetime, user: str
) -> Outcome:
    return Outcome(episodes=None, actions=actions, audit=_audit(changes, at=at, user=user))


def add_action(
    actions: pd.DataFrame,
    *,
    client: str,
    action: str,
    department: str,
    owner: str,
    due: date,
    at: datetime,
    user: str,
    ticket: str = "",
) -> Outcome:
    """A new open action item: what, which department, who, by when."""
    client = _require_text(client, "Choose the client for the action item")
    text = _require_text(action, "Describe the action item")
    department = _department(_require_text(department, "Choose the department for the action item"))
    owner = _require_text(owner, "An action item needs an owner")
    if due is None:
        raise Refused("An action item needs a due date")
    actions, label = with_blank_row(actions.copy(), client=client, spec=ACTIONS)
    values: dict[str, object] = {
        "action": text,
        "department": department,
        "owner": owner,
        "due": to_day(due),
        "status": str(ActionStatus.OPEN),
        "ticket": ticket.strip() or None,
    }
    changes = _edit(actions, label, values, sheet=Sheet.ACTIONS, note="Action item added", row=text)
    _require_unique(actions, label)
    return _outcome_actions(actions, changes, at=at, user=user)


def _edit_action(
    actions: pd.DataFrame, label: Hashable, values: dict[str, object], *, note: str
) -> list[_Change]:
    """Edit in place; a text change goes first, keyed by the old text, the rest by the new."""
    changes: list[_Change] = []
    if "action" in values:
        old_text = cell_text(actions.at[label, "action"])
        new_text = {"action": values.pop("action")}
        changes += _edit(actions, label, new_text, sheet=Sheet.ACTIONS, note=note, row=old_text)
    row = cell_text(actions.at[label, "action"])
    changes += _edit(actions, label, values, sheet=Sheet.ACTIONS, note=note, row=row)
    _require_unique(actions, label)
    return changes


def update_action(
    actions: pd.DataFrame,
    *,
    index: Hashable,
    changes: Mapping[str, object],
    at: datetime,
    user: str,
) -> Outcome:
    """Change fields of one action item (by frame index): text, department, owner, due, ..."""
    if index not in actions.index:
        raise Refused(f"There is no action item {index}")
    unknown = sorted(set(changes) - set(EDITABLE_ACTION_FIELDS))
    if unknown:
        raise Refused(f"Action-item fields that cannot be changed: {', '.join(unknown)}")
    values = {column: _action_value(column, value) for column, value in changes.items()}
    actions = actions.copy()
    audit_changes = _edit_action(actions, index, values, note="Action item edited")
    return _outcome_actions(actions, audit_changes, at=at, user=user)


def complete_action(
    actions: pd.DataFrame, *, index: Hashable, on: date, at: datetime, user: str
) -> Outcome:
    """Done, on the day it was done."""
    if index not in actions.index:
        raise Refused(f"There is no action item {index}")
    if cell_text(actions.at[index, "status"]) == ActionStatus.DONE:
        raise Refused(f'"{cell_text(actions.at[index, "action"])}" is already done')
    values: dict[str, object] = {"status": str(ActionStatus.DONE), "done_on": to_day(on)}
    actions = actions.copy()
    changes = _edit_action(actions, index, values, note="Action item done")
    return _outcome_actions(actions, changes, at=at, user=user)


# --- table edits and replay ----------------------------------------------------------------

EDITED_IN_TABLE = "Edited in the table"


def _row_key(frame: pd.DataFrame, label: Hashable, *, sheet: Sheet) -> str:
    """The audit row key of a row as it is in `frame` (see the module docstring)."""
    if sheet is Sheet.ACTIONS:
        return cell_text(frame.at[label, "action"])
    if latest_episode(frame, str(frame.at[label, "client"])) == label:
        return ""
    return cell_text(frame.at[label, "recommended_on"])


def _cell_changes(
    before: pd.DataFrame, after: pd.DataFrame, label: Hashable, *, sheet: Sheet
) -> list[_Change]:
    """Changed cells of one row; for actions the text first, the other cells keyed by new text."""
    identity = _IDENTITY_COLUMN[sheet]
    client = str(before.at[label, "client"])
    key = _row_key(before, label, sheet=sheet)
    columns = [identity, *(c for c in _SPECS[sheet].names if c not in (identity, "client"))]
    changes: list[_Change] = []
    for column in [*columns, "client"]:
        old = cell_text(before.at[label, column]) if column in before else ""
        new = cell_text(after.at[label, column]) if column in after else ""
        if old != new:
            field = audit_field(sheet, column, row=key)
            changes.append(_Change(client, field, old, new, EDITED_IN_TABLE))
            if sheet is Sheet.ACTIONS and column == "action":
                key = new
    return changes


def _added_row_changes(after: pd.DataFrame, label: Hashable) -> list[_Change]:
    text = cell_text(after.at[label, "action"])
    client = cell_text(after.at[label, "client"])
    if not text or not client:
        raise Refused("A new action item needs a client and its text")
    columns = ["action", *(c for c in ACTIONS.names if c not in ("action", "client"))]
    values = {column: cell_text(after.at[label, column]) for column in columns if column in after}
    note = "Action item added"
    return [
        _Change(client, audit_field(Sheet.ACTIONS, column, row=text), "", value, note)
        for column, value in values.items()
        if value
    ]


def diff_to_audit(
    before: pd.DataFrame, after: pd.DataFrame, *, sheet: Sheet, at: datetime, user: str
) -> pd.DataFrame:
    """Audit rows for every cell an edited table changed (rows matched by index label)."""
    if sheet not in _SPECS:
        raise Refused(f"Edits to the {sheet} tab are not recorded by the workflow")
    added = [label for label in after.index if label not in before.index]
    deleted = [label for label in before.index if label not in after.index]
    if sheet is Sheet.EPISODES and (added or deleted):
        raise Refused("Episodes are added by recommending a client and never deleted")
    changes: list[_Change] = []
    for label in before.index:
        if label in after.index:
            changes += _cell_changes(before, after, label, sheet=sheet)
    for label in added:
        changes += _added_row_changes(after, label)
    for label in deleted:
        text = cell_text(before.at[label, "action"])
        field = audit_field(Sheet.ACTIONS, "action", row=text)
        changes.append(_Change(str(before.at[label, "client"]), field, text, "", "Deleted"))
    return _audit(changes, at=at, user=user)


def _replay_target(
    frame: pd.DataFrame, ref: FieldRef, *, client: str, creating: bool
) -> Hashable | None:
    """The row an audit row names in a (newer) frame, or None when it is not there.

    A new episode lands on the client's open episode when someone else opened one meanwhile.
    """
    if ref.sheet is Sheet.ACTIONS:
        rows = _action_rows(frame, client, ref.row)
        return rows[0] if rows else None
    if not ref.row:
        label = latest_episode(frame, client)
        if creating and label is not None and _status(frame, label) not in _OPEN:
            return None
        return label
    mine = frame[
        (client_keys(frame) == client_key(client))
        & (frame["recommended_on"].map(cell_text) == ref.row)
    ]
    return mine.index[-1] if not mine.empty else None


def _conflict_note(note: str, *, old: str, theirs: str) -> str:
    conflict = (
        f"conflict: someone else saved '{theirs}' meanwhile (this session changed '{old}'); "
        "this session's value kept (last writer wins)"
    )
    return f"{note}; {conflict}" if note else conflict


def _replay_one(
    frame: pd.DataFrame, ref: FieldRef, record: Mapping[str, Any]
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """Apply one audit row to `frame`; the audit row as it now reads, or None if already so."""
    client, note = cell_text(record["client"]), cell_text(record.get("note"))
    old, new = cell_text(record["old"]), cell_text(record["new"])
    creating = ref.column == _IDENTITY_COLUMN[ref.sheet] and not old
    label = _replay_target(frame, ref, client=client, creating=creating)
    if label is None and not creating:
        skipped = f"{note}; not applied: that row was changed or deleted meanwhile"
        return frame, {**record, "note": skipped.lstrip("; ")}
    if label is None:
        frame, label = with_blank_row(frame, client=client, spec=_SPECS[ref.sheet])
    elif ref.sheet is Sheet.ACTIONS and ref.column == "action" and not new:
        return frame.drop(index=label), {**record, "old": cell_text(frame.at[label, "action"])}
    current = cell_text(frame.at[label, ref.column]) if ref.column in frame else ""
    if current == new:
        return frame, None
    if current != old:
        note = _conflict_note(note, old=old, theirs=current)
    kind = column_kind(_SPECS[ref.sheet], ref.column)
    assign(frame, label, ref.column, parse_cell(new, kind), spec=_SPECS[ref.sheet])
    return frame, {**record, "old": current, "note": note}


def replay(audit_rows: pd.DataFrame, episodes: pd.DataFrame, actions: pd.DataFrame) -> Outcome:
    """Re-apply this session's audit rows on a newer workbook (someone saved meanwhile).

    Cells the other session changed and this one did not are kept; a cell both changed takes this
    session's value (last writer wins) and its audit row says so. Rows already holding this
    session's value are dropped from the audit; rows whose record is gone are kept, marked
    'not applied'.
    """
    frames = {Sheet.EPISODES: episodes.copy(), Sheet.ACTIONS: actions.copy()}
    records: list[dict[str, Any]] = []
    for record in audit_rows.to_dict("records"):
        ref = parse_audit_field(cell_text(record["field"]))
        frames[ref.sheet], replayed = _replay_one(
            frames[ref.sheet], ref, {str(k): v for k, v in record.items()}
        )
        if replayed is not None:
            records.append(replayed)
    return Outcome(frames[Sheet.EPISODES], frames[Sheet.ACTIONS], _replayed_audit(records))


def _replayed_audit(records: list[dict[str, Any]]) -> pd.DataFrame:
    if not records:
        return empty_audit()
    audit = pd.DataFrame(records).reindex(columns=AUDIT_COLUMNS)
    audit["at"] = pd.to_datetime(audit["at"])
    audit[CLIENT_KEY] = audit["client"].map(client_key)
    audit[SHEET_ROW] = pd.array([pd.NA] * len(audit), dtype="Int64")
    return audit
