"""Reading incident-events CSVs: good files in several dialects, and broken ones pointed at."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from connectors.errors import TicketExportError
from connectors.events import read_incident_events
from pulse.incidents import LOG_COLUMNS

ZONE = "America/Los_Angeles"


def read(text: str, *, encoding: str = "utf-8") -> pd.DataFrame:
    return read_incident_events(io.BytesIO(text.encode(encoding)), name="events.csv", timezone=ZONE)


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(TicketExportError) as caught:
        read(text)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_reads_offsets_and_naive_local_times_as_utc() -> None:
    frame = read(
        "ticket,event,at,actor,note\n"
        "TK1,reported,2026-05-04T09:30:00-07:00,Ana,by email\n"
        "TK1,swarm_created,2026-05-04 09:40,Ana,\n"  # naive: Los Angeles wall time (PDT)
        "TK1,resolved,2026-05-04T17:00:00Z,,\n"
    )
    assert list(frame.columns) == list(LOG_COLUMNS)
    assert frame["client"].isna().all() and frame["corrects_at"].isna().all()
    assert str(frame["at"].dtype) == "datetime64[ns, UTC]"
    assert frame["at"].tolist() == [
        pd.Timestamp("2026-05-04 16:30", tz="UTC"),
        pd.Timestamp("2026-05-04 16:40", tz="UTC"),
        pd.Timestamp("2026-05-04 17:00", tz="UTC"),
    ]
    assert frame["event"].tolist() == ["reported", "swarm_created", "resolved"]
    assert frame["actor"].tolist() == ["Ana", "Ana", ""]


def test_naive_winter_time_uses_standard_offset() -> None:
    frame = read("ticket,event,at\nTK1,reported,2026-12-01 09:00\n")
    assert frame["at"].iloc[0] == pd.Timestamp("2026-12-01 17:00", tz="UTC")


def test_bom_semicolons_header_case_and_optional_columns() -> None:
    frame = read(
        "\ufeffTicket;EVENT;Timestamp\nTK7;Swarm Created;2026-05-04T09:40:00+05:30\n",
    )
    assert frame["ticket"].tolist() == ["TK7"]
    assert frame["event"].tolist() == ["swarm_created"]
    assert frame["at"].iloc[0] == pd.Timestamp("2026-05-04 04:10", tz="UTC")
    assert frame["note"].tolist() == [""]


def test_windows_1252_text_is_accepted() -> None:
    frame = read(
        "ticket,event,at,note\nTK1,reported,2026-05-04 09:00,caf\u00e9\n", encoding="cp1252"
    )
    assert frame["note"].tolist() == ["caf\u00e9"]


def test_a_header_only_file_is_an_empty_frame() -> None:
    frame = read("ticket,event,at\n")
    assert frame.empty
    assert str(frame["at"].dtype) == "datetime64[ns, UTC]"


def test_reads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("ticket,event,at\nTK1,reported,2026-05-04 09:00\n", encoding="utf-8")
    frame = read_incident_events(path, name="events.csv", timezone=ZONE)
    assert len(frame) == 1


def test_every_bad_cell_is_reported_with_its_line_and_column() -> None:
    found = problems(
        "ticket,event,at,actor,note\n"  # line 1
        "TK1,reported,2026-05-04 09:00,,\n"  # line 2: fine
        "TK1,swarm_made,2026-05-04 09:10,,\n"  # line 3: unknown event
        "\n"  # line 4: blank, skipped but counted
        'TK1,summary_posted,"2026-05-04 09:20",,"two\nlines"\n'  # lines 5-6: fine
        "TK1,vitm_acknowledged,yesterday 10am,,\n"  # line 7: unreadable time
        ",resolved,2026-05-04 12:00,,\n"  # line 8: blank ticket
    )
    assert [(row, column) for row, column, _ in found] == [
        (3, "event"),
        (7, "at"),
        (8, "ticket"),
    ]
    assert "swarm_made" in found[0][2] and "swarm_created" in found[0][2]
    assert "yesterday 10am" in found[1][2]


def test_problem_text_names_the_file_line_and_column() -> None:
    with pytest.raises(TicketExportError) as caught:
        read("ticket,event,at\nTK1,lunch,2026-05-04 09:00\n")
    assert str(caught.value).startswith("events.csv, row 2, column event: Unknown event 'lunch'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ticket,at\nTK1,2026-05-04 09:00\n", "Missing column(s) event"),
        ("", "The file is empty"),
        ("\n\n", "The file is empty"),
    ],
)
def test_unusable_files(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1 and found[0][2].startswith(expected)


def test_a_used_column_named_twice_is_refused_naming_both() -> None:
    with pytest.raises(TicketExportError) as caught:
        read("ticket,event,at,When\nTK1,reported,2026-05-04 09:00,2026-05-04 10:00\n")
    assert str(caught.value) == (
        "events.csv, row 1, column at: The at column is in the header twice: 'at' (column 3) "
        "and 'When' (column 4); delete or rename one."
    )


def test_an_unused_column_named_twice_is_noted_and_ignored() -> None:
    frame = read("ticket,event,at,Site,site\nTK1,reported,2026-05-04 09:00,HQ,Annex\n")
    assert list(frame["ticket"]) == ["TK1"]
    assert [str(warning) for warning in frame.attrs["warnings"]] == [
        "events.csv, row 1: 'Site' (column 4) and 'site' (column 5) repeat one header; this "
        "column is not used and is ignored."
    ]


def test_a_clean_file_has_no_warnings() -> None:
    assert read("ticket,event,at\nTK1,reported,2026-05-04 09:00\n").attrs["warnings"] == []


def test_a_correction_names_the_row_it_voids_by_event_and_time() -> None:
    frame = read(
        "ticket,event,at,actor,note,client\n"
        "TK1,vitm_acknowledged,2026-05-04T09:40:00-07:00,Ana,,Acme\n"
        "TK1,corrected,2026-05-04T09:45:00-07:00,Ana,"
        "vitm_acknowledged at 2026-05-04T09:40:00-07:00: wrong incident,Acme\n"
    )
    assert frame["client"].tolist() == ["Acme", "Acme"]
    assert frame["corrects_event"].tolist()[1] == "vitm_acknowledged"
    assert frame["corrects_at"].iloc[1] == pd.Timestamp("2026-05-04 16:40", tz="UTC")
    assert pd.isna(frame["corrects_event"].iloc[0]) and pd.isna(frame["corrects_at"].iloc[0])


def test_a_correction_that_names_no_row_is_pointed_at() -> None:
    found = problems(
        "ticket,event,at,note\n"
        "TK1,reported,2026-05-04 09:00,\n"
        "TK1,corrected,2026-05-04 09:10,the time was wrong\n"
    )
    assert len(found) == 1
    row, column, message = found[0]
    assert (row, column) == (3, "note")
    assert "must name the row it corrects" in message
