"""Stale-data banner rules (SPEC: data older than a week)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from pulse.freshness import stale_sources, ticket_export_time

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("modified", "exported", "stale"),
    [
        (datetime(2026, 11, 16, 9), None, []),  # exactly 7 days: not more than 7
        (datetime(2026, 11, 15, 23, 59), None, ["workbook"]),  # 8 days
        (None, datetime(2026, 11, 16), []),
        (None, datetime(2026, 11, 15), ["ticket"]),
        (datetime(2026, 10, 1), datetime(2026, 10, 1), ["workbook", "ticket"]),
        (None, None, []),  # unknown is not stale
        (datetime(2026, 12, 1), None, []),  # modified after the as-of date
    ],
)
def test_stale_sources(
    modified: datetime | None, exported: datetime | None, stale: list[str]
) -> None:
    messages = stale_sources(
        workbook_modified=modified, tickets_exported=exported, as_of=AS_OF, stale_days=7
    )
    assert len(messages) == len(stale)
    for message, source in zip(messages, stale, strict=True):
        assert source in message.casefold()


def test_stale_days_is_configurable() -> None:
    modified = datetime(2026, 11, 20)
    assert stale_sources(
        workbook_modified=modified, tickets_exported=None, as_of=AS_OF, stale_days=2
    )
    assert not stale_sources(
        workbook_modified=modified, tickets_exported=None, as_of=AS_OF, stale_days=3
    )


def test_ticket_export_time_is_the_newest_created() -> None:
    created = pd.to_datetime(["2026-11-01T10:00Z", "2026-11-20T09:30Z", None], utc=True)
    assert ticket_export_time(pd.DataFrame({"created": created})) == datetime(
        2026, 11, 20, 9, 30, tzinfo=UTC
    )
    assert ticket_export_time(None) is None
    assert ticket_export_time(pd.DataFrame({"created": pd.to_datetime([], utc=True)})) is None


def test_stale_messages_say_when_how_old_and_what_to_do() -> None:
    messages = stale_sources(
        workbook_modified=datetime(2026, 11, 1, 15, 30),
        tickets_exported=datetime(2026, 11, 13),
        as_of=AS_OF,
        stale_days=7,
    )
    assert messages == [
        "The Client Pulse workbook was last modified 2026-11-01, 22 days before 2026-11-23 "
        "(more than 7): check that decisions and action items are up to date.",
        "The ticket export is from 2026-11-13, 10 days before 2026-11-23 (more than 7): "
        "signals from tickets may be out of date; load a fresh export.",
    ]
