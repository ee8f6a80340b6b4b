"""Write the sample frames as a Client Pulse workbook the way a team would keep it in Excel.

The Clients tab has title rows above its header, money and dates are formatted, the Status
column has a drop-down, and a "Team Notes" tab of the team's own (formatted, with a chart) is
there to prove the product never touches what it does not own.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pulse.schema import SHEET_SPECS, EpisodeStatus, Kind, Sheet

SAVED_AT = time(8, 0)  # docProps say the sample was saved at 08:00 (UTC) on its Monday
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
NUMBER_FORMATS = {
    Kind.MONEY: '"$"#,##0.00',
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
CLIENTS_TITLE_ROWS = 2  # "Client Pulse — Clients" and a note, then the header


def write_sample_workbook(
    path: Path, tabs: dict[Sheet, pd.DataFrame], *, saved_on: date, team_notes: bool = True
) -> None:
    """The tabs as the team's workbook, last saved at 08:00 on `saved_on` (docProps; the same
    every run, so the committed sample never changes without a reason)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet, frame in tabs.items():
        sheet_obj = book.create_sheet(sheet.value)
        title_rows = CLIENTS_TITLE_ROWS if sheet is Sheet.CLIENTS else 0
        if title_rows:
            sheet_obj["A1"] = "Client Pulse — Clients"
            sheet_obj["A1"].font = Font(bold=True, size=16)
            sheet_obj["A2"] = "Kept by the Account Administrator; MRR in USD."
        _write_table(sheet_obj, sheet, frame, first_row=title_rows + 1)
    if Sheet.EPISODES in tabs:
        _status_dropdown(book[Sheet.EPISODES.value], rows=len(tabs[Sheet.EPISODES]))
    if team_notes:
        _team_notes(book)
    book.properties.created = datetime.combine(saved_on, SAVED_AT)
    book.properties.modified = datetime.combine(saved_on, SAVED_AT)
    book.properties.creator = "Client Pulse sample generator"
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_as_dated(book, path)


def _save_as_dated(book: Workbook, path: Path) -> None:
    """Save keeping the workbook's own modified time. openpyxl's Workbook.save stamps docProps
    with the clock, then calls ExcelWriter (openpyxl 3.1); the sample must carry its own date,
    which the stale-data check reads. tests/app/test_sample.py fails if this stops holding."""
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def _write_table(
    sheet_obj: Worksheet, sheet: Sheet, frame: pd.DataFrame, *, first_row: int
) -> None:
    spec = SHEET_SPECS[sheet]
    columns = [column for column in spec.columns if column.name in frame.columns]
    for position, column in enumerate(columns, start=1):
        cell = sheet_obj.cell(row=first_row, column=position, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = max(len(column.header), 10) + 2
        sheet_obj.column_dimensions[get_column_letter(position)].width = min(width, 40)
    for offset, record in enumerate(frame[[c.name for c in columns]].itertuples(index=False)):
        for position, (column, value) in enumerate(zip(columns, record, strict=True), start=1):
            cell = sheet_obj.cell(row=first_row + 1 + offset, column=position)
            cell.value = _excel_value(value, column.kind)
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet_obj.freeze_panes = sheet_obj.cell(row=first_row + 1, column=1)


def _excel_value(value: object, kind: Kind) -> object:
    if value is None or (not isinstance(value, list | str) and bool(pd.isna(value))):  # type: ignore[call-overload]
        return None
    if kind is Kind.YES_NO:
        return "Y" if value else "N"
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if kind is Kind.DATE else value.to_pydatetime()
    return value


def _status_dropdown(sheet_obj: Worksheet, *, rows: int) -> None:
    choices = ",".join(status.value for status in EpisodeStatus)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.add(f"B2:B{rows + 200}")
    sheet_obj.add_data_validation(validation)


def _team_notes(book: Workbook) -> None:
    """The team's own tab: formatted notes and a chart the product must leave alone."""
    notes = book.create_sheet("Team Notes")
    notes["A1"] = "CST reminders"
    notes["A1"].font = Font(bold=True, size=14, color="C00000")
    notes["A2"] = "Approvals happen only in the Monday CST meeting."
    notes["A3"] = "Announce changes at the Tuesday all-staff huddle."
    notes["A5"], notes["B5"] = "Quarter", "Clients on extra care"
    for row, (quarter, count) in enumerate((("Q1", 9), ("Q2", 12), ("Q3", 10), ("Q4", 11)), 6):
        notes.cell(row=row, column=1, value=quarter)
        notes.cell(row=row, column=2, value=count)
    chart = BarChart()
    chart.title = "Extra care by quarter"
    chart.add_data(Reference(notes, min_col=2, min_row=5, max_row=9), titles_from_data=True)
    chart.set_categories(Reference(notes, min_col=1, min_row=6, max_row=9))
    notes.add_chart(chart, "D2")
    notes.column_dimensions["A"].width = 52
