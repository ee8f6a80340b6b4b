"""How old a ticket export is: judged by its newest Created time (SPEC: stale after 7 days)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pulse.freshness import ticket_export_age

ZONE = "America/Los_Angeles"
AS_OF = date(2026, 11, 23)


def tickets(*created_utc: str | None) -> pd.DataFrame:
    return pd.DataFrame({"created": pd.to_datetime(list(created_utc), utc=True)})


@pytest.mark.parametrize(
    ("created_utc", "newest_local", "age_days", "stale"),
    [
        # 2026-11-23 16:40 UTC is 08:40 in Los Angeles the same day: age 0.
        (["2026-11-01T10:00Z", "2026-11-23T16:40Z"], "2026-11-23 08:40", 0, False),
        # 2026-11-17 03:00 UTC is still the 16th in Los Angeles: exactly 7 days, not older.
        (["2026-11-17T03:00Z"], "2026-11-16 19:00", 7, False),
        (["2026-11-15T20:00Z", None], "2026-11-15 12:00", 8, True),
        # A ticket after the as-of date (viewing an earlier week): not stale, age negative.
        (["2026-11-25T20:00Z"], "2026-11-25 12:00", -2, False),
    ],
)
def test_age_is_counted_from_the_newest_created_day_in_the_business_zone(
    created_utc: list[str | None], newest_local: str, age_days: int, stale: bool
) -> None:
    age = ticket_export_age(tickets(*created_utc), as_of=AS_OF, timezone=ZONE, stale_days=7)
    assert age.newest_created is not None
    assert f"{age.newest_created:%Y-%m-%d %H:%M}" == newest_local
    assert (age.age_days, age.stale) == (age_days, stale)


def test_stale_days_is_configurable() -> None:
    age = ticket_export_age(tickets("2026-11-20T20:00Z"), as_of=AS_OF, timezone=ZONE, stale_days=2)
    assert (age.age_days, age.stale) == (3, True)


def test_an_export_without_dates_is_not_called_stale() -> None:
    age = ticket_export_age(tickets(None), as_of=AS_OF, timezone=ZONE, stale_days=7)
    assert (age.newest_created, age.age_days, age.stale) == (None, None, False)
