"""The team communications after each Monday CST meeting (seed 001, "Team Communication"):
the Tuesday all-staff huddle, the Tuesday department huddles, and the Friday update. Markdown.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from pulse.actions import days_overdue
from pulse.frames import between_days, cell_text, is_blank, to_day
from pulse.markdown import plain
from pulse.schema import EPISODES, ActionStatus, Criterion, Department, EpisodeStatus, Sheet
from pulse.workflow import parse_audit_field

NONE_LINE = "- None"
# Episode cells the Friday update reports when they change during the week.
FRIDAY_FIELDS: tuple[str, ...] = (
    "root_cause",
    "related_tickets",
    "success_criteria",
    "team_instructions",
    "marked_in_psa",
)


def _bullets(lines: list[str]) -> list[str]:
    return lines or [NONE_LINE]


def _is_set(flag: object) -> bool:
    """A yes/no cell (nullable boolean) that says yes; blank counts as no."""
    return not is_blank(flag) and bool(flag)


def _criteria_labels(episode: pd.Series) -> str:
    labels = [c.label for c in Criterion if _is_set(episode.get(c.column))]
    return f" ({', '.join(labels)})" if labels else ""


def _reason(episode: pd.Series, column: str = "reason") -> str:
    return plain(cell_text(episode.get(column)) or "no reason recorded")


def _instructions(episode: pd.Series) -> str:
    text = cell_text(episode.get("team_instructions"))
    return f". Team instructions: {plain(text)}" if text else ""


def _by_client(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("client", key=lambda s: s.map(cell_text).str.casefold())


def added_in(episodes: pd.DataFrame, *, meeting: date) -> pd.DataFrame:
    """Episodes approved (made Active) in this meeting."""
    decided = episodes["cst_meeting_date"] == to_day(meeting)
    return _by_client(episodes[(episodes["status"] == EpisodeStatus.ACTIVE) & decided])


def removed_in(episodes: pd.DataFrame, *, meeting: date) -> pd.DataFrame:
    decided = episodes["removed_on"] == to_day(meeting)
    return _by_client(episodes[(episodes["status"] == EpisodeStatus.REMOVED) & decided])


def on_extra_care(episodes: pd.DataFrame, *, meeting: date) -> pd.DataFrame:
    """Active episodes approved on or before the meeting (a blank approval date counts)."""
    approved = episodes["cst_meeting_date"]
    by_then = approved.isna() | (approved <= to_day(meeting))
    return _by_client(episodes[(episodes["status"] == EpisodeStatus.ACTIVE) & by_then])


def _added_lines(episodes: pd.DataFrame, *, meeting: date) -> list[str]:
    return [
        f"- **{plain(e.client)}** — {_reason(e)}{_criteria_labels(e)}"
        for _, e in added_in(episodes, meeting=meeting).iterrows()
    ]


def _removed_lines(episodes: pd.DataFrame, *, meeting: date) -> list[str]:
    return [
        f"- **{plain(e.client)}** — {_reason(e, 'removal_reason')}"
        for _, e in removed_in(episodes, meeting=meeting).iterrows()
    ]


def _current_lines(episodes: pd.DataFrame, *, meeting: date) -> list[str]:
    lines = []
    for _, episode in on_extra_care(episodes, meeting=meeting).iterrows():
        since = cell_text(episode.get("cst_meeting_date"))
        since_text = f" — since {since}" if since else ""
        lines.append(
            f"- **{plain(episode.client)}**{since_text} — "
            f"{_reason(episode)}{_instructions(episode)}"
        )
    return lines


def tuesday_huddle(episodes: pd.DataFrame, *, meeting: date) -> str:
    """The Director's Tuesday all-staff announcement: who was added and removed, and why."""
    tuesday = to_day(meeting) + timedelta(days=1)
    current = _current_lines(episodes, meeting=meeting)
    lines = [
        f"## Extra care — Tuesday all-staff huddle, {tuesday.date()}",
        "",
        f"Decided in the CST meeting of Monday {to_day(meeting).date()}.",
        "",
        "### Added to extra care",
        *_bullets(_added_lines(episodes, meeting=meeting)),
        "",
        "### Removed from extra care",
        *_bullets(_removed_lines(episodes, meeting=meeting)),
        "",
        f"### On extra care now ({len(current)})",
        *_bullets(current),
    ]
    return "\n".join(lines) + "\n"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _action_line(item: pd.Series) -> str:
    """One open item (see `_open_actions`): client, what, who, when due and how late."""
    due_text = "" if is_blank(item["due"]) else f" — due {item['due'].date()}"
    late = "" if is_blank(item["days_overdue"]) else f" (overdue {_days(item['days_overdue'])})"
    owner = plain(cell_text(item.get("owner")) or "no owner")
    return f"- **{plain(item.client)}** — {plain(cell_text(item.action))} — {owner}{due_text}{late}"


