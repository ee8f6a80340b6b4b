"""export_headers: the columns of an export as the reader sees them, for mapping by hand."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from connectors.errors import TicketExportError
from connectors.tickets import export_headers
from tests.paths import REALDATA


def test_csv_headers_are_stripped_and_kept_in_order() -> None:
    data = b"Ticket ID; Company Name ;Created time\n1;Acme;2026-11-20 10:00\n"
    assert export_headers(data, name="x.csv") == ["Ticket ID", "Company Name", "Created time"]


def test_xlsx_headers_come_from_the_first_sheet() -> None:
    buffer = io.BytesIO()
    pd.DataFrame({"Number": ["INC1"], "Opened": ["2026-11-20"]}).to_excel(buffer, index=False)
    assert export_headers(buffer.getvalue(), name="x.xlsx") == ["Number", "Opened"]


def test_the_freshdesk_export_lists_its_fifteen_columns() -> None:
    headers = export_headers(REALDATA / "tickets" / "freshdesk_export_demo_account.csv", name="f")
    # shared/realdata/INDEX.md lists them.
    assert headers[:2] == ["Ticket ID", "Subject"]
    assert headers[-1] == "Company Name"
    assert len(headers) == 15


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"", "empty"), (b"Ticket\tClient\nT1\tAcme\n", "tab-delimited")],
)
def test_an_unreadable_file_raises_the_readers_error(data: bytes, says: str) -> None:
    with pytest.raises(TicketExportError) as caught:
        export_headers(data, name="bad.csv")
    assert says in caught.value.problems[0].message
