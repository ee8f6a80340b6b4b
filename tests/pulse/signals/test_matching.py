"""Which tickets match a type, a board, or a phrase."""

from __future__ import annotations

import re

import pandas as pd

from pulse.schema import TicketType
from pulse.signals.matching import (
    is_type,
    mentions,
    on_board,
    per_distinct,
    phrase_pattern,
    ticket_text,
)


def test_is_type() -> None:
    tickets = pd.DataFrame({"type": ["incident", None, "project", "Incident"]})
    assert is_type(tickets, TicketType.INCIDENT).tolist() == [True, False, False, False]


def test_on_board_ignores_case_and_runs_of_spaces() -> None:
    boards = pd.Series(["NOC", " network  operations ", "Service Desk", None, "noc"])
    names = ["Network Operations", "noc"]
    assert on_board(boards, names).tolist() == [True, True, False, False, True]


def test_per_distinct_runs_the_rule_once_per_distinct_value() -> None:
    seen: list[int] = []

    def shout(values: pd.Series) -> pd.Series:
        seen.append(len(values))
        return values.str.upper()

    values = pd.Series(["a", "b", "a", "a"], index=[10, 11, 12, 13], name="board")
    answer = per_distinct(values, shout)
    assert answer.tolist() == ["A", "B", "A", "A"]
    assert list(answer.index) == [10, 11, 12, 13] and answer.name == "board"
    assert seen == [2]


def test_ticket_text_joins_summary_and_notes() -> None:
    tickets = pd.DataFrame(
        {"summary": ["Printer down", "VPN"], "notes": pd.array(["again?", pd.NA], dtype="string")}
    )
    assert ticket_text(tickets).tolist() == ["Printer down \n again?", "VPN \n "]


def test_phrase_pattern_is_literal_and_longest_first() -> None:
    pattern = phrase_pattern(["slow", " so slow ", "again?", "  "])
    assert pattern is not None
    assert re.findall(pattern, "so slow, again?") == ["so slow", "again?"]
    assert re.search(pattern, "again!") is None  # the question mark is literal
    assert phrase_pattern([]) is None and phrase_pattern(["   "]) is None


def test_mentions_ignores_case_and_needs_phrases() -> None:
    tickets = pd.DataFrame(
        {"summary": ["UNACCEPTABLE delay", "Printer"], "notes": ["", "Thanks, unacceptable"]}
    )
    assert mentions(tickets, ["unacceptable"]).tolist() == [True, True]
    assert mentions(tickets, ["fine"]).tolist() == [False, False]
    assert mentions(tickets, []).tolist() == [False, False]
    assert mentions(tickets.iloc[0:0], ["unacceptable"]).empty
