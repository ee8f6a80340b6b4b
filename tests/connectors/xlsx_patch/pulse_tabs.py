"""The edits the export tests make: the product's tabs added to a file, then values written."""

from __future__ import annotations

from datetime import date, datetime

from connectors.xlsx_patch import SheetEdit, patch_xlsx
from pulse.schema import OWNED_SHEETS, SHEET_SPECS
from tests.paths import REALDATA

REAL_FILES = sorted((REALDATA / "xlsx").glob("*.xlsx")) + sorted(
    (REALDATA / "health").glob("*.xlsx")
)
OWNED_NAMES = [sheet.value for sheet in OWNED_SHEETS]
HYPERLINK = '=HYPERLINK("x")'


def with_pulse_tabs(source: bytes) -> bytes:
    headers = {
        sheet: [column.header for column in SHEET_SPECS[sheet].columns] for sheet in OWNED_SHEETS
    }
    return patch_xlsx(
        source,
        [SheetEdit(sheet.value, {}, create_headers=headers[sheet]) for sheet in OWNED_SHEETS],
    )


ACTION_VALUES = {
    (2, 1): "Acme Dental",
    (2, 2): HYPERLINK,
    (2, 5): date(2026, 11, 23),
    (2, 6): "Open",
    (3, 1): "Beta Law",
    (3, 2): "+1",
    (3, 5): datetime(2026, 11, 24, 15, 30),
    (3, 8): 12345,
}
AUDIT_VALUES = {(2, 1): datetime(2026, 11, 23, 9, 0), (2, 2): "ana", (2, 5): 1.5, (2, 6): True}


def write_pulse_values(workbook: bytes) -> bytes:
    return patch_xlsx(
        workbook,
        [
            SheetEdit("Action Items", ACTION_VALUES, data_start_row=2),
            SheetEdit("Audit Log", AUDIT_VALUES, data_start_row=2),
        ],
    )
