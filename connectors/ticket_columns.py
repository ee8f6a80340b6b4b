"""An export's headers -> which header holds each canonical ticket field.

A preset (`ticket_presets.PRESETS`) is detected from the headers or forced; a saved mapping
(canonical field -> export header, plus options starting with "__") reads any other layout.
"""

from __future__ import annotations

from connectors.errors import TicketExportError
from connectors.ticket_files import RawTable, export_error
from connectors.ticket_presets import GENERIC, PRESETS, detect_preset, resolve_columns
from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header

DEDUPE_LATEST_BY = "__dedupe_latest_by"
# The file's headers are quoted in messages up to this many.
LISTED_HEADERS = 40


def choose_columns(
    raw: RawTable, *, preset: str | None, mapping: dict[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """(canonical field -> export header, mapping options) for this file."""
    headers = raw.headers
    options = {k: v for k, v in (mapping or {}).items() if k.startswith("__")}
    fields = {k: v for k, v in (mapping or {}).items() if not k.startswith("__")}
    if preset is not None and preset not in PRESETS:
        known = ", ".join(PRESETS)
        raise export_error(raw.name, f"Unknown preset '{preset}'. Choose one of: {known}.")
    chosen = preset or (None if fields else detect_preset(headers))
    columns = resolve_columns(headers, chosen) if chosen else {}
    columns.update(_mapped_columns(raw, fields, headers))
    for option, header in options.items():
        if option == DEDUPE_LATEST_BY and find_header(headers, header) is None:
            raise _missing_mapped(raw, option, header, headers)
    missing = [field for field in REQUIRED_TICKET_COLUMNS if field not in columns]
    if missing:
        raise _missing_required(raw, missing, headers, preset=chosen or _closest_preset(headers))
    return columns, options


def find_header(headers: list[str], wanted: str) -> str | None:
    """`wanted` as the file spells it: exactly, else ignoring case, spaces and punctuation."""
    if wanted in headers:
        return wanted
    matches = [h for h in headers if normalise_header(h) == normalise_header(wanted)]
    return matches[0] if matches else None


def _mapped_columns(raw: RawTable, fields: dict[str, str], headers: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for field, header in fields.items():
        if field not in TICKET_COLUMNS:
            known = ", ".join(TICKET_COLUMNS)
            raise export_error(raw.name, f"The mapping names an unknown field '{field}' ({known}).")
        actual = find_header(headers, header)
        if actual is None:
            raise _missing_mapped(raw, field, header, headers)
        columns[field] = actual
    return columns


def _closest_preset(headers: list[str]) -> str:
    def required_found(preset: str) -> int:
        resolved = resolve_columns(headers, preset)
        return sum(field in resolved for field in REQUIRED_TICKET_COLUMNS)

    best = max(PRESETS, key=required_found)  # ties keep the first: generic
    return best if required_found(best) > 0 else GENERIC


def _missing_required(
    raw: RawTable, missing: list[str], headers: list[str], *, preset: str
) -> TicketExportError:
    layout = PRESETS[preset]
    wanted = ", ".join(f"{TICKET_COLUMNS[f]} (column '{layout[f]}')" for f in missing)
    found = _quoted(headers) + (" ..." if len(headers) > LISTED_HEADERS else "")
    choices = ", ".join(PRESETS)
    return export_error(
        raw.name,
        f"Missing required column(s) for the {preset} layout: {wanted}. The file has the "
        f"columns {found}. Choose the preset of the PSA that made the export ({choices}) or "
        "map the columns once (the mapping is saved).",
    )


def _missing_mapped(
    raw: RawTable, field: str, header: str, headers: list[str]
) -> TicketExportError:
    return export_error(
        raw.name,
        f"The column mapping reads {field} from '{header}', but the file has no such column "
        f"(it has {_quoted(headers)}). Fix the mapping or choose a preset.",
    )


def _quoted(headers: list[str]) -> str:
    return ", ".join(f"'{h}'" for h in headers[:LISTED_HEADERS])
