"""Ticket exports -> canonical ticket frame (SPEC "Ticket exports"), end to end."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from connectors.config import settings_from_dict
from connectors.errors import TicketExportError
from connectors.tickets import PRESETS, export_headers, read_tickets
from pulse.settings import TicketRules
from tests.connectors.psa_exports import (
    AUTOTASK_FILE,
    AUTOTASK_REST,
    CONNECTWISE_EXPORTED,
    CONNECTWISE_HEADERS,
    HALO_REPORT,
    connectwise_board,
)
from tests.connectors.ticket_exports import (
    REAL_MAPPINGS,
    TICKETS_DIR,
    TZ,
    canonical_tickets,
    export_bytes,
    problem_text,
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


# ---- the PSA exports of issue 19, rebuilt from its facts ----------------------------------------


def rules(tickets: dict[str, object]) -> dict[str, TicketRules]:
    """The per-PSA rules a pulse.toml [tickets] table gives (defaults under it)."""
    return settings_from_dict({"tickets": tickets}).tickets


def values(column: pd.Series) -> list[object]:
    """The column's values with every kind of missing as None."""
    return [None if pd.isna(value) else value for value in column]


def messages(tickets: pd.DataFrame) -> str:
    return "\n".join(f"{w.column}: {w.message}" for w in tickets.attrs["warnings"])


def test_connectwise_board_export_is_read_row_by_row() -> None:
    tickets = read(connectwise_board(), exported_at=CONNECTWISE_EXPORTED)
    assert tickets.attrs["layout"]["preset"] == "connectwise"
    assert tickets["ticket"].tolist() == ["101", "102", "103", "104", "105"]
    assert tickets["summary"].tolist()[:2] == ["Server down", "Firewall rule review"]
    # Urgency icons: orange High, yellow Medium, lime Low; purple is not mapped by default.
    assert values(tickets["priority"]) == ["High", "Medium", "Low", None, "Medium"]
    # Only >Closed is closed; "Done yet?" and "Pending Closure~" are still open.
    assert tickets["is_open"].tolist() == [True, True, True, False, True]
    # Created = 2025-04-21 19:00 UTC - Age: 0.5 d = 12 h; 3.2 d = 3 d 4 h 48 min;
    # 40.1 d = 40 d 2 h 24 min; 10 d; 2 d.
    assert tickets["created"].tolist() == [
        pd.Timestamp("2025-04-21 07:00", tz="UTC"),
        pd.Timestamp("2025-04-18 14:12", tz="UTC"),
        pd.Timestamp("2025-03-12 16:36", tz="UTC"),
        pd.Timestamp("2025-04-11 19:00", tz="UTC"),
        pd.Timestamp("2025-04-19 19:00", tz="UTC"),
    ]
    # Subtype "Security" is security work, not a security incident.
    assert not tickets["security"].any()
    said = messages(tickets)
    assert "Change Mgmt Date: The column 'Change Mgmt Date' appears 2 times" in said
    assert "Age: Created is counted back from the 'Age' column" in said
    assert "export time 2025-04-21 12:00 PDT (as given)" in said
    assert "Priority: 1 row(s) have a priority the connectwise rules do not know: " in said
    assert "'purple.gif' (1)" in said and '[tickets.connectwise.priorities] "purple.gif"' in said
    assert "2 row(s) have a status that is not on the connectwise closed list" in said


def test_connectwise_icons_and_statuses_follow_pulse_toml() -> None:
    configured = rules(
        {
            "connectwise": {
                "priorities": {"purple.gif": "critical"},
                "closed_statuses": [">Closed", "Done yet?"],
            }
        }
    )
    tickets = read(connectwise_board(), exported_at=CONNECTWISE_EXPORTED, rules=configured)
    assert tickets["priority"].tolist() == ["High", "Medium", "Low", "Critical", "Medium"]
    assert tickets["is_open"].tolist() == [True, False, True, False, True]


def test_connectwise_board_without_date_entered_or_age_names_only_created() -> None:
    headers = [h for h in CONNECTWISE_HEADERS if h != "Age"]
    message = problem_text(connectwise_board(headers))
    assert "Missing required column(s) for the connectwise layout: Created (" in message
    assert "add the Date Entered column to the service board's list view" in message
    for present in ("Ticket (", "Client (", "Priority ("):
        assert present not in message


def test_age_needs_the_export_time_unless_the_file_has_one(tmp_path: Path) -> None:
    assert "--exported-at" in problem_text(connectwise_board())
    path = tmp_path / "board.csv"
    path.write_bytes(connectwise_board())
    # The file's modified time stands in: 2025-04-21 19:00 UTC as above.
    stamp = CONNECTWISE_EXPORTED.instant.timestamp()
    os.utime(path, (stamp, stamp))
    tickets = read_tickets(path, name=path.name, timezone=TZ)
    assert tickets.loc[0, "created"] == pd.Timestamp("2025-04-21 07:00", tz="UTC")
    assert "(the file's modified time)" in messages(tickets)


