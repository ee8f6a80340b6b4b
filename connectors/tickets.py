"""Read a PSA ticket export (CSV or XLSX) into the canonical ticket frame (SPEC "Ticket exports").

`read_tickets(fp, name=..., timezone=...)` takes bytes, a path or a file-like object and returns
one row per ticket with the columns of `pulse.schema.TICKET_COLUMNS` plus `client_key` and
`is_open`. Timestamps are UTC; naive export times are local to `timezone`.

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

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from connectors.cells import column_letter
from connectors.errors import Problem, Severity, TicketExportError
from connectors.ticket_presets import (
    GENERIC,
    PRESETS,
    canonical_to_export,
    detect_preset,
    resolve_columns,
)
from connectors.ticket_values import (
    map_labels,
    parse_dates,
    per_distinct,
    plain_text,
    priority_of,
    survey_scores,
    ticket_numbers,
    ticket_type_of,
    yes_no,
)
from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, client_key, normalise_header

__all__ = [
    "DEDUPE_LATEST_BY",
    "PRESETS",
    "TicketExportError",
    "canonical_to_export",
    "detect_preset",
    "export_headers",
    "read_tickets",
]

DEDUPE_LATEST_BY = "__dedupe_latest_by"
# Cells that mean "no value" in real exports (ServiceNow writes "?", BPIC "NA"/"#MULTIVALUE").
NULL_MARKERS: tuple[str, ...] = ("", "?", "NA", "N/A", "n/a", "NULL", "null", "#N/A", "#MULTIVALUE")
# Without these a row says nothing any signal can use; a blank priority is kept as <NA>.
ROW_REQUIRED_FIELDS: tuple[str, ...] = ("ticket", "client", "created")
DATE_FIELDS: tuple[str, ...] = ("created", "first_response", "resolved", "due")
TEXT_FIELDS: tuple[str, ...] = ("client", "summary", "board", "status", "notes")
# A status containing any of these words means the ticket is no longer open.
CLOSED_STATUS_PATTERN = r"closed|resolved|complete|cancel|done"
SECURITY_WORD = "security"
XLSX_MAGIC = b"PK\x03\x04"
BLANK_FILE = re.compile(rb"\s*\Z")
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_LISTED_PROBLEMS = 10
OTHER_DELIMITERS = {"\t": "tab", "|": "pipe (|)"}


@dataclass
class _RawTable:
    """The export's cells as text, with what is needed to point a person at a row."""

    frame: pd.DataFrame  # one str column per export header, NaN for blank cells
    name: str
    sheet: str = ""  # set for workbooks
    text: str = ""  # set for CSV: the decoded file, to count lines only when reporting
    delimiter: str = ","

    def where(self, position: int, header: str) -> dict[str, object]:
        """Problem location fields for data record `position` (0-based) in column `header`."""
        if self.sheet:
            column = list(self.frame.columns).index(header)
            return {"sheet": self.sheet, "cell": f"{column_letter(column + 1)}{position + 2}"}
        line = _csv_line_of_record(self.text, position, self.delimiter)
        return {"row": line, "column": header}


