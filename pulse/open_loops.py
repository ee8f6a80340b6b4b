"""Open loops (SPEC "Extra care"): a step the record says is still owed after a CST meeting, with
who must act and since when. A loop closes when the record shows the step done (a PSA mark, an
Announced On, a Root Cause, a Last Reviewed, a newer Last Client Contact), never by a click.

One function per kind of loop, each pure and taking `as_of`; every loop is a row of
LOOP_COLUMNS: the client, the kind (`Loop`), what is missing, who must act (`owner_role`) and
since when (the day the step fell due):

- `not_marked_in_psa`: an Active episode approved in a meeting before `as_of` and not Marked in
  PSA (the Account Administrator), since the approval;
- `still_marked_in_psa`: a Removed episode still Marked in PSA (the Account Administrator unmarks
  it), since the removal;
- `not_announced`: an approval or a removal not announced by the Tuesday after its meeting (the
  Director), since that Tuesday;
- `rca_incomplete`: an RCA incomplete a week after approval (vCIO and vITM), since that day;
- `not_reviewed`: an Active episode not reviewed in the last CST meeting, since that meeting;
- `unresponsive`: a client due for an unresponsive-customer escalation step (the vCIO, who owns
  the relationship), since the stage began.

A removal's loops look only at each client's latest episode: once the client is back on extra
care, or recommended again, the old episode is history. `open_loops` gathers every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd

from pulse import extra_care
from pulse.dates import TUESDAY, as_timestamp, last_meeting_before
from pulse.escalation.pathway import UnresponsiveStage, client_stages
from pulse.extra_care import (
    active_episodes,
    approval_day,
    latest_per_client,
    open_episodes,
    rca_completeness,
)
from pulse.frames import is_in
from pulse.memo import remembered
from pulse.schema import CLIENT_KEY, EpisodeStatus
from pulse.settings import EscalationSettings, Role, Settings


class Loop(StrEnum):
    NOT_MARKED_IN_PSA = "not_marked_in_psa"
    STILL_MARKED_IN_PSA = "still_marked_in_psa"
    NOT_ANNOUNCED = "not_announced"
    RCA_INCOMPLETE = "rca_incomplete"
    NOT_REVIEWED = "not_reviewed"
    SALES_CONTACT = "unresponsive_sales_contact"
    MANAGER_AND_EXECUTIVE = "unresponsive_manager_and_executive"

    @property
    def label(self) -> str:
        return _LOOP_LABELS[self]


_LOOP_LABELS: dict[Loop, str] = {
    Loop.NOT_MARKED_IN_PSA: "Not marked in the PSA",
    Loop.STILL_MARKED_IN_PSA: "Still marked in the PSA",
    Loop.NOT_ANNOUNCED: "Decision not announced",
    Loop.RCA_INCOMPLETE: "RCA incomplete",
    Loop.NOT_REVIEWED: "Not reviewed",
    Loop.SALES_CONTACT: "Unresponsive: sales contact",
    Loop.MANAGER_AND_EXECUTIVE: "Unresponsive: manager + executive",
}
# Each escalation stage of seed 003 as a loop, and the step it asks for.
_STAGE_STEPS: dict[str, tuple[Loop, str]] = {
    UnresponsiveStage.SALES_CONTACT.value: (Loop.SALES_CONTACT, "Escalate to the sales contact"),
    UnresponsiveStage.MANAGER_AND_EXECUTIVE.value: (
        Loop.MANAGER_AND_EXECUTIVE,
        "Loop in your manager and the executive sponsor",
    ),
}


def _roles(*roles: Role) -> str:
    """Who must act, as people read it: 'vCIO and vITM'."""
    return " and ".join(role.label for role in roles)


# Seed 000/001: the Account Administrator keeps the PSA mark; the Director announces at the
# Tuesday huddle; the vITM and vCIO determine the root cause; the vCIO and the Director review
# each client weekly; the vCIO owns the relationship, so the unresponsive customer.
RECORD_KEEPER = _roles(Role.ACCOUNT_ADMIN)
ANNOUNCER = _roles(Role.DIRECTOR)
RCA_OWNERS = _roles(Role.VCIO, Role.VITM)
REVIEWERS = _roles(Role.VCIO, Role.DIRECTOR)
RELATIONSHIP_OWNER = _roles(Role.VCIO)

LOOP_COLUMNS: list[str] = [CLIENT_KEY, "client", "loop", "missing", "owner_role", "since"]


def _loops(
    episodes: pd.DataFrame, loop: Loop, *, missing: str | list[str], owner_role: str, since: Any
) -> pd.DataFrame:
    """One loop per episode (row of `episodes`), in LOOP_COLUMNS (`missing`: one text for all,
    or one per episode)."""
    return pd.DataFrame(
        {
            CLIENT_KEY: episodes[CLIENT_KEY].to_numpy(),
            "client": episodes["client"].to_numpy(),
            "loop": loop.value,
            "missing": missing,
            "owner_role": owner_role,
            "since": pd.to_datetime(pd.Series(since, dtype=object)).to_numpy(),
        },
        columns=LOOP_COLUMNS,
    )


def _marked(episodes: pd.DataFrame) -> pd.Series:
    """Marked in PSA says yes (a blank cell says no)."""
    marked: pd.Series = episodes["marked_in_psa"].astype("boolean").fillna(False).astype(bool)
    return marked


def _psa_mark_loops(
    episodes: pd.DataFrame,
    decisions: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.Series]],
    *,
    marked: bool,
    as_of: date,
    loop: Loop,
    step: str,
) -> pd.DataFrame:
    """The `decisions` (episodes and the day each was decided) made before `as_of` (or undated)
    whose PSA mark is not yet `marked`."""

    def wrongly_marked() -> tuple[pd.DataFrame, pd.Series]:
        rows, decided = decisions(episodes)
        wrong = (_marked(rows) != marked).to_numpy()
        return rows[wrong], decided[wrong]

    rows, decided = remembered(f"psa_{loop.value}", (episodes,), wrongly_marked)
    owed = ~(decided >= as_timestamp(as_of)).to_numpy()
    return _loops(rows[owed], loop, missing=step, owner_role=RECORD_KEEPER, since=decided[owed])


def _approvals(episodes: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Active episodes and the day each was approved."""
    active = active_episodes(episodes)
    return active, approval_day(active)


