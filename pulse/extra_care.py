"""Extra care (seeds 000, 001): open episodes, their flags, weeks on care, RCA completeness."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from pulse.actions import action_created_on
from pulse.dates import as_timestamp, last_meeting_before
from pulse.frames import is_in
from pulse.memo import remembered
from pulse.schema import (
    CLIENT_KEY,
    OPEN_EPISODE_STATUSES,
    PERSON_ONLY_CRITERIA,
    Criterion,
    EpisodeStatus,
)

SIGNAL_COLUMNS = [CLIENT_KEY, "client", "criterion", "tickets", "reason"]
DAYS_PER_WEEK = 7


def open_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes Recommended or Active; when a client has several, the latest recommendation
    (the latest by Recommended On, a blank one oldest; on a tie, the lower row), in row order.
    Kept per `episodes` frame (pulse.memo): never edit what it returns."""
    return remembered("open_episodes", (episodes,), lambda: _open_episodes(episodes))


def _open_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    is_open = episodes["status"].isin([status.value for status in OPEN_EPISODE_STATUSES])
    return latest_per_client(episodes, is_open & (episodes[CLIENT_KEY] != ""))


def latest_per_client(episodes: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """The `rows` of `episodes`, one per client: its latest recommendation (the latest by
    Recommended On, a blank one oldest; on a tie, the lower row), in row order."""
    index = episodes.index
    dated = pd.api.types.is_datetime64_any_dtype(episodes["recommended_on"])
    if not (dated and index.is_unique and index.is_monotonic_increasing):
        ordered = episodes[rows].sort_values("recommended_on", na_position="first", kind="stable")
        return ordered.drop_duplicates(CLIENT_KEY, keep="last").sort_index()
    # Row order is index order: sorted on the two columns it needs, then one take of every
    # column (the Monday picture asks a dozen times; a whole-frame sort copied thirty columns).
    positions = np.flatnonzero(rows.to_numpy(dtype=bool))
    recommended = episodes["recommended_on"].to_numpy(dtype="datetime64[ns]")[positions]
    by_date = positions[np.argsort(recommended.view(np.int64), kind="stable")]  # NaT first
    repeated = pd.Series(episodes[CLIENT_KEY].to_numpy()[by_date]).duplicated(keep="last")
    return episodes.take(np.sort(by_date[~repeated.to_numpy()]))


def active_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """The open episodes that are Active (kept per `episodes` frame: never edit them)."""

    def active() -> pd.DataFrame:
        current = open_episodes(episodes)
        return current[current["status"] == EpisodeStatus.ACTIVE.value]

    return remembered("active_episodes", (episodes,), active)


def episode_statuses(episodes: pd.DataFrame) -> pd.Series:
    """client_key -> status of its open episode."""
    current = open_episodes(episodes)
    return pd.Series(current["status"].to_numpy(), index=current[CLIENT_KEY].to_numpy())


def person_flags(episodes: pd.DataFrame) -> pd.DataFrame:
    """Long frame (client_key, criterion) of the yes/no criteria people set on open episodes
    (kept per Episodes tab, pulse.memo: nothing may edit it)."""
    return remembered("person_flags", (episodes,), lambda: _person_flags(episodes))


def _person_flags(episodes: pd.DataFrame) -> pd.DataFrame:
    current = open_episodes(episodes)
    pairs = [
        (key, criterion.value)
        for criterion in Criterion
        for key in current.loc[current[criterion.column].astype(bool), CLIENT_KEY]
    ]
    return pd.DataFrame(pairs, columns=[CLIENT_KEY, "criterion"])


def communication_signals(clients: pd.DataFrame, *, as_of: date, quiet_days: int) -> pd.DataFrame:
    """No client contact for ≥ quiet_days (seed 003's unresponsiveness clock) raises a signal.

    A blank Last Client Contact raises nothing here; `missing_contact` lists those clients.
    """
    days = (as_timestamp(as_of) - clients["last_client_contact"]).dt.days
    quiet = clients[days >= quiet_days]
    reasons = [
        f"no client contact for {int(d)} days (since {c:%Y-%m-%d}; ≥{quiet_days})"
        for d, c in zip(days[quiet.index], quiet["last_client_contact"], strict=True)
    ]
    return pd.DataFrame(
        {
            CLIENT_KEY: quiet[CLIENT_KEY].to_numpy(),
            "client": quiet["client"].to_numpy(),
            "criterion": Criterion.COMMUNICATION.value,
            "tickets": [[] for _ in reasons],
            "reason": reasons,
        },
        columns=SIGNAL_COLUMNS,
    )


def missing_contact(clients: pd.DataFrame) -> list[str]:
    """Clients whose Last Client Contact is blank: missing data, listed rather than flagged."""
    return sorted(clients.loc[clients["last_client_contact"].isna(), "client"].astype(str))


def candidates(
    clients: pd.DataFrame, episodes: pd.DataFrame, signals: pd.DataFrame
) -> pd.DataFrame:
    """Clients with no open episode whose signals fire: to discuss on Monday, with evidence."""
    open_keys = set(open_episodes(episodes)[CLIENT_KEY].tolist())
    firing = signals[~is_in(signals[CLIENT_KEY], open_keys)]
    firing = firing[~firing["criterion"].isin([c.value for c in PERSON_ONLY_CRITERIA])]
    names = dict(zip(clients[CLIENT_KEY].tolist(), clients["client"].tolist(), strict=True))
    if firing.empty:  # the frame (and dtypes) an empty groupby gives, as callers know it
        empty = firing.groupby(CLIENT_KEY).agg(
            criteria=("criterion", list), tickets=("tickets", list), reasons=("reason", list)
        )
        empty.insert(0, "client", [])
        # astype(str): with no candidate at all the empty "client" column is not text.
        return empty.reset_index().sort_values("client", key=lambda s: s.astype(str).str.casefold())
    # One pass over the firing signals (a row per client and criterion, not per ticket),
    # clients in the order they first appear.
    criteria: dict[str, list[str]] = {}
    tickets: dict[str, set[str]] = {}
    reasons: dict[str, list[str]] = {}
    columns = (firing[name].tolist() for name in (CLIENT_KEY, "criterion", "tickets", "reason"))
    for key, criterion, evidence, reason in zip(*columns, strict=True):
        criteria.setdefault(key, []).append(criterion)
        tickets.setdefault(key, set()).update(evidence)
        reasons.setdefault(key, []).append(reason)
    grouped = pd.DataFrame(
        {
            CLIENT_KEY: pd.Series(list(criteria), dtype=firing[CLIENT_KEY].dtype),
            "client": [names.get(key, key) for key in criteria],
            "criteria": pd.Series(list(criteria.values()), dtype=object),
            "tickets": pd.Series([sorted(tickets[key]) for key in criteria], dtype=object),
            "reasons": pd.Series(list(reasons.values()), dtype=object),
        }
    )
    return grouped.sort_values("client", key=lambda s: s.astype(str).str.casefold())


def weeks_on_extra_care(episodes: pd.DataFrame, *, as_of: date) -> pd.Series:
    """Whole weeks since approval (CST meeting date, else the Director's approval date)."""
    weeks: pd.Series = (as_timestamp(as_of) - approval_day(episodes)).dt.days // DAYS_PER_WEEK
    return weeks.where(episodes["status"] == EpisodeStatus.ACTIVE.value).astype("Int64")


# Seed 001's root-cause analysis, part by part (SPEC "Extra care"): the part's key, its words.
RCA_PARTS = {
    "root_cause": "root cause",
    "references": "related tickets / documents / dates",
    "corrective_steps": "corrective steps with a success definition",
    "action_items": "action items of this episode",
}


def approval_day(episodes: pd.DataFrame) -> pd.Series:
    """The day each episode was approved: its CST meeting, else the Director's approval date."""
    approved: pd.Series = episodes["cst_meeting_date"].fillna(episodes["director_approved_on"])
    return approved


def rca_completeness(
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    grace_days: int,
    audit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per active episode, which of seed 001's four RCA parts are present (SPEC "Extra care").

    The Root Cause must be filled (the recommendation's Reason alone is not a root cause); the
    action items are the client's items due, or added (as the `audit` log records it), on or
    after the episode's Recommended On. An RCA still incomplete `grace_days` after
    approval is flagged (`rca_overdue`).
    """
    parts = remembered(
        "rca_parts", (episodes, actions, audit), lambda: _rca_parts(episodes, actions, audit)
    ).copy()
    age = (as_timestamp(as_of) - parts.pop("approved_on")).dt.days
    parts.insert(len(parts.columns) - 1, "rca_overdue", ~parts["complete"] & (age >= grace_days))
    return parts


def _rca_parts(
    episodes: pd.DataFrame, actions: pd.DataFrame, audit: pd.DataFrame | None
) -> pd.DataFrame:
    """rca_completeness's columns that do not depend on the day, with each approval day."""
    active = active_episodes(episodes)
    parts = pd.DataFrame(
        {
            "root_cause": _filled(active["root_cause"]),
            "references": _filled(active["related_tickets"]),
            "corrective_steps": _filled(active["success_criteria"]),
            "action_items": _has_episode_actions(active, actions, audit=audit),
        },
        index=active.index,
    )
    parts.insert(0, CLIENT_KEY, active[CLIENT_KEY])
    parts["parts_done"] = parts[list(RCA_PARTS)].sum(axis=1).astype(int)
    parts["complete"] = parts["parts_done"] == len(RCA_PARTS)
    done = zip(*(parts[part] for part in RCA_PARTS), strict=True)
    parts["missing"] = [
        [label for label, present in zip(RCA_PARTS.values(), row, strict=True) if not present]
        for row in done
    ]
    parts["approved_on"] = approval_day(active)
    return parts


def _has_episode_actions(
    episodes: pd.DataFrame, actions: pd.DataFrame, *, audit: pd.DataFrame | None
) -> pd.Series:
    """Whether each episode's client has an action item due, or created, on or after the
    episode's Recommended On (any of the client's items when Recommended On is blank)."""
    clients, latest_of = remembered(
        "latest_action", (actions, audit), lambda: _latest_action(actions, audit)
    )
    recommended = episodes["recommended_on"].tolist()
    return pd.Series(
        [
            key in clients and (pd.isna(since) or latest_of.get(key, pd.NaT) >= since)
            for key, since in zip(episodes[CLIENT_KEY].tolist(), recommended, strict=True)
        ],
        index=episodes.index,
        dtype=bool,
    )


def _latest_action(
    actions: pd.DataFrame, audit: pd.DataFrame | None
) -> tuple[set[str], dict[str, pd.Timestamp]]:
    """The clients with action items, and the latest day one of each client's items was due or
    added (NaT when none has either)."""
    dates = [actions["due"]]
    if audit is not None:
        dates.append(action_created_on(actions, audit))
    latest = pd.concat(dates, axis=1).max(axis=1).groupby(actions[CLIENT_KEY]).max()
    clients = set(actions[CLIENT_KEY].tolist())  # lists: Arrow columns iterate slowly
    return clients, dict(zip(latest.index.tolist(), latest.tolist(), strict=True))


def _filled(texts: pd.Series) -> pd.Series:
    return texts.fillna("").astype(str).str.strip() != ""


def not_reviewed(episodes: pd.DataFrame, *, as_of: date) -> pd.Series:
    """Active episodes not reviewed in the last CST meeting (and approved before it)."""
    meeting = as_timestamp(last_meeting_before(as_of))
    active = active_episodes(episodes)
    approved = approval_day(active)
    stale = (active["last_reviewed"].isna() | (active["last_reviewed"] < meeting)) & ~(
        approved >= meeting
    )
    return pd.Series(stale.to_numpy(), index=active[CLIENT_KEY].to_numpy())
