"""Which header holds each field: a detected or forced preset, or a saved mapping."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.errors import TicketExportError
from connectors.ticket_columns import AGE_DAYS, DEDUPE_LATEST_BY, RULES, choose_columns, find_header
from connectors.ticket_files import RawTable, read_raw_table
from tests.connectors.psa_exports import CONNECTWISE_HEADERS
from tests.connectors.ticket_exports import problem_text, read


def test_a_forced_preset_wins_over_detection() -> None:
    csv = "Ticket #,Company,Priority,Date Entered,Ticket,Client,Created\n1,Acme,P1,2026-01-05,9,X,"
    tickets = read(csv, preset="connectwise")
    assert tickets.loc[0, "client"] == "Acme"


def test_a_mapping_reads_any_layout() -> None:
    csv = "Num,Org,Sev,Opened\nA-1,Acme,Sev 1,2026-03-02 09:15\n"
    mapping = {"ticket": "Num", "client": "Org", "priority": "Sev", "created": "Opened"}
    tickets = read(csv, mapping=mapping)
    assert tickets.loc[0, "priority"] == "Critical"
    # 09:15 in Los Angeles in March (PST, UTC-8) is 17:15 UTC.
    assert tickets.loc[0, "created"] == pd.Timestamp("2026-03-02 17:15", tz="UTC")


def test_missing_required_columns_are_named_with_the_files_columns() -> None:
    message = problem_text("Ticket,Summary,Created\n1,x,2026-01-05\n")
    assert "Client" in message and "Priority" in message
    assert "'Ticket', 'Summary', 'Created'" in message
    assert "preset" in message and "map the columns" in message


# ---- choose_columns on the headers alone ---------------------------------------------------------


def raw(*headers: str) -> RawTable:
    return RawTable(pd.DataFrame(columns=list(headers)), "t.csv")


def failure(table: RawTable, **options: object) -> str:
    with pytest.raises(TicketExportError) as caught:
        choose_columns(table, **options)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    return problem.message


@pytest.mark.parametrize(
    ("headers", "wanted", "found"),
    [
        (["Ticket #", "Client"], "ticket#", "Ticket #"),  # case and punctuation ignored
        (["client", "Client"], "Client", "Client"),  # an exact match wins
        (["client", "Client"], "CLIENT", "client"),  # else the first that matches
        (["Ticket"], "Owner", None),
    ],
)
def test_find_header(headers: list[str], wanted: str, found: str | None) -> None:
    assert find_header(headers, wanted) == found


def test_the_generic_headers_need_no_preset() -> None:
    layout = choose_columns(
        raw("Ticket", "Client", "Priority", "Created", "Extra"), preset=None, mapping=None
    )
    assert (layout.preset, layout.rules, layout.age, layout.notes) == (
        "generic",
        "generic",
        None,
        (),
    )
    assert layout.columns == {
        "ticket": "Ticket",
        "client": "Client",
        "priority": "Priority",
        "created": "Created",
    }
    assert layout.options == {}


def test_a_mapping_adds_to_the_forced_preset_and_keeps_its_options() -> None:
    table = raw("Ticket #", "Company", "Priority", "Date Entered", "Tech", "mods")
    mapping = {"board": "tech", DEDUPE_LATEST_BY: "mods"}
    layout = choose_columns(table, preset="connectwise", mapping=mapping)
    assert (layout.columns["ticket"], layout.columns["board"]) == ("Ticket #", "Tech")
    assert layout.options == {DEDUPE_LATEST_BY: "mods"}
    assert layout.rules == "connectwise"


def test_an_unknown_preset_lists_the_known_ones() -> None:
    assert failure(raw("Ticket"), preset="jira", mapping=None) == (
        "Unknown preset 'jira'. Choose one of: generic, connectwise, autotask, halopsa."
    )


def test_a_mapping_to_an_unknown_field() -> None:
    message = failure(raw("Ticket"), preset=None, mapping={"owner": "Ticket"})
    assert message.startswith("The mapping names an unknown field 'owner' (ticket, client, summary")


@pytest.mark.parametrize(
    ("mapping", "field"),
    [({"client": "Org"}, "client"), ({DEDUPE_LATEST_BY: "sys_mod_count"}, DEDUPE_LATEST_BY)],
)
def test_a_mapping_to_a_column_the_file_lacks(mapping: dict[str, str], field: str) -> None:
    table = raw("Ticket", "Client", "Priority", "Created")
    assert failure(table, preset=None, mapping=mapping) == (
        f"The column mapping reads {field} from '{mapping[field]}', but the file has no such "
        "column (it has 'Ticket', 'Client', 'Priority', 'Created'). Fix the mapping or choose "
        "a preset."
    )


def test_missing_columns_are_named_in_the_closest_presets_spelling() -> None:
    # AutoTask's Ticket Number, Account and Priority are there: three of its four required
    # headers, more than any other preset finds; its Create Date is missing.
    message = failure(raw("Ticket Number", "Account", "Priority"), preset=None, mapping=None)
    assert message.startswith(
        "Missing required column(s) for the autotask layout: Created (column 'Create Date'). "
        "The file has the columns 'Ticket Number', 'Account', 'Priority'. To fix it, add the "
        "Create Date column to the ticket search's columns before exporting."
    )


# ---- the ConnectWise board export of issue 19 ---------------------------------------------------


def connectwise_board(*leave_out: str) -> RawTable:
    """The header of ConnectWise's board list (tests/connectors/psa_exports.py), some left out."""
    return read_raw_table(
        (",".join(h for h in CONNECTWISE_HEADERS if h not in leave_out) + "\n").encode(), "cw.csv"
    )


