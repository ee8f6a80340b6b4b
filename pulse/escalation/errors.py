"""Escalation questions that cannot be answered, each with a message that says what to do."""

from __future__ import annotations

from collections.abc import Sequence


class EscalationError(ValueError):
    """An escalation question that cannot be answered; the message says what to do."""


class NoEscalationMatch(EscalationError):
    """No (or more than one) escalation type matches the words given."""

    def __init__(self, text: str, types: Sequence[str], candidates: Sequence[str] = ()) -> None:
        self.text = text
        self.types = list(types)
        self.candidates = list(candidates)
        super().__init__(_no_match_message(text, self.types, self.candidates))


def _no_match_message(text: str, types: Sequence[str], candidates: Sequence[str]) -> str:
    listed = ", ".join(types) if types else "(the Escalation Matrix is empty)"
    if candidates:
        return (
            f"'{text}' could mean {' or '.join(candidates)}; add a word or pick one. "
            f"Types: {listed}."
        )
    if not text.strip():
        return f"Type a few words or pick an escalation type. Types: {listed}."
    return f"No escalation type matches '{text}'. Types: {listed}."
