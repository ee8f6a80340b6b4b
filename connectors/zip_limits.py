"""Refuse a zip bomb before anything inflates it: every part of an .xlsx package is measured.

An .xlsx is a zip archive, and deflate packs a gigabyte of repeated bytes into a megabyte, so a
small upload can make a reader (calamine, lxml) allocate gigabytes. Each part's declared size is
checked against `InputLimits` first, then its compressed bytes are inflated here, one bounded
chunk at a time and thrown away, counting what they really give: a part that lies about its size
is refused as soon as it passes the declared size or the cap, never after.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

from connectors.errors import Problem
from pulse.settings import InputLimits

MB = 1 << 20
CHUNK = 1 << 20  # inflate at most this many bytes at a time
LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature .. name length, extra length
SMALL_PARTS = ("xl/workbook.xml", "xl/sharedstrings.xml")  # lower case  # read whole, into memory


class PackageTooLarge(Exception):
    """A part (or the whole package) inflates past a limit; `problem` names it and what to do."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def check_package(data: bytes, label: str, limits: InputLimits) -> None:
    """Raise PackageTooLarge when any part of the zip in `data` inflates past `limits`.

    A package zipfile cannot open is left to the reader, which says it is damaged.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    _check_declared(infos, label, limits)
    for info in infos:
        _check_inflated(data, info, label, _cap(info.filename, limits))


def _check_declared(infos: list[zipfile.ZipInfo], label: str, limits: InputLimits) -> None:
    total = 0
    for info in infos:
        _refuse_over(info.file_size, _cap(info.filename, limits), label, info.filename)
        total += info.file_size
    _refuse_over(total, limits.xlsx_total_mb * MB, label, "")


def _cap(part: str, limits: InputLimits) -> int:
    small = part.lower() in SMALL_PARTS
    return (limits.xlsx_small_part_mb if small else limits.xlsx_part_mb) * MB


def _check_inflated(data: bytes, info: zipfile.ZipInfo, label: str, cap: int) -> None:
    """Inflate the part's raw bytes chunk by chunk; refuse once past its declared size or cap."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return  # stored parts are as long as their bytes; other methods the readers refuse
    start = _data_start(data, info)
    if start is None:
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = data[start : start + info.compress_size]
    limit = min(cap, info.file_size)
    size = 0
    try:
        while not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                return
            size += len(chunk)
            _refuse_over(size, limit, label, info.filename, declared=info.file_size)
    except zlib.error:
        return  # damaged data: the reader says so


def _data_start(data: bytes, info: zipfile.ZipInfo) -> int | None:
    offset = info.header_offset
    header = data[offset : offset + LOCAL_HEADER.size]
    if len(header) < LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        return None
    *_, name_length, extra_length = LOCAL_HEADER.unpack(header)
    return int(offset + LOCAL_HEADER.size + name_length + extra_length)


def _refuse_over(size: int, cap: int, label: str, part: str, *, declared: int = -1) -> None:
    if size <= cap:
        return
    if 0 <= declared < size:
        what = f"part {part} inflates past the {declared:,} bytes it declares"
        advice = "the file is damaged or crafted; do not use it, ask for the workbook again"
    else:
        where = f"part {part}" if part else "all its parts together"
        what = f"{where} would inflate to more than {cap // MB:,} MB"
        advice = "if the file is genuine, raise [limits] in pulse.toml (docs/security.md)"
    raise PackageTooLarge(Problem(label, f"refused unread: {what}; {advice}"))