def test_the_connectwise_board_export_reads_created_from_age() -> None:
    layout = choose_columns(connectwise_board(), preset=None, mapping=None)
    assert (layout.preset, layout.age, layout.updated) == ("connectwise", "Age", "Last Update")
    assert "created" not in layout.columns
    assert layout.columns["summary"] == "Summary Description"
    # The repeated columns are not read: each pair is noted once, and ignored.
    assert [note.message for note in layout.notes] == [
        "The column 'Change Mgmt Date' appears 2 times (K (11), M (13)); Client Pulse does not "
        "read it, so every copy is ignored.",
        "The column 'Change Mgmt Time' appears 2 times (L (12), N (14)); Client Pulse does not "
        "read it, so every copy is ignored.",
    ]


def test_without_date_entered_or_age_only_created_is_missing_and_how_to_add_it() -> None:
    message = failure(connectwise_board("Age"), preset=None, mapping=None)
    assert message.startswith(
        "Missing required column(s) for the connectwise layout: Created (column 'Date "
        "Entered', or 'Age': days since entry, counted back from the export time). The file "
        "has the columns 'Ticket #', 'Company', "
    )
    assert "Ticket (" not in message and "Client (" not in message and "Priority (" not in message
    assert (
        "To fix it, add the Date Entered column to the service board's list view before "
        "exporting." in message
    )


def test_a_repeated_header_the_layout_reads_is_refused_naming_both_columns() -> None:
    mapping = {"due": "Change Mgmt Date"}
    with pytest.raises(TicketExportError) as caught:
        choose_columns(connectwise_board(), preset="connectwise", mapping=mapping)
    (problem,) = caught.value.problems
    assert problem.message == (
        "The column 'Change Mgmt Date' appears 2 times (K (11), M (13)) and the connectwise "
        "layout reads Due from it, so Client Pulse cannot tell which copy holds the value. "
        "Remove or rename the other copies and export again."
    )


def test_a_preset_column_repeated_is_refused_too() -> None:
    table = read_raw_table(b"Ticket,Client,Priority,Created,client\n", "t.csv")
    message = failure(table, preset=None, mapping=None)
    assert message.startswith("The column 'Client' appears 2 times (B (2), E (5)) and the generic")


# ---- mapping options ----------------------------------------------------------------------------


def test_a_mapping_can_count_created_back_from_days_and_use_a_psas_rules() -> None:
    table = raw("Num", "Org", "Sev", "Days open")
    mapping = {
        "ticket": "Num",
        "client": "Org",
        "priority": "Sev",
        AGE_DAYS: "days open",
        RULES: "halopsa",
    }
    layout = choose_columns(table, preset=None, mapping=mapping)
    assert (layout.preset, layout.rules, layout.age) == (None, "halopsa", "Days open")


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("__latest", "x", "The mapping has an unknown option '__latest' (__dedupe_latest_by, "),
        (
            RULES,
            "jira",
            "__rules must name a PSA (generic, connectwise, autotask, halopsa), not 'jira'.",
        ),
    ],
)
def test_mapping_options_are_checked(option: str, value: str, says: str) -> None:
    table = raw("Ticket", "Client", "Priority", "Created")
    assert failure(table, preset=None, mapping={"ticket": "Ticket", option: value}).startswith(says)
