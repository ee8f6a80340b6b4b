"""An export's headers -> which header holds each canonical ticket field (its `Layout`).

A preset (`ticket_presets.PRESETS`) is detected from the headers or forced; a saved mapping
(canonical field -> export header, plus options starting with "__") reads any other layout.
A header the file repeats is refused when the layout reads it (which copy holds the truth?)
and noted and ignored when it does not (ConnectWise repeats "Change Mgmt Date").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from connectors.errors import Problem, Severity, TicketExportError
from connectors.ticket_files import RawTable, export_error
from connectors.ticket_presets import (
    ADD_COLUMN_HINTS,
    AGE_HEADERS,
    GENERIC,
    PRESETS,
    UPDATED_HEADERS,
    age_header,
    closest_preset,
    detect_preset,
    first_present,
    resolve_columns,
)
from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header

# Mapping options (keys starting with "__"):
DEDUPE_LATEST_BY = "__dedupe_latest_by"  # numeric column: keep each ticket's highest row
AGE_DAYS = "__age_days"  # column of days since entry: Created counted back from the export time
RULES = "__rules"  # whose [tickets.<psa>] rules read the values (default: generic)
OPTIONS: tuple[str, ...] = (DEDUPE_LATEST_BY, AGE_DAYS, RULES)
# What a layout reads besides the canonical fields (keys of Layout.headers_read()).
AGE_PURPOSE = "Created (from days since entry)"
UPDATED_PURPOSE = "Last update (picks between rows of one ticket)"
LATEST_PURPOSE = "Latest update number"
# The file's headers are quoted in messages up to this many.
LISTED_HEADERS = 40


@dataclass(frozen=True)
class Layout:
    """Where each canonical field is in one export, and how its values are to be read."""

    columns: dict[str, str]  # canonical field -> export header
    options: dict[str, str] = field(default_factory=dict)
    preset: str | None = None  # the preset read (detected or forced); None for a mapping
    rules: str = GENERIC  # the PSA whose TicketRules apply
    age: str | None = None  # days since entry, when the export has no creation column
    updated: str | None = None  # when each row last changed (picks between copies of a ticket)
    notes: tuple[Problem, ...] = ()  # repeated headers this layout does not read

    def headers_read(self) -> dict[str, str]:
        """What the layout reads, by what it is read for (shown to people, checked for repeats)."""
        read = {TICKET_COLUMNS[f]: h for f, h in self.columns.items()}
        if self.age:
            read[AGE_PURPOSE] = self.age
        if self.updated:
            read[UPDATED_PURPOSE] = self.updated
        if DEDUPE_LATEST_BY in self.options:
            read[LATEST_PURPOSE] = self.options[DEDUPE_LATEST_BY]
        return read


def choose_columns(raw: RawTable, *, preset: str | None, mapping: dict[str, str] | None) -> Layout:
    """The layout of this file: the forced or detected preset, with the mapping over it."""
    headers = raw.headers
    options = {k: v for k, v in (mapping or {}).items() if k.startswith("__")}
    fields = {k: v for k, v in (mapping or {}).items() if not k.startswith("__")}
    if preset is not None and preset not in PRESETS:
        known = ", ".join(PRESETS)
        raise export_error(raw.name, f"Unknown preset '{preset}'. Choose one of: {known}.")
    chosen = preset or (None if fields else detect_preset(headers))
    if chosen is None and not fields:
        closest = closest_preset(headers)
        own = resolve_columns(headers, closest)
        missing = _missing(own, age_header(headers, closest))
        raise _missing_required(raw, missing, preset=closest)
    columns = resolve_columns(headers, chosen) if chosen else {}
    columns.update(_mapped_columns(raw, fields, headers))
    options = _checked_options(raw, options)
    layout = Layout(
        columns=columns,
        options=options,
        preset=chosen,
        rules=chosen or options.get(RULES, GENERIC),
        age=None if "created" in columns else _age_column(raw, chosen, options),
        updated=first_present(headers, UPDATED_HEADERS[chosen or GENERIC]),
    )
    missing = _missing(layout.columns, layout.age)
    if missing:
        raise _missing_required(raw, missing, preset=chosen or closest_preset(headers))
    return _with_repeats_checked(raw, layout)


def find_header(headers: list[str], wanted: str) -> str | None:
    """`wanted` as the file spells it: exactly, else ignoring case, spaces and punctuation."""
    if wanted in headers:
        return wanted
    matches = [h for h in headers if normalise_header(h) == normalise_header(wanted)]
    return matches[0] if matches else None


def _mapped_columns(raw: RawTable, fields: dict[str, str], headers: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for field_name, header in fields.items():
        if field_name not in TICKET_COLUMNS:
            known = ", ".join(TICKET_COLUMNS)
            raise export_error(
                raw.name, f"The mapping names an unknown field '{field_name}' ({known})."
            )
        actual = find_header(headers, header)
        if actual is None:
            raise _missing_mapped(raw, field_name, header, headers)
        columns[field_name] = actual
    return columns


def _checked_options(raw: RawTable, options: dict[str, str]) -> dict[str, str]:
    """The mapping's options with each column as the file spells it; unknown ones refused."""
    checked: dict[str, str] = {}
    for option, value in options.items():
        if option not in OPTIONS:
            known = ", ".join(OPTIONS)
            raise export_error(raw.name, f"The mapping has an unknown option '{option}' ({known}).")
        if option == RULES:
            if value not in PRESETS:
                known = ", ".join(PRESETS)
                raise export_error(raw.name, f"{RULES} must name a PSA ({known}), not '{value}'.")
            checked[option] = value
            continue
        actual = find_header(raw.headers, value)
        if actual is None:
            raise _missing_mapped(raw, option, value, raw.headers)
        checked[option] = actual
    return checked


