"""Thresholds, evidence tickets and reasons, on tiny literal frames."""

from __future__ import annotations

import pandas as pd

from pulse.schema import Criterion
from pulse.signals.evidence import (
    concat_or_empty,
    counted,
    display_names,
    empty_frame,
    merge_parts,
    plural,
    with_reason,
)


def hits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_key": ["acme", "globex", "acme"],
            "created": pd.to_datetime(["2026-03-02", "2026-03-01", "2026-03-01"], utc=True),
            "ticket": ["T2", "G1", "T1"],
        }
    )


def test_counted_keeps_clients_at_the_threshold_with_their_tickets_oldest_first() -> None:
    assert counted(hits(), 2).to_dict("records") == [
        {"client_key": "acme", "tickets": ["T1", "T2"]}
    ]
    assert counted(hits(), 1)["tickets"].tolist() == [["T1", "T2"], ["G1"]]
    assert counted(hits(), 3).empty
    assert list(counted(hits().iloc[0:0], 1).columns) == ["client_key", "tickets"]


def test_plural_and_with_reason() -> None:
    assert [plural(n, "ticket") for n in (0, 1, 2)] == ["0 tickets", "1 ticket", "2 tickets"]
    found = pd.DataFrame({"client_key": ["a", "b"], "tickets": [["T1", "T2"], ["T3"]]})
    reasons = with_reason(found, lambda n: f"{plural(n, 'ticket')} late")["reason"]
    assert reasons.tolist() == ["2 tickets late", "1 ticket late"]


def test_merge_parts_joins_evidence_and_reasons_per_client() -> None:
    urgent = pd.DataFrame(
        {"client_key": ["acme", "globex"], "tickets": [["T1", "T2"], ["G1"]], "reason": ["u", "g"]}
    )
    late = pd.DataFrame({"client_key": ["acme"], "tickets": [["T2", "T3"]], "reason": ["l"]})
    merged = merge_parts([urgent, late], Criterion.SERVICE_DESK)
    assert merged.to_dict("records") == [
        {
            "client_key": "acme",
            "tickets": ["T1", "T2", "T3"],
            "reason": "u; l",
            "criterion": "service_desk",
            "client": "",
        },
        {
            "client_key": "globex",
            "tickets": ["G1"],
            "reason": "g",
            "criterion": "service_desk",
            "client": "",
        },
    ]


def test_no_part_fired_is_an_empty_signals_frame() -> None:
    for parts in ([], [empty_frame(("client_key", "tickets", "reason"))]):
        merged = merge_parts(parts, Criterion.NOC)
        assert merged.empty
        assert list(merged.columns) == ["client_key", "client", "criterion", "tickets", "reason"]


def test_display_names_prefer_the_workbooks_spelling() -> None:
    signals = pd.DataFrame({"client_key": ["acme", "initech", "nowhere"]})
    clients = pd.DataFrame({"client_key": ["acme"], "client": ["Acme"]})
    tickets = pd.DataFrame(
        {
            "client_key": ["initech", "initech", "acme"],
            "client": ["INITECH corp", "Initech", "ACME"],
        }
    )
    names = display_names(signals, clients, tickets)
    assert names.tolist() == ["Acme", "INITECH corp", "nowhere"]


def test_concat_or_empty() -> None:
    one = pd.DataFrame({"a": [1]})
    assert concat_or_empty([one.iloc[0:0], one, one], ("a",))["a"].tolist() == [1, 1]
    empty = concat_or_empty([one.iloc[0:0]], ("a", "b"))
    assert empty.empty and list(empty.columns) == ["a", "b"]
    assert [str(dtype) for dtype in empty.dtypes] == ["object", "object"]
