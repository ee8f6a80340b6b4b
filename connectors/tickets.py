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
- ``__age_days``: a column of days since entry, read as Created counted back from the export
  time when the export has no creation column (ConnectWise's Age does this for its preset).
- ``__rules``: the PSA whose [tickets.<psa>] rules read the values (default generic).

Values are read by the PSA's `rules` (`pulse.settings.TicketRules`: priority labels, closed
statuses, survey direction, record IDs). Nothing is dropped silently: every row left out,
value blanked or rows merged is listed in ``frame.attrs["warnings"]`` (a list of `Problem`),
and ``frame.attrs["layout"]`` says which column each field came from. Anything that stops the
file from being read raises `TicketExportError` with the file, row and column to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from connectors.errors import Problem, Severity, TicketExportError
from connectors.ticket_columns import DEDUPE_LATEST_BY, Layout, choose_columns
from connectors.ticket_dates import ExportTime
from connectors.ticket_duplicates import merge_duplicates
from connectors.ticket_files import Export, RawTable, read_raw_table
from connectors.ticket_frame import canonical_frame, drop_unusable, latest_rows
from connectors.ticket_presets import PRESETS, canonical_to_export, detect_preset
from pulse.settings import DEFAULT_LIMITS, DEFAULT_SETTINGS, InputLimits, TicketRules

__all__ = [
    "DEDUPE_LATEST_BY",
    "PRESETS",
    "ExportTime",
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
    rules: Mapping[str, TicketRules] | None = None,
    exported_at: ExportTime | None = None,
    strict: bool = False,
    limits: InputLimits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """The canonical ticket frame of one export (see the module docstring).

    `exported_at` is when the export was made (Created = it - Age); a path's modified time when
    not given. `strict` refuses the file over any date cell it cannot read. A file larger than
    `limits` allow is refused unread.
    """
    raw = read_raw_table(fp, name, limits)
    layout = choose_columns(raw, preset=preset, mapping=mapping)
    warnings = list(layout.notes)
    if DEDUPE_LATEST_BY in layout.options:
        warnings.append(_collapse_updates(raw, layout))
    tickets, found = canonical_frame(
        raw,
        layout,
        timezone=timezone,
        rules=(rules or DEFAULT_SETTINGS.tickets)[layout.rules],
        export_time=exported_at or _modified_time(fp),
        strict=strict,
    )
    tickets, dropped = drop_unusable(tickets, raw)
    tickets, merged = merge_duplicates(tickets, raw, layout, timezone=timezone)
    tickets = tickets.reset_index(drop=True)
    tickets.attrs["warnings"] = [*warnings, *found, *dropped, *merged]
    tickets.attrs["layout"] = layout_read(layout)
    return tickets


def layout_read(layout: Layout) -> dict[str, object]:
    """What the frame's `attrs["layout"]` holds: the preset, whose rules, each column read."""
    return {"preset": layout.preset or "", "rules": layout.rules, "read": layout.headers_read()}


def export_headers(fp: Export, *, name: str) -> list[str]:
    """The export's column headers as the reader sees them, so a person can map them by hand.

    Raises TicketExportError when the file itself cannot be read (empty, damaged, tab-delimited).
    """
    return read_raw_table(fp, name).headers


def _collapse_updates(raw: RawTable, layout: Layout) -> Problem:
    """One row per ticket from an audit log (one row per update), said in a note."""
    order = layout.options[DEDUPE_LATEST_BY]
    rows = len(raw.frame)
    raw.frame = latest_rows(raw, layout.columns["ticket"], order)
    return Problem(
        file=raw.name,
        column=order,
        message=(
            f"{rows} update rows collapse to {len(raw.frame)} tickets, keeping each ticket's "
            f"row with the highest '{order}' (the mapping's {DEDUPE_LATEST_BY})."
        ),
        severity=Severity.WARNING,
    )


def _modified_time(fp: Export) -> ExportTime | None:
    if not isinstance(fp, str | Path):
        return None
    try:
        modified = Path(fp).stat().st_mtime
    except OSError:
        return None  # read_raw_table has already reported the file
    return ExportTime(pd.Timestamp(modified, unit="s", tz="UTC"), "the file's modified time")
