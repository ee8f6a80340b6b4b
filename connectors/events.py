"""Read an incident-events CSV (SPEC "Incident events") into a typed frame.

Columns ``ticket,event,at[,actor,note,client]``: headers in any case (a few aliases), UTF-8 with or
without a BOM (Windows-1252 accepted), comma- or semicolon-separated. ``at`` is ISO 8601 with an
offset, or a naive local time in the configured business zone. The result has one row per event
(`pulse.incidents.LOG_COLUMNS`), ``at`` as tz-aware UTC, and for a `corrected` row the event and
time its Note names (`connectors.event_values`). Anything unreadable raises ``TicketExportError``
listing every problem with the file, the line a person sees in an editor (header = line 1) and
the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

import pandas as pd

from connectors.errors import Problem, TicketExportError
from connectors.event_values import (
    EVENT_NAMES,
    corrected_row,
    event_cell_problems,
    event_name,
    parse_event_time,
)
from pulse.incidents import EVENT_COLUMNS
from pulse.schema import IncidentEvent, normalise_header

REQUIRED_COLUMNS: tuple[str, ...] = ("ticket", "event", "at")
# Header spellings accepted for each column (compared after normalise_header).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "ticket": ("ticket", "ticket number", "ticket #", "ticket id", "ticket no"),
    "event": ("event", "event name", "step"),
    "at": ("at", "time", "timestamp", "when", "date time", "datetime", "occurred at"),
    "actor": ("actor", "who", "by", "person"),
    "note": ("note", "notes", "comment", "details"),
    "client": ("client", "client name", "company"),
}
READ_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "client")


def read_incident_events(fp: BinaryIO | str | Path, *, name: str, timezone: str) -> pd.DataFrame:
    """The events of a CSV as a frame (EVENT_COLUMNS); raise TicketExportError on bad input."""
    text = _decode(_read_bytes(fp), name=name)
    rows = _rows(text)
    if not rows:
        raise TicketExportError([Problem(name, "The file is empty: expected ticket,event,at.")])
    columns = _columns(rows[0], name=name)
    zone = ZoneInfo(timezone)
    frame = _whole_columns(rows[1:], columns, zone=zone)
    if frame is None:  # something is wrong: read again row by row to name every bad line
        lines = _records(text)
        next(lines)  # the header
        raise TicketExportError(_line_problems(lines, columns, name=name, zone=zone))
    return frame


def _rows(text: str) -> list[list[str]]:
    """Every record's cells, blank ones skipped (line numbers: see _records, for errors only)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [cells for cells in reader if "".join(cells).strip()]


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _whole_columns(
    rows: list[list[str]], columns: dict[str, int], *, zone: ZoneInfo
) -> pd.DataFrame | None:
    """The typed frame, column by column; None when any row is bad (the slow path names it)."""
    cells = {column: _column_cells(rows, columns.get(column)) for column in READ_COLUMNS}
    events = _event_names(cells["event"])
    times = [parse_event_time(text, zone) for text in cells["at"]]
    if "" in cells["ticket"] or not EVENT_NAMES.issuperset(events) or None in times:
        return None
    named = corrections(events, cells["note"], zone)
    if named is None:
        return None
    frame = pd.DataFrame({column: pd.array(cells[column], dtype="string") for column in cells})
    frame["event"] = pd.array(events, dtype="string")
    frame["at"] = pd.to_datetime(pd.Series(times, dtype=object), utc=True).dt.as_unit("ns")
    frame["client"] = frame["client"].replace("", pd.NA)
    return frame.assign(**named)


def corrections(events: list[str], notes: list[str], zone: ZoneInfo) -> dict[str, pd.Series] | None:
    """`corrects_event` and `corrects_at` of every row (blank but on `corrected` rows); None
    when a `corrected` row's Note names no row."""
    named: list[tuple[str, datetime] | None] = [
        corrected_row(note, zone) if event == IncidentEvent.CORRECTED else None
        for event, note in zip(events, notes, strict=True)
    ]
    if any(n is None and e == IncidentEvent.CORRECTED for n, e in zip(named, events, strict=True)):
        return None
    return {
        "corrects_event": pd.Series([n[0] if n else None for n in named], dtype="string"),
        "corrects_at": pd.to_datetime(
            pd.Series([n[1] if n else None for n in named], dtype=object), utc=True
        ).dt.as_unit("ns"),
    }


def _column_cells(rows: list[list[str]], index: int | None) -> list[str]:
    if index is None:
        return [""] * len(rows)
    return [cells[index].strip() if index < len(cells) else "" for cells in rows]


def _event_names(texts: list[str]) -> list[str]:
    # A file has a handful of distinct spellings: normalise each once.
    names = {text: event_name(text) for text in set(texts)}
    return [names[text] for text in texts]


def _read_bytes(fp: BinaryIO | str | Path) -> bytes:
    if isinstance(fp, str | Path):
        return Path(fp).read_bytes()
    return fp.read()


def _decode(data: bytes, *, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Excel on Windows saves "CSV" as Windows-1252
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TicketExportError(
                [Problem(name, "The file is not text (UTF-8 or Windows-1252); save it as CSV.")]
            ) from error


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record, skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _columns(header: list[str], *, name: str) -> dict[str, int]:
    """Canonical column -> cell index; missing required columns raise with what was found."""
    wanted = {
        normalise_header(alias): column
        for column, aliases in HEADER_ALIASES.items()
        for alias in aliases
    }
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = wanted.get(normalise_header(cell))
        if column is not None and column not in columns:
            columns[column] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        found = ", ".join(cell.strip() for cell in header if cell.strip()) or "nothing"
        message = f"Missing column(s) {', '.join(missing)} in the header (found: {found})."
        raise TicketExportError([Problem(name, message, row=1)])
    return columns


def _line_problems(
    lines: Iterator[tuple[int, list[str]]],
    columns: dict[str, int],
    *,
    name: str,
    zone: ZoneInfo,
) -> list[Problem]:
    """Every problem of every line (the slow path, run only when something is wrong)."""
    problems: list[Problem] = []
    for line, cells in lines:
        values = {c: _cell(cells, i) for c, i in columns.items()}
        problems.extend(_record_problems(values, name=name, line=line, zone=zone))
    return problems


def _record_problems(
    values: dict[str, str], *, name: str, line: int, zone: ZoneInfo
) -> list[Problem]:
    ticket, event, at, note = (values.get(c, "") for c in ("ticket", "event", "at", "note"))
    return [
        Problem(name, message, row=line, column=column)
        for column, message in event_cell_problems(ticket, event, at, note, zone)
    ]


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""
