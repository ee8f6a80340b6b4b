"""The messages of escalation questions that cannot be answered: each says what to do."""

from __future__ import annotations

from pulse.escalation.errors import EscalationError, NoEscalationMatch

TYPES = ["Timeline Adjustments", "Material Procurement"]


def test_no_match_lists_the_types() -> None:
    error = NoEscalationMatch("widgets", TYPES)
    assert str(error) == (
        "No escalation type matches 'widgets'. Types: Timeline Adjustments, Material Procurement."
    )
    assert isinstance(error, EscalationError) and isinstance(error, ValueError)
    assert (error.text, error.types, error.candidates) == ("widgets", TYPES, [])


def test_a_tie_names_the_candidates() -> None:
    error = NoEscalationMatch("order delay", TYPES, TYPES)
    assert str(error) == (
        "'order delay' could mean Timeline Adjustments or Material Procurement; add a word or "
        "pick one. Types: Timeline Adjustments, Material Procurement."
    )


def test_blank_words_ask_for_words_and_an_empty_matrix_says_so() -> None:
    assert str(NoEscalationMatch("  ", TYPES)) == (
        "Type a few words or pick an escalation type. "
        "Types: Timeline Adjustments, Material Procurement."
    )
    assert str(NoEscalationMatch("x", [])) == (
        "No escalation type matches 'x'. Types: (the Escalation Matrix is empty)."
    )
