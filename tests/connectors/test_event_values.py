"""One event's cells: its name, its time, and the row a correction names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from connectors.event_values import corrected_row, event_name, parse_event_time

LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize("text", ["Swarm Created", "swarm-created", " SWARM_created "])
def test_event_names_in_any_spelling(text: str) -> None:
    assert event_name(text) == "swarm_created"


def test_times_with_an_offset_or_local() -> None:
    assert parse_event_time("2026-05-12T09:00:00+00:00", LA) == datetime.fromisoformat(
        "2026-05-12T09:00:00+00:00"
    )
    assert parse_event_time(" 2026-05-12 09:00 ", LA) == datetime(2026, 5, 12, 9, 0, tzinfo=LA)
    assert parse_event_time("soon", LA) is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "vitm_acknowledged at 2026-05-12T09:40:00-07:00: wrong incident",
            ("vitm_acknowledged", datetime(2026, 5, 12, 9, 40, tzinfo=LA)),
        ),
        (
            "row 7 (Swarm_Created at 2026-05-12 09:05): a test click",
            ("swarm_created", datetime(2026, 5, 12, 9, 5, tzinfo=LA)),
        ),
        ("the time was wrong", None),
        ("lunch at 2026-05-12T12:00:00-07:00: not an event", None),
    ],
)
def test_the_row_a_correction_names(note: str, expected: tuple[str, datetime] | None) -> None:
    assert corrected_row(note, LA) == expected
