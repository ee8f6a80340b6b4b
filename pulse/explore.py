"""The managers' client-health explorer: one row per client, filters, groupings, trend.

SPEC "Who uses it": managers filter client health by owner, criterion, risk and status during
the week. Everything here is pure; the page only renders what these functions return.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import pandas as pd

from pulse.actions import overdue_action_items
from pulse.extra_care import open_episodes
from pulse.risk import RISK_FIGURES
from pulse.schema import CLIENT_KEY, Criterion, EpisodeStatus
from pulse.summary import MondayPicture

# A client with no extra-care episode at all shows this status (and filters on it).
NO_EPISODE = "None"
STATUS_CHOICES: tuple[str, ...] = (*[status.value for status in EpisodeStatus], NO_EPISODE)
UNASSIGNED = "(unassigned)"

OWNER_COLUMNS: tuple[str, ...] = ("vcio", "vitm", "account_admin", "segment")
HEALTH_COLUMNS: list[str] = [
    CLIENT_KEY,
    "client",
    *OWNER_COLUMNS,
    "status",
    "flags",  # the criteria's labels, as text
    "criteria",  # the same flags as a list of criteria, with who set them in the next two
    "person_flags",
    "data_flags",
    *RISK_FIGURES,
    "overdue_actions",
    "last_contact",
]
# What the page shows and exports is plain values: not the key, the flags as lists, their count.
_INTERNAL_COLUMNS = frozenset(
    {CLIENT_KEY, "criteria", "person_flags", "data_flags", "criteria_count"}
)
DISPLAY_COLUMNS: list[str] = [name for name in HEALTH_COLUMNS if name not in _INTERNAL_COLUMNS]

# Heat-map cell codes: where a criterion on a client came from.
SOURCE_NONE = 0
SOURCE_PERSON = 1
SOURCE_DATA = 2
SOURCE_BOTH = 3
SOURCE_LABELS: dict[int, str] = {
    SOURCE_NONE: "",
    SOURCE_PERSON: "set by a person",
    SOURCE_DATA: "raised by data",
    SOURCE_BOTH: "set by a person and confirmed by data",
}


@dataclass(frozen=True)
class HealthFilters:
    """Every filter of the health page; empty means "no restriction".

    Within one filter the values are alternatives (any of them); across filters all must hold.
    """

    vcio: tuple[str, ...] = ()
    vitm: tuple[str, ...] = ()
    account_admin: tuple[str, ...] = ()
    segment: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    criterion: tuple[str, ...] = ()  # Criterion values; a client matches if it has any of them
    band: tuple[str, ...] = ()
    mrr_min: float | None = None
    mrr_max: float | None = None

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> HealthFilters:
        """Read the filters from URL parameters (repeated keys or comma-free single values).

        Unknown keys are ignored; an MRR bound that is not a number is ignored too.
        """
        lists = {name: tuple(_values(params.get(name))) for name in LIST_FILTERS}
        return cls(
            **lists,
            mrr_min=_number(params.get("mrr_min")),
            mrr_max=_number(params.get("mrr_max")),
        )

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL parameters reproducing these filters; unset filters are left out."""
        params: dict[str, str | list[str]] = {}
        for name in LIST_FILTERS:
            values = list(getattr(self, name))
            if values:
                params[name] = values[0] if len(values) == 1 else values
        for name in ("mrr_min", "mrr_max"):
            bound = getattr(self, name)
            if bound is not None:
                params[name] = _number_text(bound)
        return params

    def restricted_to(
        self, options: Mapping[str, Sequence[str]]
    ) -> tuple[HealthFilters, list[str]]:
        """Keep only values among `options` (matched ignoring case); say which were dropped.

        A shared link may name an owner who has since left; the page warns instead of failing.
        """
        kept: dict[str, Any] = {}
        dropped: list[str] = []
        for name, allowed in options.items():
            by_fold = {str(option).casefold(): option for option in allowed}
            chosen = getattr(self, name)
            kept[name] = tuple(by_fold[v.casefold()] for v in chosen if v.casefold() in by_fold)
            dropped += [f"{name}={v}" for v in chosen if v.casefold() not in by_fold]
        return replace(self, **kept), dropped

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in ((), None) for f in fields(self))


LIST_FILTERS: tuple[str, ...] = (*OWNER_COLUMNS, "status", "criterion", "band")
QUERY_KEYS: tuple[str, ...] = (*LIST_FILTERS, "mrr_min", "mrr_max")


def _number_text(value: float) -> str:
    """Whole dollars without a decimal point; anything else exactly (repr round-trips)."""
    return str(int(value)) if value.is_integer() else repr(value)


def _values(raw: str | list[str] | None) -> list[str]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [item.strip() for item in items if item.strip()]


