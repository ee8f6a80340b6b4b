"""rebuild_zip: untouched entries copied byte for byte, rewritten and new ones deflated afresh."""

from __future__ import annotations

import io
import zipfile

from connectors.zip_raw import rebuild_zip
from tests.xlsx_checks import compressed_entries, entries


def archive(*files: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 15, 10, 30, 0))
            info.external_attr = 0o640 << 16
            target.writestr(info, data, compression)
    return out.getvalue()


def infos(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return source.infolist()


SOURCE = archive(("a.xml", b"<a/>" * 50), ("b.bin", b"\x00\x01" * 30), ("c.txt", b"see"))


def test_nothing_replaced_gives_the_same_entries_with_the_same_compressed_bytes() -> None:
    rebuilt = rebuild_zip(SOURCE, infos(SOURCE), replaced={}, added=[])
    assert rebuilt is not None
    assert compressed_entries(rebuilt) == compressed_entries(SOURCE)
    with zipfile.ZipFile(io.BytesIO(rebuilt)) as result:
        assert result.testzip() is None


def test_a_replaced_entry_keeps_its_place_date_and_attributes() -> None:
    rebuilt = rebuild_zip(SOURCE, infos(SOURCE), replaced={"b.bin": b"new bytes"}, added=[])
    assert rebuilt is not None
    assert entries(rebuilt) == {"a.xml": b"<a/>" * 50, "b.bin": b"new bytes", "c.txt": b"see"}
    replaced = infos(rebuilt)[1]
    assert (replaced.date_time, replaced.external_attr) == ((2024, 3, 15, 10, 30, 0), 0o640 << 16)
    assert replaced.compress_type == zipfile.ZIP_DEFLATED
    before, after = compressed_entries(SOURCE), compressed_entries(rebuilt)
    assert (after["a.xml"], after["c.txt"]) == (before["a.xml"], before["c.txt"])


def test_a_stored_entry_stays_stored_and_added_entries_come_last() -> None:
    stored = archive(("plain.txt", b"as is"), compression=zipfile.ZIP_STORED)
    added = [("xl/new.xml", b"<new/>"), ("données.xml", b"<d/>")]
    rebuilt = rebuild_zip(stored, infos(stored), replaced={}, added=added)
    assert rebuilt is not None
    result = infos(rebuilt)
    assert [info.filename for info in result] == ["plain.txt", "xl/new.xml", "données.xml"]
    assert [info.compress_type for info in result] == [zipfile.ZIP_STORED] + [
        zipfile.ZIP_DEFLATED
    ] * 2
    assert result[1].date_time == (1980, 1, 1, 0, 0, 0)
    assert result[2].flag_bits & 0x800  # a non-ASCII name is marked UTF-8
    assert entries(rebuilt)["données.xml"] == b"<d/>"


class Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in, so it writes a data descriptor after each entry."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.buffer += data
        return len(data)


def test_entries_with_data_descriptors_are_copied_whole() -> None:
    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("first.xml", b"<first/>" * 20)
        target.writestr("second.xml", b"<second/>")
    source = bytes(stream.buffer)
    assert all(info.flag_bits & 0x08 for info in infos(source))
    rebuilt = rebuild_zip(source, infos(source), replaced={"second.xml": b"<2/>"}, added=[])
    assert rebuilt is not None
    assert entries(rebuilt) == {"first.xml": b"<first/>" * 20, "second.xml": b"<2/>"}
    assert compressed_entries(rebuilt)["first.xml"] == compressed_entries(source)["first.xml"]


def test_archives_that_need_zip64_are_left_to_zipfile() -> None:
    huge = zipfile.ZipInfo("huge.bin")
    huge.file_size = 2**32  # one byte past what a 32-bit size field holds
    huge.header_offset = 0
    assert rebuild_zip(b"", [huge], replaced={}, added=[]) is None
    too_many = [(f"{n}.xml", b"") for n in range(0xFFFF)]
    assert rebuild_zip(b"", [], replaced={}, added=too_many) is None
