"""Rebuild a zip archive copying untouched entries' compressed bytes exactly as they were.

Python's zipfile can only re-compress, which changes every entry's compressed bytes (Excel's
deflate is not zlib's). Here the local record of an untouched entry (header, compressed data,
data descriptor) is copied verbatim; only rewritten or new entries are deflated afresh.
Archives needing ZIP64 are left to zipfile (the caller falls back when this returns None).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_OF_CENTRAL = struct.Struct("<4s4H2LH")
DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
ZIP64_EXTRA_ID = 0x0001
ZIP32_LIMIT = 0xFFFFFFFF
MAX_ENTRIES = 0xFFFF
UTF8_NAME_FLAG = 0x800
DATA_DESCRIPTOR_FLAG = 0x08
DEFLATE_VERSION = 20  # 2.0: deflate


@dataclass(frozen=True)
class _Central:
    """The central-directory fields of one entry, minus its offset."""

    create_version: int
    create_system: int
    extract_version: int
    reserved: int
    flag_bits: int
    compress_type: int
    dos_time: int
    dos_date: int
    crc: int
    compress_size: int
    file_size: int
    name: bytes
    extra: bytes
    comment: bytes
    internal_attr: int
    external_attr: int

    def record(self, offset: int) -> bytes:
        """This entry's central-directory record, for a local record starting at `offset`."""
        header = CENTRAL_HEADER.pack(
            b"PK\x01\x02",
            self.create_version,
            self.create_system,
            self.extract_version,
            self.reserved,
            *self._shared_fields(),
            len(self.name),
            len(self.extra),
            len(self.comment),
            0,
            self.internal_attr,
            self.external_attr,
            offset,
        )
        return header + self.name + self.extra + self.comment

    def fresh_local_header(self) -> bytes:
        """The local header of an entry written here: no extra field, sizes known up front."""
        header = LOCAL_HEADER.pack(
            b"PK\x03\x04", self.extract_version, 0, *self._shared_fields(), len(self.name), 0
        )
        return header + self.name

    def _shared_fields(self) -> tuple[int, ...]:
        """Flags to sizes: the run of fields the central and the local header share, in order."""
        return (
            self.flag_bits,
            self.compress_type,
            self.dos_time,
            self.dos_date,
            self.crc,
            self.compress_size,
            self.file_size,
        )


def rebuild_zip(
    source: bytes,
    infos: list[zipfile.ZipInfo],
    *,
    replaced: Mapping[str, bytes],
    added: list[tuple[str, bytes]],
) -> bytes | None:
    """`infos` in order (raw copies unless in `replaced`), then `added`; None if ZIP64 needed."""
    if len(infos) + len(added) >= MAX_ENTRIES or any(_needs_zip64(info) for info in infos):
        return None
    out = bytearray()
    directory = bytearray()
    for info in infos:
        offset = len(out)
        if info.filename in replaced:
            local, central = _deflated(info.filename, replaced[info.filename], like=info)
        else:
            local, central = _raw_record(source, info), _central_of(info)
        out += local
        directory += central.record(offset)
    for name, data in added:
        offset = len(out)
        local, central = _deflated(name, data, like=zipfile.ZipInfo(name))
        out += local
        directory += central.record(offset)
    count = len(infos) + len(added)
    if len(out) + len(directory) >= ZIP32_LIMIT:
        return None
    end = END_OF_CENTRAL.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


def _needs_zip64(info: zipfile.ZipInfo) -> bool:
    sizes = (info.file_size, info.compress_size, info.header_offset)
    return any(size >= ZIP32_LIMIT for size in sizes) or _has_zip64_extra(info.extra)


def _has_zip64_extra(extra: bytes) -> bool:
    position = 0
    while position + 4 <= len(extra):
        header_id, length = struct.unpack_from("<2H", extra, position)
        if header_id == ZIP64_EXTRA_ID:
            return True
        position += 4 + length
    return False


def _raw_record(source: bytes, info: zipfile.ZipInfo) -> bytes:
    """The entry's local header, compressed bytes and data descriptor, as they are in `source`."""
    start = info.header_offset
    fields = LOCAL_HEADER.unpack_from(source, start)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    end = start + LOCAL_HEADER.size + fields[10] + fields[11] + info.compress_size
    if info.flag_bits & DATA_DESCRIPTOR_FLAG:
        end += 16 if source[end : end + 4] == DESCRIPTOR_SIGNATURE else 12
    return source[start:end]


def _name_bytes(info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename.encode("utf-8")
    return info.filename.encode("cp437")


def _dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _central_of(info: zipfile.ZipInfo) -> _Central:
    dos_time, dos_date = _dos_stamp(info.date_time)
    return _Central(
        create_version=info.create_version,
        create_system=info.create_system,
        extract_version=info.extract_version,
        reserved=info.reserved,
        flag_bits=info.flag_bits,
        compress_type=info.compress_type,
        dos_time=dos_time,
        dos_date=dos_date,
        crc=info.CRC,
        compress_size=info.compress_size,
        file_size=info.file_size,
        name=_name_bytes(info),
        extra=info.extra,
        comment=info.comment,
        internal_attr=info.internal_attr,
        external_attr=info.external_attr,
    )


def _deflated(name: str, data: bytes, *, like: zipfile.ZipInfo) -> tuple[bytes, _Central]:
    """A freshly deflated entry keeping the original's date and attributes."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    compressed = compressor.compress(data) + compressor.flush()
    dos_time, dos_date = _dos_stamp(like.date_time)
    central = _Central(
        create_version=DEFLATE_VERSION,
        create_system=like.create_system,
        extract_version=DEFLATE_VERSION,
        reserved=0,
        flag_bits=0 if name.isascii() else UTF8_NAME_FLAG,
        compress_type=zipfile.ZIP_DEFLATED,
        dos_time=dos_time,
        dos_date=dos_date,
        crc=zlib.crc32(data),
        compress_size=len(compressed),
        file_size=len(data),
        name=name.encode("utf-8"),
        extra=b"",
        comment=like.comment,
        internal_attr=like.internal_attr,
        external_attr=like.external_attr,
    )
    return central.fresh_local_header() + compressed, central
