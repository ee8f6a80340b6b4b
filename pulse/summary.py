"""The Monday CST picture: every figure the meeting reviews, from frames and an as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from pulse.actions import overdue_action_items
from pulse.extra_care import (
    SIGNAL_COLUMNS,
    active_episodes,
    candidates,
    communication_signals,
    episode_statuses,
    open_episodes,
    person_flags,
)
from pulse.frames import rows_of_clients
from pulse.open_loops import open_loops
from pulse.risk import client_risk_table
from pulse.schema import CLIENT_KEY, EpisodeStatus
from pulse.settings import Settings

CENTS = 2


@dataclass(frozen=True)
class MondayPicture:
    as_of: date
    risk: pd.DataFrame  # one row per client: flags, risk, band, mrr_at_risk (pulse.risk)
    signals: pd.DataFrame  # long: client_key, client, criterion, tickets, reason
    candidates: pd.DataFrame  # clients with no open episode whose signals fire
    overdue: pd.DataFrame  # overdue action items, most overdue first
    open_episodes: pd.DataFrame
    open_loops: pd.DataFrame  # pulse.open_loops.LOOP_COLUMNS, oldest first

    @property
    def active_count(self) -> int:
        return int((self.open_episodes["status"] == EpisodeStatus.ACTIVE.value).sum())

    @property
    def recommended_count(self) -> int:
        return int((self.open_episodes["status"] == EpisodeStatus.RECOMMENDED.value).sum())

    @property
    def mrr_total(self) -> float:
        return float(self.risk["mrr"].sum())

    @property
    def mrr_on_extra_care(self) -> float:
        """MRR of clients with an Active episode."""
        active = self.risk["status"] == EpisodeStatus.ACTIVE.value
        return float(self.risk.loc[active, "mrr"].sum())

    @property
    def mrr_at_risk(self) -> float:
        """Sum of MRR × risk over all clients."""
        return float(self.risk["mrr_at_risk"].sum())


def all_signals(
    clients: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    ticket_signals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Communication signals from the Clients tab plus any computed from tickets."""
    frames = [
        communication_signals(clients, as_of=as_of, quiet_days=settings.signals.communication_days)
    ]
    if ticket_signals is not None and not ticket_signals.empty:
        frames.append(ticket_signals[SIGNAL_COLUMNS])
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return combined.drop_duplicates([CLIENT_KEY, "criterion"], keep="first")


def monday_picture(
    clients: pd.DataFrame,
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    ticket_signals: pd.DataFrame | None = None,
    audit: pd.DataFrame | None = None,
) -> MondayPicture:
    """Everything the Monday page and `pulse summary` show, computed once (`audit`, the Audit
    Log, dates the action items the app added, for the RCA)."""
    # The same frames for every date (kept per frame): what open loops and the RCA work out once
    # per version of the data then carries from one as-of date to the next.
    episodes = rows_of_clients(episodes, clients)
    actions = rows_of_clients(actions, clients)
    signals = all_signals(clients, as_of=as_of, settings=settings, ticket_signals=ticket_signals)
    risk = client_risk_table(
        clients,
        person_flags=person_flags(episodes),
        signals=signals,
        statuses=episode_statuses(episodes),
        settings=settings.risk,
    )
    return MondayPicture(
        as_of=as_of,
        risk=risk,
        signals=signals,
        candidates=candidates(clients, episodes, signals),
        overdue=overdue_action_items(actions, clients, as_of=as_of),
        open_episodes=open_episodes(episodes),
        open_loops=open_loops(
            clients, episodes, actions, as_of=as_of, settings=settings, audit=audit
        ),
    )


def summary_json(picture: MondayPicture) -> dict[str, Any]:
    """The `pulse summary --json` object; money rounded to cents."""
    return {
        "as_of": picture.as_of.isoformat(),
        "clients": len(picture.risk),
        "active": picture.active_count,
        "recommended": picture.recommended_count,
        "mrr_total": round(picture.mrr_total, CENTS),
        "mrr_on_extra_care": round(picture.mrr_on_extra_care, CENTS),
        "mrr_at_risk": round(picture.mrr_at_risk, CENTS),
        "overdue_action_items": len(picture.overdue),
        "candidates": sorted(picture.candidates["client"].astype(str), key=str.casefold),
        "open_loops": open_loops_json(picture.open_loops),
    }


def open_loops_json(loops: pd.DataFrame) -> list[dict[str, Any]]:
    """`{client, loop, owner_role, since}` per open loop, oldest first; since as an ISO date."""
    return [
        {
            "client": str(client),
            "loop": str(loop),
            "owner_role": str(owner),
            "since": None if pd.isna(since) else f"{since:%Y-%m-%d}",
        }
        for client, loop, owner, since in zip(
            loops["client"], loops["loop"], loops["owner_role"], loops["since"], strict=True
        )
    ]


__all__ = ["MondayPicture", "active_episodes", "all_signals", "monday_picture", "summary_json"]
