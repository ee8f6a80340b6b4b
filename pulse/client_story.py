"""One client's whole story: owners, episodes on a timeline, flags and their evidence, RCA,
action items, tickets and incidents, and risk week by week (SPEC "Managers ... drill into one
client")."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse.actions import days_overdue
from pulse.extra_care import RCA_PARTS
from pulse.schema import ACTIONS, CLIENT_KEY, ActionStatus, Criterion, EpisodeStatus, client_key

TIMELINE_COLUMNS: list[str] = ["episode", "status", "event", "on", "detail"]
# The steps of an episode in the order they happen (seeds 000, 001).
EPISODE_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("recommended", "recommended_on", "recommended_by"),
    ("approved", "director_approved_on", "director_approval"),
    ("announced", "announced_on", ""),
    ("reviewed", "last_reviewed", "progress_notes"),
    ("removed", "removed_on", "removal_reason"),
)
FLAG_COLUMNS: list[str] = ["criterion", "source", "evidence", "tickets"]
RCA_FIELDS: dict[str, str] = {
    "reason": "Reason",
    "root_cause": "Root cause",
    "related_tickets": "Related tickets",
    "success_criteria": "Success criteria (what done looks like)",
    "team_instructions": "Team instructions",
    "progress_notes": "Progress notes",
}


def find_client(clients: pd.DataFrame, name: str | None) -> str | None:
    """The client_key of `name` (matched ignoring case and spacing), or None if unknown."""
    if not name:
        return None
    key = client_key(name)
    return key if key in set(clients[CLIENT_KEY]) else None


def client_episodes(episodes: pd.DataFrame, key: str) -> pd.DataFrame:
    """The client's episodes, oldest recommendation first, numbered 1.. as `episode`."""
    own = episodes[episodes[CLIENT_KEY] == key].sort_values(
        "recommended_on", na_position="first", kind="stable"
    )
    return own.assign(episode=range(1, len(own) + 1)).reset_index(drop=True)


def episode_timeline(episodes: pd.DataFrame, key: str) -> pd.DataFrame:
    """Every dated step of every episode of the client: recommended, approved, announced,
    reviewed, removed (a Declined episode's decision shows as "declined" on the meeting date)."""
    rows = []
    for _, episode in client_episodes(episodes, key).iterrows():
        for event, date_column, detail_column in _events_of(episode):
            on = episode[date_column]
            if pd.isna(on):
                continue
            detail = episode[detail_column] if detail_column else ""
            rows.append(
                {
                    "episode": int(episode["episode"]),
                    "status": episode["status"],
                    "event": event,
                    "on": pd.Timestamp(on),
                    "detail": "" if pd.isna(detail) else str(detail),
                }
            )
    timeline = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return timeline.sort_values(["on", "episode"], kind="stable").reset_index(drop=True)


def _events_of(episode: pd.Series) -> tuple[tuple[str, str, str], ...]:
    if episode["status"] == EpisodeStatus.DECLINED:
        return (EPISODE_EVENTS[0], ("declined", "cst_meeting_date", "removal_reason"))
    return EPISODE_EVENTS


def flag_evidence(risk_row: pd.Series, signals: pd.DataFrame) -> pd.DataFrame:
    """The client's current flags, where each came from (person / data / both), and why."""
    person = {Criterion(c) for c in risk_row["person_flags"]}
    own = signals[signals[CLIENT_KEY] == risk_row[CLIENT_KEY]]
    reasons = dict(zip(own["criterion"], own["reason"], strict=True))
    tickets = dict(zip(own["criterion"], own["tickets"], strict=True))
    rows = []
    for criterion in (Criterion(c) for c in risk_row["flags"]):
        by_data = criterion.value in reasons
        source = (
            "person + data"
            if criterion in person and by_data
            else ("person" if criterion in person else "data")
        )
        rows.append(
            {
                "criterion": criterion.label,
                "source": source,
                "evidence": reasons.get(criterion.value, "set on the open episode"),
                "tickets": ", ".join(tickets.get(criterion.value, [])),
            }
        )
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def rca_fields(episode: pd.Series) -> dict[str, str]:
    """The root-cause fields of an episode as text ('' when blank)."""
    return {
        label: "" if pd.isna(episode.get(name)) else str(episode.get(name)).strip()
        for name, label in RCA_FIELDS.items()
    }


def rca_labels(parts: pd.Series) -> dict[str, bool]:
    """Seed 001's four RCA parts, by their plain name, done or not."""
    return {label: bool(parts[name]) for name, label in RCA_PARTS.items()}


# The item's own columns (its client is the page's), then how late it is.
ACTION_COLUMNS: list[str] = [*(name for name in ACTIONS.names if name != "client"), "days_overdue"]


def client_actions(actions: pd.DataFrame, key: str, *, as_of: date) -> pd.DataFrame:
    """The client's action items, open ones first by due date; days overdue for overdue ones."""
    own = actions[actions[CLIENT_KEY] == key].copy()
    own["days_overdue"] = days_overdue(own, as_of=as_of)
    own["is_done"] = own["status"] == ActionStatus.DONE
    ordered = own.sort_values(["is_done", "due"], na_position="last", kind="stable")
    return ordered[ACTION_COLUMNS].reset_index(drop=True)


RISK_HISTORY_COLUMNS: list[str] = [
    "week",
    "status",
    "criteria_count",
    "risk",
    "mrr_at_risk",
    "live",
]


def risk_history(history: pd.DataFrame, current: pd.DataFrame, key: str) -> pd.DataFrame:
    """The client's risk week by week from Pulse History, this week computed live (`current`,
    history-shaped rows) replacing a saved row of the same week."""
    live = current[current[CLIENT_KEY] == key].assign(live=True)
    live_weeks = set(pd.to_datetime(live["week"]).dt.normalize())
    saved = history[
        (history[CLIENT_KEY] == key)
        & ~pd.to_datetime(history["week"]).dt.normalize().isin(live_weeks)
    ].assign(live=False)
    parts = [part for part in (saved, live) if not part.empty]
    if not parts:
        return pd.DataFrame(columns=RISK_HISTORY_COLUMNS)
    weeks = pd.concat(parts, ignore_index=True)
    weeks["week"] = pd.to_datetime(weeks["week"]).dt.normalize()
    return weeks.sort_values("week", kind="stable")[RISK_HISTORY_COLUMNS].reset_index(drop=True)


def client_tickets(tickets: pd.DataFrame, key: str) -> pd.DataFrame:
    """The client's tickets from the loaded export, newest first."""
    own = tickets[tickets[CLIENT_KEY] == key]
    if "created" in own.columns:
        own = own.sort_values("created", ascending=False, kind="stable")
    return own.reset_index(drop=True)


def client_incident_events(events: pd.DataFrame, tickets: pd.DataFrame, key: str) -> pd.DataFrame:
    """Critical-incident events on the client's tickets, in time order."""
    numbers = set(tickets.loc[tickets[CLIENT_KEY] == key, "ticket"].astype(str))
    own = events[events["ticket"].astype(str).isin(numbers)]
    if "at" in own.columns:
        own = own.sort_values(["ticket", "at"], kind="stable")
    return own.reset_index(drop=True)
