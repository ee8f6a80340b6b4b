"""`pulse signals --json`: per client, its signals and suggestions."""

from __future__ import annotations

from pulse.settings import DEFAULT_SETTINGS
from pulse.signals.suggestions import ticket_suggestions
from pulse.signals.views import signals_json
from tests.ticket_frames import AS_OF, frame, signals, ticket


def test_signals_json() -> None:
    rows = [ticket("F", survey_score=1.0), ticket("G", client="Globex", notes="layoff rumours")]
    tickets = frame(*rows)
    result = signals_json(
        signals(tickets), ticket_suggestions(tickets, as_of=AS_OF, settings=DEFAULT_SETTINGS)
    )
    assert result == [
        {
            "client": "Acme",
            "signals": [
                {
                    "criterion": "frustrated_messages",
                    "tickets": ["F"],
                    "reason": "1 ticket with a survey score ≤2 or a frustrated message",
                }
            ],
            "suggestions": [],
        },
        {
            "client": "Globex",
            "signals": [],
            "suggestions": [{"criterion": "reducing_staff", "tickets": ["G"], "phrase": "layoff"}],
        },
    ]


def test_signals_json_of_nothing_is_an_empty_list() -> None:
    tickets = frame()
    suggestions = ticket_suggestions(tickets, as_of=AS_OF, settings=DEFAULT_SETTINGS)
    assert signals_json(signals(tickets), suggestions) == []
