"""Which header holds each field: a detected or forced preset, or a saved mapping."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.errors import TicketExportError
from connectors.ticket_columns import DEDUPE_LATEST_BY, choose_columns, find_header
from connectors.ticket_files import RawTable
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
    columns, options = choose_columns(
        raw("Ticket", "Client", "Priority", "Created", "Extra"), preset=None, mapping=None
    )
    assert columns == {
        "ticket": "Ticket",
        "client": "Client",
        "priority": "Priority",
        "created": "Created",
    }
    assert options == {}


def test_a_mapping_adds_to_the_forced_preset_and_keeps_its_options() -> None:
    table = raw("Ticket #", "Company", "Priority", "Date Entered", "Tech", "mods")
    mapping = {"board": "tech", DEDUPE_LATEST_BY: "mods"}
    columns, options = choose_columns(table, preset="connectwise", mapping=mapping)
    assert (columns["ticket"], columns["board"]) == ("Ticket #", "Tech")
    assert options == {DEDUPE_LATEST_BY: "mods"}


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
    assert message.startswith("Missing required column(s) for the autotask layout: ")
    assert "Created (column 'Create Date')" in message
    assert "The file has the columns 'Ticket Number', 'Account', 'Priority'." in message
