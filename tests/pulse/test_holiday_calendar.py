"""The days the MSP is closed: a country's public holidays, worked out on a calendar by hand, with
only that country's module of the `holidays` package loaded."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import holidays
import pytest

from pulse.holiday_calendar import closed_dates, is_known_country
from pulse.settings import BusinessHours


def test_a_country_by_its_code_or_alias_in_any_case() -> None:
    # UK-wide bank holidays of 2026 (no region): New Year (Thu), Good Friday 3 Apr, early May
    # Mon 4 May, spring Mon 25 May, Christmas (Fri), Boxing Day (Sat) and its Monday substitute.
    uk_2026 = {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    }
    for code in ("GB", "gb", " UK ", "GBR"):
        assert closed_dates(BusinessHours(holiday_country=code), range(2026, 2027)) == uk_2026


def test_the_country_module_is_loaded_alone() -> None:
    # holidays.countries' __init__ imports all ~250 country modules; only the one is needed.
    probe = (
        "import sys; from pulse.holiday_calendar import closed_dates; "
        "from pulse.settings import BusinessHours; "
        "closed = closed_dates(BusinessHours(), range(2026, 2027)); "
        "print(len(closed), 'holidays.countries' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    # 2026's eleven US federal holidays, plus Saturday 07-04's observed Friday 07-03.
    assert done.stdout.split() == ["12", "False"]
    assert set(holidays.country_holidays("US", years=[2026])) == closed_dates(
        BusinessHours(), range(2026, 2027)
    )


@pytest.mark.parametrize(
    ("code", "known"),
    [("US", True), ("usa", True), (" GB ", True), ("None", True), ("", True), ("XX", False)],
)
def test_is_known_country(code: str, known: bool) -> None:
    assert is_known_country(code) is known
