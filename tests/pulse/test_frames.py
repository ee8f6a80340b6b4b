"""One cell at a time: the audit log's text for a value and back, and dtypes that can hold what
a change writes."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from pulse.frames import (
    assign,
    between_days,
    cell_text,
    client_keys,
    is_blank,
    is_in,
    moments_in_zone,
    parse_cell,
    rows_of_clients,
    to_day,
    to_moment,
    typed_frame,
    with_blank_row,
)
from pulse.schema import ACTIONS, EPISODES, Kind


@pytest.mark.parametrize("value", [None, float("nan"), pd.NaT, pd.NA, "", "   ", np.nan])
def test_blanks(value: object) -> None:
    assert is_blank(value)
    assert cell_text(value) == ""


@pytest.mark.parametrize("value", [0, False, "x", " a ", date(2026, 1, 1)])
def test_not_blank(value: object) -> None:
    assert not is_blank(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (pd.Timestamp("2026-11-23"), "2026-11-23"),
        (datetime(2026, 11, 23, 9, 30, 15), "2026-11-23 09:30"),
        (date(2026, 11, 23), "2026-11-23"),
        (True, "yes"),
        (np.bool_(False), "no"),
        (12500.0, "12500"),
        (12.5, "12.5"),
        ("  Acme  ", "Acme"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2026-11-23", Kind.DATE, pd.Timestamp("2026-11-23")),
        ("yes", Kind.YES_NO, True),
        ("N", Kind.YES_NO, False),
        ("3", Kind.INTEGER, 3),
        ("12500", Kind.MONEY, 12500.0),
        ("Acme", Kind.TEXT, "Acme"),
    ],
)
def test_parse_cell_reads_back_cell_text(text: str, kind: Kind, value: object) -> None:
    assert parse_cell(text, kind) == value


def test_blank_text_parses_to_a_missing_value_of_the_kind() -> None:
    assert parse_cell(" ", Kind.YES_NO) is pd.NA
    assert parse_cell("", Kind.INTEGER) is pd.NA
    assert parse_cell("", Kind.DATE) is None


def test_days_are_naive_and_moments_keep_their_zone() -> None:
    aware = pd.Timestamp("2026-11-23 16:45", tz="America/Los_Angeles")
    assert to_day(aware) == pd.Timestamp("2026-11-23")
    assert to_moment(aware).isoformat() == "2026-11-23T16:45:00-08:00"
    assert to_moment(datetime(2026, 11, 23, 16, 45)) == pd.Timestamp("2026-11-23 16:45")


def test_moments_in_the_business_zone() -> None:
    moments = moments_in_zone(
        [
            "2026-11-23T10:15:00-08:00",  # written with its offset: as it is
            pd.Timestamp("2026-11-23 18:15", tz="UTC"),  # 18:15 UTC is 10:15 in Los Angeles
            datetime(2026, 7, 6, 9, 0),  # an old naive cell: local time there (PDT, -07:00)
            None,
        ],
        "America/Los_Angeles",
    )
    assert [m.isoformat() if m is not pd.NaT else None for m in moments] == [
        "2026-11-23T10:15:00-08:00",
        "2026-11-23T10:15:00-08:00",
        "2026-07-06T09:00:00-07:00",
        None,
    ]


def test_naive_moments_at_the_clock_changes_in_the_business_zone() -> None:
    # All naive (an Audit Log as Excel keeps it): 1 Nov 2026 01:30 happens twice in Los
    # Angeles, the first (PDT, -07:00) is taken; 8 Mar 2026 02:30 never happens, it moves on
    # to 03:00 PDT; a blank stays blank.
    moments = moments_in_zone(
        [datetime(2026, 11, 1, 1, 30), datetime(2026, 3, 8, 2, 30), "  ", datetime(2026, 1, 5)],
        "America/Los_Angeles",
    )
    assert str(moments.dtype) == "datetime64[ns, America/Los_Angeles]"
    assert [m.isoformat() if m is not pd.NaT else None for m in moments] == [
        "2026-11-01T01:30:00-07:00",
        "2026-03-08T03:00:00-07:00",
        None,
        "2026-01-05T00:00:00-08:00",
    ]
    assert moments_in_zone([], "America/Los_Angeles").empty


def test_between_days_counts_a_moment_on_its_day_in_its_zone() -> None:
    # 07:30 UTC on the 24th is 23:30 on the 23rd in Los Angeles: the 23rd's day.
    moments = moments_in_zone([pd.Timestamp("2026-11-24 07:30", tz="UTC")], "America/Los_Angeles")
    inside = between_days(
        moments, after=pd.Timestamp("2026-11-22"), upto=pd.Timestamp("2026-11-23")
    )
    assert list(inside) == [True]


def test_assign_widens_a_yes_no_column_that_cannot_hold_a_blank() -> None:
    episodes = pd.DataFrame({"client": ["Acme"], "marked_in_psa": np.array([True])})
    assign(episodes, 0, "marked_in_psa", None, spec=EPISODES)
    assert str(episodes["marked_in_psa"].dtype) == "boolean"
    assert episodes.at[0, "marked_in_psa"] is pd.NA


def test_typed_frame_changes_only_what_does_not_fit() -> None:
    actions = pd.DataFrame(
        {"client": ["Acme"], "due": ["2026-12-01"], "ticket": ["T1"], "extra": [1]}
    )
    typed = typed_frame(actions, ACTIONS)
    assert pd.api.types.is_datetime64_dtype(typed["due"])
    assert typed["ticket"].tolist() == ["T1"] and typed["extra"].tolist() == [1]
    assert typed_frame(typed, ACTIONS) is typed


def test_a_blank_row_is_a_new_record_for_the_client() -> None:
    episodes = pd.DataFrame({"client": ["Acme"], "client_key": ["acme"]}, index=[4])
    grown, label = with_blank_row(episodes, client=" Beta  Law ", spec=EPISODES)
    assert label == 5 and len(episodes) == 1  # a copy: the original is untouched
    assert grown.at[5, "client_key"] == "beta law"
    noc = grown.at[5, "crit_noc"]  # a yes/no cell of a new record reads "no", never blank
    assert noc is not pd.NA and not noc
    assert pd.isna(grown.at[5, "sheet_row"])


def test_client_keys_fold_case_and_spaces() -> None:
    frame = pd.DataFrame({"client": ["ACME  Dental ", "beta"]})
    assert client_keys(frame).tolist() == ["acme dental", "beta"]
    assert client_keys(frame.iloc[0:0]).empty


def test_between_days_is_after_exclusive_upto_inclusive() -> None:
    dates = pd.Series(pd.to_datetime(["2026-11-16 23:59", "2026-11-17 00:00", "2026-11-23 18:00"]))
    inside = between_days(dates, after=pd.Timestamp("2026-11-16"), upto=pd.Timestamp("2026-11-23"))
    assert inside.tolist() == [False, True, True]


@pytest.mark.parametrize("dtype", ["str", object])
def test_is_in_answers_as_isin_on_text_of_any_dtype(dtype: str | type) -> None:
    keys = pd.Series(["acme", None, "beta", "acme", ""], index=[7, 3, 5, 1, 9], dtype=dtype)
    found = is_in(keys, {"acme", ""})
    assert found.tolist() == [True, False, False, True, True]  # a blank key is no client key
    assert list(found.index) == [7, 3, 5, 1, 9] and found.dtype == bool
    assert not is_in(keys, set()).any()


def test_is_in_marks_the_ticket_numbers_that_are_one_of_the_wanted_texts() -> None:
    arrow = pd.Series(["tk1", None, "tk2", "TK2"], dtype="string[pyarrow]")
    assert is_in(arrow, {"tk2", "tk9"}).tolist() == [False, False, True, False]
    plain = pd.Series(["tk1", None, "tk2"], dtype=object)
    assert is_in(plain, {"tk1"}).tolist() == [True, False, False]
    assert is_in(plain, set()).tolist() == [False, False, False]
    assert is_in(pd.Series([], dtype=object), {"tk1"}).tolist() == []


def test_rows_of_clients_keeps_the_clients_rows_once_per_pair_of_frames() -> None:
    clients = pd.DataFrame({"client_key": ["acme", "globex"]})
    rows = pd.DataFrame({"client_key": ["globex", "initech", "acme", "acme"], "n": [1, 2, 3, 4]})
    known = rows_of_clients(rows, clients)
    assert known["n"].tolist() == [1, 3, 4]  # initech is not a client; row order kept
    assert rows_of_clients(rows, clients) is known
    fewer = pd.DataFrame({"client_key": ["acme"]})
    assert rows_of_clients(rows, fewer)["n"].tolist() == [3, 4]
