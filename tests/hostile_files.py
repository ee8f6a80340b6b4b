"""Crafted files an attacker could hand the team, made in the test (never stored): regex bombs,
zip bombs (a part that declares its real size, and one that lies about it), and a runner that
executes the CLI under a memory limit and a time bound."""

from __future__ import annotations

import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from tests.xlsx_checks import entries

MB = 1 << 20
MEMORY_LIMIT = 600 * MB  # address space: `pulse validate` of the sample needs well under it
TIME_LIMIT_S = 60  # generous for a loaded 2-core machine; the old code took minutes

LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s2H4H3L5H2L")
END = struct.Struct("<4s4H2LH")

# The old patterns backtracked over every "<workbookPr" / '<c t="e"' start up to the comment's
# end: time grew with the square of the repeats (minutes for 10 KB of them).
DATE1904_BOMB = b"<!--" + b"<workbookPr " * 20_000 + b"-->"
ERROR_CELL_BOMB = b"<!--" + b'<c t="e" ' * 20_000 + b"-->"


def with_parts(source: bytes, changed: dict[str, bytes]) -> bytes:
    """`source` with some parts' bytes replaced (deflated like Excel's)."""
    parts = {**entries(source), **changed}
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def after_declaration(xml: bytes, insert: bytes) -> bytes:
    """`insert` placed after the XML declaration (a comment is allowed anywhere after it)."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + insert + xml[end:]


def regex_bomb(source: bytes, sheet_part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with both crafted comments: in workbook.xml and in a sheet."""
    parts = entries(source)
    return with_parts(
        source,
        {
            "xl/workbook.xml": after_declaration(parts["xl/workbook.xml"], DATE1904_BOMB),
            sheet_part: after_declaration(parts[sheet_part], ERROR_CELL_BOMB),
        },
    )


def inflating(source: bytes, part: str, size: int, *, declared: int | None = None) -> bytes:
    """`source` with `part` replaced by `size` bytes of spaces, deflated ~1000:1 in no time (a
    megabyte deflated once, repeated: a full flush makes each copy independent); with
    `declared`, its local and central headers claim that many bytes instead."""
    parts = {name: _deflated(data) for name, data in entries(source).items() if name != part}
    block = b" " * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(block, crc)
    real = (size // MB) * MB
    parts[part] = _Entry(one * (size // MB) + packer.flush(), crc, real)
    return _zip(parts, declared={part: declared} if declared is not None else {})


@dataclass(frozen=True)
class _Entry:
    compressed: bytes
    crc: int
    size: int


def _deflated(data: bytes) -> _Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return _Entry(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _zip(parts: dict[str, _Entry], *, declared: dict[str, int]) -> bytes:
    """A plain (non-ZIP64) archive of already deflated entries, sizes as `declared` says."""
    out, directory = bytearray(), bytearray()
    for name, entry in parts.items():
        encoded = name.encode()
        size = declared.get(name, entry.size)
        # flags, deflate, time 00:00, date 1980-01-01, crc, compressed and declared sizes
        shared = (0, 8, 0, 0x21, entry.crc, len(entry.compressed), size)
        header = CENTRAL.pack(b"PK\x01\x02", 20, 20, *shared, len(encoded), 0, 0, 0, 0, 0, len(out))
        directory += header + encoded
        out += LOCAL.pack(b"PK\x03\x04", 20, *shared, len(encoded), 0) + encoded
        out += entry.compressed
    count = len(parts)
    end = END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


def run_limited(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`pulse ARGS` in a fresh process under MEMORY_LIMIT, ended after TIME_LIMIT_S."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "pulse.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S,
        preexec_fn=limit,
        check=False,
    )


# --- hostile text: client names, file names and query parameters that spell HTML or Markdown ---

ATTACKER = "attacker.example"
HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    f"[Sign in again](http://{ATTACKER}/phish)",
    f"![pixel](http://{ATTACKER}/pixel.png) Co",
    "# Big Heading Co",
    f":red[Pwned] www.{ATTACKER}",
)


def clients_with_episodes(workbook: Path) -> list[str]:
    """Recommended clients first (they are on every Monday table), then the other ones."""
    from connectors.workbook import read_workbook

    episodes = read_workbook(workbook).episodes
    recommended = episodes["status"] == "Recommended"
    ordered = [*episodes.loc[recommended, "client"], *episodes.loc[~recommended, "client"]]
    return list(dict.fromkeys(ordered))


def write_hostile_workbook(source: Path, target: Path) -> dict[str, str]:
    """A copy whose first clients with episodes are renamed to HOSTILE_NAMES on every sheet.

    The names are stored as text cells (openpyxl would make '=...' a formula otherwise): a
    workbook pasted from a CSV or a ticket export holds exactly such text.
    """
    import openpyxl

    renames = dict(zip(clients_with_episodes(source), HOSTILE_NAMES, strict=False))
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in renames:
                    cell.value = renames[cell.value.strip()]
                    cell.data_type = "s"
    book.save(target)
    return renames
