"""Risk to MRR: a noisy-OR over the flags a client carries (SPEC "Risk to MRR")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from pulse.schema import CLIENT_KEY, Criterion
from pulse.settings import RiskSettings


class RiskBand(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def risk_from_flags(flags: Iterable[Criterion], weights: dict[Criterion, float]) -> float:
    """Risk = 1 − Π(1 − wᵢ): each flag independently threatens the revenue with its weight."""
    survival = 1.0
    # In the criteria's fixed order, so the same flags give the same float however they came
    # (a set's order varies between runs, and float products are not associative).
    for criterion in ordered_flags(flags):
        survival *= 1.0 - weights[criterion]
    return 1.0 - survival


def risk_band(risk: float, settings: RiskSettings) -> RiskBand:
    if risk >= settings.high:
        return RiskBand.HIGH
    if risk >= settings.medium:
        return RiskBand.MEDIUM
    return RiskBand.LOW


def band_boundaries(settings: RiskSettings) -> dict[RiskBand, str]:
    """How each band is defined, for legends (bands are always shown with their boundaries)."""
    return {
        RiskBand.HIGH: f"high ≥ {settings.high:.0%}",
        RiskBand.MEDIUM: f"medium {settings.medium:.0%}–{settings.high:.0%}",
        RiskBand.LOW: f"low < {settings.medium:.0%}",
    }


def ordered_flags(flags: Iterable[Criterion]) -> list[Criterion]:
    """Flags in the seed's order of criteria, once each."""
    present = set(flags)
    return [criterion for criterion in Criterion if criterion in present]


def client_risk_table(
    clients: pd.DataFrame,
    *,
    person_flags: pd.DataFrame,
    signals: pd.DataFrame,
    statuses: pd.Series,
    settings: RiskSettings,
) -> pd.DataFrame:
    """One row per client: flags (person-set on the open episode plus computed signals), risk.

    `person_flags` and `signals` are long frames of (client_key, criterion); `statuses` maps
    client_key to the open episode's status. Columns returned: client_key, client, status,
    flags, person_flags, data_flags, criteria_count, risk, band, mrr, mrr_at_risk.
    """
    by_person = _flag_sets(person_flags)
    by_data = _flag_sets(signals)
    status_of = statuses.to_dict() if statuses.index.is_unique else None
    # Clients share few flag combinations: each (person, data) pair is worked out once.
    memo: dict[tuple[frozenset[Criterion], frozenset[Criterion]], _Flagged] = {}
    rows = []
    for key, name, mrr in zip(clients[CLIENT_KEY], clients["client"], clients["mrr"], strict=True):
        person = frozenset(by_person.get(key, set()))
        data = frozenset(by_data.get(key, set()))
        if (person, data) not in memo:
            memo[(person, data)] = _flagged(person, data, settings)
        flagged = memo[(person, data)]
        monthly = 0.0 if pd.isna(mrr) else float(mrr)
        status = status_of.get(key, "") if status_of is not None else statuses.get(key, "")
        rows.append(
            {
                CLIENT_KEY: key,
                "client": name,
                "status": str(status),
                "flags": list(flagged.flags),  # a list per row: callers may not share it
                "person_flags": list(flagged.person_flags),
                "data_flags": list(flagged.data_flags),
                "criteria_count": len(flagged.flags),
                "risk": flagged.risk,
                "band": flagged.band,
                "mrr": monthly,
                "mrr_at_risk": monthly * flagged.risk,
            }
        )
    return pd.DataFrame(rows, columns=RISK_COLUMNS)


@dataclass(frozen=True)
class _Flagged:
    flags: list[Criterion]
    person_flags: list[Criterion]
    data_flags: list[Criterion]
    risk: float
    band: str


def _flagged(
    person: frozenset[Criterion], data: frozenset[Criterion], settings: RiskSettings
) -> _Flagged:
    flags = ordered_flags(person | data)
    risk = risk_from_flags(flags, settings.weights)
    return _Flagged(
        flags, ordered_flags(person), ordered_flags(data), risk, risk_band(risk, settings).value
    )


RISK_COLUMNS = [
    CLIENT_KEY,
    "client",
    "status",
    "flags",
    "person_flags",
    "data_flags",
    "criteria_count",
    "risk",
    "band",
    "mrr",
    "mrr_at_risk",
]


def _flag_sets(long_flags: pd.DataFrame) -> dict[str, set[Criterion]]:
    sets: dict[str, set[Criterion]] = {}
    for key, criterion in zip(long_flags[CLIENT_KEY], long_flags["criterion"], strict=True):
        sets.setdefault(str(key), set()).add(Criterion(criterion))
    return sets