def _removals(episodes: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Each client's latest episode when Removed, and the day it was removed."""
    removed = latest_removed(episodes)
    return removed, removed["removed_on"]


def not_marked_in_psa(episodes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Active episodes approved in a meeting before `as_of` and not Marked in PSA (an Active
    episode with no approval date counts as approved before)."""
    return _psa_mark_loops(
        episodes,
        _approvals,
        marked=True,
        as_of=as_of,
        loop=Loop.NOT_MARKED_IN_PSA,
        step="Mark the client as extra care in the PSA",
    )


def latest_removed(episodes: pd.DataFrame) -> pd.DataFrame:
    """Removed episodes that are their client's latest (the client has no open episode); kept
    per `episodes` frame (pulse.memo): never edit them."""
    return remembered("latest_removed", (episodes,), lambda: _latest_removed(episodes))


def _latest_removed(episodes: pd.DataFrame) -> pd.DataFrame:
    open_keys = set(open_episodes(episodes)[CLIENT_KEY].tolist())
    closed = ~is_in(episodes[CLIENT_KEY], open_keys) & (episodes[CLIENT_KEY] != "")
    latest = latest_per_client(episodes, closed)
    return latest[latest["status"] == EpisodeStatus.REMOVED.value]


def still_marked_in_psa(episodes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Removed episodes (the client's latest) still Marked in PSA, removed before `as_of`."""
    return _psa_mark_loops(
        episodes,
        _removals,
        marked=False,
        as_of=as_of,
        loop=Loop.STILL_MARKED_IN_PSA,
        step="Remove the extra-care mark in the PSA",
    )


def huddle_after(decided: pd.Series) -> pd.Series:
    """The Tuesday all-staff huddle after each decision day (a Monday's is the next day)."""
    days_to_tuesday = (TUESDAY - decided.dt.day_of_week - 1) % 7 + 1
    tuesdays: pd.Series = decided + pd.to_timedelta(days_to_tuesday, unit="D")
    return tuesdays


def not_announced(episodes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Approvals (Active episodes) and removals (each client's latest Removed episode) with no
    Announced On after the decision by the Tuesday after it; open from the Wednesday."""
    found = []
    for decision, (rows, tuesday) in _unannounced(episodes).items():
        owed = ~(tuesday >= as_timestamp(as_of)).to_numpy()
        step = f"Announce the {decision} at the Tuesday all-staff huddle"
        found.append(
            _loops(
                rows[owed],
                Loop.NOT_ANNOUNCED,
                missing=step,
                owner_role=ANNOUNCER,
                since=tuesday[owed],
            )
        )
    return pd.concat(found, ignore_index=True)


def _unannounced(episodes: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, pd.Series]]:
    """Per decision ("approval", "removal"), the decisions not announced after they were made,
    and the Tuesday each was due (kept per `episodes` frame)."""

    def unannounced() -> dict[str, tuple[pd.DataFrame, pd.Series]]:
        found = {}
        for decision, decisions in (("approval", _approvals), ("removal", _removals)):
            rows, decided = decisions(episodes)
            announced = rows["announced_on"].notna() & ~(rows["announced_on"] <= decided)
            silent = (~announced).to_numpy()
            found[decision] = (rows[silent], huddle_after(decided)[silent])
        return found

    return remembered("unannounced", (episodes,), unannounced)


def rca_incomplete(
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    grace_days: int,
    audit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """RCAs still incomplete `grace_days` after approval, with the parts they lack."""
    parts = rca_completeness(episodes, actions, as_of=as_of, grace_days=grace_days, audit=audit)
    late = parts[parts["rca_overdue"]]
    owed = active_episodes(episodes).loc[late.index]
    missing = [f"Complete the RCA: {', '.join(lacking)}" for lacking in late["missing"]]
    since = approval_day(owed) + pd.Timedelta(days=grace_days)
    return _loops(owed, Loop.RCA_INCOMPLETE, missing=missing, owner_role=RCA_OWNERS, since=since)


def not_reviewed(episodes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Active episodes not reviewed in the last CST meeting before `as_of` (and approved before
    it), since that meeting."""
    meeting = last_meeting_before(as_of)
    stale = extra_care.not_reviewed(episodes, as_of=as_of)
    active = active_episodes(episodes)
    owed = active[stale.to_numpy(dtype=bool)]  # one flag per active episode, in its order
    step = f"Review the client in the CST meeting (missed {meeting:%Y-%m-%d})"
    since = [as_timestamp(meeting)] * len(owed)
    return _loops(owed, Loop.NOT_REVIEWED, missing=step, owner_role=REVIEWERS, since=since)


def unresponsive(
    clients: pd.DataFrame, *, as_of: date, settings: EscalationSettings
) -> pd.DataFrame:
    """Clients due for an unresponsive-customer escalation step (seed 003), from their Last
    Client Contact: the sales contact from day 14, manager and executive sponsor from day 28."""
    listed = client_stages(clients, as_of=as_of, settings=settings)
    found = []
    for stage, (loop, step) in _STAGE_STEPS.items():
        rows = listed[listed["stage"] == stage]
        missing = [f"{step} (no response for {days} days)" for days in rows["days"]]
        found.append(
            _loops(rows, loop, missing=missing, owner_role=RELATIONSHIP_OWNER, since=rows["since"])
        )
    return pd.concat(found, ignore_index=True)


def open_loops(
    clients: pd.DataFrame,
    episodes: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    settings: Settings,
    audit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every open loop on `as_of`, oldest first (then by client); clients as the Clients tab
    spells them."""
    loops = pd.concat(
        [
            not_marked_in_psa(episodes, as_of=as_of),
            still_marked_in_psa(episodes, as_of=as_of),
            not_announced(episodes, as_of=as_of),
            rca_incomplete(
                episodes, actions, as_of=as_of, grace_days=settings.rca_grace_days, audit=audit
            ),
            not_reviewed(episodes, as_of=as_of),
            unresponsive(clients, as_of=as_of, settings=settings.escalation),
        ],
        ignore_index=True,
    )
    names = dict(zip(clients[CLIENT_KEY].tolist(), clients["client"].tolist(), strict=False))
    pairs = zip(loops[CLIENT_KEY].tolist(), loops["client"].tolist(), strict=True)
    loops["client"] = [names.get(key, name) for key, name in pairs]
    order = loops.sort_values(["since", "client"], na_position="first", kind="stable")
    return order.reset_index(drop=True)
