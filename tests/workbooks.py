"""Build small workbooks cell by cell in tests (openpyxl), as a person would type them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from pulse.schema import SHEET_SPECS, Sheet

Grid = list[list[object]]


def write_grid_workbook(path: Path, tabs: dict[str, Grid]) -> Path:
    """Each tab is a list of rows; row 1 of the grid is Excel row 1."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tabs.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def headers(sheet: Sheet) -> list[object]:
    return [column.header for column in SHEET_SPECS[sheet].columns]


CLIENT_HEADERS = [
    "Client",
    "MRR",
    "vCIO",
    "vITM",
    "Account Administrator",
    "Segment",
    "Primary POC",
    "Last Client Contact",
    "Contract End",
]
EPISODE_HEADERS = headers(Sheet.EPISODES)
ACTION_HEADERS = headers(Sheet.ACTIONS)


def episode_row(client: str, status: str, **values: object) -> list[object]:
    """An episode row with the given header values (by Excel header), blanks elsewhere."""
    row: list[object] = [None] * len(EPISODE_HEADERS)
    row[0], row[1] = client, status
    for header, value in values.items():
        row[EPISODE_HEADERS.index(header.replace("_", " "))] = value
    return row


def minimal_workbook(
    path: Path,
    *,
    clients: Grid,
    episodes: Grid = (),  # type: ignore[assignment]
    actions: Grid = (),  # type: ignore[assignment]
    extra: dict[str, Grid] | None = None,
) -> Path:
    tabs: dict[str, Grid] = {
        "Clients": [CLIENT_HEADERS, *clients],
        "Extra Care Tracking Info": [EPISODE_HEADERS, *episodes],
        "Action Items": [ACTION_HEADERS, *actions],
    }
    tabs.update(extra or {})
    return write_grid_workbook(path, tabs)
