"""The app on the live SharePoint file (tests/fake_sharepoint.py, the real office365 client),
configured only through PULSE_SHAREPOINT_* environment variables: two sessions saving at once
end with both changes, and every SharePoint failure is a message on the page, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import read_workbook
from tests.apptest import shell_on_every_run
from tests.fake_sharepoint import FakeSharePoint, running
from tests.paths import REPO
from tests.scenario import scenario_workbook
from tests.test_page_records import recommend_echo, texts

APP = str(REPO / "streamlit_app.py")
PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
TOKEN = "ann-token"
ANN, BOB = "Ann Admin", "Bob Vcio"
AS_OF = "2026-11-23"
TIMEOUT_SECONDS = 1

pytestmark = pytest.mark.usefixtures("shell_on_every_run")
__all__ = ["shell_on_every_run"]


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSharePoint]:
    monkeypatch.chdir(tmp_path)  # no pulse.toml, no .streamlit/secrets.toml
    data = scenario_workbook(tmp_path / "scenario.xlsx").read_bytes()
    with running(FakeSharePoint(tokens={TOKEN: ANN, "bob-token": BOB})) as server:
        server.put(PATH, data, by=ANN)
        monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", server.site_url)
        monkeypatch.setenv("PULSE_SHAREPOINT_FILE", PATH)
        monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("PULSE_SHAREPOINT_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("PULSE_SHAREPOINT_TIMEOUT", str(TIMEOUT_SECONDS))
        monkeypatch.delenv("PULSE_WORKBOOK", raising=False)
        yield server


def start() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = AS_OF
    return app.run()


def approve_beta(app: AppTest) -> AppTest:
    app.selectbox(key="approve_client_any").set_value("Beta Law")
    app.text_input(key="approve_vcio_any").input("Marcus")
    app.text_input(key="approve_director_any").input("Dana Director")
    app.button(key="approve_submit_any").click()
    return app.run()


def save_from_sidebar(app: AppTest) -> AppTest:
    app.sidebar.button(key="sidebar_save").click()
    return app.run()


def messages(app: AppTest) -> str:
    return "\n".join([texts(app.error), texts(app.warning), texts(app.info)])


def test_two_sessions_saving_at_once_keep_both_changes(fake: FakeSharePoint) -> None:
    first, second = start(), start()  # both read version 1
    first = save_from_sidebar(recommend_echo(first))
    assert "Saved 5 change(s) to SharePoint: version 2" in texts(first.success)

    second = approve_beta(second)  # approve writes six cells
    second = save_from_sidebar(second)
    assert not second.exception, [e.message for e in second.exception]
    # Never overwritten: told who saved and when, their version loaded, ours replayed on it.
    assert f"{ANN} saved the workbook at 2026-03-02 10:01 UTC" in texts(second.warning)
    assert "re-applied your 6 unsaved change(s)" in texts(second.info)
    assert fake.files[PATH].version == 2
    second = save_from_sidebar(second)
    assert "Saved 6 change(s) to SharePoint: version 3" in texts(second.success)

    saved = read_workbook(fake.files[PATH].data)
    latest = saved.episodes.groupby("client_key").tail(1).set_index("client_key")["status"]
    assert (latest["echo capital"], latest["beta law"]) == ("Recommended", "Active")
    audit = saved.audit
    assert (audit["client"] == "Echo Capital").sum() == 5
    assert (audit["client"] == "Beta Law").sum() == 6
    week = saved.history[pd.to_datetime(saved.history["week"]) == pd.Timestamp(AS_OF)]
    assert len(week) == 6  # re-saving the week replaced its rows


def on_workbook_page(app: AppTest) -> AppTest:
    return app.switch_page("pages/workbook.py").run()


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("locked", "open in Excel for shared use, so SharePoint refused the save (423)"),
        ("429", "SharePoint is busy or unavailable (429)"),
        ("503", "SharePoint is busy or unavailable (503)"),
        ("401", "SharePoint refused the credentials (401)"),
        ("404", "SharePoint has no file"),
        ("timeout", f"SharePoint did not answer within {TIMEOUT_SECONDS} s"),
        ("changed", f"{BOB} saved the workbook at"),
    ],
)
def test_every_save_failure_is_a_message(fake: FakeSharePoint, failure: str, expected: str) -> None:
    app = on_workbook_page(start())
    if failure == "locked":
        fake.locked.add(PATH)
    elif failure in ("429", "503"):  # every attempt refused: retries exhausted
        fake.fail("save", int(failure), times=10, headers={"Retry-After": "0"})
    elif failure in ("401", "404"):
        fake.fail("properties", int(failure))
    elif failure == "timeout":
        fake.fail("properties", None, delay=TIMEOUT_SECONDS + 0.5)
    else:
        fake.put(PATH, fake.files[PATH].data, by=BOB)
    before = fake.files[PATH].version
    app.button(key="page_save").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert expected in messages(app)
    if failure != "changed":
        assert fake.files[PATH].version == before


def test_corrupt_download_on_sync_is_a_message(fake: FakeSharePoint) -> None:
    app = on_workbook_page(start())
    fake.put(PATH, b"<html>Sign in to your account</html>", by=BOB)
    app.button(key="sync_now").click()
    app = app.run()
    assert not app.exception
    assert "is not an Excel .xlsx file" in messages(app)


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        ("properties", 401, "SharePoint refused the credentials (401)"),
        ("properties", 404, "SharePoint has no file"),
        ("content", 503, "SharePoint is busy or unavailable (503)"),
    ],
)
def test_first_load_failure_is_a_message(
    fake: FakeSharePoint, kind: str, status: int, expected: str
) -> None:
    fake.fail(kind, status, times=10, headers={"Retry-After": "0"})
    app = start()
    assert not app.exception
    assert "cannot be read from SharePoint" in texts(app.error)
    assert expected in texts(app.error)


def test_outage_after_a_download_shows_the_cached_copy(fake: FakeSharePoint) -> None:
    start()  # a first session leaves the last good copy in the cache
    fake.fail("head", 503, times=10)
    fake.fail("properties", 503, times=10, headers={"Retry-After": "0"})
    app = start()
    assert not app.exception
    assert "SharePoint is unreachable" in texts(app.sidebar.warning)
