"""Which escalation type a few typed words mean, on the sample matrix (seed 004's eight types)."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.escalation.errors import NoEscalationMatch
from pulse.escalation.matching import match_escalation_type
from pulse.escalation.matrix import escalation_levels
from tests.escalation_matrix import TYPES


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Timeline Adjustments", "Timeline Adjustments"),
        ("  timeline ADJUSTMENTS ", "Timeline Adjustments"),
        ("timeline", "Timeline Adjustments"),
        ("timelines slipping", "Timeline Adjustments"),
        ("timline", "Timeline Adjustments"),  # a typo
        ("schedule", "Timeline Adjustments"),
        ("cancel", "Subscription Terminations"),
        ("they want to cancel", "Subscription Terminations"),
        ("cancellation", "Subscription Terminations"),
        ("termination", "Subscription Terminations"),
        ("data", "Client Data Issues"),
        ("client data", "Client Data Issues"),
        ("procure", "Material Procurement"),
        ("materials", "Material Procurement"),
        ("hardware order", "Material Procurement"),
        ("performance", "Performance Setbacks"),
        ("perfomance problem", "Performance Setbacks"),
        ("guidance", "Guidance Acquisition"),
        ("need instructions", "Guidance Acquisition"),
        ("service details", "Service Details Concerns"),
        ("operational", "Operational Challenges"),
    ],
)
def test_words_find_their_type(matrix: pd.DataFrame, words: str, expected: str) -> None:
    assert escalation_levels(matrix, words).type == expected


@pytest.mark.parametrize("words", ["xyzzy", "", "   ", "client issue", "date"])
def test_words_matching_nothing_say_so_and_list_the_types(matrix: pd.DataFrame, words: str) -> None:
    with pytest.raises(NoEscalationMatch) as raised:
        escalation_levels(matrix, words)
    message = str(raised.value)
    assert all(escalation_type in message for escalation_type in TYPES)
    assert raised.value.candidates == []


def test_words_matching_two_types_name_both(matrix: pd.DataFrame) -> None:
    # "stop" is a termination word, "services" a service-details word: one each, a tie.
    with pytest.raises(NoEscalationMatch) as raised:
        escalation_levels(matrix, "stop services")
    assert sorted(raised.value.candidates) == [
        "Service Details Concerns",
        "Subscription Terminations",
    ]


def test_types_come_from_the_matrix_not_the_code() -> None:
    edited = pd.DataFrame(
        {"type": ["Billing Disputes"], "level": [1], "role": ["Biller"], "responsibility": ["X."]}
    )
    assert escalation_levels(edited, "billing").type == "Billing Disputes"
    with pytest.raises(NoEscalationMatch):
        escalation_levels(edited, "timeline")  # a synonym of a type this matrix lacks


TWO_TYPES = ["Timeline Adjustments", "Material Procurement"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Material Procurement", "Material Procurement"),
        ("material--procurement!", "Material Procurement"),  # punctuation is not a word
        ("procurement", "Material Procurement"),  # a prefix of at least four letters
        ("procu", "Material Procurement"),
        ("timeline delay", "Timeline Adjustments"),  # a name word and a synonym: score 2
    ],
)
def test_match_escalation_type_on_a_list_of_types(words: str, expected: str) -> None:
    assert match_escalation_type(TWO_TYPES, words) == expected


@pytest.mark.parametrize("words", ["pro", "order delay"])
def test_too_short_a_prefix_or_a_tie_matches_nothing(words: str) -> None:
    # "pro" is under four letters; "order" (procurement) and "delay" (timeline) score one each.
    with pytest.raises(NoEscalationMatch):
        match_escalation_type(TWO_TYPES, words)


def test_no_types_no_match() -> None:
    with pytest.raises(NoEscalationMatch, match="the Escalation Matrix is empty"):
        match_escalation_type([], "timeline")
