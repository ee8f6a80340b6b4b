"""Open a workbook's package with calamine and read its tabs' cells: no pandas, so the command
line can start this before pandas has loaded.

`start_read_ahead` reads a workbook file's tabs in a thread of its own (calamine lets go of the
interpreter while it inflates and parses a tab), their error cells marked; `claim_read_ahead`
hands that work to the reader of exactly the same bytes, once. Whatever goes wrong ahead is left
for the reader to find again and say as it always does: a read ahead only ever saves time.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from connectors.errors import Problem, WorkbookError
from connectors.xlsx_errors import error_cells
from connectors.zip_limits import PackageTooLarge, check_package
from pulse.schema import SHEET_SPECS, Sheet, normalise_header
from pulse.settings import InputLimits

Grid = list[list[object]]

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ReadAhead:
    """A workbook opened and some of its tabs read before anyone asked for them."""

    data: bytes  # the file's bytes, as read ahead
    limits: InputLimits  # the limits the package was checked against
    book: CalamineWorkbook
    grids: dict[str, Grid]  # tab name as spelled -> its cells (a tab that failed is left out)


_read_ahead: list[Future[ReadAhead]] = []  # the one read ahead of this process, if any


def start_read_ahead(path: Path, tabs: Collection[Sheet], limits: InputLimits) -> None:
    """Read the workbook file at `path` and its `tabs` in a thread of its own (a daemon: a
    command that ends early does not wait for it)."""
    future: Future[ReadAhead] = Future()

    def read() -> None:
        try:
            future.set_result(_read_tabs_ahead(path, tabs, limits))
        except Exception as exc:  # the reader meets the same problem again and says it
            future.set_exception(exc)

    _read_ahead.append(future)
    threading.Thread(target=read, name="pulse-workbook-ahead", daemon=True).start()


def claim_read_ahead(data: bytes, limits: InputLimits) -> ReadAhead | None:
    """The read ahead of exactly these bytes under these limits (waited for, handed out once);
    None when there is none, it failed, or it read something else."""
    while _read_ahead:
        try:
            ahead = _read_ahead.pop().result()
        except Exception:
            continue
        if ahead.data == data and ahead.limits == limits:
            return ahead
    return None


def _read_tabs_ahead(path: Path, tabs: Collection[Sheet], limits: InputLimits) -> ReadAhead:
    data = path.read_bytes()
    book = open_calamine(data, path.name, limits)
    grids: dict[str, Grid] = {}
    for sheet, tab in match_sheets(list(book.sheet_names)).items():
        if sheet in tabs:
            try:
                grids[tab] = sheet_grid(book, tab, path.name)
            except WorkbookError:
                continue
            mark_errors(grids[tab], data, tab)
    return ReadAhead(data, limits, book, grids)


def open_calamine(data: bytes, label: str, limits: InputLimits) -> CalamineWorkbook:
    """The package opened; WorkbookError when it is empty, not an xlsx, too large or damaged."""
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
        check_package(data, label, limits)
    except PackageTooLarge as refused:
        raise WorkbookError([refused.problem]) from None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken packages
        raise WorkbookError(
            [
                Problem(
                    label,
                    f"the workbook is damaged or incomplete ({short(exc)}); "
                    "open it in Excel and save it again, or restore a backup",
                )
            ]
        ) from None


def match_sheets(sheet_names: list[str]) -> dict[Sheet, str]:
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


def sheet_grid(book: CalamineWorkbook, sheet_name: str, label: str) -> Grid:
    """One tab's cells, row by row; WorkbookError naming the tab when calamine cannot read it."""
    try:
        rows: Grid = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise WorkbookError(
            [Problem(label, f"cannot read this tab ({short(exc)})", sheet=sheet_name)]
        ) from None
    return rows


def mark_errors(grid: Grid, data: bytes, sheet_name: str) -> None:
    """Put each error cell's text (#REF!, #N/A) back where calamine left a blank, so parsing
    reports it."""
    for (row, column), text in error_cells(data, sheet_name).items():
        if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
            grid[row - 1][column - 1] = text


def short(exc: BaseException) -> str:
    """The first line of an error's text (at most 160 characters), or its type's name."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
