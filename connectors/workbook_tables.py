"""One tab's grid of cells -> a typed frame: the header row found, each column parsed by kind.

Rows are numbered as in Excel, so every problem names its cell and write-back can find its row.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

from connectors.cells import CellError, column_index, column_letter, is_blank, parse_distinct
from connectors.errors import Problem, Severity
from connectors.workbook_open import Grid
from pulse.frames import DTYPES, moments_in_zone
from pulse.schema import (
    CLIENT_KEY,
    REQUIRED_SHEETS,
    SHEET_ROW,
    Kind,
    SheetSpec,
    client_key,
    normalise_header,
)
from pulse.settings import DEFAULT_TIMEZONE

# A header row must lie within the first rows; title rows above it are skipped.
HEADER_SEARCH_ROWS = 30
NUMBER_TYPES = frozenset({bool, int, float})


@dataclass(frozen=True)
class SheetLayout:
    """Where a tab's table sits, so write-back can touch exactly the cells it owns."""

    sheet_name: str  # the tab's name as spelled in the workbook
    header_row: int  # 1-based Excel row of the header
    columns: dict[str, int]  # canonical column name -> 1-based Excel column index
    last_row: int  # 1-based Excel row of the last non-blank data row (header_row if none)


@dataclass
class Table:
    """A tab read: its frame, where it sits (None when no header was found), what was wrong."""

    frame: pd.DataFrame
    layout: SheetLayout | None
    problems: list[Problem]


def read_table(
    grid: Grid,
    spec: SheetSpec,
    *,
    sheet_name: str,
    label: str,
    date1904: bool,
    timezone: str = DEFAULT_TIMEZONE,
) -> Table:
    """The tab's table below its header row; problems name the file, tab and cell. Date-times
    are moments in `timezone` (the business zone): a naive cell is read as local time there."""
    found = _find_header(grid, spec)
    if found is None:
        return _table_without_header(grid, spec, sheet_name=sheet_name, label=label)
    header_index, columns = found
    where = (label, sheet_name)
    problems = _missing_columns(spec, columns, header_row=header_index + 1, where=where)
    problems += _repeated_headers(
        grid[header_index], spec, header_row=header_index + 1, where=where
    )
    values, rows, cell_problems = _parse_rows(
        grid[header_index + 1 :],
        spec,
        columns=columns,
        first_row=header_index + 2,
        where=(label, sheet_name),
        date1904=date1904,
    )
    problems.extend(cell_problems)
    frame = _to_frame(values, rows, spec, timezone=timezone)
    last_row = rows[-1] if rows else header_index + 1
    layout = SheetLayout(sheet_name, header_index + 1, columns, last_row)
    return Table(frame, layout, problems)


def empty_frame(spec: SheetSpec) -> pd.DataFrame:
    """A frame with the sheet's columns and no rows (for a tab the workbook lacks)."""
    return _to_frame({}, [], spec, timezone=None)


def _table_without_header(grid: Grid, spec: SheetSpec, *, sheet_name: str, label: str) -> Table:
    # An optional tab left blank is simply empty; anything else without a header is an error.
    if spec.sheet not in REQUIRED_SHEETS and not any(any(not is_blank(c) for c in r) for r in grid):
        return Table(empty_frame(spec), None, [])
    headers = ", ".join(column.header for column in spec.columns if column.required)
    message = f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected {headers}"
    return Table(empty_frame(spec), None, [Problem(label, message, sheet=sheet_name)])


def _header_lookup(spec: SheetSpec) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in spec.columns:
        for header in (column.header, *column.aliases):
            lookup.setdefault(normalise_header(header), column.name)
    return lookup


def _find_header(grid: Grid, spec: SheetSpec) -> tuple[int, dict[str, int]] | None:
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


def _missing_columns(
    spec: SheetSpec, columns: dict[str, int], *, header_row: int, where: tuple[str, str]
) -> list[Problem]:
    label, sheet_name = where
    return [
        Problem(
            label,
            f"required column '{column.header}' is missing from the header row "
            f"(row {header_row}); add it or rename the column",
            sheet=sheet_name,
            cell=f"{header_row}:{header_row}",
            column=column.header,
        )
        for column in spec.columns
        if column.required and column.name not in columns
    ]


