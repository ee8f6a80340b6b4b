"""Which workbook a session opens (ui/source.py) under AppTest: the live SharePoint file when it
is configured (tests/fake_sharepoint.py with the real office365 client), its last good copy in an
outage, and a plain message when the first download fails; else the local file."""

from __future__ import annotations

import pytest

from tests.app_fixtures import start, texts
from tests.fake_sharepoint import FakeSharePoint

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        ("properties", 401, "SharePoint refused the credentials (401)"),
        ("properties", 404, "SharePoint has no file"),
        ("content", 503, "SharePoint is busy or unavailable (503)"),
    ],
)
def test_first_load_failure_is_a_message(
    live_scenario: FakeSharePoint, kind: str, status: int, expected: str
) -> None:
    live_scenario.fail(kind, status, times=10, headers={"Retry-After": "0"})
    app = start()
    assert not app.exception
    assert "cannot be read from SharePoint" in texts(app.error)
    assert expected in texts(app.error)


def test_outage_after_a_download_shows_the_cached_copy(live_scenario: FakeSharePoint) -> None:
    start()  # a first session leaves the last good copy in the cache
    live_scenario.fail("head", 503, times=10)
    live_scenario.fail("properties", 503, times=10, headers={"Retry-After": "0"})
    app = start()
    assert not app.exception
    assert "SharePoint is unreachable" in texts(app.sidebar.warning)