@pytest.mark.parametrize(
    ("label", "configured", "expected"),
    [
        ("Priority 1 - Emergency Response", {}, "Critical"),
        ("Priority 4 - Schedule Maintenance", {}, "Low"),
        ("P4 - Normal Response", {}, None),  # 4 says Low, Normal says Medium: only the MSP knows
        ("P4 - Normal Response", {"p4 -  normal response": "Medium"}, "Medium"),
    ],
)
def test_connectwise_priority_labels(
    label: str, configured: dict[str, str], expected: str | None
) -> None:
    csv = f"Ticket #,Company,Priority,Date Entered\n1,Acme,{label},2025-04-01\n"
    given = rules({"connectwise": {"priorities": configured}})
    assert values(read(csv, rules=given)["priority"]) == [expected]


def test_autotask_import_file_words() -> None:
    tickets = read(AUTOTASK_FILE)
    assert tickets.attrs["layout"]["preset"] == "autotask"
    assert tickets["client"].tolist() == ["Acme Dental", "Globex Corp"]
    assert tickets["board"].tolist() == ["Service Desk", "NOC"]
    assert tickets["priority"].tolist() == ["Medium", "Critical"]
    assert tickets["is_open"].tolist() == [True, False]  # Autotask's closed status is Complete
    # 8:00 PM and 9:30 PM on 10 October 2022 in Los Angeles (PDT, UTC-7).
    assert tickets["created"].tolist() == [
        pd.Timestamp("2022-10-11 03:00", tz="UTC"),
        pd.Timestamp("2022-10-11 04:30", tz="UTC"),
    ]


def test_autotask_rest_ids_are_warned_and_read_as_unknown() -> None:
    tickets = read(AUTOTASK_REST)
    assert len(tickets) == 0  # companyID 629 is no client name: both rows lack a client
    said = messages(tickets)
    for field, example in [
        ("client", "629"),
        ("board", "29683498"),
        ("priority", "2"),
        ("status", "5"),
        ("type", "1"),
    ]:
        assert f'[tickets.autotask.lookups.{field}] "{example}" = "<its name>"' in said
    assert "2 row(s) have no Client and were left out" in said


def test_autotask_rest_ids_read_through_lookups_and_resolved_is_preferred() -> None:
    lookups = {
        "client": {"629": "Acme Dental"},
        "priority": {"2": "High", "4": "Low"},
        "status": {"1": "New", "5": "Complete"},
    }
    tickets = read(AUTOTASK_REST, rules=rules({"autotask": {"lookups": lookups}}))
    assert tickets["client"].tolist() == ["Acme Dental", "Acme Dental"]
    assert tickets["priority"].tolist() == ["High", "Low"]
    assert tickets["status"].tolist() == ["Complete", "New"]
    assert tickets["is_open"].tolist() == [False, True]
    # resolvedDateTime (17:30), not completedDate (23:00).
    assert tickets.loc[0, "resolved"] == pd.Timestamp("2022-10-11 17:30", tz="UTC")
    # No lookup for queues and types: unknown, and said.
    assert tickets["board"].isna().all() and tickets["type"].isna().all()
    assert '[tickets.autotask.lookups.board] "29683498"' in messages(tickets)


def test_halopsa_report_is_read_row_by_row() -> None:
    tickets = read(HALO_REPORT)
    assert tickets.attrs["layout"]["preset"] == "halopsa"
    assert tickets["board"].tolist() == ["Service Desk", "Projects", "Service Desk"]
    # Survey Level: 1 is best in Halo, so 4 reads as 2 (frustrated), 1 as 5; blank stays blank.
    assert values(tickets["survey_score"]) == [2.0, 5.0, None]
    # "EDES SLA 1" is an SLA's own name: unknown until pulse.toml maps it.
    assert values(tickets["priority"]) == [None, "Medium", "Low"]
    assert tickets["is_open"].tolist() == [False, True, True]  # Pending Closure is not closed
    # Seven fractional digits; 3-5 March 2025 is PST (UTC-8); 10 March is PDT (UTC-7).
    assert tickets["created"].tolist() == [
        pd.Timestamp("2025-03-03 17:15:27.1234567", tz="UTC"),
        pd.Timestamp("2025-03-04 18:00", tz="UTC"),
        pd.Timestamp("2025-03-05 16:30:00.5", tz="UTC"),
    ]
    # 1900-01-01 and 0001-01-01 mean "no date".
    assert tickets["first_response"].tolist() == [
        pd.Timestamp("2025-03-03 17:40", tz="UTC"),
        pd.NaT,
        pd.Timestamp("2025-03-05 16:45", tz="UTC"),
    ]
    assert tickets["resolved"].tolist() == [
        pd.Timestamp("2025-03-03 21:00", tz="UTC"),
        pd.NaT,
        pd.NaT,
    ]
    assert tickets["due"].tolist() == [pd.NaT, pd.Timestamp("2025-03-11 00:00", tz="UTC"), pd.NaT]
    said = messages(tickets)
    assert "Date Resolved: 2 cell(s) hold 1900-01-01, 1899-12-30 or 0001-01-01" in said
    assert "Target Resolution Date: 2 cell(s) hold" in said
    assert "'EDES SLA 1' (1)" in said


def test_halopsa_sla_names_map_through_pulse_toml() -> None:
    given = rules({"halopsa": {"priorities": {"EDES SLA 1": "Critical"}}})
    assert read(HALO_REPORT, rules=given)["priority"].tolist() == ["Critical", "Medium", "Low"]
