"""Cell values of exports -> canonical values: priorities, types, dates, ticket numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors import ticket_values
from connectors.ticket_values import priority_of, ticket_type_of
from tests.connectors.ticket_exports import read


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("P1", "Critical"),
        ("p2", "High"),
        ("1", "Critical"),
        ("4", "Low"),
        ("1 - Critical", "Critical"),
        ("3 - Moderate", "Medium"),
        ("5 - Planning", "Low"),
        ("Priority 1 - Emergency Response", "Critical"),
        ("Priority 3 - Normal Response", "Medium"),
        ("Urgent", "Critical"),
        ("Emergency", "Critical"),
        ("Highest", "Critical"),
        ("high", "High"),
        ("Medium", "Medium"),
        ("Normal", "Medium"),
        ("Low", "Low"),
        ("Severity 2", "High"),
        ("whenever", None),
        ("", None),
    ],
)
def test_priority_labels(label: str, expected: str | None) -> None:
    assert priority_of(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Incident", "incident"),
        ("Alert", "incident"),
        ("Problem", "problem"),
        ("Service Request", "service request"),
        ("SR", "service request"),
        ("Request", "service request"),
        ("request for information", "service request"),
        ("Project", "project"),
        ("Project Ticket", "project"),
        ("Bug", None),
    ],
)
def test_type_labels(label: str, expected: str | None) -> None:
    assert ticket_type_of(label) == expected


def one_date(cell: str, *, column_values: tuple[str, ...] = ()) -> pd.Timestamp:
    rows = [cell, *column_values]
    lines = "".join(f"T{i},Acme,High,{value}\n" for i, value in enumerate(rows))
    return read("Ticket,Client,Priority,Created\n" + lines).loc[0, "created"]


@pytest.mark.parametrize(
    ("cell", "expected_utc"),
    [
        ("2026-11-10 14:05", "2026-11-10 22:05"),  # PST: +8 h
        ("2026-07-10 14:05", "2026-07-10 21:05"),  # PDT: +7 h
        ("2026-11-10T14:05:00Z", "2026-11-10 14:05"),  # an offset is honoured
        ("2026-11-10T14:05:00+01:00", "2026-11-10 13:05"),
        ("11/10/2026 14:05", "2026-11-10 22:05"),  # US month first
        ("11/10/2026 2:05 PM", "2026-11-10 22:05"),
        ("2023-06-01 7:29", "2023-06-01 14:29"),  # hour without a leading zero
        ("08/Sep/21 7:56 PM", "2021-09-09 02:56"),  # Jira
        ("2026-11-10", "2026-11-10 08:00"),
    ],
)
def test_date_formats(cell: str, expected_utc: str) -> None:
    assert one_date(cell) == pd.Timestamp(expected_utc, tz="UTC")


def test_a_column_with_a_first_field_over_12_is_day_first() -> None:
    # 13/03 can only be 13 March, so 05/03 in the same column is 5 March, not May 3rd.
    assert one_date("05/03/2026 10:00", column_values=("13/03/2026 10:00",)) == pd.Timestamp(
        "2026-03-05 18:00", tz="UTC"
    )


def test_a_column_without_such_a_field_is_month_first() -> None:
    assert one_date("05/03/2026 10:00", column_values=("12/03/2026 10:00",)) == pd.Timestamp(
        "2026-05-03 17:00", tz="UTC"
    )


def test_excel_text_ticket_numbers_are_unwrapped() -> None:
    tickets = read('Ticket,Client,Priority,Created\n="00123",Acme,P1,2026-01-05\n')
    assert tickets.loc[0, "ticket"] == "00123"


# ---- whole columns ------------------------------------------------------------------------------


def strings(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def test_plain_text_trims_unwraps_and_blanks() -> None:
    result = ticket_values.plain_text(strings("  a  b ", "", "   ", None, '="007"'))
    assert result.isna().tolist() == [False, True, True, True, False]
    assert result.dropna().tolist() == ["a  b", "007"]


def test_ticket_numbers_drop_a_spreadsheets_trailing_zeros() -> None:
    assert ticket_values.ticket_numbers(strings("123.0", "12.50", "7", "INC1.00")).tolist() == [
        "123",
        "12.50",  # not a whole number: kept as written
        "7",
        "INC1.00",
    ]


def test_survey_scores_between_one_and_five() -> None:
    scores = ticket_values.survey_scores(strings("4,5", "5", "1", "0", "6", "great", None))
    assert scores.dtype == "Float64"
    assert scores.tolist() == [4.5, 5.0, 1.0, pd.NA, pd.NA, pd.NA, pd.NA]


def test_yes_no() -> None:
    flags = ticket_values.yes_no(strings("Yes", " y ", "TRUE", "x", "no", "", None, "Security"))
    assert flags.tolist() == [True, True, True, True, False, False, False, True]


def test_per_distinct_applies_the_rule_once_per_value() -> None:
    seen: list[int] = []

    def lengths(labels: pd.Series) -> pd.Series:
        seen.append(len(labels))
        return labels.str.len()

    values = pd.Series(["ab", "c", "ab", "ab", "c"], index=[10, 11, 12, 13, 14], name="x")
    result = ticket_values.per_distinct(values, lengths)
    assert seen == [2]
    assert result.tolist() == [2, 1, 2, 2, 1]
    assert (result.index.tolist(), result.name) == ([10, 11, 12, 13, 14], "x")


@pytest.mark.parametrize(
    ("column", "day_first"),
    [
        (["05/03/2026", "13/03/2026"], True),
        (["05/03/2026", "12/03/2026"], False),
        (["31.12.2026"], True),
        (["2026-12-31"], False),  # ISO starts with the year
    ],
)
def test_is_day_first(column: list[str], day_first: bool) -> None:
    assert ticket_values.is_day_first(strings(*column)) is day_first


def test_parse_dates_on_columns_already_typed() -> None:
    aware = pd.Series(pd.to_datetime(["2026-03-02 09:15"]).tz_localize("Europe/Paris"))
    naive = pd.Series(pd.to_datetime(["2026-03-02 09:15"]))
    from_paris = ticket_values.parse_dates(aware, timezone="America/Los_Angeles")
    from_la = ticket_values.parse_dates(naive, timezone="America/Los_Angeles")
    assert from_paris.values[0] == pd.Timestamp("2026-03-02 08:15", tz="UTC")  # CET is UTC+1
    assert from_la.values[0] == pd.Timestamp("2026-03-02 17:15", tz="UTC")  # PST is UTC-8
    assert not from_paris.unreadable.any() and not from_la.unreadable.any()


def test_parse_dates_marks_only_unreadable_text() -> None:
    parsed = ticket_values.parse_dates(strings("2026-03-02", "", None, "soon"), timezone="UTC")
    assert parsed.unreadable.tolist() == [False, False, False, True]
    assert parsed.values.isna().tolist() == [False, True, True, True]


def test_a_repeated_wall_time_takes_standard_time() -> None:
    # 01:30 on 1 Nov 2026 happens twice in Los Angeles; the second (PST, UTC-8) is taken.
    parsed = ticket_values.parse_dates(strings("2026-11-01 01:30"), timezone="America/Los_Angeles")
    assert parsed.values[0] == pd.Timestamp("2026-11-01 09:30", tz="UTC")


@pytest.mark.parametrize(
    "column",
    [
        ("9999-12-31T00:00:00", "2026-03-02"),
        ("9999-12-31T00:00:00Z", "2026-03-02T00:00:00Z"),
        ("12/31/9999", "03/02/2026"),
    ],
    ids=["iso", "iso with offset", "month first"],
)
def test_a_year_no_timestamp_holds_is_unreadable_never_a_crash(column: tuple[str, str]) -> None:
    # Parsers give year 9999 in microseconds; cast to nanoseconds it would raise or wrap round.
    parsed = ticket_values.parse_dates(strings(*column), timezone="UTC")
    assert parsed.unreadable.tolist() == [True, False]
    assert parsed.values[1] == pd.Timestamp("2026-03-02", tz="UTC")


@pytest.mark.parametrize(
    "cell",
    ["1900-01-01T00:00:00", "1900-01-01T00:00:00Z", "1899-12-30", "01/01/1900", "0001-01-01"],
)
def test_no_date_written_as_a_date_is_found_and_blank(cell: str) -> None:
    parsed = ticket_values.parse_dates(strings(cell, "2026-03-02"), timezone="America/Los_Angeles")
    assert parsed.sentinel is not None and parsed.sentinel.tolist() == [True, False]
    assert parsed.values.isna().tolist() == [True, False]
    assert not parsed.unreadable.any()


def test_a_column_of_real_dates_has_no_sentinel() -> None:
    parsed = ticket_values.parse_dates(strings("1901-01-01", "2026-03-02"), timezone="UTC")
    assert parsed.sentinel is None


def test_times_no_frame_can_hold_are_unreadable_not_a_crash() -> None:
    # Found by tests/test_fuzz.py: "-1" read as ISO 8601 is the year -1, which overflowed.
    cells = strings("-1", "9999-12-31 10:00", "12/31/9999", "2026-03-02")
    parsed = ticket_values.parse_dates(cells, timezone="UTC")
    assert parsed.unreadable.tolist() == [True, True, True, False]
    assert parsed.values[3] == pd.Timestamp("2026-03-02", tz="UTC")
