"""The evidence of a fired signal: which clients reach a rule's threshold, with the tickets (oldest
first) and a short reason a person can check by hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from pulse.extra_care import SIGNAL_COLUMNS
from pulse.schema import Criterion

Reason = Callable[[int], str]  # the reason for a client with this many tickets of evidence
# What `counted` reads of the tickets: a rule selects its hits from these columns only, so a
# filter copies three columns, not the export's seventeen (most of them Arrow text).
EVIDENCE_COLUMNS: list[str] = ["client_key", "created", "ticket"]


def counted(hits: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """client_key -> evidence tickets (oldest first) for clients with >= threshold hits."""
    ordered = hits.sort_values(EVIDENCE_COLUMNS, kind="stable")
    keys = ordered["client_key"].to_numpy(dtype=object)
    return counted_in_order(keys, ordered["ticket"].to_numpy(dtype=object), threshold)


def counted_in_order(keys: np.ndarray, tickets: np.ndarray, threshold: int) -> pd.DataFrame:
    """`counted`, for hits already in evidence order (by client, then oldest first): their
    client keys and ticket numbers."""
    # Runs of one client in the sorted frame: [starts[i], ends[i]) -- no per-group Python call.
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], int)
    ends = np.r_[starts[1:], len(keys)].astype(int)
    enough = (ends - starts) >= threshold
    return pd.DataFrame(
        {
            "client_key": pd.Series(keys[starts[enough]], dtype=object),
            "tickets": pd.Series(
                [tickets[a:b].tolist() for a, b in zip(starts[enough], ends[enough], strict=True)],
                dtype=object,
            ),
        }
    )


def plural(n: int, noun: str) -> str:
    """'1 ticket', '2 tickets'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def with_reason(hits: pd.DataFrame, reason: Reason) -> pd.DataFrame:
    """Each client's hits with the reason its number of evidence tickets gives."""
    return hits.assign(reason=[reason(len(t)) for t in hits["tickets"]])


def merge_parts(parts: list[pd.DataFrame], criterion: Criterion) -> pd.DataFrame:
    """One row per client: evidence of every fired part (no repeats), reasons joined by '; '."""
    fired = concat_or_empty(parts, ("client_key", "tickets", "reason"))
    if fired.empty:
        return empty_frame(SIGNAL_COLUMNS)
    evidence: dict[str, list[list[str]]] = {}
    reasons: dict[str, list[str]] = {}
    # One row per fired (client, part): a few thousand at most, never one per ticket.
    columns = (fired[column].tolist() for column in ("client_key", "tickets", "reason"))
    for key, tickets, reason in zip(*columns, strict=True):
        evidence.setdefault(key, []).append(tickets)
        reasons.setdefault(key, []).append(reason)
    keys = sorted(evidence)
    return pd.DataFrame(
        {
            "client_key": keys,
            "tickets": pd.Series([_union(evidence[key]) for key in keys], dtype=object),
            "reason": ["; ".join(reasons[key]) for key in keys],
            "criterion": criterion.value,
            "client": "",
        }
    )


def _union(lists: list[list[str]]) -> list[str]:
    """Evidence of every fired part, in order, without repeats."""
    if len(lists) == 1:  # most clients fire one part
        return list(dict.fromkeys(lists[0]))
    return list(dict.fromkeys(itertools.chain.from_iterable(lists)))


def display_names(signals: pd.DataFrame, clients: pd.DataFrame, tickets: pd.DataFrame) -> pd.Series:
    """The workbook's spelling of each client; the export's when the workbook lacks it."""
    # Lists: iterating an Arrow-backed column costs per element.
    names = dict(zip(clients["client_key"].tolist(), clients["client"].tolist(), strict=True))
    keys = signals["client_key"].tolist()
    unknown = set(keys) - names.keys()
    if unknown:  # the first spelling in the export, looked up only for those clients
        spelled = tickets[tickets["client_key"].isin(unknown)]
        spellings = spelled[["client_key", "client"]].drop_duplicates("client_key")
        names.update(zip(spellings["client_key"], spellings["client"], strict=True))
    spelled_as = [str(names.get(key, key)) for key in keys]
    return pd.Series(spelled_as, index=signals.index, name="client_key")


def concat_or_empty(frames: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """The non-empty frames one after the other; an empty frame of `columns` when none."""
    present = [frame for frame in frames if len(frame)]
    return pd.concat(present, ignore_index=True) if present else empty_frame(columns)


def empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    """No rows; every column of object dtype."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
