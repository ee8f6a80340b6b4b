"""The days the MSP is closed: a country's public holidays (the `holidays` package, loading that
one country's module alone) plus the extra days pulse.toml names. The business clock
(pulse/business_clock.py) builds its day table from these."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from pulse.settings import BusinessHours

NO_HOLIDAYS = frozenset({"", "none"})  # holiday_country values meaning "no public holidays"


def closed_dates(hours: BusinessHours, years: range) -> set[date]:
    """Holidays the MSP closes on: the country's public holidays plus the configured extra days
    (`holiday_country = "none"`: no public holidays, e.g. a round-the-clock desk)."""
    extra = {date.fromisoformat(text) for text in hours.extra_holidays}
    if hours.holiday_country.strip().casefold() in NO_HOLIDAYS:
        return extra
    country = _country_calendar(hours.holiday_country)(years=list(years))
    return set(country.keys()) | extra


def is_known_country(code: object) -> bool:
    """Whether a `holiday_country` value means no holidays or names a country (ISO code or alias,
    any case) the `holidays` registry lists; only the registry is imported, no country."""
    if not isinstance(code, str):
        return False
    if code.strip().casefold() in NO_HOLIDAYS:
        return True
    from holidays.registry import COUNTRIES

    wanted = code.strip().upper()
    return any(wanted in codes for _, *codes in COUNTRIES.values())


def _country_calendar(code: str) -> Callable[..., Any]:
    """The `holidays` class of one country, with only that country's module imported:
    `holidays.country_holidays`, even the lazy `holidays.US`, import `holidays.countries`, whose
    `__init__` imports all ~250 (~0.1-0.2 s). Imported when a clock is first built, so commands
    that never use the clock do not load the package."""
    loaded = _country_class(code.strip().upper())
    if loaded is not None:
        return loaded
    import holidays

    return functools.partial(holidays.country_holidays, code)  # unknown: the package explains


@lru_cache(maxsize=8)
def _country_class(code: str) -> Callable[..., Any] | None:
    """The class for an ISO code (or alias) the registry lists, from its module file alone;
    None for a code it does not list or a module that will not load that way."""
    import importlib.util

    import holidays
    from holidays.registry import COUNTRIES

    for module, (class_name, *codes) in COUNTRIES.items():
        if code not in codes:
            continue
        path = Path(holidays.__file__).with_name("countries") / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"_pulse_holidays_{module}", path)
        if spec is None or spec.loader is None:
            return None
        country = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(country)
        except (ImportError, OSError):
            return None
        return cast(Callable[..., Any], getattr(country, class_name, None))
    return None
