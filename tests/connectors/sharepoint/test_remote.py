"""RemoteFile: the version counter inside SharePoint's ETag, and a fresh stream per read."""

from __future__ import annotations

import pytest

from connectors import sharepoint as sp
from connectors.sharepoint.remote import is_xlsx_package
from tests.connectors.sharepoint.fake_site import MONDAY_10, PATH, V1


def remote(etag: str) -> sp.RemoteFile:
    return sp.RemoteFile("Client Pulse.xlsx", PATH, V1, etag, None, "", MONDAY_10)


@pytest.mark.parametrize(
    ("etag", "version"),
    [
        ('"{5E3C0A2B-1D4F-4A8B-9C7E-0F1A2B3C4D5E},3"', "3"),
        ('"{5E3C0A2B-1D4F-4A8B-9C7E-0F1A2B3C4D5E},12"', "12"),
        ("opaque-tag", "opaque-tag"),  # no counter: the whole ETag stands for the version
        ('"{A},"', '"{A},"'),
    ],
)
def test_version_is_the_counter_inside_the_etag(etag: str, version: str) -> None:
    assert remote(etag).version == version


def test_each_stream_starts_at_the_beginning() -> None:
    file = remote('"{A},1"')
    first = file.stream()
    first.read()
    assert file.stream().read() == V1


def test_the_bytes_are_left_out_of_the_repr() -> None:
    assert "data=" not in repr(remote('"{A},1"'))


@pytest.mark.parametrize(
    ("data", "expected"),
    [(V1, True), (b"<html>Sign in to your account</html>", False), (b"", False), (V1[:40], False)],
    ids=["xlsx", "sign-in page", "empty", "cut short"],
)
def test_is_xlsx_package(data: bytes, expected: bool) -> None:
    assert is_xlsx_package(data) is expected