def _age_column(raw: RawTable, preset: str | None, options: dict[str, str]) -> str | None:
    if AGE_DAYS in options:
        return options[AGE_DAYS]
    return age_header(raw.headers, preset) if preset else None


def _missing(columns: dict[str, str], age: str | None) -> list[str]:
    """Required fields without a column (Created may come from days since entry)."""
    found = set(columns) | ({"created"} if age else set())
    return [f for f in REQUIRED_TICKET_COLUMNS if f not in found]


# ---- repeated headers ----------------------------------------------------------------------------


def _with_repeats_checked(raw: RawTable, layout: Layout) -> Layout:
    """Refuse a repeated header the layout reads; note each one it does not."""
    read = layout.headers_read()
    refused = [
        _repeat_problem(raw, header, reads=purpose, layout=layout)
        for purpose, header in read.items()
        if header in raw.repeated
    ]
    if refused:
        raise TicketExportError(refused)
    groups = sorted({positions for positions in raw.repeated.values()})
    notes = [_repeat_problem(raw, raw.headers[group[0]], reads=None) for group in groups]
    return replace(layout, notes=tuple(notes))


def _repeat_problem(
    raw: RawTable, header: str, *, reads: str | None, layout: Layout | None = None
) -> Problem:
    positions = raw.repeated[header]
    written = raw.headers[positions[0]]
    where = f"The column '{written}' appears {len(positions)} times ({raw.columns_named(header)})"
    if reads is None:
        message = f"{where}; Client Pulse does not read it, so every copy is ignored."
        return Problem(file=raw.name, message=message, column=written, severity=Severity.WARNING)
    source = f"the {layout.preset} layout" if layout and layout.preset else "the column mapping"
    message = (
        f"{where} and {source} reads {reads} from it, so Client Pulse cannot tell which copy "
        "holds the value. Remove or rename the other copies and export again."
    )
    return Problem(file=raw.name, message=message, column=written)


# ---- messages ------------------------------------------------------------------------------------


def _missing_required(raw: RawTable, missing: list[str], *, preset: str) -> TicketExportError:
    layout = PRESETS[preset]
    wanted = ", ".join(f"{TICKET_COLUMNS[f]} ({_where_it_goes(preset, f)})" for f in missing)
    hint = ADD_COLUMN_HINTS[preset]
    fixes = "; ".join(hint.format(header=layout[f]) for f in missing)
    found = _quoted(raw.headers) + (" ..." if len(raw.headers) > LISTED_HEADERS else "")
    choices = ", ".join(PRESETS)
    return export_error(
        raw.name,
        f"Missing required column(s) for the {preset} layout: {wanted}. The file has the "
        f"columns {found}. To fix it, {fixes}. If another PSA made the export, choose its "
        f"preset ({choices}), or map the columns once (the mapping is saved).",
    )


def _where_it_goes(preset: str, field_name: str) -> str:
    column = f"column '{PRESETS[preset][field_name]}'"
    if field_name == "created" and preset in AGE_HEADERS:
        ages = " or ".join(f"'{h}'" for h in AGE_HEADERS[preset])
        return f"{column}, or {ages}: days since entry, counted back from the export time"
    return column


def _missing_mapped(
    raw: RawTable, field_name: str, header: str, headers: list[str]
) -> TicketExportError:
    return export_error(
        raw.name,
        f"The column mapping reads {field_name} from '{header}', but the file has no such "
        f"column (it has {_quoted(headers)}). Fix the mapping or choose a preset.",
    )


def _quoted(headers: list[str]) -> str:
    return ", ".join(f"'{h}'" for h in headers[:LISTED_HEADERS])
