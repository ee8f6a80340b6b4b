"""Read a PSA ticket export (CSV or XLSX) into the canonical ticket frame (SPEC "Ticket exports").

`read_tickets(fp, name=..., timezone=...)` takes bytes, a path or a file-like object and returns
one row per ticket with the columns of `pulse.schema.TICKET_COLUMNS` plus `client_key`,
`is_open`, and `source` (how it came in) when the export has a Source column.
Timestamps are UTC; naive export times are local to `timezone`.

Layouts: a preset (`PRESETS`: generic, connectwise, autotask, halopsa) is detected from the
headers or forced; a saved `mapping` (canonical field -> export header) reads any other export.
A mapping may also carry options, keys starting with "__":

- ``__dedupe_latest_by``: the name of a numeric column (e.g. ServiceNow's ``sys_mod_count``).
  Audit-log exports hold one row per update; the rows of each ticket collapse to the one with
  the highest value in that column.

Rows without a ticket number, client or created date cannot be used by any signal: they are
dropped and listed in ``frame.attrs["warnings"]`` (a list of `Problem`). Anything that stops the
file from being read raises `TicketExportError` with the file, row and column to fix.
"""

from __future__ import annotations

import pandas as pd

from connectors.errors import TicketExportError
from connectors.ticket_columns import DEDUPE_LATEST_BY, choose_columns
from connectors.ticket_files import Export, read_raw_table
from connectors.ticket_frame import (
    canonical_frame,
    drop_unusable,
    latest_rows,
    unknown_priorities,
)
from connectors.ticket_presets import PRESETS, canonical_to_export, detect_preset

__all__ = [
    "DEDUPE_LATEST_BY",
    "PRESETS",
    "TicketExportError",
    "canonical_to_export",
    "detect_preset",
    "export_headers",
    "read_tickets",
]


def read_tickets(
    fp: Export,
    *,
    name: str,
    timezone: str,
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The canonical ticket frame of one export (see the module docstring)."""
    raw = read_raw_table(fp, name)
    columns, options = choose_columns(raw, preset=preset, mapping=mapping)
    if DEDUPE_LATEST_BY in options:
        raw.frame = latest_rows(raw, columns["ticket"], options[DEDUPE_LATEST_BY])
    tickets = canonical_frame(raw, columns, timezone=timezone)
    unknown = unknown_priorities(raw, columns["priority"], tickets["priority"])
    tickets, warnings = drop_unusable(tickets, raw)
    warnings += unknown
    tickets = tickets.reset_index(drop=True)
    tickets.attrs["warnings"] = warnings
    return tickets


def export_headers(fp: Export, *, name: str) -> list[str]:
    """The export's column headers as the reader sees them, so a person can map them by hand.

    Raises TicketExportError when the file itself cannot be read (empty, damaged, tab-delimited).
    """
    return read_raw_table(fp, name).headers
