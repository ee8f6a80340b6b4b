"""The Incident Log tab (SPEC "Incident Log") as incident events, and a workbook of its own.

The workbook reader reads the tab like any other (At as text: a cell cannot hold an offset); here
its rows become the typed events frame the events CSV gives (`pulse.incidents.LOG_COLUMNS`). A row
someone broke by hand in Excel (blank ticket, unknown event, unreadable time, a correction that
names no row) is left out with a warning naming its cell: one bad row never stops the live room.

A team may keep the log in a separate small workbook beside the Client Pulse workbook (SPEC), so
live clicks never wait on a workbook someone has open in Excel; `read_log_workbook` reads that
file (its Incident Log and Audit Log tabs only) and `new_log_workbook` makes it.
"""

from __future__ import annotations

from collections.abc import Collection
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from connectors.cells import column_letter
from connectors.errors import Problem, Severity
from connectors.event_values import (
    corrected_row,
    event_cell_problems,
    event_name,
    parse_event_time,
)
from connectors.workbook import LoadedWorkbook, SheetLayout
from pulse.incidents import LOG_COLUMNS
from pulse.schema import INCIDENT_LOG, SHEET_ROW, SHEET_SPECS, IncidentEvent, Sheet

# The tabs a separate incident workbook holds: the log and the Audit Log of its clicks.
LOG_WORKBOOK_TABS: tuple[Sheet, ...] = (Sheet.INCIDENT_LOG, Sheet.AUDIT)


def incident_log_events(
    workbook: LoadedWorkbook, *, timezone: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The Incident Log's rows as events (LOG_COLUMNS) and a warning per cell of a row left out."""
    layout = workbook.layouts.get(Sheet.INCIDENT_LOG)
    zone = ZoneInfo(timezone)
    events: list[dict[str, Any]] = []
    warnings: list[Problem] = []
    for row in workbook.incident_log.to_dict("records"):
        record = {str(key): value for key, value in row.items()}
        cells = {column: _text(record.get(column)) for column in INCIDENT_LOG.names}
        found = event_cell_problems(
            cells["ticket"], cells["event"], cells["at"], cells["note"], zone
        )
        warnings.extend(_warning(workbook.source, layout, record, *problem) for problem in found)
        if not found:
            events.append(_event(cells, zone))
    return log_frame(events), warnings


def _event(cells: dict[str, str], zone: ZoneInfo) -> dict[str, Any]:
    """A row every cell of which reads, as a typed event."""
    name = event_name(cells["event"])
    named = corrected_row(cells["note"], zone) if name == IncidentEvent.CORRECTED else None
    return {
        "ticket": cells["ticket"],
        "event": name,
        "at": parse_event_time(cells["at"], zone),
        "actor": cells["actor"],
        "note": cells["note"],
        "client": cells["client"] or None,
        "corrects_event": named[0] if named else None,
        "corrects_at": named[1] if named else None,
    }


def _warning(
    label: str, layout: SheetLayout | None, record: dict[str, Any], column: str, message: str
) -> Problem:
    sheet = layout.sheet_name if layout else Sheet.INCIDENT_LOG.value
    position = layout.columns.get(column) if layout else None
    row = record.get(SHEET_ROW)
    cell = f"{column_letter(position)}{row}" if position and not pd.isna(row) else ""
    return Problem(
        label,
        f"{message} This row is left out of the incidents until it is fixed (or corrected "
        "with a new row in the app).",
        sheet=sheet,
        cell=cell,
        column=INCIDENT_LOG.column(column).header,
        severity=Severity.WARNING,
    )


def log_frame(events: list[dict[str, Any]]) -> pd.DataFrame:
    """Event records as the log's frame (LOG_COLUMNS, text as strings, times as UTC)."""
    frame = pd.DataFrame(events, columns=list(LOG_COLUMNS))
    for column in ("ticket", "event", "actor", "note", "client", "corrects_event"):
        frame[column] = frame[column].astype("string")
    for column in ("at", "corrects_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.as_unit("ns")
    return frame


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value).strip()


def read_log_workbook(data: bytes, *, name: str) -> LoadedWorkbook:
    """A separate incident workbook: its Incident Log and Audit Log tabs (either may be absent)."""
    from connectors.workbook import read_tabs

    return read_tabs(data, name=name, tabs=LOG_WORKBOOK_TABS)


def new_log_workbook(tabs: Collection[Sheet] = LOG_WORKBOOK_TABS) -> bytes:
    """A new workbook holding only the given tabs, each with its header row (bold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in tabs:
        tab = book.create_sheet(sheet.value)
        for position, column in enumerate(SHEET_SPECS[sheet].columns, start=1):
            tab.cell(row=1, column=position, value=column.header).font = Font(bold=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
