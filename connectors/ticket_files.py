"""A ticket export's bytes -> its cells as text (CSV in any common encoding, or XLSX).

Anything that stops the file from being read raises `TicketExportError` saying what to do; a
problem found later points at the file line (CSV) or cell (XLSX) through `RawTable.where`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
import pyarrow as pa

from connectors.cells import column_letter
from connectors.errors import Problem, TicketExportError
from connectors.zip_limits import MB, PackageTooLarge, check_package
from pulse.settings import DEFAULT_LIMITS, InputLimits

# Cells that mean "no value" in real exports (ServiceNow writes "?", BPIC "NA"/"#MULTIVALUE").
NULL_MARKERS: tuple[str, ...] = ("", "?", "NA", "N/A", "n/a", "NULL", "null", "#N/A", "#MULTIVALUE")
XLSX_MAGIC = b"PK\x03\x04"
BLANK_FILE = re.compile(rb"\s*\Z")
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
OTHER_DELIMITERS = {"\t": "tab", "|": "pipe (|)"}
RAISE_LIMITS = "If the export is genuine, raise [limits] in pulse.toml (docs/security.md)."
HEADER_CHARS = 1 << 20  # the header record is looked for in the file's first million characters

Export = BinaryIO | str | Path | bytes


@dataclass
class RawTable:
    """The export's cells as text, with what is needed to point a person at a row."""

    frame: pd.DataFrame  # one str column per export header, NaN for blank cells
    name: str
    sheet: str = ""  # set for workbooks
    text: str = ""  # set for CSV: the decoded file, to count lines only when reporting
    delimiter: str = ","
    # A UTF-8 CSV keeps its bytes instead, decoded into `text` the first time a row is looked
    # up: most exports never need it, and decoding copies the whole file (81 MB at MSP scale).
    data: bytes = b""
    # A header the file repeats: each copy's column name in `frame` -> every copy's position.
    repeated: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def where(self, position: int, header: str) -> dict[str, object]:
        """Problem location fields for data record `position` (0-based) in column `header`."""
        if self.sheet:
            column = list(self.frame.columns).index(header)
            return {"sheet": self.sheet, "cell": f"{column_letter(column + 1)}{position + 2}"}
        (line,) = self.rows([position])
        return {"row": line, "column": header}

    def rows(self, positions: list[int]) -> list[int]:
        """The row numbers a person finds data records at: file lines (CSV) or sheet rows."""
        if self.sheet:
            return [position + 2 for position in positions]  # the header is row 1
        if self.data and not self.text:
            self.text = self.data.decode("utf-8-sig")
        lines = _csv_lines_of_records(self.text, set(positions), self.delimiter)
        return [lines.get(position, position + 2) for position in positions]

    @property
    def headers(self) -> list[str]:
        return [str(header) for header in self.frame.columns]

    def columns_named(self, header: str) -> str:
        """Where each copy of a header is, as a person finds it: "L (12), N (14)"."""
        positions = self.repeated.get(header, (self.headers.index(header),))
        return ", ".join(f"{column_letter(p + 1)} ({p + 1})" for p in positions)


def unique_headers(headers: list[str]) -> tuple[list[str], dict[str, tuple[int, ...]]]:
    """Trimmed headers, later copies of a repeated one renamed "X (2)", and where the copies are.

    Two headers are the same when they differ only in case and spacing ("Change Mgmt Date" and
    "change mgmt date "), as a person reading the file would take them.
    """
    names = [str(header).strip() for header in headers]
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(names):
        positions.setdefault(" ".join(header.casefold().split()), []).append(position)
    taken = set(names)
    repeated: dict[str, tuple[int, ...]] = {}
    for copies in (c for c in positions.values() if len(c) > 1):
        for count, position in enumerate(copies[1:], start=2):
            names[position] = _free_name(f"{names[position]} ({count})", taken)
        repeated.update({names[position]: tuple(copies) for position in copies})
    return names, repeated


def _free_name(name: str, taken: set[str]) -> str:
    while name in taken:  # a real column already called "X (2)": try "X (2) (2)"
        name = f"{name} (2)"
    taken.add(name)
    return name


