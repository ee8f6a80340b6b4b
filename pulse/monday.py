"""Tables the Monday CST review shows, ready for display (pages only format them)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from pulse.extra_care import (
    active_episodes,
    not_reviewed,
    rca_completeness,
    weeks_on_extra_care,
)
from pulse.schema import CLIENT_KEY, Criterion, EpisodeStatus
from pulse.summary import MondayPicture

# How a criterion shows in the matrix: set by a person, confirmed by data, or raised by data only.
MARK_PERSON = "●"
MARK_CONFIRMED = "◉"
MARK_DATA = "◆"
MARK_LEGEND = (
    f"{MARK_PERSON} set by a person · {MARK_CONFIRMED} set and confirmed by data · "
    f"{MARK_DATA} raised by data only"
)


def criterion_marks(person: list[Criterion], data: list[Criterion]) -> dict[str, str]:
    return {
        criterion.label: _mark(criterion in person, criterion in data) for criterion in Criterion
    }


def _mark(by_person: bool, by_data: bool) -> str:
    if by_person and by_data:
        return MARK_CONFIRMED
    return MARK_PERSON if by_person else MARK_DATA if by_data else ""


def extra_care_table(
    picture: MondayPicture,
    clients: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    rca_grace_days: int,
    audit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Active clients: owners, MRR, risk, criteria matrix, weeks on care, review and RCA state
    (`audit` dates the action items the app added, for the RCA)."""
    active = active_episodes(picture.open_episodes)
    keys = active[CLIENT_KEY]
    risk = _first_per_key(picture.risk).reindex(keys)
    owners = _first_per_key(clients).reindex(keys)
    table = pd.DataFrame(
        {
            "client": risk["client"].to_numpy(),
            "vcio": owners["vcio"].to_numpy(),
            "vitm": owners["vitm"].to_numpy(),
            **{name: risk[name].to_numpy() for name in RISK_SHOWN},
            **_criteria_marks(risk),
            **_care_columns(
                picture.open_episodes,
                actions,
                as_of=as_of,
                grace_days=rca_grace_days,
                audit=audit,
            ),
        },
        columns=EXTRA_CARE_COLUMNS,
    )
    return table.sort_values("mrr_at_risk", ascending=False, kind="stable").reset_index(drop=True)


def _criteria_marks(risk: pd.DataFrame) -> dict[str, Any]:
    """One column per criterion label: how each client's flag was set (MARK_LEGEND)."""
    pairs = zip(risk["person_flags"].tolist(), risk["data_flags"].tolist(), strict=True)
    marks = [criterion_marks(person, data) for person, data in pairs]
    return {
        criterion.label: np.array([row[criterion.label] for row in marks], dtype=object)
        for criterion in Criterion
    }


def _care_columns(
    current: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    grace_days: int,
    audit: pd.DataFrame | None,
) -> dict[str, Any]:
    """Weeks on extra care, the last review and whether one is missing, and the RCA's state, of
    each active episode among the `current` (open) ones, in their order. Each figure is worked
    out on the open episodes themselves, the frame the picture keeps: what does not depend on the
    day is then found again (pulse.memo) rather than worked out again."""
    active = active_episodes(current)
    rca = rca_completeness(current, actions, as_of=as_of, grace_days=grace_days, audit=audit)
    return {
        "weeks": weeks_on_extra_care(active, as_of=as_of).to_numpy(),
        "last_reviewed": active["last_reviewed"].to_numpy(),
        "not_reviewed": not_reviewed(current, as_of=as_of).to_numpy(dtype=bool),
        "rca_parts": rca["parts_done"].astype(int).to_numpy(),
        "rca_missing": [", ".join(missing) for missing in rca["missing"]],
        "rca_overdue": rca["rca_overdue"].astype(bool).to_numpy(),
    }


def _first_per_key(frame: pd.DataFrame) -> pd.DataFrame:
    """Indexed by client key; a client listed twice counts once (its first row, as the reader)."""
    indexed = frame.set_index(CLIENT_KEY)
    return indexed[~indexed.index.duplicated(keep="first")]


# The risk figures the table shows, and the state of each client's care and of its RCA.
RISK_SHOWN: tuple[str, ...] = ("mrr", "risk", "band", "mrr_at_risk")
CARE_SHOWN: tuple[str, ...] = ("weeks", "last_reviewed", "not_reviewed")
RCA_SHOWN: tuple[str, ...] = ("rca_parts", "rca_missing", "rca_overdue")
EXTRA_CARE_COLUMNS: list[str] = [
    "client",
    "vcio",
    "vitm",
    *RISK_SHOWN,
    *[criterion.label for criterion in Criterion],
    *CARE_SHOWN,
    *RCA_SHOWN,
]


def awaiting_decision(picture: MondayPicture) -> pd.DataFrame:
    """Recommended episodes waiting for the vCIO's and Director's decision in this meeting."""
    recommended = picture.open_episodes[
        picture.open_episodes["status"] == EpisodeStatus.RECOMMENDED.value
    ]
    risk = _first_per_key(picture.risk).reindex(recommended[CLIENT_KEY])
    rows = pd.DataFrame(
        {
            "client": risk["client"].to_numpy(),
            "recommended_by": recommended["recommended_by"].to_numpy(),
            "recommended_on": recommended["recommended_on"].to_numpy(),
            "criteria": [", ".join(Criterion(c).label for c in flags) for flags in risk["flags"]],
            "reason": recommended["reason"].to_numpy(),
            "mrr": risk["mrr"].to_numpy(),
            "risk": risk["risk"].to_numpy(),
            "mrr_at_risk": risk["mrr_at_risk"].to_numpy(),
        }
    )
    columns = [
        "client",
        "recommended_by",
        "recommended_on",
        "criteria",
        "reason",
        "mrr",
        "risk",
        "mrr_at_risk",
    ]
    return rows[columns]


def candidate_evidence(picture: MondayPicture) -> pd.DataFrame:
    """Candidates for Monday with their evidence: criteria, reasons and ticket numbers."""
    columns = ["client", "criteria", "evidence", "tickets", "mrr", "risk", "mrr_at_risk"]
    found = picture.candidates
    if found.empty:
        return pd.DataFrame([], columns=columns)
    risk = _first_per_key(picture.risk).reindex(found[CLIENT_KEY])
    return pd.DataFrame(
        {
            "client": found["client"].to_numpy(),
            "criteria": [", ".join(Criterion(c).label for c in cs) for cs in found["criteria"]],
            "evidence": ["; ".join(reasons) for reasons in found["reasons"]],
            "tickets": [", ".join(tickets) for tickets in found["tickets"]],
            "mrr": risk["mrr"].to_numpy(),
            "risk": risk["risk"].to_numpy(),
            "mrr_at_risk": risk["mrr_at_risk"].to_numpy(),
        },
        columns=columns,
    )
