"""The zip of XML parts: parts parsed on demand, untouched entries copied byte for byte."""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO

import pytest
from lxml import etree

from connectors.errors import WorkbookError
from connectors.xlsx_patch import package
from connectors.xlsx_patch.package import Package, XmlPart
from connectors.zip_raw import rebuild_zip
from tests.connectors.xlsx_patch.pulse_tabs import (
    OWNED_NAMES,
    with_pulse_tabs,
    write_pulse_values,
)
from tests.paths import REALDATA
from tests.xlsx_checks import (
    assert_only_owned_changed,
    compressed_entries,
    entries,
    minimal_xlsx,
    zipped,
)


def test_zip64_archives_fall_back_to_recompressing(monkeypatch: pytest.MonkeyPatch) -> None:
    zip64 = zipfile.ZipInfo("big.bin")
    zip64.extra = struct.pack("<2HQ", 1, 8, 2**33)  # a ZIP64 size field, as read from a file
    zip64.header_offset = 0
    assert rebuild_zip(b"", [zip64], replaced={}, added=[]) is None
    monkeypatch.setattr(package, "rebuild_zip", lambda *args, **kwargs: None)
    source = (REALDATA / "xlsx" / "excelize_Book1.xlsx").read_bytes()
    exported = write_pulse_values(with_pulse_tabs(source))
    assert_only_owned_changed(source, exported, OWNED_NAMES)


def test_untouched_entries_keep_name_order_and_compression() -> None:
    source = (REALDATA / "xlsx" / "excelize_Book1.xlsx").read_bytes()
    exported = with_pulse_tabs(source)
    with zipfile.ZipFile(BytesIO(source)) as before, zipfile.ZipFile(BytesIO(exported)) as after:
        old = {info.filename: info for info in before.infolist()}
        new = after.infolist()
        assert [info.filename for info in new[: len(old)]] == list(old)
        for info in new[: len(old)]:
            assert (info.compress_type, info.date_time) == (
                old[info.filename].compress_type,
                old[info.filename].date_time,
            )
        assert {info.compress_type for info in new[len(old) :]} == {zipfile.ZIP_DEFLATED}


def test_an_untouched_package_comes_back_with_every_entry_as_it_was() -> None:
    source = (REALDATA / "xlsx" / "excelize_Book1.xlsx").read_bytes()
    copied = Package(source, "book.xlsx").to_bytes()
    assert compressed_entries(copied) == compressed_entries(source)
    assert entries(copied) == entries(source)


def test_not_a_zip_is_a_workbook_error_naming_the_file() -> None:
    with pytest.raises(WorkbookError, match=r"pulse\.xlsx: is not an \.xlsx file"):
        Package(b"PK but not really", "pulse.xlsx")


@pytest.mark.parametrize("part", ["xl/missing.xml", "xl/broken.xml"])
def test_a_missing_or_broken_part_is_named(part: str) -> None:
    source = zipped({**entries(minimal_xlsx("")), "xl/broken.xml": b"<open-but-never-closed>"})
    with pytest.raises(WorkbookError, match=f"part {part} is missing or broken"):
        Package(source, "t.xlsx").root(part)


def test_related_follows_internal_relationships_of_a_type_only() -> None:
    rels = entries(minimal_xlsx(""))["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" TargetMode="External" Target="https://example.com/x.xml"'
        b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>'
        b"</Relationships>",
    )
    source = zipped({**entries(minimal_xlsx("")), "xl/_rels/workbook.xml.rels": rels})
    found = Package(source, "t.xlsx").related("xl/workbook.xml", "/styles")
    assert [(rel.get("Id"), target) for rel, target in found] == [("rId2", "xl/styles.xml")]


def test_a_part_without_rels_has_no_relationships() -> None:
    assert Package(minimal_xlsx(""), "t.xlsx").related("xl/styles.xml", "") == []


def test_added_and_removed_parts() -> None:
    files = Package(minimal_xlsx(""), "t.xlsx")
    files.add("xl/new.xml", etree.Element("new"))
    files.removed.add("xl/styles.xml")
    assert (files.has("xl/new.xml"), files.has("xl/styles.xml"), files.has("xl/no.xml")) == (
        True,
        False,
        False,
    )
    rebuilt = entries(files.to_bytes())
    assert "xl/styles.xml" not in rebuilt
    assert (
        rebuilt["xl/new.xml"] == b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<new/>"
    )


@pytest.mark.parametrize(
    ("declaration", "written"),
    [
        (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
        ),
        (b"", b"<?xml version='1.0' encoding='UTF-8'?>"),  # none: a plain one is added
    ],
)
def test_a_rewritten_part_keeps_its_standalone_flag(declaration: bytes, written: bytes) -> None:
    files = Package(zipped({"xl/a.xml": declaration + b'<a xmlns="urn:x"><b/></a>'}), "t.xlsx")
    files.root("xl/a.xml").append(etree.Element("{urn:x}c"))
    files.dirty.add("xl/a.xml")
    rewritten = entries(files.to_bytes())["xl/a.xml"]
    assert rewritten == written + b'\n<a xmlns="urn:x"><b/><c/></a>'


def test_a_rewritten_part_keeps_no_doctype_and_no_entity() -> None:
    # A crafted part: a DOCTYPE declaring a SYSTEM entity, referenced in a cell's text.
    hostile = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<!DOCTYPE a [<!ENTITY xxe SYSTEM "http://attacker.example/x">]>'
        b'<a xmlns="urn:x"><b>before &xxe; after</b></a>'
    )
    files = Package(zipped({"xl/a.xml": hostile}), "t.xlsx")
    files.root("xl/a.xml").append(etree.Element("{urn:x}c"))
    files.dirty.add("xl/a.xml")
    rewritten = entries(files.to_bytes())["xl/a.xml"]
    # Without a declaration the default, standalone="no", is written out.
    assert rewritten == (
        b"<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
        b'<a xmlns="urn:x"><b>before  after</b><c/></a>'
    )


def test_an_xml_part_qualifies_tags_with_its_own_namespace() -> None:
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    source = zipped({"xl/s.xml": f'<worksheet xmlns="{strict}"/>'.encode()})
    assert XmlPart(Package(source, "t.xlsx"), "xl/s.xml").tag("row") == f"{{{strict}}}row"
