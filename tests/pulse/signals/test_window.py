"""The 30 calendar days before the as-of date, in the business zone (2026-02-14 .. 2026-03-15
for as-of Monday 2026-03-16 in Los Angeles)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pulse.signals.window import day_start, in_window, window_tickets
from tests.ticket_frames import AS_OF, TZ, both_indexes, fired, frame, signals, ticket

# Each rule holds on both ways the rules get their ticket index (tests.ticket_frames).
pytestmark = pytest.mark.usefixtures(both_indexes.__name__)


@pytest.mark.parametrize(
    ("created", "counted"),
    [
        ("2026-02-13 12:00", False),  # as-of - 31
        ("2026-02-14 12:00", True),  # as-of - 30
        ("2026-03-15 12:00", True),  # as-of - 1
        ("2026-03-16 09:00", False),  # as-of itself
        ("2026-02-13 23:30", False),  # 2026-02-14 07:30 UTC, but still the 13th in Los Angeles
    ],
)
def test_window_edges(created: str, counted: bool) -> None:
    rows = [ticket("A", priority="High"), ticket("B", priority="High")]
    edge = ticket("EDGE", priority="High", created=created)
    result = fired(signals(frame(*rows, edge)), "service_desk")
    assert ("Acme" in result) is counted


@pytest.mark.parametrize("order", ["sorted", "reversed", "with a blank created"])
def test_window_tickets_same_rows_whether_or_not_the_export_is_sorted(order: str) -> None:
    # 30 days before 2026-03-16 (Los Angeles): 2026-02-14 00:00 up to 2026-03-16 00:00 local.
    created = {
        "OUT-BEFORE": "2026-02-13 23:59",
        "IN-FIRST": "2026-02-14 00:00",
        "IN-DST": "2026-03-08 03:30",  # the day clocks go forward
        "IN-LAST": "2026-03-15 23:59",
        "OUT-AS-OF": "2026-03-16 00:00",
    }
    rows = [ticket(number, created=stamp) for number, stamp in created.items()]
    if order == "reversed":
        rows.reverse()
    if order == "with a blank created":
        rows.insert(2, ticket("BLANK", created=None))
    window = window_tickets(frame(*rows), as_of=AS_OF, days=30, zone=TZ)
    expected = ["IN-FIRST", "IN-DST", "IN-LAST"]
    assert window["ticket"].tolist() == (expected[::-1] if order == "reversed" else expected)


@pytest.mark.parametrize(
    ("created", "inside"),
    [
        # Opens 2026-02-14 00:00 PST (08:00 UTC), closes 2026-03-16 00:00 PDT (07:00 UTC).
        ("2026-02-14 07:59", False),
        ("2026-02-14 08:00", True),
        ("2026-03-16 06:59", True),
        ("2026-03-16 07:00", False),
        (None, False),
    ],
)
def test_in_window_compares_utc_instants_with_local_midnights(
    created: str | None, inside: bool
) -> None:
    stamps = pd.Series(pd.to_datetime([created], utc=True))
    assert in_window(stamps, as_of=AS_OF, days=30, zone=TZ).tolist() == [inside]


def test_day_start_in_utc_and_when_dst_skips_midnight() -> None:
    # Los Angeles: midnight 2026-03-08 (the day clocks go forward at 02:00) is still PST.
    assert day_start(date(2026, 3, 8), TZ) == pd.Timestamp("2026-03-08 08:00", tz="UTC")
    assert day_start(date(2026, 3, 9), TZ) == pd.Timestamp("2026-03-09 07:00", tz="UTC")
    # Santiago skips 2026-09-06 00:00-01:00: the day begins at 01:00 (-03), 04:00 UTC.
    chile = "America/Santiago"
    assert day_start(date(2026, 9, 6), chile) == pd.Timestamp("2026-09-06 04:00", tz="UTC")