def read_raw_table(fp: Export, name: str, limits: InputLimits = DEFAULT_LIMITS) -> RawTable:
    """The export's cells; TicketExportError when the file cannot be read at all, or is larger
    than `limits` allow (bytes, inflated parts of an .xlsx, data rows)."""
    data = _read_bytes(fp, name, limits.ticket_file_mb * MB)
    if BLANK_FILE.match(data):  # whitespace only (a match, not strip(): no copy of the file)
        raise export_error(name, "The file is empty. Export the tickets again as CSV or XLSX.")
    if data.startswith((XLSX_MAGIC, XLS_MAGIC)):
        try:
            check_package(data, name, limits)
        except PackageTooLarge as refused:
            raise TicketExportError([refused.problem]) from None
        table = _read_workbook(data, name)
    else:
        table = _read_csv(data, name)
    if len(table.frame) > limits.ticket_rows:
        rows = f"{len(table.frame):,} rows, more than the {limits.ticket_rows:,} allowed"
        raise export_error(name, f"Refused: {rows}. {RAISE_LIMITS}")
    return table


def export_error(name: str, message: str) -> TicketExportError:
    """The error for a whole file (no row or column to point at)."""
    return TicketExportError([Problem(file=name, message=message)])


def _read_bytes(fp: Export, name: str, cap: int) -> bytes:
    """The file's bytes, never more than `cap` read (a file larger is refused unread)."""
    try:
        if isinstance(fp, bytes):
            data = fp
        elif isinstance(fp, str | Path):
            with Path(fp).open("rb") as stream:
                # One read of the size the file gives (never more than cap + 1 bytes): chunks
                # cost a second copy of the whole file (0.1 s on an 81 MB export).
                size = os.fstat(stream.fileno()).st_size
                data = stream.read(min(size, cap) + 1) if size else b""
                if not size or len(data) > size:  # no size given (a pipe), or it grew: read on
                    data += _read_up_to(stream, cap - len(data))
        else:
            data = _read_up_to(fp, cap)
    except OSError as error:
        raise export_error(
            name, f"The file cannot be opened ({error.strerror or error})."
        ) from None
    if len(data) > cap:
        raise export_error(name, f"Refused: larger than {cap // MB:,} MB. {RAISE_LIMITS}")
    return data


def _read_up_to(stream: BinaryIO, cap: int) -> bytes:
    """At most `cap` + 1 bytes, a megabyte at a time (one read of `cap` bytes would reserve
    all of it at once, however small the file)."""
    data = bytearray()
    while len(data) <= cap:
        chunk = stream.read(MB)
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _read_workbook(data: bytes, name: str) -> RawTable:
    try:
        # header=None: pandas would rename a repeated header "X.1", hiding that it repeats.
        cells = pd.read_excel(
            io.BytesIO(data), engine="calamine", sheet_name=0, dtype=object, header=None
        )
    except Exception as error:  # calamine raises several types for damaged archives
        raise export_error(
            name,
            "The Excel file cannot be read (it may be damaged or cut short): "
            f"{type(error).__name__}. Save it again from Excel or export the tickets as CSV.",
        ) from None
    sheet_name = _first_sheet_name(data)
    written = [
        f"Unnamed: {position}" if pd.isna(header) else str(header)
        for position, header in enumerate(cells.iloc[0] if len(cells) else [])
    ]
    headers, repeated = unique_headers(written)
    frame = cells.iloc[1:].set_axis(headers, axis="columns")
    frame = frame.astype("str").replace(list(NULL_MARKERS), pd.NA)
    frame = frame.dropna(how="all")
    return RawTable(frame.reset_index(drop=True), name, sheet=sheet_name, repeated=repeated)


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