def read_tickets(
    fp: BinaryIO | str | Path | bytes,
    *,
    name: str,
    timezone: str,
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The canonical ticket frame of one export (see the module docstring)."""
    raw = _read_raw(_read_bytes(fp, name), name)
    columns, options = _choose_columns(raw, preset=preset, mapping=mapping)
    if DEDUPE_LATEST_BY in options:
        raw.frame = _latest_rows(raw, columns["ticket"], options[DEDUPE_LATEST_BY])
    tickets = _canonical(raw, columns, timezone=timezone)
    unknown = _unknown_priorities(raw, columns["priority"], tickets["priority"])
    tickets, warnings = _drop_unusable(tickets, raw)
    warnings += unknown
    tickets = tickets.reset_index(drop=True)
    tickets.attrs["warnings"] = warnings
    return tickets


def export_headers(fp: BinaryIO | str | Path | bytes, *, name: str) -> list[str]:
    """The export's column headers as the reader sees them, so a person can map them by hand.

    Raises TicketExportError when the file itself cannot be read (empty, damaged, tab-delimited).
    """
    raw = _read_raw(_read_bytes(fp, name), name)
    return [str(header) for header in raw.frame.columns]


# ---- bytes -> raw table -------------------------------------------------------------------------


def _read_bytes(fp: BinaryIO | str | Path | bytes, name: str) -> bytes:
    try:
        if isinstance(fp, bytes):
            return fp
        if isinstance(fp, str | Path):
            return Path(fp).read_bytes()
        return bytes(fp.read())
    except OSError as error:
        raise _error(name, f"The file cannot be opened ({error.strerror or error}).") from None


def _read_raw(data: bytes, name: str) -> _RawTable:
    if BLANK_FILE.match(data):  # whitespace only (a match, not strip(): no copy of the file)
        raise _error(name, "The file is empty. Export the tickets again as CSV or XLSX.")
    if data.startswith((XLSX_MAGIC, XLS_MAGIC)):
        return _read_workbook(data, name)
    return _read_csv(data, name)


def _read_workbook(data: bytes, name: str) -> _RawTable:
    try:
        sheets = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=0, dtype=object)
    except Exception as error:  # calamine raises several types for damaged archives
        raise _error(
            name,
            "The Excel file cannot be read (it may be damaged or cut short): "
            f"{type(error).__name__}. Save it again from Excel or export the tickets as CSV.",
        ) from None
    sheet_name = _first_sheet_name(data)
    frame = sheets.rename(columns=lambda header: str(header).strip())
    frame = frame.astype("str").replace(list(NULL_MARKERS), pd.NA)
    frame = frame.dropna(how="all")
    return _RawTable(frame.reset_index(drop=True), name, sheet=sheet_name)


def _first_sheet_name(data: bytes) -> str:
    try:
        return str(pd.ExcelFile(io.BytesIO(data), engine="calamine").sheet_names[0])
    except Exception:  # the sheet name only decorates messages
        return "Sheet1"


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM) first, then Windows-1252 as Excel saves it."""
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"


def _read_csv(data: bytes, name: str) -> _RawTable:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(name, "This is not a CSV or Excel file. Export the tickets as CSV or XLSX.")
    text, encoding = _decode(data)
    delimiter = _sniff_delimiter(text, name)
    options: dict[str, Any] = {
        "sep": delimiter,
        "dtype": "str",
        "keep_default_na": False,
        "na_values": list(NULL_MARKERS),
    }
    frame = _read_csv_fast(data, encoding, options) if encoding == "utf-8-sig" else None
    if frame is None:
        frame = _read_csv_careful(text, name, options)
    frame = frame.rename(columns=lambda header: str(header).strip())
    return _RawTable(frame, name, text=text, delimiter=delimiter)


def _read_csv_fast(data: bytes, encoding: str, options: dict[str, Any]) -> pd.DataFrame | None:
    """Arrow's CSV reader (several times faster); None when it balks, so the C parser decides."""
    try:
        frame: pd.DataFrame = pd.read_csv(
            io.BytesIO(data), engine="pyarrow", encoding=encoding, **options
        )
        return frame
    except Exception:  # any refusal: the careful parser below gives the person a real message
        return None


def _read_csv_careful(text: str, name: str, options: dict[str, Any]) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pd.read_csv(io.StringIO(text), **options)
        return frame
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        message = str(error).strip().splitlines()[-1] if str(error).strip() else "unreadable"
        raise _error(name, f"The CSV cannot be read: {message}. Check it opens in Excel.") from None


def _sniff_delimiter(text: str, name: str) -> str:
    """Comma or semicolon, whichever splits the header line more; tab and pipe are refused."""
    header = text[: text.find("\n")] if "\n" in text[:65536] else text[:65536]
    commas, semicolons = header.count(","), header.count(";")
    if commas == 0 and semicolons == 0:
        for delimiter, label in OTHER_DELIMITERS.items():
            if header.count(delimiter) >= 1:
                raise _error(
                    name,
                    f"The file is {label}-delimited, so every row reads as one column. Export "
                    "it as CSV (comma- or semicolon-separated) or save it as XLSX.",
                )
    return ";" if semicolons > commas else ","


def _csv_line_of_record(text: str, position: int, delimiter: str) -> int:
    """The 1-based file line where data record `position` starts, as a text editor counts.

    Quoted cells may span lines (Jira descriptions), so lines are counted by a CSV reader; only
    called when reporting a problem, so the speed of a Python loop does not matter here.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader, None)  # header
        start, record = reader.line_num + 1, -1
        for row in reader:
            if any(cell.strip() for cell in row):
                record += 1
                if record == position:
                    return start
            start = reader.line_num + 1
    except csv.Error:
        pass
    return position + 2  # header on line 1, one line per record


# ---- headers -> canonical columns ---------------------------------------------------------------


def _choose_columns(
    raw: _RawTable, *, preset: str | None, mapping: dict[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """(canonical field -> export header, mapping options) for this file."""
    headers = [str(h) for h in raw.frame.columns]
    options = {k: v for k, v in (mapping or {}).items() if k.startswith("__")}
    fields = {k: v for k, v in (mapping or {}).items() if not k.startswith("__")}
    if preset is not None and preset not in PRESETS:
        known = ", ".join(PRESETS)
        raise _error(raw.name, f"Unknown preset '{preset}'. Choose one of: {known}.")
    chosen = preset or (None if fields else detect_preset(headers))
    columns = resolve_columns(headers, chosen) if chosen else {}
    columns.update(_mapped_columns(raw, fields, headers))
    for option, header in options.items():
        if option == DEDUPE_LATEST_BY and _find_header(headers, header) is None:
            raise _missing_mapped(raw, option, header, headers)
    missing = [field for field in REQUIRED_TICKET_COLUMNS if field not in columns]
    if missing:
        raise _missing_required(raw, missing, headers, preset=chosen or _closest_preset(headers))
    return columns, options


def _mapped_columns(raw: _RawTable, fields: dict[str, str], headers: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for field, header in fields.items():
        if field not in TICKET_COLUMNS:
            known = ", ".join(TICKET_COLUMNS)
            raise _error(raw.name, f"The mapping names an unknown field '{field}' ({known}).")
        actual = _find_header(headers, header)
        if actual is None:
            raise _missing_mapped(raw, field, header, headers)
        columns[field] = actual
    return columns


def _find_header(headers: list[str], wanted: str) -> str | None:
    if wanted in headers:
        return wanted
    matches = [h for h in headers if normalise_header(h) == normalise_header(wanted)]
    return matches[0] if matches else None


def _closest_preset(headers: list[str]) -> str:
    def required_found(preset: str) -> int:
        resolved = resolve_columns(headers, preset)
        return sum(field in resolved for field in REQUIRED_TICKET_COLUMNS)

    best = max(PRESETS, key=required_found)  # ties keep the first: generic
    return best if required_found(best) > 0 else GENERIC


def _missing_required(
    raw: _RawTable, missing: list[str], headers: list[str], *, preset: str
) -> TicketExportError:
    layout = PRESETS[preset]
    wanted = ", ".join(f"{TICKET_COLUMNS[f]} (column '{layout[f]}')" for f in missing)
    found = ", ".join(f"'{h}'" for h in headers[:40]) + (" ..." if len(headers) > 40 else "")
    choices = ", ".join(PRESETS)
    return _error(
        raw.name,
        f"Missing required column(s) for the {preset} layout: {wanted}. The file has the "
        f"columns {found}. Choose the preset of the PSA that made the export ({choices}) or "
        "map the columns once (the mapping is saved).",
    )


def _missing_mapped(
    raw: _RawTable, field: str, header: str, headers: list[str]
) -> TicketExportError:
    found = ", ".join(f"'{h}'" for h in headers[:40])
    return _error(
        raw.name,
        f"The column mapping reads {field} from '{header}', but the file has no such column "
        f"(it has {found}). Fix the mapping or choose a preset.",
    )


# ---- raw -> canonical ---------------------------------------------------------------------------


def _latest_rows(raw: _RawTable, ticket_header: str, order_header: str) -> pd.DataFrame:
    """One row per ticket: the row with the highest `order_header` (audit-log exports)."""
    frame = raw.frame
    actual = _find_header([str(h) for h in frame.columns], order_header) or order_header
    order = pd.to_numeric(frame[actual], errors="coerce")
    keys = pd.DataFrame({"ticket": ticket_numbers(frame[ticket_header]), "order": order})
    ranked = keys.sort_values("order", kind="stable", na_position="first")
    latest = ranked.drop_duplicates("ticket", keep="last").index.sort_values()
    return frame.loc[latest]


def _canonical(raw: _RawTable, columns: dict[str, str], *, timezone: str) -> pd.DataFrame:
    frame = raw.frame
    index = frame.index

    def column(field: str) -> pd.Series:
        if field in columns:
            return frame[columns[field]]
        return pd.Series(pd.NA, index=index, dtype="str")

    out = pd.DataFrame(index=index)
    out["ticket"] = plain_text(ticket_numbers(column("ticket")))
    for field in ("client", "summary"):
        out[field] = plain_text(column(field))
    out["priority"] = map_labels(plain_text(column("priority")), priority_of)
    out["type"] = map_labels(plain_text(column("type")), ticket_type_of)
    for field in ("board", "status"):
        out[field] = plain_text(column(field))
    out = _with_dates(out, raw, columns, timezone=timezone)
    out["parent_ticket"] = plain_text(ticket_numbers(column("parent_ticket")))
    out["survey_score"] = survey_scores(column("survey_score"))
    out["notes"] = plain_text(column("notes"))
    out["security"] = _security(column("security"), column("type"), column("board"))
    out = out[list(TICKET_COLUMNS)]
    out["client_key"] = _client_keys(out["client"])
    out["is_open"] = _is_open(out["resolved"], out["status"])
    return out


def _with_dates(
    out: pd.DataFrame, raw: _RawTable, columns: dict[str, str], *, timezone: str
) -> pd.DataFrame:
    problems: list[Problem] = []
    for field in DATE_FIELDS:
        if field not in columns:
            out[field] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
            continue
        header = columns[field]
        parsed = parse_dates(raw.frame[header], timezone=timezone)
        out[field] = parsed.values
        problems.extend(_date_problems(raw, header, parsed.unreadable))
    if problems:
        raise TicketExportError(problems[:MAX_LISTED_PROBLEMS])
    return out


def _date_problems(raw: _RawTable, header: str, unreadable: pd.Series) -> Iterable[Problem]:
    positions = [raw.frame.index.get_loc(label) for label in unreadable[unreadable].index[:5]]
    total = int(unreadable.sum())
    for count, position in enumerate(positions):
        assert isinstance(position, int)
        value = raw.frame[header].iloc[position]
        more = f" ({total - 5} more rows in this column)" if count == 4 and total > 5 else ""
        yield Problem(
            file=raw.name,
            message=(
                f"'{value}' is not a date this reader understands{more}. Use dates such as "
                "2026-11-10 14:05, 11/10/2026 2:05 PM or 10/11/2026 14:05 (day first)."
            ),
            **raw.where(position, header),  # type: ignore[arg-type]
        )


def _security(flags: pd.Series, types: pd.Series, boards: pd.Series) -> pd.Series:
    # A security incident is marked by a yes/no column, or by a type or board naming security.
    named = per_distinct(types, _names_security)
    on_board = per_distinct(boards, _names_security)
    return (yes_no(flags) | named | on_board).astype(bool)


def _names_security(labels: pd.Series) -> pd.Series:
    return labels.astype("str").str.contains(SECURITY_WORD, case=False, regex=False, na=False)


def _client_keys(clients: pd.Series) -> pd.Series:
    def keys(names: pd.Series) -> pd.Series:
        return pd.Series([None if pd.isna(n) else client_key(n) for n in names], dtype="str")

    return per_distinct(clients, keys).astype("str")


def _is_open(resolved: pd.Series, status: pd.Series) -> pd.Series:
    closed = per_distinct(
        status,
        lambda labels: labels.str.contains(CLOSED_STATUS_PATTERN, case=False, regex=True, na=False),
    )
    return (resolved.isna() & ~closed.astype(bool)).astype(bool)


def _drop_unusable(tickets: pd.DataFrame, raw: _RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows without a ticket number, client or created date are dropped, each kind reported."""
    warnings: list[Problem] = []
    blank = tickets[list(TICKET_COLUMNS)].drop(columns="security").isna().all(axis=1)
    if blank.any():  # filtering copies every column: only when a row goes
        tickets = tickets[~blank]
    for field in ROW_REQUIRED_FIELDS:
        lacking = tickets[field].isna()
        if lacking.any():
            first = raw.frame.index.get_loc(lacking[lacking].index[0])
            assert isinstance(first, int)
            warnings.append(_blank_warning(raw, field, first, int(lacking.sum())))
            tickets = tickets[~lacking]
    return tickets, warnings


def _unknown_priorities(raw: _RawTable, header: str, mapped: pd.Series) -> list[Problem]:
    """Priorities no rule recognises count as no priority; say which labels, once."""
    written = plain_text(raw.frame[header])
    unknown = written.notna() & mapped.isna()
    if not unknown.any():
        return []
    labels = ", ".join(f"'{label}'" for label in written[unknown].unique()[:5])
    return [
        Problem(
            file=raw.name,
            column=header,
            message=(
                f"{int(unknown.sum())} row(s) have a priority this reader does not know "
                f"({labels}); they count as no priority. Use Critical/High/Medium/Low or P1-P4."
            ),
            severity=Severity.WARNING,
        )
    ]


def _blank_warning(raw: _RawTable, field: str, first: int, count: int) -> Problem:
    where = raw.where(first, raw.frame.columns[0])
    where.pop("column", None)
    return Problem(
        file=raw.name,
        message=(
            f"{count} row(s) have no {TICKET_COLUMNS[field]} and were left out "
            f"(the first is shown here)."
        ),
        column=TICKET_COLUMNS[field],
        severity=Severity.WARNING,
        **where,  # type: ignore[arg-type]
    )


# ---- helpers ------------------------------------------------------------------------------------


def _error(name: str, message: str) -> TicketExportError:
    return TicketExportError([Problem(file=name, message=message)])
