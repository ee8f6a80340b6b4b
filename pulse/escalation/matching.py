"""Which escalation type a few typed words mean: the type's exact name, else the type sharing the
most words with them (its name's words and a few everyday synonyms; prefixes and small typos
count)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from pulse.escalation.errors import NoEscalationMatch

# A few everyday words for each of seed 004's types. Matching also compares the words of the
# type names themselves, so only words that are *not* in a type's name need to be here.
TYPE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Operational Challenges": ("operations", "disruption", "outage", "operating"),
    "Timeline Adjustments": ("schedule", "deadline", "delay", "delayed", "reschedule"),
    "Guidance Acquisition": ("guide", "instructions", "direction", "advice", "directive"),
    "Client Data Issues": ("information", "info", "records", "database"),
    "Service Details Concerns": ("scope", "specifics", "agreement", "sow"),
    "Material Procurement": ("procure", "purchase", "hardware", "equipment", "order", "supplies"),
    "Performance Setbacks": ("slow", "slowness", "underperforming", "sla"),
    "Subscription Terminations": (
        "cancel",
        "cancellation",
        "terminate",
        "termination",
        "churn",
        "discontinue",
        "offboard",
        "stop",
    ),
}
# Words that say nothing about which type is meant ("client issue" is every type).
_FILLER_WORDS = frozenset(
    {
        *("a", "an", "and", "the", "of", "to", "for", "in", "on", "with", "about"),
        *("our", "my", "their", "is", "are"),
        *("issue", "issues", "concern", "concerns", "problem", "problems"),
        *("client", "clients", "customer", "customers"),
    }
)
_MIN_PREFIX = 4  # "proc" is not yet "procurement"; "procure" is
_TYPO_RATIO = 0.85  # "timline" ~ "timeline", but "date" is not "data"


def match_escalation_type(types: Sequence[str], type_text: str) -> str:
    """The one type in `types` that `type_text` means: its exact name, else the type sharing the
    most words with it (name words and synonyms; prefixes and small typos count).

    Raises NoEscalationMatch when nothing matches or several types tie."""
    wanted = _normalise(type_text)
    exact = [name for name in types if _normalise(name) == wanted]
    if exact:
        return exact[0]
    scores = {name: _score(_words(type_text), _type_vocabulary(name)) for name in types}
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best and best > 0]
    if len(winners) != 1:
        raise NoEscalationMatch(type_text, types, winners)
    return winners[0]


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _words(text: str) -> list[str]:
    return [word for word in _normalise(text).split() if word not in _FILLER_WORDS]


def _type_vocabulary(name: str) -> list[str]:
    return [*_words(name), *TYPE_SYNONYMS.get(name, ())]


def _score(words: Iterable[str], vocabulary: Sequence[str]) -> int:
    """How many of the words match some word of the vocabulary."""
    return sum(any(_same_word(word, term) for term in vocabulary) for word in words)


def _same_word(word: str, term: str) -> bool:
    if word == term:
        return True
    if min(len(word), len(term)) >= _MIN_PREFIX and (
        word.startswith(term) or term.startswith(word)
    ):
        return True
    return difflib.SequenceMatcher(None, word, term).ratio() >= _TYPO_RATIO
