"""An export's bytes -> its cells: encodings, delimiters, unreadable files, where a row is."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pandas as pd
import pytest

from connectors.errors import Severity, TicketExportError
from connectors.ticket_files import (
    RawTable,
    export_error,
    is_utf8,
    read_raw_table,
    unique_headers,
)
from tests.connectors.ticket_exports import export_bytes, problem_text, read


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


def test_an_unreadable_date_names_the_file_line_and_column() -> None:
    # The second ticket's summary spans two lines, so the third ticket sits on file line 5.
    csv = (
        "Ticket,Client,Priority,Created,Summary\n"
        "1,Acme,P1,2026-01-05,ok\n"
        '2,Acme,P1,2026-01-06,"two\nlines"\n'
        "3,Acme,P1,next tuesday,bad\n"
    )
    tickets = read(csv)
    assert tickets["ticket"].tolist() == ["1", "2"]  # the unreadable one is left out, not all
    (warning,) = tickets.attrs["warnings"]
    assert (warning.row, warning.column, warning.severity) == (5, "Created", Severity.WARNING)
    assert "'next tuesday' is not a date this reader understands, so this ticket is left out" in (
        warning.message
    )


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
    (warning,) = read(buffer.getvalue()).attrs["warnings"]
    assert warning.where == "Tickets!D3"
    with pytest.raises(TicketExportError) as caught:
        read(buffer.getvalue(), strict=True)
    (problem,) = caught.value.problems
    assert (problem.where, problem.severity) == ("Tickets!D3", Severity.ERROR)


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


# ---- the raw table ------------------------------------------------------------------------------


def test_null_markers_are_blank_cells() -> None:
    raw = read_raw_table(b"Ticket,Client\n1,?\n2,N/A\n3,#MULTIVALUE\n4,Acme\n", "t.csv")
    assert raw.frame["Client"].isna().tolist() == [True, True, True, False]


def test_a_utf16_export_with_its_byte_order_mark() -> None:
    raw = read_raw_table("Ticket,Client\n1,Café\n".encode("utf-16"), "t.csv")
    assert (raw.headers, raw.frame.loc[0, "Client"]) == (["Ticket", "Client"], "Café")


def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(TicketExportError) as caught:
        read_raw_table(tmp_path / "gone.csv", "gone.csv")
    (problem,) = caught.value.problems
    assert problem.file == "gone.csv"
    assert problem.message.startswith("The file cannot be opened (No such file or directory)")


def test_where_in_a_workbook_is_a_cell() -> None:
    headers = [f"H{i}" for i in range(1, 29)]
    raw = RawTable(pd.DataFrame(columns=headers), "t.xlsx", sheet="Tickets")
    # Record 0 sits on row 2, under the header; the 27th column is AA.
    assert raw.where(0, "H2") == {"sheet": "Tickets", "cell": "B2"}
    assert raw.where(3, "H27") == {"sheet": "Tickets", "cell": "AA5"}


def test_where_in_a_csv_skips_blank_lines_and_follows_quoted_newlines() -> None:
    text = 'Ticket,Notes\n1,one\n\n2,"two\nlines"\n3,three\n'
    raw = RawTable(pd.DataFrame(columns=["Ticket", "Notes"]), "t.csv", text=text)
    assert [raw.where(position, "Notes")["row"] for position in (0, 1, 2)] == [2, 4, 6]
    assert raw.where(1, "Notes")["column"] == "Notes"


def test_export_error_is_about_the_whole_file() -> None:
    (problem,) = export_error("t.csv", "Nothing to read.").problems
    assert (problem.where, problem.message) == ("t.csv", "Nothing to read.")


# ---- repeated headers ---------------------------------------------------------------------------


def test_a_repeated_header_keeps_every_column_under_its_own_name() -> None:
    # ConnectWise repeats Change Mgmt Date; a trailing space or another case is the same header.
    names, repeated = unique_headers(
        ["Ticket #", "Change Mgmt Date", "Solution Design ", "change mgmt date "]
    )
    assert names == ["Ticket #", "Change Mgmt Date", "Solution Design", "change mgmt date (2)"]
    assert repeated == {"Change Mgmt Date": (1, 3), "change mgmt date (2)": (1, 3)}


def test_a_renamed_copy_never_takes_a_real_columns_name() -> None:
    names, _ = unique_headers(["X", "X (2)", "X"])
    assert names == ["X", "X (2)", "X (2) (2)"]


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "xlsx"])
def test_the_raw_table_of_a_file_with_a_repeated_header(excel: bool) -> None:
    frame = pd.DataFrame([["1", "a", "b"]], columns=["Ticket", "Due", "Due"])
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False) if excel else frame.to_csv(buffer, index=False)
    raw = read_raw_table(buffer.getvalue(), "t")
    assert raw.headers == ["Ticket", "Due", "Due (2)"]
    assert raw.frame.loc[0].tolist() == ["1", "a", "b"]
    assert raw.columns_named("Due (2)") == "B (2), C (3)"


def test_rows_are_found_in_one_pass_for_many_records() -> None:
    text = 'Ticket,Notes\n1,one\n\n2,"two\nlines"\n3,three\n'
    raw = RawTable(pd.DataFrame(columns=["Ticket", "Notes"]), "t.csv", text=text)
    assert raw.rows([2, 0]) == [6, 2]
    sheet = RawTable(pd.DataFrame(columns=["Ticket"]), "t.xlsx", sheet="Tickets")
    assert sheet.rows([0, 4]) == [2, 6]


@pytest.mark.parametrize(
    ("data", "utf8"),
    [
        (b"", True),
        (b"Ticket,Client\n1,Acme\n", True),
        ("Café".encode(), True),  # é as two bytes, C3 A9
        (b"\xef\xbb\xbfTicket", True),  # a byte-order mark is UTF-8 too
        ("Café".encode("cp1252"), False),  # é as E9 alone: Windows-1252
        (b"\xff\xfeT\x00", False),  # UTF-16 with its mark
        (b"Caf\xc3", False),  # cut inside a character
    ],
)
def test_is_utf8(data: bytes, utf8: bool) -> None:
    assert is_utf8(data) is utf8


def test_a_utf8_export_is_decoded_only_when_a_row_is_looked_up() -> None:
    data = 'Ticket,Notes\n1,one\n\n2,"two\nlines"\n3,Café\n'.encode()
    raw = read_raw_table(data, "t.csv")
    assert raw.text == ""  # nothing decoded while reading
    assert raw.frame["Notes"].tolist() == ["one", "two\nlines", "Café"]
    assert raw.rows([2, 1]) == [6, 4]
    assert raw.text == data.decode()


def test_an_export_that_gives_no_size_is_read_to_its_end(tmp_path: Path) -> None:
    # A named pipe says its size is 0: the reader goes on to the end instead of trusting it.
    pipe = tmp_path / "tickets.csv"
    os.mkfifo(pipe)
    data = b"Ticket,Client,Priority,Created\n1,Acme,P1,2026-01-05\n"
    writer = threading.Thread(target=pipe.write_bytes, args=(data,))
    writer.start()
    raw = read_raw_table(pipe, "tickets.csv")
    writer.join()
    assert raw.frame["Client"].tolist() == ["Acme"]
