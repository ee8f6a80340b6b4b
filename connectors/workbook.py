"""Read the Client Pulse workbook into validated, typed frames (SPEC: the workbook).

`read_workbook` opens the file and finds the tabs; `workbook_tables` reads each tab's table and
`workbook_checks` checks the tables against each other.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import pandas as pd
from python_calamine import CalamineWorkbook

from connectors.errors import Problem, Severity, WorkbookError
from connectors.paths import input_file
from connectors.workbook_checks import cross_check
from connectors.workbook_open import (
    Grid,
    ReadAhead,
    claim_read_ahead,
    mark_errors,
    open_calamine,
)
from connectors.workbook_open import match_sheets as _match_sheets
from connectors.workbook_open import sheet_grid as _sheet_grid
from connectors.workbook_tables import SheetLayout, Table, empty_frame, read_table
from pulse.records import Records
from pulse.schema import REQUIRED_SHEETS, SHEET_SPECS, Sheet, SheetSpec
from pulse.settings import DEFAULT_LIMITS, DEFAULT_TIMEZONE, InputLimits

__all__ = [
    "LoadedWorkbook",
    "SheetLayout",
    "Source",
    "empty_frame",
    "has_tab",
    "read_tabs",
    "read_workbook",
]


@dataclass(frozen=True, kw_only=True)
class LoadedWorkbook(Records):
    """The workbook's typed tables, plus where each sits and what was found wrong."""

    source: str  # file name (for messages)
    layouts: dict[Sheet, SheetLayout] = field(default_factory=dict)  # tabs present only
    warnings: list[Problem] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)  # every tab, in workbook order
    date1904: bool = False


Source = str | Path | bytes | BinaryIO


@dataclass(frozen=True)
class _OpenWorkbook:
    """The file as calamine opened it, with what every tab's reading needs."""

    book: CalamineWorkbook
    data: bytes
    label: str
    date1904: bool
    timezone: str
    ahead: dict[str, Grid] = field(default_factory=dict)  # tabs already read (read ahead)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)


def read_workbook(
    source: Source,
    *,
    name: str | None = None,
    tabs: Collection[Sheet] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    limits: InputLimits = DEFAULT_LIMITS,
) -> LoadedWorkbook:
    """Read and validate a Client Pulse workbook from a path, bytes or a binary file object.

    Raises WorkbookError listing every problem (file, sheet, cell, column, what to do) when the
    workbook cannot be used; returns warnings (e.g. an action for an unknown client) otherwise.
    `tabs` limits the reading to those tabs (the rest come back empty, without a layout): the
    CLI's summary needs Clients, episodes and Action Items, not 24,000 rows of Pulse History.
    The required tabs must exist either way. Date-times (the Audit Log's At) are moments in
    `timezone`, the business zone: a cell without a UTC offset is read as local time there.
    A package whose parts inflate past `limits` is refused before anything inflates it.
    """
    opened = _open(source, name, timezone, limits)
    found = _client_pulse_tabs(opened)
    wanted = {sheet: tab for sheet, tab in found.items() if tabs is None or sheet in tabs}
    frames, layouts, problems = _read_tables(opened, wanted)
    problems.extend(cross_check(frames, label=opened.label, layouts=layouts))
    return _loaded_or_refused(opened, frames, layouts=layouts, problems=problems)


def read_tabs(
    source: Source,
    *,
    name: str | None = None,
    tabs: Collection[Sheet],
    timezone: str = DEFAULT_TIMEZONE,
    limits: InputLimits = DEFAULT_LIMITS,
) -> LoadedWorkbook:
    """Only the product's `tabs` of any workbook (a separate incident workbook holds no Clients):
    the other tables come back empty, no tab is required, nothing is checked across tabs."""
    opened = _open(source, name, timezone, limits)
    found = _match_sheets(opened.sheet_names)
    wanted = {sheet: tab for sheet, tab in found.items() if sheet in tabs}
    frames, layouts, problems = _read_tables(opened, wanted)
    return _loaded_or_refused(opened, frames, layouts=layouts, problems=problems)


def _open(source: Source, name: str | None, timezone: str, limits: InputLimits) -> _OpenWorkbook:
    data, label = _read_bytes(source, name)
    ahead = claim_read_ahead(data, limits)
    if ahead is None:
        ahead = ReadAhead(data, limits, open_calamine(data, label, limits), grids={})
    return _OpenWorkbook(ahead.book, data, label, is_date1904(data), timezone, ahead.grids)


def _read_tables(
    opened: _OpenWorkbook, wanted: dict[Sheet, str]
) -> tuple[dict[Sheet, pd.DataFrame], dict[Sheet, SheetLayout], list[Problem]]:
    """Every product table (empty unless `wanted` names its tab), where each sits, problems.

    Calamine reads the tabs' cells one after another in a thread (it lets go of the
    interpreter while it parses), so the next tab's cells are read while this one's are typed.
    """
    specs = list(SHEET_SPECS.values())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulse-workbook") as pool:
        grids = {
            spec.sheet: _grid(pool, opened, wanted[spec.sheet])
            for spec in specs
            if spec.sheet in wanted
        }
        tables = {
            spec.sheet: _read_tab(opened, spec, wanted.get(spec.sheet), grids.get(spec.sheet))
            for spec in specs
        }
    frames = {sheet: table.frame for sheet, table in tables.items()}
    layouts = {sheet: table.layout for sheet, table in tables.items() if table.layout is not None}
    problems = [problem for table in tables.values() for problem in table.problems]
    return frames, layouts, problems


