"""Read the Client Pulse workbook into validated, typed frames (SPEC: the workbook)."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from python_calamine import CalamineWorkbook

from connectors.cells import CellError, column_index, column_letter, is_blank, parse_cell
from connectors.errors import Problem, Severity, WorkbookError
from connectors.xlsx_errors import error_cells
from pulse.frames import DTYPES
from pulse.records import Records
from pulse.schema import (
    CLIENT_KEY,
    REQUIRED_SHEETS,
    SHEET_ROW,
    SHEET_SPECS,
    ActionStatus,
    EpisodeStatus,
    Kind,
    Sheet,
    SheetSpec,
    client_key,
    normalise_header,
)


@dataclass(frozen=True)
class SheetLayout:
    """Where a tab's table sits, so write-back can touch exactly the cells it owns."""

    sheet_name: str  # the tab's name as spelled in the workbook
    header_row: int  # 1-based Excel row of the header
    columns: dict[str, int]  # canonical column name -> 1-based Excel column index
    last_row: int  # 1-based Excel row of the last non-blank data row (header_row if none)


@dataclass(frozen=True, kw_only=True)
class LoadedWorkbook(Records):
    """The workbook's typed tables, plus where each sits and what was found wrong."""

    source: str  # file name (for messages)
    layouts: dict[Sheet, SheetLayout] = field(default_factory=dict)  # tabs present only
    warnings: list[Problem] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)  # every tab, in workbook order
    date1904: bool = False


Source = str | Path | bytes | BinaryIO

# A header row must lie within the first rows; title rows above it are skipped.
HEADER_SEARCH_ROWS = 30
ZIP_MAGIC = b"PK\x03\x04"
DATE1904_PATTERN = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")


def read_workbook(
    source: Source, *, name: str | None = None, tabs: Collection[Sheet] | None = None
) -> LoadedWorkbook:
    """Read and validate a Client Pulse workbook from a path, bytes or a binary file object.

    Raises WorkbookError listing every problem (file, sheet, cell, column, what to do) when the
    workbook cannot be used; returns warnings (e.g. an action for an unknown client) otherwise.
    `tabs` limits the reading to those tabs (the rest come back empty, without a layout): the
    CLI's summary needs Clients, episodes and Action Items, not 24,000 rows of Pulse History.
    The required tabs must exist either way.
    """
    data, label = _read_bytes(source, name)
    book = _open_calamine(data, label)
    date1904 = _is_date1904(data)
    sheet_names = list(book.sheet_names)
    found = _match_sheets(sheet_names)
    missing = [sheet.value for sheet in REQUIRED_SHEETS if sheet not in found]
    if missing:
        raise WorkbookError([_not_client_pulse(label, missing, sheet_names)])
    problems: list[Problem] = []
    frames: dict[Sheet, pd.DataFrame] = {}
    layouts: dict[Sheet, SheetLayout] = {}
    for spec in SHEET_SPECS.values():
        if spec.sheet not in found or (tabs is not None and spec.sheet not in tabs):
            frames[spec.sheet] = empty_frame(spec)
            continue
        grid = _sheet_grid(book, found[spec.sheet], label)
        _mark_errors(grid, error_cells(data, found[spec.sheet]))
        table = _read_table(
            grid, spec, sheet_name=found[spec.sheet], label=label, date1904=date1904
        )
        problems.extend(table.problems)
        frames[spec.sheet] = table.frame
        if table.layout is not None:
            layouts[spec.sheet] = table.layout
    problems.extend(_cross_check(frames, label=label, layouts=layouts))
    if any(p.severity == Severity.ERROR for p in problems):
        raise WorkbookError(problems)
    return LoadedWorkbook(
        source=label,
        clients=frames[Sheet.CLIENTS],
        episodes=frames[Sheet.EPISODES],
        actions=frames[Sheet.ACTIONS],
        escalation=frames[Sheet.ESCALATION],
        audit=frames[Sheet.AUDIT],
        history=frames[Sheet.HISTORY],
        layouts=layouts,
        warnings=problems,
        sheet_names=sheet_names,
        date1904=date1904,
    )


