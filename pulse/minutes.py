"""Monday minutes: the CST meeting's record in Markdown, for the meeting notes and the Friday
update (seed 001): the key figures, the decisions made in the meeting, who awaits one, the open
loops by who must act, and the overdue action items by owner."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from pulse.actions import overdue_by_owner
from pulse.announcements import added_in, removed_in
from pulse.frames import cell_text, is_blank, to_day
from pulse.markdown import plain
from pulse.open_loops import Loop
from pulse.schema import EpisodeStatus
from pulse.summary import MondayPicture

NOTHING = "- None"


def _money(value: float) -> str:
    return f"${value:,.0f}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _day(value: object) -> str:
    return "—" if is_blank(value) else f"{pd.Timestamp(value):%a %d %b %Y}"  # type: ignore[arg-type]


def key_figures(picture: MondayPicture) -> list[str]:
    return [
        f"- On extra care: {picture.active_count} (MRR {_money(picture.mrr_on_extra_care)})",
        f"- Awaiting a decision: {picture.recommended_count}",
        f"- MRR at risk: {_money(picture.mrr_at_risk)} of {_money(picture.mrr_total)}",
        f"- Overdue action items: {len(picture.overdue)}",
        f"- Open loops: {len(picture.open_loops)}",
    ]


def _decision_lines(rows: pd.DataFrame, reason_column: str, *, deciders: bool) -> list[str]:
    lines = []
    for _, episode in rows.iterrows():
        reason = plain(cell_text(episode.get(reason_column)) or "no reason recorded")
        who = ""
        if deciders:
            who = (
                f" (vCIO {plain(cell_text(episode.get('vcio_approval')) or '?')}, Director "
                f"{plain(cell_text(episode.get('director_approval')) or '?')})"
            )
        lines.append(f"- **{plain(cell_text(episode['client']))}** — {reason}{who}")
    return lines or [NOTHING]


def decisions_made(episodes: pd.DataFrame, *, meeting: date) -> list[str]:
    """Approved, removed and declined in this meeting, each with its reason."""
    added, removed = added_in(episodes, meeting=meeting), removed_in(episodes, meeting=meeting)
    declined = episodes[
        (episodes["status"] == EpisodeStatus.DECLINED.value)
        & (episodes["cst_meeting_date"] == to_day(meeting))
    ]
    return _sections(
        [
            ("Added to extra care", _decision_lines(added, "reason", deciders=True)),
            ("Removed from extra care", _decision_lines(removed, "removal_reason", deciders=False)),
            (
                "Recommendations declined",
                _decision_lines(declined, "removal_reason", deciders=False),
            ),
        ]
    )


def _sections(groups: list[tuple[str, list[str]]]) -> list[str]:
    """Each group under its '### heading', a blank line between groups; NOTHING for none."""
    lines: list[str] = []
    for heading, items in groups:
        lines += ["", f"### {heading}", *items]
    return lines[1:] or [NOTHING]


def awaiting(picture: MondayPicture) -> list[str]:
    recommended = picture.open_episodes[
        picture.open_episodes["status"] == EpisodeStatus.RECOMMENDED.value
    ]
    return _decision_lines(recommended, "reason", deciders=False)


def open_loop_lines(loops: pd.DataFrame) -> list[str]:
    """The open loops grouped by who must act, oldest first in each group."""
    return _sections(
        [
            (
                plain(owner),
                [
                    f"- **{plain(row.client)}** — {Loop(str(row.loop)).label}: "
                    f"{plain(row.missing)} "
                    f"(since {_day(row.since)})"
                    for row in group.itertuples()
                ],
            )
            for owner, group in loops.groupby("owner_role", sort=True)
        ]
    )


def overdue_lines(overdue: pd.DataFrame) -> list[str]:
    """Overdue action items by owner, the owner with the most first."""
    items = overdue.fillna({"owner": "(no owner)", "department": "(no department)"})
    mine = dict(list(items.groupby(["owner", "department"], sort=False)))  # rows keep their order
    groups = []
    for owner, department, count in overdue_by_owner(overdue)[
        ["owner", "department", "overdue"]
    ].itertuples(index=False):
        heading = f"{plain(owner)} ({plain(department)}) — {count} overdue"
        rows = mine[(owner, department)].itertuples()
        groups.append((heading, [_overdue_line(row) for row in rows]))
    return _sections(groups)


def _overdue_line(row: Any) -> str:
    return (
        f"- **{plain(row.client)}** — {plain(cell_text(row.action))} — due {_day(row.due)} "
        f"({_days(int(row.days_overdue))} overdue)"
    )


def monday_minutes(picture: MondayPicture, episodes: pd.DataFrame, *, meeting: date) -> str:
    """The minutes of the CST meeting of `meeting`, as of its picture (Markdown)."""
    lines = [
        f"# CST meeting minutes — {_day(meeting)}",
        "",
        f"Figures as of {picture.as_of:%Y-%m-%d}.",
        "",
        "## Key figures",
        *key_figures(picture),
        "",
        "## Decisions made",
        *decisions_made(episodes, meeting=meeting),
        "",
        "## Awaiting the vCIO's and Director's decision",
        *awaiting(picture),
        "",
        f"## Open loops ({len(picture.open_loops)})",
        *open_loop_lines(picture.open_loops),
        "",
        f"## Overdue action items by owner ({len(picture.overdue)})",
        *overdue_lines(picture.overdue),
    ]
    return "\n".join(lines) + "\n"
