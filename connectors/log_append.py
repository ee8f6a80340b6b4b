"""Append rows to the product's append-only tabs (the Incident Log and the Audit Log) through the
lossless writer: the rows go below each tab's last row in the bytes given, so appending onto a
newer version of the file than the one read keeps everything saved meanwhile. Nothing else in
the workbook changes; a missing tab is created with its header row.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from connectors.workbook import read_tabs
from connectors.workbook_writer import render_workbook
from pulse.schema import APPEND_ONLY_SHEETS, SHEET_ROW, Sheet


def append_rows(source: bytes, rows: Mapping[Sheet, pd.DataFrame], *, name: str) -> bytes:
    """`source` with each frame of `rows` appended to its tab (columns as the schema names
    them), found in `source` itself; every other part of the file byte for byte."""
    refused = [sheet.value for sheet in rows if sheet not in APPEND_ONLY_SHEETS]
    if refused:
        raise ValueError(f"only append-only tabs take appended rows, not {refused}")
    current = read_tabs(source, name=name, tabs=list(rows))
    new_rows = {
        sheet: frame.drop(columns=SHEET_ROW, errors="ignore")
        for sheet, frame in rows.items()
        if not frame.empty
    }
    if not new_rows:
        return source
    return render_workbook(source, current, new_rows)
