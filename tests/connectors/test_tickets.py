"""Ticket exports -> canonical ticket frame (SPEC "Ticket exports")."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from connectors.errors import Severity, TicketExportError
from connectors.ticket_mappings import load_ticket_mappings, save_ticket_mapping
from connectors.ticket_values import priority_of, ticket_type_of
from connectors.tickets import (
    DEDUPE_LATEST_BY,
    PRESETS,
    canonical_to_export,
    detect_preset,
    read_tickets,
)
from tests.paths import REALDATA

TZ = "America/Los_Angeles"
UTC = "datetime64[ns, UTC]"


def utc(*stamps: str | None) -> pd.Series:
    return pd.Series([pd.Timestamp(s, tz="UTC") if s else pd.NaT for s in stamps], dtype=UTC)


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def canonical_tickets() -> pd.DataFrame:
    """Four tickets worked out by hand, in the canonical layout the reader must return."""
    return pd.DataFrame(
        {
            "ticket": text("00123", "124", "125", "126"),
            "client": text("Acme Dental", "Acme Dental", "Globex  Corp", "Initech"),
            "summary": text("Server down", "New laptop", "Firewall alert", "Office move"),
            "priority": text("Critical", "Medium", "High", "Low"),
            "type": text("incident", "service request", "incident", "project"),
            "board": text("Service Desk", "Service Desk", "Security", "Projects"),
            "status": text("Closed", "Open", "In Progress", "Scheduled"),
            "created": utc(
                "2026-03-02 17:15", "2026-03-03 16:00", "2026-03-04 01:30", "2026-01-10 18:00"
            ),
            "first_response": utc("2026-03-02 17:40", None, "2026-03-04 16:05", None),
            "resolved": utc("2026-03-02 21:00", None, None, None),
            "parent_ticket": text(None, None, "00123", None),
            "due": utc(None, None, None, "2026-02-27 01:00"),
            "survey_score": pd.array([2.0, None, None, 5.0], dtype="Float64"),
            "notes": text("Client is frustrated", None, None, "Phase 2"),
            "security": [False, False, True, False],
            "client_key": text("acme dental", "acme dental", "globex corp", "initech"),
            "is_open": [False, True, True, True],
        }
    )


def export_bytes(preset: str, *, excel: bool = False) -> bytes:
    export = canonical_to_export(canonical_tickets(), preset)
    buffer = io.BytesIO()
    if excel:
        export.to_excel(buffer, index=False)
    else:
        export.to_csv(buffer, index=False)
    return buffer.getvalue()


def read(data: bytes | str, **options: object) -> pd.DataFrame:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_tickets(io.BytesIO(raw), name="tickets.csv", timezone=TZ, **options)  # type: ignore[arg-type]


# ---- presets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_reads_back_the_same_canonical_tickets(preset: str) -> None:
    assert_frame_equal(read(export_bytes(preset)), canonical_tickets())


def test_an_xlsx_export_reads_like_the_csv() -> None:
    assert_frame_equal(read(export_bytes("halopsa", excel=True)), canonical_tickets())


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_preset_is_detected_from_its_headers(preset: str) -> None:
    assert detect_preset(list(PRESETS[preset].values())) == preset


def test_connectwise_api_field_names_are_detected() -> None:
    headers = ["id", "summary", "company/name", "priority/name", "board/name", "dateEntered"]
    assert detect_preset(headers) == "connectwise"


def test_a_forced_preset_wins_over_detection() -> None:
    csv = "Ticket #,Company,Priority,Date Entered,Ticket,Client,Created\n1,Acme,P1,2026-01-05,9,X,"
    tickets = read(csv, preset="connectwise")
    assert tickets.loc[0, "client"] == "Acme"


def test_unknown_headers_detect_nothing() -> None:
    assert detect_preset(["foo", "bar"]) is None


def test_a_mapping_reads_any_layout() -> None:
    csv = "Num,Org,Sev,Opened\nA-1,Acme,Sev 1,2026-03-02 09:15\n"
    mapping = {"ticket": "Num", "client": "Org", "priority": "Sev", "created": "Opened"}
    tickets = read(csv, mapping=mapping)
    assert tickets.loc[0, "priority"] == "Critical"
    # 09:15 in Los Angeles in March (PST, UTC-8) is 17:15 UTC.
    assert tickets.loc[0, "created"] == pd.Timestamp("2026-03-02 17:15", tz="UTC")


# ---- values -------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("data", "client"),
    [
        ("Ticket,Client,Priority,Created\n1,Café Olé,P1,2026-01-05\n".encode(), "Café Olé"),
        ("\ufeffTicket,Client,Priority,Created\n1,Café,P1,2026-01-05\n".encode(), "Café"),
        ("Ticket,Client,Priority,Created\n1,Café,P1,2026-01-05\n".encode("cp1252"), "Café"),
        (b"Ticket;Client;Priority;Created\n1;Acme, Inc;P1;2026-01-05\n", "Acme, Inc"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "semicolon"],
)
def test_encodings_and_delimiters(data: bytes, client: str) -> None:
    assert read(data).loc[0, "client"] == client


def test_excel_text_ticket_numbers_are_unwrapped() -> None:
    tickets = read('Ticket,Client,Priority,Created\n="00123",Acme,P1,2026-01-05\n')
    assert tickets.loc[0, "ticket"] == "00123"


@pytest.mark.parametrize(
    ("security", "ticket_type", "board", "expected"),
    [
        ("Yes", "Incident", "Service Desk", True),
        ("No", "Incident", "Service Desk", False),
        ("", "Security Incident", "Service Desk", True),
        ("", "Incident", "Security Ops", True),
        ("", "Incident", "NOC", False),
    ],
)
def test_security_flag(security: str, ticket_type: str, board: str, expected: bool) -> None:
    header = "Ticket,Client,Priority,Created,Security,Type,Board\n"
    csv = header + f"1,A,P1,2026-01-05,{security},{ticket_type},{board}\n"
    assert bool(read(csv).loc[0, "security"]) is expected


@pytest.mark.parametrize(
    ("status", "resolved", "is_open"),
    [
        ("Open", "", True),
        ("Closed", "", False),
        (">Closed", "", False),
        ("Completed", "", False),
        ("Cancelled", "", False),
        ("Waiting", "2026-01-06", False),
    ],
)
def test_is_open(status: str, resolved: str, is_open: bool) -> None:
    csv = f"Ticket,Client,Priority,Created,Status,Resolved\n1,A,P1,2026-01-05,{status},{resolved}\n"
    assert bool(read(csv).loc[0, "is_open"]) is is_open


# ---- broken exports -----------------------------------------------------------------------------


def problem_text(data: bytes | str, **options: object) -> str:
    with pytest.raises(TicketExportError) as caught:
        read(data, **options)
    return str(caught.value)


def test_missing_required_columns_are_named_with_the_files_columns() -> None:
    message = problem_text("Ticket,Summary,Created\n1,x,2026-01-05\n")
    assert "Client" in message and "Priority" in message
    assert "'Ticket', 'Summary', 'Created'" in message
    assert "preset" in message and "map the columns" in message


def test_an_unreadable_date_names_the_file_line_and_column() -> None:
    # The second ticket's summary spans two lines, so the third ticket sits on file line 5.
    csv = (
        "Ticket,Client,Priority,Created,Summary\n"
        "1,Acme,P1,2026-01-05,ok\n"
        '2,Acme,P1,2026-01-06,"two\nlines"\n'
        "3,Acme,P1,next tuesday,bad\n"
    )
    with pytest.raises(TicketExportError) as caught:
        read(csv)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (5, "Created")
    assert "next tuesday" in problem.message


def test_an_unreadable_date_in_a_workbook_names_the_cell() -> None:
    frame = pd.DataFrame(
        {
            "Ticket": ["1", "2"],
            "Client": ["A", "A"],
            "Priority": ["P1", "P1"],
            "Created": ["2026-01-05", "soon"],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="Tickets")
    with pytest.raises(TicketExportError) as caught:
        read(buffer.getvalue())
    assert caught.value.problems[0].where == "Tickets!D3"


@pytest.mark.parametrize(("delimiter", "word"), [("\t", "tab"), ("|", "pipe")])
def test_a_wrong_delimiter_is_named(delimiter: str, word: str) -> None:
    csv = delimiter.join(["Ticket", "Client", "Priority", "Created"]) + "\n1\tA\tP1\t2026-01-05\n"
    assert word in problem_text(csv)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary\xff\xfe\x00", "not a CSV"),
        (export_bytes("generic", excel=True)[:300], "cannot be read"),
    ],
    ids=["empty", "blank", "binary", "truncated-xlsx"],
)
def test_unreadable_files_say_why(data: bytes, words: str) -> None:
    assert words in problem_text(data)


def test_rows_without_a_client_are_left_out_with_a_warning() -> None:
    tickets = read("Ticket,Client,Priority,Created\n1,Acme,P1,2026-01-05\n2,,P1,2026-01-05\n")
    assert list(tickets["ticket"]) == ["1"]
    (warning,) = tickets.attrs["warnings"]
    assert warning.severity == Severity.WARNING and warning.row == 3


def test_unknown_priorities_are_kept_blank_with_a_warning() -> None:
    tickets = read(
        "Ticket,Client,Priority,Created\n1,Acme,whenever,2026-01-05\n2,Acme,P1,2026-01-05\n"
    )
    assert tickets["priority"].isna().tolist() == [True, False]
    (warning,) = tickets.attrs["warnings"]
    assert "'whenever'" in warning.message and warning.column == "Priority"


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

TICKETS_DIR = REALDATA / "tickets"
# Saved mappings a person would make once for each real export (canonical field -> header).
REAL_MAPPINGS: dict[str, dict[str, str]] = {
    "servicenow_incident_event_log_subset.csv": {
        "ticket": "number",
        "client": "location",
        "priority": "priority",
        "created": "opened_at",
        "resolved": "resolved_at",
        "status": "incident_state",
        "parent_ticket": "problem_id",
        DEDUPE_LATEST_BY: "sys_mod_count",
    },
    "jira_cloud_export_RET_project.csv": {
        "ticket": "Issue key",
        "client": "Project name",
        "summary": "Summary",
        "priority": "Priority",
        "type": "Issue Type",
        "status": "Status",
        "created": "Created",
        "first_response": "Custom field ([CHART] Date of First Response)",
        "resolved": "Resolved",
        "due": "Due date",
    },
    "freshdesk_export_demo_account.csv": {
        "ticket": "Ticket ID",
        "client": "Company Name",
        "summary": "Subject",
        "priority": "Priority",
        "type": "Type",
        "status": "Status",
        "created": "Created time",
        "resolved": "Resolved time",
        "notes": "Description",
    },
    "itsm_bpic2014_derived_sample.csv": {
        "ticket": "Incident_ID",
        "client": "WBS",
        "priority": "Priority",
        "type": "Category",
        "status": "Status",
        "created": "Open_Time",
        "resolved": "Resolved_Time",
    },
    "ravenstack_support_tickets.csv": {
        "ticket": "ticket_id",
        "client": "account_id",
        "priority": "priority",
        "created": "submitted_at",
        "resolved": "closed_at",
        "survey_score": "satisfaction_score",
    },
}


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


# ---- saved mappings -----------------------------------------------------------------------------


def test_saved_mappings_round_trip_and_keep_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "pulse.toml"
    path.write_text('[signals]\nwindow_days = 30\n\n[ticket_mappings.old]\nticket = "No"\n')
    save_ticket_mapping(
        path, "servicenow", REAL_MAPPINGS["servicenow_incident_event_log_subset.csv"]
    )
    mappings = load_ticket_mappings(path)
    assert mappings["servicenow"][DEDUPE_LATEST_BY] == "sys_mod_count"
    assert mappings["old"] == {"ticket": "No"}
    assert "window_days = 30" in path.read_text()


def test_no_settings_file_means_no_mappings(tmp_path: Path) -> None:
    assert load_ticket_mappings(tmp_path / "missing.toml") == {}
