"""Ticket exports -> canonical ticket frame (SPEC "Ticket exports"), end to end."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from connectors.errors import TicketExportError
from connectors.tickets import PRESETS, export_headers, read_tickets
from tests.connectors.ticket_exports import (
    REAL_MAPPINGS,
    TICKETS_DIR,
    TZ,
    canonical_tickets,
    export_bytes,
    read,
)
from tests.paths import REALDATA

# ---- presets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_reads_back_the_same_canonical_tickets(preset: str) -> None:
    assert_frame_equal(read(export_bytes(preset)), canonical_tickets())


def test_an_xlsx_export_reads_like_the_csv() -> None:
    assert_frame_equal(read(export_bytes("halopsa", excel=True)), canonical_tickets())


# ---- any input ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_frame_or_a_ticket_export_error(data: bytes) -> None:
    with contextlib.suppress(TicketExportError):  # any other exception fails the test
        read(data)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_text_after_a_valid_header_gives_a_frame_or_an_error(body: str) -> None:
    with contextlib.suppress(TicketExportError):
        read("Ticket,Client,Priority,Created\n" + body)


# ---- real exports -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(p for p in TICKETS_DIR.iterdir() if p.is_file()), ids=lambda p: p.name
)
def test_every_real_export_loads_through_a_mapping_or_is_refused_clearly(path: Path) -> None:
    mapping = REAL_MAPPINGS.get(path.name)
    try:
        tickets = read_tickets(path, name=path.name, timezone=TZ, mapping=mapping)
    except TicketExportError as error:
        assert mapping is None, f"a mapped export must load: {error}"
        assert "Missing required column" in str(error)
        return
    assert len(tickets) > 0
    assert tickets["ticket"].notna().all() and tickets["created"].notna().all()
    assert tickets["priority"].isin(["Critical", "High", "Medium", "Low"]).mean() > 0.9


def test_kaggle_export_without_a_created_column_is_refused() -> None:
    path = TICKETS_DIR / "kaggle_customer_support_tickets.csv"
    with pytest.raises(TicketExportError) as caught:
        read_tickets(path, name=path.name, timezone=TZ)
    message = str(caught.value)
    assert "Client" in message and "Created" in message and "Ticket_Priority" in message


def servicenow() -> pd.DataFrame:
    name = "servicenow_incident_event_log_subset.csv"
    return read_tickets(TICKETS_DIR / name, name=name, timezone=TZ, mapping=REAL_MAPPINGS[name])


def test_servicenow_audit_log_collapses_to_the_latest_update_of_each_incident() -> None:
    tickets = servicenow()
    assert tickets["ticket"].is_unique
    inc45 = tickets.set_index("ticket").loc["INC0000045"]
    # Its rows run New -> Resolved -> Closed; sys_mod_count 4 is the Closed row.
    assert inc45["status"] == "Closed" and not inc45["is_open"]
    # 29-02-2016 01:16 (day first, a leap day) in Los Angeles is 09:16 UTC.
    assert inc45["created"] == pd.Timestamp("2016-02-29 09:16", tz="UTC")
    assert inc45["priority"] == "Medium"  # "3 - Moderate"


def test_servicenow_question_marks_are_blank() -> None:
    tickets = servicenow()
    assert not (tickets["parent_ticket"] == "?").any()
    assert tickets["parent_ticket"].notna().any()


def test_freshdesk_blank_resolved_means_open_and_blank_company_is_reported() -> None:
    name = "freshdesk_export_demo_account.csv"
    tickets = read_tickets(TICKETS_DIR / name, name=name, timezone=TZ, mapping=REAL_MAPPINGS[name])
    assert tickets["resolved"].isna().all() and tickets["is_open"].all()
    assert {"acme inc", "moengage", "freshworks"} <= set(tickets["client_key"])
    assert [w.column for w in tickets.attrs["warnings"]] == ["Client"]


def test_jira_dates_and_duplicate_headers() -> None:
    name = "jira_cloud_export_RET_project.csv"
    tickets = read_tickets(TICKETS_DIR / name, name=name, timezone=TZ, mapping=REAL_MAPPINGS[name])
    assert len(tickets) == 127  # multi-line descriptions do not split issues
    assert tickets["first_response"].isna().all()


# ---- export_headers: the columns as the reader sees them, for mapping by hand --------------------


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
