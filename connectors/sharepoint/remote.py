"""The workbook as read from SharePoint: its bytes and the version they belong to."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO


@dataclass(frozen=True)
class RemoteFile:
    """The workbook's bytes and the version they belong to."""

    name: str
    server_relative_url: str
    data: bytes = field(repr=False)
    etag: str  # SharePoint's '"{GUID},N"'; a save must name it in If-Match
    modified_at: datetime | None
    modified_by: str  # display name of whoever saved this version
    fetched_at: datetime  # when this copy came from SharePoint (UTC)
    from_cache: bool = False  # True when SharePoint was unreachable and this is the disk copy

    @property
    def version(self) -> str:
        """The version counter inside the ETag ('3' for '"{GUID},3"'), or the whole ETag."""
        tail = etag_key(self.etag).rpartition(",")[2]
        return tail or self.etag

    def stream(self) -> BytesIO:
        """A fresh file-like object for read_workbook(fp)."""
        return BytesIO(self.data)


def etag_key(etag: str) -> str:
    """An ETag as SharePoint means it: '"{ABC-1},3"', '{abc-1},3' and 'abc-1,3' are one version.

    SharePoint spells one item's ETag differently on different endpoints (braces or none, upper
    or lower case, quoted or not, sometimes a weak W/ prefix); only the GUID and counter count.
    """
    text = etag.strip().removeprefix("W/").strip().strip('"')
    return text.replace("{", "").replace("}", "").replace(" ", "").lower()


def same_etag(first: str, second: str) -> bool:
    return etag_key(first) == etag_key(second)


def is_xlsx_package(data: bytes) -> bool:
    """An .xlsx is a zip; an HTML sign-in page or a truncated transfer is not."""
    return zipfile.is_zipfile(BytesIO(data))
