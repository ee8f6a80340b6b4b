"""Phrases that suggest a criterion only people set: suggestions, never flags."""

from __future__ import annotations

from dataclasses import replace

from pulse.schema import PERSON_ONLY_CRITERIA
from pulse.settings import DEFAULT_SETTINGS
from pulse.signals.suggestions import ticket_suggestions
from tests.ticket_frames import AS_OF, frame, signals, ticket


def test_suggestions_never_flag() -> None:
    rows = [
        ticket("H", notes="We are hiring an IT manager next month"),
        ticket("M", client="Globex", summary="Merger with Initech: new parent company"),
        ticket("R", notes="Layoffs announced"),
    ]
    tickets = frame(*rows)
    suggestions = ticket_suggestions(tickets, as_of=AS_OF, settings=DEFAULT_SETTINGS)
    assert suggestions[["client", "criterion", "tickets"]].to_dict("records") == [
        {"client": "Acme", "criterion": "hiring_internal_it", "tickets": ["H"]},
        {"client": "Acme", "criterion": "reducing_staff", "tickets": ["R"]},
        {"client": "Globex", "criterion": "acquisition", "tickets": ["M"]},
    ]
    assert list(suggestions["phrase"]) == ["hiring an it", "layoff", "merger, new parent company"]
    person_only = {criterion.value for criterion in PERSON_ONLY_CRITERIA}
    assert not set(signals(tickets)["criterion"]) & person_only


def test_no_phrases_configured_no_suggestions() -> None:
    signals_settings = replace(
        DEFAULT_SETTINGS.signals, hiring_phrases=(), reducing_phrases=(), acquisition_phrases=()
    )
    settings = replace(DEFAULT_SETTINGS, signals=signals_settings)
    tickets = frame(ticket("H", notes="We are hiring an IT manager next month"))
    suggestions = ticket_suggestions(tickets, as_of=AS_OF, settings=settings)
    assert suggestions.empty
    assert list(suggestions.columns) == ["client_key", "client", "criterion", "tickets", "phrase"]


def test_each_phrase_once_in_the_order_found() -> None:
    rows = [
        ticket("A", notes="Layoffs coming; more layoffs", created="2026-03-03 10:00"),
        ticket("B", summary="Downsizing the office", created="2026-03-02 10:00"),
    ]
    suggestions = ticket_suggestions(frame(*rows), as_of=AS_OF, settings=DEFAULT_SETTINGS)
    (row,) = suggestions.to_dict("records")
    assert (row["criterion"], row["tickets"]) == ("reducing_staff", ["B", "A"])
    assert row["phrase"] == "downsizing, layoff"
