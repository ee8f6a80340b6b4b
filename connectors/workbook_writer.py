"""Export the product's tabs back into the Client Pulse workbook, changing nothing else.

SPEC "Non-negotiables": export changes only the cells and tabs the product owns; everything else
in the workbook survives exactly. So only cells whose value differs from what was read are
written, new records go below the last data row, and local saves are atomic with a backup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from connectors.atomic_file import write_atomically
from connectors.errors import Problem, WorkbookError
from connectors.workbook import LoadedWorkbook, SheetLayout, has_tab
from connectors.xlsx_patch import CellValue, SheetEdit, last_used_column, patch_xlsx
from pulse.schema import (
    ADDABLE_SHEETS,
    OWNED_SHEETS,
    SHEET_ROW,
    SHEET_SPECS,
    Kind,
    Sheet,
    SheetSpec,
)

YES, NO = "Yes", "No"
BACKUP_STAMP = "%Y-%m-%dT%H%M"  # `Client Pulse.2026-11-23T1530.bak.xlsx`: sorts by time, no colon
NUMBER_KINDS = frozenset({Kind.MONEY, Kind.NUMBER})
# Tabs whose records the workflow may delete (an action item, a recommendation added by mistake).
DELETABLE = frozenset({Sheet.EPISODES, Sheet.ACTIONS})
Cells = dict[tuple[int, int], CellValue]


def render_workbook(
    source: bytes, loaded: LoadedWorkbook, frames: Mapping[Sheet, pd.DataFrame]
) -> bytes:
    """The workbook bytes with the owned tabs' changed cells and new rows written in, and an
    addable tab (ADDABLE_SHEETS) created when asked for one the workbook does not have."""
    return patch_xlsx(source, owned_edits(source, loaded, frames), source_name=loaded.source)


def owned_edits(
    source: bytes, loaded: LoadedWorkbook, frames: Mapping[Sheet, pd.DataFrame]
) -> list[SheetEdit]:
    """Per owned tab, exactly the cells a save writes: changed cells of the records read,
    emptied cells of deleted ones, header cells of new columns and the rows appended below the
    last data row (a tab to create carries its `create_headers`)."""
    writable = (*OWNED_SHEETS, *ADDABLE_SHEETS)
    foreign = [sheet for sheet in frames if sheet not in writable]
    if foreign:
        raise ValueError(f"the product never writes these tabs: {foreign}")
    present = [sheet for sheet in frames if sheet in ADDABLE_SHEETS and has_tab(loaded, sheet)]
    if present:
        raise ValueError(
            f"the workbook has these tabs already, and they are never altered: {present}"
        )
    return [
        _sheet_edit(source, loaded, sheet, frames[sheet]) for sheet in writable if sheet in frames
    ]


def save_local(path: Path, data: bytes, *, now: datetime, keep_backup: bool = True) -> Path | None:
    """Replace the file atomically, keeping the previous version as a timestamped backup beside it
    (unless `keep_backup` is off: an incident click only appends a row).

    Returns the backup's path (None when there was no previous file). On failure the original
    file is untouched and neither the backup nor a temporary file is left behind.
    """
    backup = _free_backup_path(path, now) if keep_backup and path.exists() else None
    try:
        if backup is not None:
            write_atomically(backup, path.read_bytes())
        write_atomically(path, data)
    except OSError as error:
        if backup is not None:
            backup.unlink(missing_ok=True)
        message = f"could not be saved ({error}); close it in Excel or check the folder's rights"
        raise WorkbookError([Problem(file=str(path), message=message)]) from error
    return backup


def backup_path(path: Path, now: datetime) -> Path:
    return path.with_name(f"{path.stem}.{now.strftime(BACKUP_STAMP)}.bak{path.suffix}")


def _free_backup_path(path: Path, now: datetime) -> Path:
    """Two saves in the same minute each keep their own backup."""
    candidate = backup_path(path, now)
    number = 2
    while candidate.exists():
        stamp = f"{now.strftime(BACKUP_STAMP)}-{number}"
        candidate = path.with_name(f"{path.stem}.{stamp}.bak{path.suffix}")
        number += 1
    return candidate


def _sheet_edit(
    source: bytes, loaded: LoadedWorkbook, sheet: Sheet, frame: pd.DataFrame
) -> SheetEdit:
    spec = SHEET_SPECS[sheet]
    layout = loaded.layouts.get(sheet)
    create_headers = None if layout else [column.header for column in spec.columns]
    if layout is None:
        columns = {column.name: index for index, column in enumerate(spec.columns, 1)}
        layout = SheetLayout(sheet.value, header_row=1, columns=columns, last_row=1)
        previous = pd.DataFrame()
    else:
        previous = loaded.frame(sheet)
    columns, cells = _columns_with_new_headers(source, layout, spec, frame)
    cells |= _changed_cells(previous, frame, spec=spec, columns=columns)
    if sheet in DELETABLE:
        cells |= _deleted_cells(previous, frame, spec=spec, columns=columns)
    cells |= _appended_cells(frame, spec=spec, columns=columns, last_row=layout.last_row)
    return SheetEdit(
        layout.sheet_name,
        cells,
        create_headers=create_headers,
        data_start_row=layout.header_row + 1,
        last_data_row=layout.last_row,
    )


def _columns_with_new_headers(
    source: bytes, layout: SheetLayout, spec: SheetSpec, frame: pd.DataFrame
) -> tuple[dict[str, int], Cells]:
    """A schema column the tab lacks gets a header cell after the tab's last used column (a
    column holding values under no header is the team's: never relabelled).

    Only once it has something to hold: an export that changes nothing changes no byte.
    """
    columns = dict(layout.columns)
    missing = [
        column
        for column in spec.columns
        if column.name in frame.columns
        and column.name not in columns
        and any(cell_value(value, column.kind) is not None for value in frame[column.name])
    ]
    if not missing:
        return columns, {}
    used = last_used_column(source, layout.sheet_name, layout.header_row, to_end=True)
    next_col = max([used, *columns.values()]) + 1
    cells: Cells = {}
    for offset, column in enumerate(missing):
        columns[column.name] = next_col + offset
        cells[(layout.header_row, next_col + offset)] = column.header
    return columns, cells


def _changed_cells(
    previous: pd.DataFrame, frame: pd.DataFrame, *, spec: SheetSpec, columns: dict[str, int]
) -> Cells:
    """Cells of existing records whose value differs from what was read from the same row."""
    read_rows = _records_by_sheet_row(previous)
    cells: Cells = {}
    for record in frame.to_dict("records"):
        sheet_row: Any = record.get(SHEET_ROW)
        if _is_missing(sheet_row):
            continue
        row = int(sheet_row)
        before = read_rows.get(row, {})
        for name, col in _written_columns(frame, spec, columns):
            kind = spec.column(name).kind
            value = cell_value(record[name], kind)
            if not _same(value, cell_value(before.get(name), kind)):
                cells[(row, col)] = value
    return cells


def _deleted_cells(
    previous: pd.DataFrame, frame: pd.DataFrame, *, spec: SheetSpec, columns: dict[str, int]
) -> Cells:
    """A record read from the sheet and no longer in the frame was deleted: its cells in the
    product's columns are emptied (their formatting kept). The row itself stays, so no
    formula, range or drawing below it moves; the reader skips blank rows, and the team's own
    columns on that row are left as they are."""
    if SHEET_ROW not in previous.columns or previous.empty:
        return {}
    kept = set(frame[SHEET_ROW].dropna().astype(int)) if SHEET_ROW in frame.columns else set()
    gone = sorted(set(previous[SHEET_ROW].dropna().astype(int)) - kept)
    product = [columns[name] for name in spec.names if name in columns]
    return {(row, col): None for row in gone for col in product}


def _appended_cells(
    frame: pd.DataFrame, *, spec: SheetSpec, columns: dict[str, int], last_row: int
) -> Cells:
    """New records (no sheet_row) go, in frame order, right below the last data row."""
    cells: Cells = {}
    new_records = frame[frame[SHEET_ROW].isna()] if SHEET_ROW in frame.columns else frame
    for offset, record in enumerate(new_records.to_dict("records"), start=1):
        for name, col in _written_columns(frame, spec, columns):
            cells[(last_row + offset, col)] = cell_value(record[name], spec.column(name).kind)
    return cells


def _records_by_sheet_row(frame: pd.DataFrame) -> dict[int, dict[Any, Any]]:
    if SHEET_ROW not in frame.columns:
        return {}
    records: dict[int, dict[Any, Any]] = {}
    for record in frame.to_dict("records"):
        if not _is_missing(record[SHEET_ROW]):
            records.setdefault(int(record[SHEET_ROW]), record)
    return records


def _written_columns(
    frame: pd.DataFrame, spec: SheetSpec, columns: dict[str, int]
) -> list[tuple[str, int]]:
    return [(name, columns[name]) for name in spec.names if name in frame and name in columns]


def cell_value(value: object, kind: Kind) -> CellValue:
    """What a frame value becomes in the sheet: Yes/No, dates, numbers, text; blanks as None."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):
        value = value.item()  # numpy scalars to Python
    if isinstance(value, str):
        return value if value.strip() else None  # user text stays text, whatever it looks like
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime) and value.tzinfo is not None and kind is Kind.DATETIME:
        return moment_text(value)
    if isinstance(value, date):
        return _date_value(value, kind)
    if isinstance(value, int | float) and kind in NUMBER_KINDS:
        return float(value)
    if isinstance(value, int | float) and kind is Kind.INTEGER:
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, int | float) and kind is not Kind.TEXT:
        return value
    return _text_of_number(value) if isinstance(value, int | float) else str(value)


def moment_text(value: datetime) -> str:
    """A moment as the Audit Log keeps it: ISO 8601 with its UTC offset, to the second
    (`2026-11-23T10:15:00-08:00`), text Excel leaves as written whatever the reader's zone."""
    return pd.Timestamp(value).isoformat(timespec="seconds")


def _date_value(value: date, kind: Kind) -> CellValue:
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value  # wall-clock time
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if kind is Kind.DATE and isinstance(value, datetime):
        return value.date()
    return value


def _text_of_number(value: float | int) -> str:
    """Ticket numbers typed as numbers become `12345`, not `12345.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _same(left: CellValue, right: CellValue) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-12, abs_tol=1e-9)
    return left == right
