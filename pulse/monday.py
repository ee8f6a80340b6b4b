"""Tables the Monday CST review shows, ready for display (pages only format them)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from pulse.extra_care import not_reviewed, rca_completeness, weeks_on_extra_care
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
    marks: dict[str, str] = {}
    for criterion in Criterion:
        by_person, by_data = criterion in person, criterion in data
        marks[criterion.label] = (
            MARK_CONFIRMED
            if by_person and by_data
            else MARK_PERSON
            if by_person
            else MARK_DATA
            if by_data
            else ""
        )
    return marks


def extra_care_table(
    picture: MondayPicture,
    clients: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    rca_grace_days: int,
) -> pd.DataFrame:
    """Active clients: owners, MRR, risk, criteria matrix, weeks on care, review and RCA state."""
    active = picture.open_episodes[picture.open_episodes["status"] == EpisodeStatus.ACTIVE.value]
    active = active.assign(weeks=weeks_on_extra_care(active, as_of=as_of))
    parts = rca_completeness(active, actions, as_of=as_of, grace_days=rca_grace_days)
    rca: dict[Any, dict[Any, Any]] = parts.set_index(CLIENT_KEY).to_dict("index")
    stale = not_reviewed(active, as_of=as_of)
    risk = picture.risk.set_index(CLIENT_KEY)
    owners = clients.set_index(CLIENT_KEY)
    rows = []
    for _, episode in active.iterrows():
        key = episode[CLIENT_KEY]
        row = risk.loc[key]
        rows.append(
            {
                "client": row["client"],
                "vcio": owners.at[key, "vcio"],
                "vitm": owners.at[key, "vitm"],
                "mrr": row["mrr"],
                "risk": row["risk"],
                "band": row["band"],
                "mrr_at_risk": row["mrr_at_risk"],
                **criterion_marks(row["person_flags"], row["data_flags"]),
                "weeks": episode["weeks"],
                "last_reviewed": episode["last_reviewed"],
                "not_reviewed": bool(stale.get(key, False)),
                "rca_parts": int(rca[key]["parts_done"]),
                "rca_missing": ", ".join(rca[key]["missing"]),
                "rca_overdue": bool(rca[key]["rca_overdue"]),
            }
        )
    table = pd.DataFrame(rows, columns=EXTRA_CARE_COLUMNS)
    return table.sort_values("mrr_at_risk", ascending=False, kind="stable").reset_index(drop=True)


EXTRA_CARE_COLUMNS = [
    "client",
    "vcio",
    "vitm",
    "mrr",
    "risk",
    "band",
    "mrr_at_risk",
    *[criterion.label for criterion in Criterion],
    "weeks",
    "last_reviewed",
    "not_reviewed",
    "rca_parts",
    "rca_missing",
    "rca_overdue",
]


def awaiting_decision(picture: MondayPicture) -> pd.DataFrame:
    """Recommended episodes waiting for the vCIO's and Director's decision in this meeting."""
    recommended = picture.open_episodes[
        picture.open_episodes["status"] == EpisodeStatus.RECOMMENDED.value
    ]
    risk = picture.risk.set_index(CLIENT_KEY)
    rows = []
    for _, episode in recommended.iterrows():
        row = risk.loc[episode[CLIENT_KEY]]
        rows.append(
            {
                "client": row["client"],
                "recommended_by": episode["recommended_by"],
                "recommended_on": episode["recommended_on"],
                "criteria": ", ".join(Criterion(c).label for c in row["flags"]),
                "reason": episode["reason"],
                "mrr": row["mrr"],
                "risk": row["risk"],
                "mrr_at_risk": row["mrr_at_risk"],
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
    return pd.DataFrame(rows, columns=columns)


def candidate_evidence(picture: MondayPicture) -> pd.DataFrame:
    """Candidates for Monday with their evidence: criteria, reasons and ticket numbers."""
    risk = picture.risk.set_index(CLIENT_KEY)
    rows = []
    for _, candidate in picture.candidates.iterrows():
        row = risk.loc[candidate[CLIENT_KEY]]
        rows.append(
            {
                "client": candidate["client"],
                "criteria": ", ".join(Criterion(c).label for c in candidate["criteria"]),
                "evidence": "; ".join(candidate["reasons"]),
                "tickets": ", ".join(candidate["tickets"]),
                "mrr": row["mrr"],
                "risk": row["risk"],
                "mrr_at_risk": row["mrr_at_risk"],
            }
        )
    columns = ["client", "criteria", "evidence", "tickets", "mrr", "risk", "mrr_at_risk"]
    return pd.DataFrame(rows, columns=columns)