def _number(raw: str | list[str] | None) -> float | None:
    values = _values(raw)
    if not values:
        return None
    try:
        return float(values[-1].replace("$", "").replace(",", ""))
    except ValueError:
        return None


def filter_clients(table: pd.DataFrame, filters: HealthFilters) -> pd.DataFrame:
    """Rows of the health table matching every filter (values within a filter: any of them)."""
    keep = pd.Series(True, index=table.index)
    for name in (*OWNER_COLUMNS, "status", "band"):
        chosen = getattr(filters, name)
        if chosen:
            keep &= table[name].isin(chosen)
    if filters.criterion:
        wanted = set(filters.criterion)
        keep &= table["criteria"].map(lambda flags: bool(wanted & set(flags)))
    if filters.mrr_min is not None:
        keep &= table["mrr"] >= filters.mrr_min
    if filters.mrr_max is not None:
        keep &= table["mrr"] <= filters.mrr_max
    return table[keep]


def episode_status_by_client(episodes: pd.DataFrame) -> dict[str, str]:
    """The open episode's status, else the latest closed episode's (Removed / Declined)."""
    ordered = episodes[episodes[CLIENT_KEY] != ""].sort_values(
        "recommended_on", na_position="first", kind="stable"
    )
    latest: dict[str, str] = dict(zip(ordered[CLIENT_KEY], ordered["status"], strict=True))
    current = open_episodes(episodes)
    latest.update(zip(current[CLIENT_KEY], current["status"], strict=True))
    return {str(key): str(status) for key, status in latest.items()}