def _read_bytes(source: Source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "workbook.xlsx"
    if isinstance(source, str | Path):
        path = Path(source)
        label = name or path.name
        try:
            return path.read_bytes(), label
        except FileNotFoundError:
            raise WorkbookError([Problem(label, f"file not found: {path}; check the path")])
        except IsADirectoryError:
            raise WorkbookError([Problem(label, f"{path} is a folder, not an .xlsx file")])
        except OSError as exc:
            raise WorkbookError([Problem(label, f"cannot open the file ({exc.strerror})")])
    label = name or str(getattr(source, "name", "") or "workbook.xlsx")
    return source.read(), Path(label).name


def _open_calamine(data: bytes, label: str) -> CalamineWorkbook:
    if not data:
        raise WorkbookError([Problem(label, "the file is empty; choose the saved .xlsx workbook")])
    if not data.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(
            [
                Problem(
                    label,
                    "not an Excel workbook (.xlsx): the file is not an xlsx package; "
                    "save it from Excel as 'Excel Workbook (*.xlsx)'",
                )
            ]
        )
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken packages
        raise WorkbookError(
            [
                Problem(
                    label,
                    f"the workbook is damaged or incomplete ({_short(exc)}); "
                    "open it in Excel and save it again, or restore a backup",
                )
            ]
        ) from None


def _is_date1904(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            workbook_xml = package.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return DATE1904_PATTERN.search(workbook_xml) is not None


def _mark_errors(grid: list[list[object]], errors: dict[tuple[int, int], str]) -> None:
    """Put the error text back where calamine left a blank, so parsing reports it."""
    for (row, column), text in errors.items():
        if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
            grid[row - 1][column - 1] = text


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _match_sheets(sheet_names: list[str]) -> dict[Sheet, str]:
    """Tab names match case- and space-insensitively, with the aliases in the schema."""
    by_key = {normalise_header(name): name for name in reversed(sheet_names)}
    found: dict[Sheet, str] = {}
    for spec in SHEET_SPECS.values():
        for candidate in (spec.sheet.value, *spec.aliases):
            actual = by_key.get(normalise_header(candidate))
            if actual is not None:
                found[spec.sheet] = actual
                break
    return found


def _not_client_pulse(label: str, missing: list[str], sheet_names: list[str]) -> Problem:
    tabs = ", ".join(f"'{name}'" for name in sheet_names) or "none"
    return Problem(
        label,
        f"not a Client Pulse workbook: missing tabs {', '.join(repr(m) for m in missing)} "
        f"(it has {tabs}); open the Client Pulse workbook or add those tabs",
    )


def _sheet_grid(book: CalamineWorkbook, sheet_name: str, label: str) -> list[list[object]]:
    try:
        rows: list[list[object]] = book.get_sheet_by_name(sheet_name).to_python(
            skip_empty_area=False
        )
    except Exception as exc:
        raise WorkbookError(
            [Problem(label, f"cannot read this tab ({_short(exc)})", sheet=sheet_name)]
        ) from None
    return rows


@dataclass
class _Table:
    frame: pd.DataFrame
    layout: SheetLayout | None
    problems: list[Problem]


def _header_lookup(spec: SheetSpec) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in spec.columns:
        for header in (column.header, *column.aliases):
            lookup.setdefault(normalise_header(header), column.name)
    return lookup


def _find_header(grid: list[list[object]], spec: SheetSpec) -> tuple[int, dict[str, int]] | None:
    """The first row (0-based) holding every required column, else the best-matching row."""
    lookup = _header_lookup(spec)
    required = {column.name for column in spec.columns if column.required}
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            name = lookup.get(normalise_header(cell)) if not is_blank(cell) else None
            if name is not None and name not in columns:
                columns[name] = position + 1
        if required <= columns.keys():
            return index, columns
        if columns and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    return best


def _read_table(
    grid: list[list[object]], spec: SheetSpec, *, sheet_name: str, label: str, date1904: bool
) -> _Table:
    found = _find_header(grid, spec)
    if found is None:
        if spec.sheet not in REQUIRED_SHEETS and not any(
            any(not is_blank(c) for c in r) for r in grid
        ):
            return _Table(empty_frame(spec), None, [])
        headers = ", ".join(column.header for column in spec.columns if column.required)
        message = f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected {headers}"
        return _Table(empty_frame(spec), None, [Problem(label, message, sheet=sheet_name)])
    header_index, columns = found
    problems = [
        Problem(
            label,
            f"required column '{column.header}' is missing from the header row "
            f"(row {header_index + 1}); add it or rename the column",
            sheet=sheet_name,
            cell=f"{header_index + 1}:{header_index + 1}",
            column=column.header,
        )
        for column in spec.columns
        if column.required and column.name not in columns
    ]
    values, rows, cell_problems = _parse_rows(
        grid[header_index + 1 :],
        spec,
        columns=columns,
        first_row=header_index + 2,
        where=(label, sheet_name),
        date1904=date1904,
    )
    problems.extend(cell_problems)
    frame = _to_frame(values, rows, spec)
    last_row = rows[-1] if rows else header_index + 1
    layout = SheetLayout(sheet_name, header_index + 1, columns, last_row)
    return _Table(frame, layout, problems)


def _parse_rows(
    body: list[list[object]],
    spec: SheetSpec,
    *,
    columns: dict[str, int],
    first_row: int,
    where: tuple[str, str],
    date1904: bool,
) -> tuple[dict[str, list[object]], list[int], list[Problem]]:
    """Column name -> typed values of the non-blank rows, their Excel rows, and cell problems.

    Works column by column, parsing each distinct cell value once: a workbook at MSP scale
    (2,000 clients, a 24,000-row Pulse History) repeats names, dates and statuses thousands of
    times, and `parse_cell` is the same pure function of the value and the column's kind.
    """
    label, sheet_name = where
    positions = [position - 1 for position in columns.values()]
    kept = [offset for offset, raw_row in enumerate(body) if not _blank_row(raw_row, positions)]
    rows = [first_row + offset for offset in kept]
    by_column = list(itertools.zip_longest(*body))  # columns of the grid, None past a short row
    values: dict[str, list[object]] = {}
    problems: list[Problem] = []
    for name, position in columns.items():
        column = spec.column(name)
        whole = by_column[position - 1] if position - 1 < len(by_column) else ()
        cells = list(whole) if len(kept) == len(whole) else [whole[offset] for offset in kept]
        parsed, failures = _parse_column(cells, column.kind, date1904=date1904)
        for index, message in failures:
            cell = f"{column_letter(position)}{rows[index]}"
            problems.append(
                Problem(
                    label,
                    f"{column.header} {message}",
                    sheet=sheet_name,
                    cell=cell,
                    column=column.header,
                )
            )
        values[name] = parsed
    problems.sort(key=lambda problem: _excel_order(problem.cell))
    return values, rows, problems


def _blank_row(raw_row: list[object], positions: list[int]) -> bool:
    """Blank rows between records are normal in hand-kept sheets."""
    width = len(raw_row)
    return all(is_blank(raw_row[p]) if p < width else True for p in positions)


def _parse_column(
    cells: list[object], kind: Kind, *, date1904: bool
) -> tuple[list[object], list[tuple[int, str]]]:
    """(typed values, [(index, message)] for unreadable cells); each distinct value parsed once."""
    keys = [(type(raw), raw) for raw in cells]  # the type too: True, 1 and 1.0 are equal keys
    parsed: dict[tuple[type, object], object] = {}
    failed: dict[tuple[type, object], str] = {}
    for key in dict.fromkeys(keys):
        try:
            parsed[key] = parse_cell(key[1], kind, date1904=date1904)
        except CellError as exc:
            failed[key] = str(exc)
            parsed[key] = None
    failures = [(i, failed[key]) for i, key in enumerate(keys) if key in failed] if failed else []
    return [parsed[key] for key in keys], failures


def _excel_order(cell: str) -> tuple[int, int]:
    """Problems read top to bottom, then left to right, as before the column-wise parse."""
    letters = cell.rstrip("0123456789")
    number = cell[len(letters) :]
    return (int(number) if number else 0, column_index(letters))


def _cell(row: list[object], position: int) -> object:
    return row[position - 1] if position - 1 < len(row) else None


def _to_frame(values: dict[str, list[object]], rows: list[int], spec: SheetSpec) -> pd.DataFrame:
    data: dict[str, pd.Series] = {}
    for column in spec.columns:
        column_values = values.get(column.name, [None] * len(rows))
        if column.kind is Kind.YES_NO:
            column_values = [bool(value) for value in column_values]
        data[column.name] = pd.Series(column_values, dtype=DTYPES[column.kind])
    frame = pd.DataFrame(data)
    if "client" in frame.columns:
        keys = {name: client_key(name) for name in set(frame["client"].dropna())}
        frame[CLIENT_KEY] = frame["client"].map(lambda v: keys[v] if v is not None else "")
    frame[SHEET_ROW] = pd.Series(rows, dtype="Int64")
    return frame


def empty_frame(spec: SheetSpec) -> pd.DataFrame:
    """A frame with the sheet's columns and no rows (for a tab the workbook lacks)."""
    return _to_frame({}, [], spec)


def _cross_check(
    frames: dict[Sheet, pd.DataFrame], *, label: str, layouts: dict[Sheet, SheetLayout]
) -> list[Problem]:
    problems = _check_clients(frames[Sheet.CLIENTS], label=label, layouts=layouts)
    problems += _check_statuses(frames, label=label, layouts=layouts)
    known = set(frames[Sheet.CLIENTS][CLIENT_KEY])
    for sheet in (Sheet.EPISODES, Sheet.ACTIONS):
        problems += _unknown_clients(frames[sheet], known, label=label, layout=layouts.get(sheet))
    return problems


def _where(layout: SheetLayout | None, column: str, row: object) -> tuple[str, str]:
    if layout is None:
        return "", ""
    position = layout.columns.get(column)
    cell = f"{column_letter(position)}{row}" if position is not None else ""
    return layout.sheet_name, cell


def _check_clients(
    clients: pd.DataFrame, *, label: str, layouts: dict[Sheet, SheetLayout]
) -> list[Problem]:
    layout = layouts.get(Sheet.CLIENTS)
    problems: list[Problem] = []
    for row in clients.loc[clients["client"].isna(), SHEET_ROW]:
        sheet, cell = _where(layout, "client", row)
        problems.append(
            Problem(
                label,
                "Client name is blank on a row that has data; fill it in or clear the row",
                sheet=sheet,
                cell=cell,
                column="Client",
            )
        )
    for row in clients.loc[clients["mrr"].isna() & clients["client"].notna(), SHEET_ROW]:
        sheet, cell = _where(layout, "mrr", row)
        problems.append(
            Problem(
                label,
                "MRR is blank; type the monthly recurring revenue (0 if none)",
                sheet=sheet,
                cell=cell,
                column="MRR",
            )
        )
    named = clients[clients["client"].notna()]
    for _, duplicate in named[named.duplicated(CLIENT_KEY, keep="first")].iterrows():
        sheet, cell = _where(layout, "client", duplicate[SHEET_ROW])
        problems.append(
            Problem(
                label,
                f"client '{duplicate['client']}' is listed twice (names match ignoring case and "
                "spaces); the first row is used, delete or rename the other",
                sheet=sheet,
                cell=cell,
                column="Client",
                severity=Severity.WARNING,
            )
        )
    return problems


def _normalise_status(
    frame: pd.DataFrame,
    allowed: type[StrEnum],
    *,
    default: str | None,
    where: tuple[str, SheetLayout | None],
) -> list[Problem]:
    """Statuses match case-insensitively; an unknown status is an error naming the cell."""
    label, layout = where
    canonical = {member.value.casefold(): member.value for member in allowed}
    canonical.update(STATUS_SYNONYMS.get(allowed.__name__, {}))
    problems: list[Problem] = []
    values: list[object] = []
    for raw, row in zip(frame["status"], frame[SHEET_ROW], strict=True):
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            values.append(default)
            if default is None:
                sheet, cell = _where(layout, "status", row)
                problems.append(
                    Problem(
                        label,
                        f"Status is blank; use one of {', '.join(canonical.values())}",
                        sheet=sheet,
                        cell=cell,
                        column="Status",
                    )
                )
            continue
        value = canonical.get(str(raw).strip().casefold())
        if value is None:
            sheet, cell = _where(layout, "status", row)
            choices = ", ".join(member.value for member in allowed)
            problems.append(
                Problem(
                    label,
                    f"Status '{raw}' is not one of {choices}",
                    sheet=sheet,
                    cell=cell,
                    column="Status",
                )
            )
        values.append(value if value is not None else raw)
    frame["status"] = pd.Series(values, index=frame.index, dtype="object")
    return problems


STATUS_SYNONYMS: dict[str, dict[str, str]] = {
    "ActionStatus": {
        "complete": "Done",
        "completed": "Done",
        "closed": "Done",
        "in progress": "Open",
        "not started": "Open",
    },
    "EpisodeStatus": {
        "approved": "Active",
        "recommend": "Recommended",
        "removed from extra care": "Removed",
    },
}


def _check_statuses(
    frames: dict[Sheet, pd.DataFrame], *, label: str, layouts: dict[Sheet, SheetLayout]
) -> list[Problem]:
    problems = _normalise_status(
        frames[Sheet.EPISODES],
        EpisodeStatus,
        default=None,
        where=(label, layouts.get(Sheet.EPISODES)),
    )
    problems += _normalise_status(
        frames[Sheet.ACTIONS],
        ActionStatus,
        default=ActionStatus.OPEN.value,
        where=(label, layouts.get(Sheet.ACTIONS)),
    )
    return problems


def _unknown_clients(
    frame: pd.DataFrame, known: set[str], *, label: str, layout: SheetLayout | None
) -> list[Problem]:
    blank = frame["client"].isna() | (frame[CLIENT_KEY] == "")
    unknown = ~blank & ~frame[CLIENT_KEY].isin(known)
    problems: list[Problem] = []
    for is_blank_client, name, row in zip(  # only the rows with a problem, in sheet order
        blank[blank | unknown],
        frame.loc[blank | unknown, "client"],
        frame.loc[blank | unknown, SHEET_ROW],
        strict=True,
    ):
        sheet, cell = _where(layout, "client", row)
        if is_blank_client:
            problems.append(
                Problem(
                    label,
                    "Client is blank; type the client's name as on the Clients tab",
                    sheet=sheet,
                    cell=cell,
                    column="Client",
                )
            )
        else:
            problems.append(
                Problem(
                    label,
                    f"client '{name}' is not on the Clients tab; it is left out of "
                    "the figures until the names match",
                    sheet=sheet,
                    cell=cell,
                    column="Client",
                    severity=Severity.WARNING,
                )
            )
    return problems
