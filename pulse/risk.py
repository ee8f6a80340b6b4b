"""Risk to MRR: a noisy-OR over the flags a client carries (SPEC "Risk to MRR")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
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


def risk_bands(
    risks: npt.NDArray[np.floating[Any]], settings: RiskSettings
) -> npt.NDArray[np.object_]:
    """`risk_band`'s value for each risk at once; None where the risk is missing."""
    bands = np.full(len(risks), RiskBand.LOW.value, dtype=object)
    bands[risks >= settings.medium] = RiskBand.MEDIUM.value
    bands[risks >= settings.high] = RiskBand.HIGH.value
    bands[np.isnan(risks)] = None
    return bands


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
    client_key to the open episode's status. Columns returned: RISK_COLUMNS (client_key, client,
    status, flags, person_flags, data_flags, criteria_count, risk, band, mrr, mrr_at_risk).
    """
    by_person = _flag_sets(person_flags)
    by_data = _flag_sets(signals)
    status_of = _status_lookup(statuses)
    # Clients share few flag combinations: each (person, data) pair is worked out once.
    flagged = functools.cache(functools.partial(_flagged, settings=settings))
    keys, names, mrrs = (clients[name].tolist() for name in (CLIENT_KEY, "client", "mrr"))
    none: frozenset[Criterion] = frozenset()
    found = [flagged(by_person.get(key, none), by_data.get(key, none)) for key in keys]
    monthly = [0.0 if pd.isna(mrr) else float(mrr) for mrr in mrrs]
    columns: dict[str, list[Any]] = {
        CLIENT_KEY: keys,
        "client": names,
        "status": [str(status_of(key)) for key in keys],
        # A list per row: callers may not share it.
        "flags": [list(one.flags) for one in found],
        "person_flags": [list(one.person_flags) for one in found],
        "data_flags": [list(one.data_flags) for one in found],
        "criteria_count": [len(one.flags) for one in found],
        "risk": [one.risk for one in found],
        "band": [one.band for one in found],
        "mrr": monthly,
        "mrr_at_risk": [mrr * one.risk for mrr, one in zip(monthly, found, strict=True)],
    }
    return pd.DataFrame(columns, columns=RISK_COLUMNS)


def _status_lookup(statuses: pd.Series) -> Callable[[str], Any]:
    """client_key -> its open episode's status, '' when it has none."""
    if statuses.index.is_unique:
        by_key = statuses.to_dict()
        return lambda key: by_key.get(key, "")
    return lambda key: statuses.get(key, "")


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


# The flags a client carries, as lists of criteria: all of them, set by a person, raised by data.
FLAG_COLUMNS: list[str] = ["flags", "person_flags", "data_flags"]
# What the flags weigh: how many, the risk and its band, the MRR and the part of it at risk.
RISK_FIGURES: list[str] = ["criteria_count", "risk", "band", "mrr", "mrr_at_risk"]
RISK_COLUMNS: list[str] = [CLIENT_KEY, "client", "status", *FLAG_COLUMNS, *RISK_FIGURES]


def _flag_sets(long_flags: pd.DataFrame) -> dict[str, frozenset[Criterion]]:
    sets: dict[str, set[Criterion]] = {}
    pairs = zip(long_flags[CLIENT_KEY].tolist(), long_flags["criterion"].tolist(), strict=True)
    for key, criterion in pairs:
        sets.setdefault(str(key), set()).add(_CRITERIA.get(criterion) or Criterion(criterion))
    return {key: frozenset(flags) for key, flags in sets.items()}


_CRITERIA: dict[object, Criterion] = {criterion.value: criterion for criterion in Criterion}
