"""Date columns: unreadable cells skip or blank (or refuse under strict), "no date" sentinels,
and Created counted back from days since entry."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.errors import Severity, TicketExportError
from connectors.ticket_dates import ExportTime
from tests.connectors.ticket_exports import read

HEADER = "Ticket,Client,Priority,Created,Resolved\n"
EXPORTED = ExportTime(pd.Timestamp("2026-01-10 12:00", tz="UTC"), "as given")


def test_an_unreadable_created_date_leaves_that_ticket_out_with_a_warning() -> None:
    tickets = read(HEADER + "1,A,P1,2026-01-05,\n2,A,P1,yesterday-ish,\n3,A,P1,2026-01-06,\n")
    assert tickets["ticket"].tolist() == ["1", "3"]
    (warning,) = tickets.attrs["warnings"]
    assert (warning.row, warning.column, warning.severity) == (3, "Created", Severity.WARNING)
    assert warning.message.startswith(
        "'yesterday-ish' is not a date this reader understands, so this ticket is left out."
    )


def test_strict_refuses_the_file_instead() -> None:
    with pytest.raises(TicketExportError) as caught:
        read(HEADER + "1,A,P1,2026-01-05,\n2,A,P1,yesterday-ish,\n", strict=True)
    (problem,) = caught.value.problems
    assert (problem.row, problem.severity) == (3, Severity.ERROR)
    assert problem.message.startswith("'yesterday-ish' is not a date this reader understands.")


def test_an_unreadable_resolved_date_is_read_as_blank_with_a_warning() -> None:
    tickets = read(HEADER + "1,A,P1,2026-01-05,soonish\n2,A,P1,2026-01-05,2026-01-06\n")
    assert tickets["ticket"].tolist() == ["1", "2"]
    assert tickets["resolved"].isna().tolist() == [True, False]
    (warning,) = tickets.attrs["warnings"]
    assert (warning.row, warning.column) == (2, "Resolved")
    assert "so its Resolved date is read as blank" in warning.message
    with pytest.raises(TicketExportError):
        read(HEADER + "1,A,P1,2026-01-05,soonish\n", strict=True)


def test_a_created_column_in_which_nothing_reads_is_refused() -> None:
    # The layout points at the wrong column: leaving every ticket out would hide that.
    with pytest.raises(TicketExportError) as caught:
        read(HEADER + "1,A,P1,Server down,\n2,A,P1,New laptop,\n")
    assert [p.row for p in caught.value.problems] == [2, 3]


@pytest.mark.parametrize(
    "cell", ["1900-01-01T00:00:00", "1899-12-30", "0001-01-01T00:00:00", "1/1/1900 0:00"]
)
def test_no_date_written_as_a_date_is_blank(cell: str) -> None:
    tickets = read(HEADER + f"1,A,P1,2026-01-05,{cell}\n")
    assert pd.isna(tickets.loc[0, "resolved"]) and tickets.loc[0, "is_open"]
    (note,) = tickets.attrs["warnings"]
    assert note.message == (
        "1 cell(s) hold 1900-01-01, 1899-12-30 or 0001-01-01, which PSAs and Excel write for "
        "'no date'; they are read as blank Resolved dates."
    )


AGE_MAPPING = {"ticket": "Ticket", "client": "Client", "priority": "Priority", "__age_days": "Age"}


def test_created_is_counted_back_from_days_since_entry() -> None:
    csv = 'Ticket,Client,Priority,Age\n1,A,P1,0\n2,A,P1,"1,5"\n3,A,P1,0.1\n'
    tickets = read(csv, mapping=AGE_MAPPING, exported_at=EXPORTED)
    # 12:00 UTC minus 0 days, 1.5 days (decimal comma) and 0.1 day (2 h 24 min).
    assert tickets["created"].tolist() == [
        pd.Timestamp("2026-01-10 12:00", tz="UTC"),
        pd.Timestamp("2026-01-09 00:00", tz="UTC"),
        pd.Timestamp("2026-01-10 09:36", tz="UTC"),
    ]
    (note,) = tickets.attrs["warnings"]
    assert note.message.startswith(
        "Created is counted back from the 'Age' column (days since the ticket was entered) "
        "from the export time 2026-01-10 04:00 PST (as given)"
    )


def test_an_unreadable_age_leaves_that_ticket_out_or_refuses_under_strict() -> None:
    csv = "Ticket,Client,Priority,Age\n1,A,P1,2\n2,A,P1,forty\n3,A,P1,-1\n"
    tickets = read(csv, mapping=AGE_MAPPING, exported_at=EXPORTED)
    assert tickets["ticket"].tolist() == ["1"]
    assert [w.row for w in tickets.attrs["warnings"] if w.row] == [3, 4]
    with pytest.raises(TicketExportError):
        read(csv, mapping=AGE_MAPPING, exported_at=EXPORTED, strict=True)


def test_age_without_an_export_time_says_how_to_give_one() -> None:
    with pytest.raises(TicketExportError) as caught:
        read("Ticket,Client,Priority,Age\n1,A,P1,2\n", mapping=AGE_MAPPING)
    (problem,) = caught.value.problems
    assert "give it with --exported-at (command line) or on the Ticket import page" in (
        problem.message
    )