def health_table(
    picture: MondayPicture,
    clients: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: date,
    episodes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per client: owners, episode status, flags, risk, MRR at risk, overdue actions.

    `status` is the open episode's status; given `episodes`, a client without an open episode
    shows its latest closed episode's status; a client never on extra care shows NO_EPISODE.
    Sorted by MRR at risk, largest first.
    """
    risk = picture.risk.set_index(CLIENT_KEY)
    owners = clients.drop_duplicates(CLIENT_KEY).set_index(CLIENT_KEY)
    overdue = overdue_action_items(actions, clients, as_of=as_of)[CLIENT_KEY].value_counts()
    statuses = episode_status_by_client(episodes) if episodes is not None else {}
    table = pd.DataFrame(
        {
            CLIENT_KEY: risk.index.astype(object),
            "client": risk["client"].to_numpy(),
            **{name: _owner_column(owners, name, risk.index) for name in OWNER_COLUMNS},
            "status": [_status(str(s), statuses.get(str(k))) for k, s in risk["status"].items()],
            **_flag_columns(risk),
            **_figure_columns(risk),
            "overdue_actions": overdue.reindex(risk.index, fill_value=0).astype(int).to_numpy(),
            "last_contact": owners["last_client_contact"].reindex(risk.index).to_numpy(),
        },
        columns=HEALTH_COLUMNS,
    )
    return _by_mrr_at_risk(table)


def _flag_columns(risk: pd.DataFrame) -> dict[str, list[Any]]:
    """The flags as labels (text), and as lists of criteria: all, a person's, the data's."""
    return {
        "flags": [", ".join(Criterion(c).label for c in flags) for flags in risk["flags"]],
        "criteria": [[Criterion(c).value for c in flags] for flags in risk["flags"]],
        "person_flags": [[Criterion(c).value for c in f] for f in risk["person_flags"]],
        "data_flags": [[Criterion(c).value for c in f] for f in risk["data_flags"]],
    }


def _figure_columns(risk: pd.DataFrame) -> dict[str, Any]:
    """The risk figures with plain dtypes: count as int, the rest as float (band as is)."""
    return {
        "criteria_count": risk["criteria_count"].astype(int).to_numpy(),
        "risk": risk["risk"].astype(float).to_numpy(),
        "band": risk["band"].to_numpy(),
        "mrr": risk["mrr"].astype(float).to_numpy(),
        "mrr_at_risk": risk["mrr_at_risk"].astype(float).to_numpy(),
    }


def _owner_column(owners: pd.DataFrame, name: str, keys: pd.Index) -> list[str]:
    values = owners[name].reindex(keys)
    return [UNASSIGNED if pd.isna(v) or not str(v).strip() else str(v).strip() for v in values]


def _status(open_status: str, latest: str | None) -> str:
    if open_status:
        return open_status
    return latest or NO_EPISODE


def _by_mrr_at_risk(table: pd.DataFrame) -> pd.DataFrame:
    ordered = table.sort_values(["mrr_at_risk", "client"], ascending=[False, True], kind="stable")
    return ordered.reset_index(drop=True)


def filter_options(table: pd.DataFrame) -> dict[str, list[str]]:
    """The values each list filter can take, from the whole (unfiltered) table."""
    options: dict[str, list[str]] = {
        name: sorted(set(table[name].astype(str)), key=str.casefold) for name in OWNER_COLUMNS
    }
    options["status"] = list(STATUS_CHOICES)
    options["criterion"] = [criterion.value for criterion in Criterion]
    options["band"] = ["high", "medium", "low"]
    return options


@dataclass(frozen=True)
class HealthKpis:
    clients: int
    mrr: float
    mrr_at_risk: float
    on_extra_care: int  # Active episodes
    overdue_actions: int


def health_kpis(table: pd.DataFrame) -> HealthKpis:
    """The headline figures over the rows shown."""
    return HealthKpis(
        clients=len(table),
        mrr=float(table["mrr"].sum()),
        mrr_at_risk=float(table["mrr_at_risk"].sum()),
        on_extra_care=int((table["status"] == EpisodeStatus.ACTIVE.value).sum()),
        overdue_actions=int(table["overdue_actions"].sum()),
    )


def mrr_at_risk_by(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """MRR at risk, MRR and client count per value of `column`, largest MRR at risk first."""
    grouped = table.groupby(column, as_index=False, sort=False).agg(
        mrr_at_risk=("mrr_at_risk", "sum"),
        mrr=("mrr", "sum"),
        clients=("client", "size"),
    )
    ordered = grouped.sort_values(["mrr_at_risk", column], ascending=[False, True], kind="stable")
    return ordered.reset_index(drop=True)


def criteria_matrix(table: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Clients (with at least one flag, riskiest first; the first `limit` of them when given)
    × the eight criteria.

    Each cell holds a SOURCE_* code: whether a person set the flag, data raised it, or both.
    """
    flagged = table[table["criteria"].map(len) > 0]
    flagged = flagged.sort_values(["risk", "client"], ascending=[False, True], kind="stable")
    flagged = flagged.head(limit) if limit is not None else flagged
    rows = [
        [_source(criterion.value, person, data) for criterion in Criterion]
        for person, data in zip(flagged["person_flags"], flagged["data_flags"], strict=True)
    ]
    labels = [criterion.label for criterion in Criterion]
    matrix = pd.DataFrame(rows, index=pd.Index(flagged["client"], name="client"), columns=labels)
    return matrix.astype(int)


def _source(criterion: str, person: Iterable[str], data: Iterable[str]) -> int:
    by_person, by_data = criterion in set(person), criterion in set(data)
    if by_person and by_data:
        return SOURCE_BOTH
    if by_person:
        return SOURCE_PERSON
    return SOURCE_DATA if by_data else SOURCE_NONE


TREND_COLUMNS: list[str] = ["week", "mrr_at_risk", "extra_care", "clients", "live"]


def portfolio_trend(
    history: pd.DataFrame, current: pd.DataFrame, *, clients: Collection[str] | None = None
) -> pd.DataFrame:
    """Week by week: Σ MRR at risk, clients on extra care (status Active), clients.

    `history` is the Pulse History tab; `current` this week's rows computed live (same columns,
    e.g. from pulse.history.pulse_history_rows). A live week replaces the saved rows of that
    week. `clients` (client keys) restricts both to the clients a filter shows.
    """
    if clients is not None:
        wanted = set(clients)
        history = history[history[CLIENT_KEY].isin(wanted)]
        current = current[current[CLIENT_KEY].isin(wanted)]
    live_weeks = set(pd.to_datetime(current["week"]).dt.normalize())
    saved = history[~pd.to_datetime(history["week"]).dt.normalize().isin(live_weeks)]
    parts = [_weekly(saved, live=False), _weekly(current, live=True)]
    present = [part for part in parts if not part.empty]
    weeks = pd.concat(present, ignore_index=True) if present else parts[0]
    return weeks.sort_values("week", kind="stable").reset_index(drop=True)[TREND_COLUMNS]


def _weekly(rows: pd.DataFrame, *, live: bool) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=TREND_COLUMNS).astype(
            {"mrr_at_risk": float, "extra_care": int, "clients": int, "live": bool}
        )
    frame = pd.DataFrame(
        {
            "week": pd.to_datetime(rows["week"]).dt.normalize(),
            "mrr_at_risk": rows["mrr_at_risk"].fillna(0.0).astype(float),
            "active": (rows["status"] == EpisodeStatus.ACTIVE.value).astype(int),
        }
    )
    weekly = frame.groupby("week", as_index=False).agg(
        mrr_at_risk=("mrr_at_risk", "sum"),
        extra_care=("active", "sum"),
        clients=("active", "size"),
    )
    return weekly.assign(live=live)[TREND_COLUMNS]
