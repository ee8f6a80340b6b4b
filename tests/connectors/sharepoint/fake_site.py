"""The site every SharePoint connector test starts from, and how a test reaches it.

The library talks to tests/fake_sharepoint.py on 127.0.0.1; authentication goes only through the
library's own `with_access_token`. Nothing in the library is patched.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from connectors import sharepoint as sp
from tests.fake_sharepoint import FakeSharePoint

PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
ANN_TOKEN = "ann-token-5e3c"
BOB_TOKEN = "bob-token-9a7f"
ANN, BOB = "Ann Admin", "Bob Vcio"
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
# Complete certificate sign-in settings, as the environment would give them.
FULL_CERT = {
    sp.SITE_URL: "https://contoso.sharepoint.com/sites/cst",
    sp.FILE: PATH,
    sp.TENANT: "contoso.onmicrosoft.com",
    sp.CLIENT_ID: "11111111-2222-3333-4444-555555555555",
    sp.CERT_PATH: "/secure/pulse.pem",
    sp.CERT_THUMBPRINT: "AB12CD34",
}


def xlsx(marker: str) -> bytes:
    """A tiny zip standing in for a workbook; `marker` tells versions apart."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("marker.txt", marker)
    return buffer.getvalue()


V1, V2, V3 = xlsx("v1"), xlsx("v2"), xlsx("v3")


def settings_for(
    fake: FakeSharePoint, token: str = ANN_TOKEN, path: str = PATH
) -> sp.SharePointSettings:
    return sp.SharePointSettings(site_url=fake.site_url, file_path=path, access_token=token)


def session_for(
    settings: sp.SharePointSettings, sleeps: list[float], *, read_timeout: float = 2.0
) -> sp.SharePointSession:
    policy = sp.RequestPolicy(connect_timeout=1.0, read_timeout=read_timeout, sleep=sleeps.append)
    return sp.open_session(settings, policy=policy)


def marker(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("marker.txt").decode()
