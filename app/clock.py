"""The shells' clock: "now" and "today" in the business time zone.

pulse/ never reads the clock (everything takes as_of); the shells read it here. PULSE_NOW (an
ISO date or date-time) sets the clock for a demonstration or a test: the app and the CLI then
behave as on that day, everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

NOW_ENV = "PULSE_NOW"


def now(timezone: str, env: Mapping[str, str] = os.environ) -> datetime:
    """This moment (or PULSE_NOW's) in the business zone, to the second."""
    zone = ZoneInfo(timezone)
    fixed = env.get(NOW_ENV, "").strip()
    if not fixed:
        return datetime.now(UTC).astimezone(zone).replace(microsecond=0)
    moment = datetime.fromisoformat(fixed)
    if len(fixed) == len("YYYY-MM-DD"):
        moment = datetime.combine(moment.date(), time(9, 0))  # a date: that morning
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(zone)


def today(timezone: str, env: Mapping[str, str] = os.environ) -> date:
    """The business day it is now in the business zone (not the server's)."""
    return now(timezone, env).date()