def _open_actions(actions: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Items not Done, by client then due date, with their days overdue on `as_of` (<NA>: not)."""
    open_items = actions[actions["status"] != ActionStatus.DONE]
    by_name = open_items.assign(
        sort_client=open_items["client"].map(cell_text).str.casefold(),
        days_overdue=days_overdue(open_items, as_of=as_of),
    )
    return by_name.sort_values(["sort_client", "due"]).drop(columns="sort_client")


def _decision_summary(episodes: pd.DataFrame, *, meeting: date) -> str:
    added = plain(", ".join(added_in(episodes, meeting=meeting)["client"].map(cell_text)))
    removed = plain(", ".join(removed_in(episodes, meeting=meeting)["client"].map(cell_text)))
    if not added and not removed:
        return "No clients added or removed in Monday's CST meeting."
    return f"Added: {added or 'none'}. Removed: {removed or 'none'}."


def department_huddles(
    episodes: pd.DataFrame, actions: pd.DataFrame, *, meeting: date, as_of: date
) -> dict[str, str]:
    """Each department head's Tuesday huddle: the extra-care list and that department's actions."""
    tuesday = to_day(meeting) + timedelta(days=1)
    summary = _decision_summary(episodes, meeting=meeting)
    current = _current_lines(episodes, meeting=meeting)
    open_items = _open_actions(actions, as_of=as_of)
    huddles: dict[str, str] = {}
    for department in Department:
        mine = open_items[open_items["department"] == department]
        lines = [
            f"## {department} huddle — extra care, {tuesday.date()}",
            "",
            summary,
            "",
            f"### Extra-care clients ({len(current)})",
            *_bullets(current),
            "",
            f"### Open {department} action items",
            *_bullets([_action_line(item) for _, item in mine.iterrows()]),
        ]
        huddles[str(department)] = "\n".join(lines) + "\n"
    return huddles


def _done_lines(actions: pd.DataFrame, *, meeting: pd.Timestamp, friday: pd.Timestamp) -> list[str]:
    done = actions[
        (actions["status"] == ActionStatus.DONE)
        & between_days(actions["done_on"], after=meeting - timedelta(days=1), upto=friday)
    ]
    return [
        f"- **{plain(item.client)}** — {plain(cell_text(item.action))} "
        f"({plain(cell_text(item.get('owner')) or 'no owner')}, {plain(cell_text(item.done_on))})"
        for _, item in done.sort_values(["done_on", "client"]).iterrows()
    ]


def _review_lines(episodes: pd.DataFrame, *, meeting: pd.Timestamp) -> list[str]:
    """Clients reviewed in the meeting, with the progress note dated by it (if any)."""
    reviewed = episodes[episodes["last_reviewed"] == meeting]
    prefix = f"{meeting.date()}: "
    lines = []
    for _, episode in _by_client(reviewed).iterrows():
        notes = cell_text(episode.get("progress_notes")).splitlines()
        said = [line.removeprefix(prefix) for line in notes if line.startswith(prefix)]
        lines.append(
            f"- **{plain(episode.client)}** — {plain('; '.join(said)) or 'reviewed, no new notes'}"
        )
    return lines


def _update_lines(audit: pd.DataFrame, *, meeting: pd.Timestamp, friday: pd.Timestamp) -> list[str]:
    """The week's RCA and PSA updates from the Audit Log, latest value per client and field."""
    in_week = audit[between_days(audit["at"], after=meeting - timedelta(days=1), upto=friday)]
    latest: dict[tuple[str, str], tuple[pd.Timestamp, str]] = {}
    for _, row in in_week.sort_values("at", kind="stable").iterrows():
        field = cell_text(row.field)
        if not field.startswith(Sheet.EPISODES.value):
            continue
        column = parse_audit_field(field).column
        if column in FRIDAY_FIELDS:
            latest[(cell_text(row["client"]), column)] = (row["at"], cell_text(row["new"]))
    return [
        f"- **{plain(client)}** — {EPISODES.column(column).header}: {plain(new) or '(cleared)'} "
        f"({to_day(at).date()})"
        for (client, column), (at, new) in sorted(
            latest.items(), key=lambda kv: kv[0][0].casefold()
        )
    ]


def friday_update(
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    audit: pd.DataFrame,
    *,
    meeting: date,
    friday: date,
) -> str:
    """The Friday all-staff update: progress on extra-care clients since Monday's meeting."""
    monday, end = to_day(meeting), to_day(friday)
    open_items = _open_actions(actions, as_of=end)
    overdue = open_items["days_overdue"].notna()
    lines = [
        f"## Extra care — Friday update, {end.date()}",
        "",
        f"Progress since the CST meeting of Monday {monday.date()}.",
        "",
        "### Action items done",
        *_bullets(_done_lines(actions, meeting=monday, friday=end)),
        "",
        "### Reviewed in Monday's meeting",
        *_bullets(_review_lines(episodes, meeting=monday)),
        "",
        "### Root-cause and PSA updates",
        *_bullets(_update_lines(audit, meeting=monday, friday=end)),
        "",
        "### Still open",
        f"- {len(open_items)} open action items, {int(overdue.sum())} overdue",
    ]
    return "\n".join(lines) + "\n"