def is_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8 (a BOM included), checked by Arrow where they lie: decoding
    them would copy the whole file, only to learn the same."""
    offsets = pa.py_buffer(struct.pack("<2q", 0, len(data)))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _read_csv(data: bytes, name: str) -> RawTable:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise export_error(
            name, "This is not a CSV or Excel file. Export the tickets as CSV or XLSX."
        )
    if is_utf8(data):  # the usual case: Arrow reads the bytes, no decoded copy is kept
        head = data[: 4 * HEADER_CHARS].decode("utf-8-sig", errors="ignore")[:HEADER_CHARS]
        delimiter = _sniff_delimiter(head, name)
        frame = _read_csv_fast(data, _csv_options(delimiter))
        if frame is not None:
            return _named(frame, name, head, delimiter, data=data)
    text, _ = _decode(data)
    delimiter = _sniff_delimiter(text, name)
    frame = _read_csv_careful(text, name, _csv_options(delimiter))
    return _named(frame, name, text, delimiter, text=text)


def _named(
    frame: pd.DataFrame, name: str, head: str, delimiter: str, *, data: bytes = b"", text: str = ""
) -> RawTable:
    """The table with its columns named as the file's header (`head`) writes them, each
    repeated header told apart."""
    headers, repeated = unique_headers(_written_headers(head, delimiter, frame))
    frame = frame.set_axis(headers, axis="columns")
    return RawTable(frame, name, text=text, data=data, delimiter=delimiter, repeated=repeated)


def _csv_options(delimiter: str) -> dict[str, Any]:
    return {
        "sep": delimiter,
        "dtype": "str",
        "keep_default_na": False,
        "na_values": list(NULL_MARKERS),
    }


def _written_headers(text: str, delimiter: str, frame: pd.DataFrame) -> list[str]:
    """The header record as written (pandas renames a repeated header "X.1")."""
    try:
        start = io.StringIO(text[:HEADER_CHARS], newline="")  # not a copy of the whole file
        written = next(csv.reader(start, delimiter=delimiter), [])
    except csv.Error:
        written = []
    if len(written) != len(frame.columns):  # the parsers disagree: keep what pandas saw
        return [str(header) for header in frame.columns]
    return written


def _read_csv_fast(data: bytes, options: dict[str, Any]) -> pd.DataFrame | None:
    """Arrow's CSV reader (several times faster); None when it balks, so the C parser decides.

    Only for UTF-8 (the text decoded as such), which Arrow reads natively, skipping a byte-order
    mark itself: named "utf-8-sig", pandas would have Arrow pass every byte through Python's
    codec first, which took twice as long as the parse (0.7 s of 1.0 s on 500,000 tickets).
    """
    try:
        frame: pd.DataFrame = pd.read_csv(
            io.BytesIO(data), engine="pyarrow", encoding="utf-8", **options
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
        raise export_error(
            name, f"The CSV cannot be read: {message}. Check it opens in Excel."
        ) from None


def _sniff_delimiter(text: str, name: str) -> str:
    """Comma or semicolon, whichever splits the header line more; tab and pipe are refused."""
    header = text[: text.find("\n")] if "\n" in text[:65536] else text[:65536]
    commas, semicolons = header.count(","), header.count(";")
    if commas == 0 and semicolons == 0:
        for delimiter, label in OTHER_DELIMITERS.items():
            if header.count(delimiter) >= 1:
                raise export_error(
                    name,
                    f"The file is {label}-delimited, so every row reads as one column. Export "
                    "it as CSV (comma- or semicolon-separated) or save it as XLSX.",
                )
    return ";" if semicolons > commas else ","


def _csv_lines_of_records(text: str, positions: set[int], delimiter: str) -> dict[int, int]:
    """The 1-based file line where each data record in `positions` starts, as an editor counts.

    Quoted cells may span lines (Jira descriptions), so lines are counted by a CSV reader, in one
    pass however many records are asked for; only called when reporting a problem, so the speed
    of a Python loop does not matter here. A record not reached is left out (one line per record
    is assumed for it).
    """
    found: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader, None)  # header
        start, record = reader.line_num + 1, -1
        for row in reader:
            if any(cell.strip() for cell in row):
                record += 1
                if record in positions:
                    found[record] = start
                    if len(found) == len(positions):
                        break
            start = reader.line_num + 1
    except csv.Error:
        pass
    return found