def _repeated_headers(
    header: list[object], spec: SheetSpec, *, header_row: int, where: tuple[str, str]
) -> list[Problem]:
    """A column named twice in the header row (the same text, or two names of one column): an
    error when the product reads that column, since it cannot tell which copy holds the data;
    a warning when it does not, and both copies are ignored."""
    lookup = _header_lookup(spec)
    positions: dict[str, list[int]] = {}
    for position, cell in enumerate(header, start=1):
        text = "" if is_blank(cell) else normalise_header(cell)
        if text:
            positions.setdefault(lookup.get(text, f"unread:{text}"), []).append(position)
    problems: list[Problem] = []
    for key, found in positions.items():
        if len(found) < 2:
            continue
        cells = [f"{column_letter(position)}{header_row}" for position in found]
        texts = [str(header[position - 1]).strip() for position in found]
        named = " and ".join(f"'{text}' ({cell})" for text, cell in zip(texts, cells, strict=True))
        read = spec.column(key).header if key in spec.names else None
        problems.append(_repeat_problem(named, cells[1], read, where))
    return problems


def _repeat_problem(named: str, cell: str, read: str | None, where: tuple[str, str]) -> Problem:
    """`read`: the product's name for the column repeated, None when it does not read it."""
    label, sheet_name = where
    if read is None:
        message = f"{named} repeat one header; the product does not read that column and ignores it"
        return Problem(label, message, sheet=sheet_name, cell=cell, severity=Severity.WARNING)
    message = (
        f"the {read} column is in the header twice: {named}; delete or rename one, so it is "
        "clear which holds the data"
    )
    return Problem(label, message, sheet=sheet_name, cell=cell, column=read)


def _parse_rows(
    body: Grid,
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
        values[name], failures = _parse_column(cells, column.kind, date1904=date1904)
        for index, message in failures:
            cell = f"{column_letter(position)}{rows[index]}"
            problems.append(_cell_problem(where, cell, column.header, message))
    problems.sort(key=lambda problem: _excel_order(problem.cell))
    return values, rows, problems


def _cell_problem(where: tuple[str, str], cell: str, header: str, message: str) -> Problem:
    label, sheet_name = where
    return Problem(label, f"{header} {message}", sheet=sheet_name, cell=cell, column=header)


def _blank_row(raw_row: list[object], positions: list[int]) -> bool:
    """Blank rows between records are normal in hand-kept sheets."""
    width = len(raw_row)
    return all(is_blank(raw_row[p]) if p < width else True for p in positions)


def _parse_column(
    cells: list[object], kind: Kind, *, date1904: bool
) -> tuple[list[object], list[tuple[int, str]]]:
    """(typed values, [(index, message)] for unreadable cells); each distinct value parsed once."""
    keys = cells if _plain_keys(cells) else [(type(raw), raw) for raw in cells]
    distinct = list(dict.fromkeys(keys))
    raws = distinct if keys is cells else [key[1] for key in distinct]  # type: ignore[index]
    parsed = dict(zip(distinct, parse_distinct(raws, kind, date1904=date1904), strict=True))
    failed = {key: str(value) for key, value in parsed.items() if isinstance(value, CellError)}
    if not failed:
        return list(map(parsed.__getitem__, keys)), []
    parsed.update(dict.fromkeys(failed))
    failures = [(i, failed[key]) for i, key in enumerate(keys) if key in failed]
    return list(map(parsed.__getitem__, keys)), failures


def _plain_keys(cells: list[object]) -> bool:
    """Whether the cells can stand for themselves as keys of their parsed values: True, 1 and
    1.0 are equal keys, so a column mixing bools, whole numbers and decimals keys by type too."""
    return len(set(map(type, cells)) & NUMBER_TYPES) <= 1


def _excel_order(cell: str) -> tuple[int, int]:
    """Problems read top to bottom, then left to right, as before the column-wise parse."""
    letters = cell.rstrip("0123456789")
    number = cell[len(letters) :]
    return (int(number) if number else 0, column_index(letters))


def _to_frame(
    values: dict[str, list[object]], rows: list[int], spec: SheetSpec, *, timezone: str | None
) -> pd.DataFrame:
    """The typed frame; date-times in `timezone` (None: naive, for a tab that is not there)."""
    data: dict[str, pd.Series] = {}
    for column in spec.columns:
        column_values = values.get(column.name, [None] * len(rows))
        if column.kind is Kind.YES_NO:
            column_values = [bool(value) for value in column_values]
        if column.kind is Kind.DATETIME and timezone is not None:
            data[column.name] = moments_in_zone(column_values, timezone)
            continue
        data[column.name] = pd.Series(column_values, dtype=DTYPES[column.kind])
    frame = pd.DataFrame(data)
    if "client" in frame.columns:
        keys = {name: client_key(name) for name in set(frame["client"].dropna())}
        frame[CLIENT_KEY] = frame["client"].map(lambda v: keys[v] if v is not None else "")
    frame[SHEET_ROW] = pd.Series(rows, dtype="Int64")
    return frame
