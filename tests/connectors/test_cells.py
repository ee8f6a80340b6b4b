from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.cells import CellError, column_index, column_letter, parse_cell, parse_distinct
from pulse.schema import Kind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$12,500.00", 12500.0),
        ("5,000", 5000.0),
        (" $ 1,234.56 ", 1234.56),
        ("(250)", -250.0),
        ("USD 900", 900.0),
        (3200, 3200.0),
        (99.5, 99.5),
        ("", None),
        (None, None),
    ],
)
def test_money(raw: object, expected: float | None) -> None:
    assert parse_cell(raw, Kind.MONEY) == expected


@pytest.mark.parametrize("raw", ["twelve", "$12,5x0", True])
def test_money_unreadable(raw: object) -> None:
    with pytest.raises(CellError):
        parse_cell(raw, Kind.MONEY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Y", True),
        ("y", True),
        ("yes", True),
        ("YES", True),
        ("x", True),
        ("X", True),
        ("TRUE", True),
        (True, True),
        (1, True),
        ("1", True),
        ("N", False),
        ("no", False),
        ("FALSE", False),
        (False, False),
        (0, False),
        ("0", False),
        ("", False),
        (None, False),
    ],
)
def test_yes_no(raw: object, expected: bool) -> None:
    assert parse_cell(raw, Kind.YES_NO) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, "yess"])
def test_yes_no_unreadable(raw: object) -> None:
    with pytest.raises(CellError, match="yes/no"):
        parse_cell(raw, Kind.YES_NO)


@pytest.mark.parametrize(
    ("raw", "date1904", "expected"),
    [
        ("11/10/2026", False, datetime(2026, 11, 10)),  # US order: November 10
        ("2026-11-10", False, datetime(2026, 11, 10)),
        ("2026-11-10 14:30", False, datetime(2026, 11, 10)),  # a date column drops the time
        ("Nov 10, 2026", False, datetime(2026, 11, 10)),
        ("10-Nov-2026", False, datetime(2026, 11, 10)),
        (46335, False, datetime(2026, 11, 9)),  # 2026-01-01 is 46023; +312 days
        (46335.75, False, datetime(2026, 11, 9)),
        (44873, True, datetime(2026, 11, 9)),  # 1904 system: 1462 days fewer
        (date(2026, 11, 10), False, datetime(2026, 11, 10)),
        (datetime(2026, 11, 10, 9, 15), False, datetime(2026, 11, 10)),
    ],
)
def test_dates(raw: object, date1904: bool, expected: datetime) -> None:
    assert parse_cell(raw, Kind.DATE, date1904=date1904) == expected


def test_datetime_keeps_time() -> None:
    assert parse_cell("2026-11-10 14:30", Kind.DATETIME) == datetime(2026, 11, 10, 14, 30)


def test_datetime_keeps_the_offset_it_was_written_with() -> None:
    moment = parse_cell("2026-11-23T10:15:00-08:00", Kind.DATETIME)
    assert isinstance(moment, datetime) and moment.isoformat() == "2026-11-23T10:15:00-08:00"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        # Found by the fuzz test: serial 132321 is 2262-04-12, past what a frame can hold.
        (132321, "2262-04-12 is not a date in use; type a date like 2026-11-10"),
        ("9999-12-31", "9999-12-31 is not a date in use; type a date like 2026-11-10"),
        ("1600-01-01", "1600-01-01 is not a date in use; type a date like 2026-11-10"),
    ],
)
def test_dates_no_frame_can_hold_are_refused(raw: object, message: str) -> None:
    for kind in (Kind.DATE, Kind.DATETIME):
        with pytest.raises(CellError, match=message):
            parse_cell(raw, kind)


@pytest.mark.parametrize("raw", ["soon", "13/45/2026", "#N/A", "#REF!"])
def test_dates_unreadable(raw: object) -> None:
    with pytest.raises(CellError):
        parse_cell(raw, Kind.DATE)


@pytest.mark.parametrize(("raw", "expected"), [(12345.0, "12345"), ("  Acme   Inc ", "Acme Inc")])
def test_text(raw: object, expected: str) -> None:
    assert parse_cell(raw, Kind.TEXT) == expected


@pytest.mark.parametrize(
    ("index", "letter"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")]
)
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


# XFD is Excel's last column: 24*676 + 6*26 + 4 = 16384.
@pytest.mark.parametrize(
    ("letters", "index"),
    [("A", 1), ("Z", 26), ("AA", 27), ("az", 52), ("AAA", 703), ("XFD", 16384)],
)
def test_column_index(letters: str, index: int) -> None:
    assert column_index(letters) == index


@given(st.integers(min_value=1, max_value=16384))
def test_column_index_undoes_column_letter(index: int) -> None:
    assert column_index(column_letter(index)) == index


# What calamine hands over (and what a hand-kept sheet holds): every type, around every edge.
CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    # The first and last days a frame can hold, and the days just past them.
    st.sampled_from([date(1677, 9, 22), date(1677, 9, 23), date(2262, 4, 10), date(2262, 4, 11)]),
    st.sampled_from([datetime(1677, 9, 22, 23), datetime(2262, 4, 10), datetime(2262, 4, 10, 1)]),
    st.sampled_from(["", "  ", "#N/A", " #REF! ", "y", " No ", "X", "12,500", "(250)", "a\nb"]),
    st.text(max_size=12),
)


@given(raw=CELLS, kind=st.sampled_from(list(Kind)), date1904=st.booleans())
def test_parse_distinct_says_what_parse_cell_says(raw: object, kind: Kind, date1904: bool) -> None:
    try:
        expected: object = parse_cell(raw, kind, date1904=date1904)
    except CellError as exc:
        expected = str(exc)
    (value,) = parse_distinct([raw], kind, date1904=date1904)
    got = str(value) if isinstance(value, CellError) else value
    assert type(got) is type(expected) and (
        got == expected or (got != got and expected != expected)
    )


@pytest.mark.parametrize(
    ("raws", "kind", "expected"),
    [
        ([" Acme \t Dental ", "Beta Law"], Kind.TEXT, ["Acme Dental", "Beta Law"]),
        ([12500, 99.5, "12,500", "$1,000.50"], Kind.MONEY, [12500.0, 99.5, 12500.0, 1000.5]),
        ([3.0, "4"], Kind.INTEGER, [3, 4]),
        (
            [date(2026, 11, 10), datetime(2026, 11, 10, 9, 15)],
            Kind.DATE,
            [datetime(2026, 11, 10)] * 2,
        ),
        ([date(2026, 11, 10)], Kind.DATETIME, [datetime(2026, 11, 10)]),
        (["Y", " n ", "", True, "x"], Kind.YES_NO, [True, False, False, True, True]),
        (["", None, "  "], Kind.TEXT, [None, None, None]),
    ],
)
def test_parse_distinct_types_the_usual_cells(
    raws: list[object], kind: Kind, expected: list[object]
) -> None:
    assert parse_distinct(raws, kind) == expected


def test_parse_distinct_puts_each_error_in_its_place() -> None:
    first, good, second = parse_distinct(["#N/A", date(2026, 11, 10), "soon"], Kind.DATE)
    assert str(first) == "holds the Excel error #N/A; fix the formula or type a value"
    assert good == datetime(2026, 11, 10)
    assert isinstance(second, CellError) and str(second).startswith("cannot read 'soon' as a date")