def _grid(pool: ThreadPoolExecutor, opened: _OpenWorkbook, sheet_name: str) -> Future[Grid]:
    """The tab's cells: read ahead already, or now by the pool's thread."""
    read = opened.ahead.get(sheet_name)
    if read is None:
        return pool.submit(_sheet_grid, opened.book, sheet_name, opened.label)
    done: Future[Grid] = Future()
    done.set_result(read)
    return done


def _loaded_or_refused(
    opened: _OpenWorkbook,
    frames: dict[Sheet, pd.DataFrame],
    *,
    layouts: dict[Sheet, SheetLayout],
    problems: list[Problem],
) -> LoadedWorkbook:
    if any(p.severity == Severity.ERROR for p in problems):
        raise WorkbookError(problems)
    return _loaded_workbook(opened, frames, layouts=layouts, warnings=problems)


def _loaded_workbook(
    opened: _OpenWorkbook,
    frames: dict[Sheet, pd.DataFrame],
    *,
    layouts: dict[Sheet, SheetLayout],
    warnings: list[Problem],
) -> LoadedWorkbook:
    return LoadedWorkbook(
        source=opened.label,
        clients=frames[Sheet.CLIENTS],
        episodes=frames[Sheet.EPISODES],
        actions=frames[Sheet.ACTIONS],
        escalation=frames[Sheet.ESCALATION],
        audit=frames[Sheet.AUDIT],
        history=frames[Sheet.HISTORY],
        incident_log=frames[Sheet.INCIDENT_LOG],
        layouts=layouts,
        warnings=warnings,
        sheet_names=opened.sheet_names,
        date1904=opened.date1904,
    )


def _read_tab(
    opened: _OpenWorkbook, spec: SheetSpec, sheet_name: str | None, cells: Future[Grid] | None
) -> Table:
    """The tab's table from its `cells` being read; an empty one when the tab is missing or
    not asked for."""
    if sheet_name is None or cells is None:
        return Table(empty_frame(spec), None, [])
    grid = cells.result()  # the reader's WorkbookError, if any, is raised here
    if sheet_name not in opened.ahead:  # a tab read ahead has its error cells marked already
        mark_errors(grid, opened.data, sheet_name)
    return read_table(
        grid,
        spec,
        sheet_name=sheet_name,
        label=opened.label,
        date1904=opened.date1904,
        timezone=opened.timezone,
    )


def _read_bytes(source: Source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "workbook.xlsx"
    if isinstance(source, str | Path):
        path = input_file(Path(source))
        label = name or path.name
        try:
            return path.read_bytes(), label
        except OSError as exc:
            raise WorkbookError([Problem(label, f"cannot open the file ({exc.strerror})")])
    label = name or str(getattr(source, "name", "") or "workbook.xlsx")
    return source.read(), Path(label).name


def is_date1904(data: bytes) -> bool:
    """Whether workbook.xml's workbookPr says date1904, read by a parser (never a regex over
    the text: a crafted comment made one backtrack for minutes). The package is already
    checked against the size limits, so workbook.xml is bounded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            workbook_xml = package.read("xl/workbook.xml")
        root = ElementTree.fromstring(workbook_xml)
    except (KeyError, zipfile.BadZipFile, OSError, ElementTree.ParseError):
        return False
    properties = next((e for e in root if e.tag.rpartition("}")[2] == "workbookPr"), None)
    return properties is not None and properties.get("date1904", "").lower() in {"1", "true"}


def _client_pulse_tabs(opened: _OpenWorkbook) -> dict[Sheet, str]:
    """The product's tabs as spelled in the file; WorkbookError when a required one is missing."""
    found = _match_sheets(opened.sheet_names)
    missing = [sheet.value for sheet in REQUIRED_SHEETS if sheet not in found]
    if missing:
        raise WorkbookError([_not_client_pulse(opened.label, missing, opened.sheet_names)])
    return found


def has_tab(workbook: LoadedWorkbook, sheet: Sheet) -> bool:
    """Whether the workbook has this tab (by its name or an alias, any case), read or not."""
    return sheet in _match_sheets(workbook.sheet_names)


def _not_client_pulse(label: str, missing: list[str], sheet_names: list[str]) -> Problem:
    tabs = ", ".join(f"'{name}'" for name in sheet_names) or "none"
    return Problem(
        label,
        f"not a Client Pulse workbook: missing tabs {', '.join(repr(m) for m in missing)} "
        f"(it has {tabs}); open the Client Pulse workbook or add those tabs",
    )
