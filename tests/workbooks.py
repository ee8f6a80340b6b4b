"""Build small workbooks cell by cell in tests (openpyxl), as a person would type them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from connectors.errors import WorkbookError
from connectors.workbook import read_workbook
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


def messy_workbook(path: Path) -> Path:
    """Title rows above headers, odd header spelling, money strings, text dates, Y/x/TRUE,
    client names that differ in case and trailing spaces, blank rows."""
    clients = [
        ["Client Pulse — Clients"],
        ["Kept by the Account Administrator"],
        [],
        [
            "client name",
            " mrr ",
            "VCIO",
            "vitm",
            "Account Admin",
            "Segment",
            "POC",
            "last contact",
            "Contract End Date",
        ],
        [
            "Acme Dental",
            "$12,500.00",
            "Dana",
            "Jordan",
            "Robin",
            "Healthcare",
            "Ann",
            "11/10/2026",
            "2027-06-30",
        ],
        [],
        ["Beta Law ", "5,000", "Marcus", "Sam", "Alex", "Legal", "Bo", "2026-11-01", None],
        ["gamma foods", 750, "Dana", "Sam", "Robin", "Retail", "Cy", None, None],
    ]
    episode_header = [
        "Client",
        "Status",
        "Recommended By",
        "Recommended On",
        "NOC Concerns",
        "Frustrated Messages",
        "Merger / Acquisition",
        "Reason",
    ]
    episodes = [
        ["Extra care tracking"],
        episode_header,
        ["ACME DENTAL", "active", "Jordan", "11/02/2026", "Y", "x", "FALSE", "Outages"],
        ["beta law", "Recommended", "Sam", 46330, "n", "", "TRUE", "Being acquired"],
        ["Unknown Co", "Declined", "Sam", "2026-10-01", "N", "N", "N", "Not enough"],
    ]
    actions = [
        ["Client", "Action", "Department", "Owner", "Due Date", "Status", "Done On", "Ticket #"],
        ["Acme Dental  ", "Replace switch", "NOC", "Kim", "2026-11-16", "", None, 12345],
        ["Nobody Ltd", "Call POC", "vCIO", "Dana", "2026-11-20", "Done", "2026-11-19", None],
    ]
    return write_grid_workbook(
        path, {"Clients": clients, "extra care tracking info": episodes, "ACTION ITEMS": actions}
    )


def workbook_problems(path: Path) -> list[str]:
    """Every problem read_workbook raises for the file, as a person reads them."""
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]
