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

from connectors.errors import Problem, Severity, TicketExportError
from connectors.event_values import (
    EVENT_NAMES,
    corrected_row,
    event_cell_problems,
    event_name,
    parse_event_time,
)
from connectors.paths import input_file
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
    columns, warnings = _columns(rows[0], name=name)
    zone = ZoneInfo(timezone)
    frame = _whole_columns(rows[1:], columns, zone=zone)
    if frame is None:  # something is wrong: read again row by row to name every bad line
        lines = _records(text)
        next(lines)  # the header
        raise TicketExportError(_line_problems(lines, columns, name=name, zone=zone))
    frame.attrs["warnings"] = warnings
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
    if not isinstance(fp, str | Path):
        return fp.read()
    path = input_file(Path(fp))
    try:
        return path.read_bytes()
    except OSError as error:
        raise TicketExportError([Problem(path.name, f"cannot open the file ({error.strerror})")])


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


def _columns(header: list[str], *, name: str) -> tuple[dict[str, int], list[Problem]]:
    """Canonical column -> cell index, and warnings; missing required columns, or a column the
    reader uses named twice, raise with what was found."""
    wanted = {
        normalise_header(alias): column
        for column, aliases in HEADER_ALIASES.items()
        for alias in aliases
    }
    named: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        key = normalise_header(cell)
        if key:
            named.setdefault(wanted.get(key, f"unread:{key}"), []).append(index)
    columns = {column: found[0] for column, found in named.items() if column in HEADER_ALIASES}
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        found = ", ".join(cell.strip() for cell in header if cell.strip()) or "nothing"
        message = f"Missing column(s) {', '.join(missing)} in the header (found: {found})."
        raise TicketExportError([Problem(name, message, row=1)])
    repeats = [_repeated(header, found, column, name=name) for column, found in named.items()]
    refused = [problem for problem in repeats if problem and problem.severity == Severity.ERROR]
    if refused:
        raise TicketExportError(refused)
    return columns, [problem for problem in repeats if problem is not None]


def _repeated(header: list[str], found: list[int], column: str, *, name: str) -> Problem | None:
    """A header named twice: refused for a column the reader uses (which copy holds the
    data?), noted for one it ignores anyway."""
    if len(found) < 2:
        return None
    copies = " and ".join(f"'{header[index].strip()}' (column {index + 1})" for index in found)
    if column in HEADER_ALIASES:
        message = f"The {column} column is in the header twice: {copies}; delete or rename one."
        return Problem(name, message, row=1, column=column)
    message = f"{copies} repeat one header; this column is not used and is ignored."
    return Problem(name, message, row=1, severity=Severity.WARNING)


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
