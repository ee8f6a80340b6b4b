"""Which workbook a session opens (ui/source.py) under AppTest: the live SharePoint file when it
is configured (tests/fake_sharepoint.py with the real office365 client), its last good copy in an
outage, and a plain message when the first download fails; else the local file, and with none
named this week's sample (app/sample.py), or the committed copy when it cannot be made."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_fixtures import start, texts
from tests.fake_sharepoint import FakeSharePoint
from tests.paths import SAMPLE_WORKBOOK

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


@pytest.fixture
def no_workbook_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`make run` as a newcomer runs it: no PULSE_WORKBOOK, no SharePoint, a cache of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PULSE_WORKBOOK", raising=False)
    monkeypatch.delenv("PULSE_SHAREPOINT_SITE_URL", raising=False)
    monkeypatch.setenv("PULSE_NOW", "2026-11-25T10:00")  # the committed sample's own week
    return tmp_path


def test_with_no_workbook_named_this_weeks_sample_is_served(
    no_workbook_named: Path, private_ticket_cache: Path
) -> None:
    app = start()
    assert not app.exception
    made = private_ticket_cache / "sample" / "2026-11-23" / "client_pulse_sample.xlsx"
    captions = texts(app.sidebar.caption)
    assert f"Workbook (local file): **{made}**" in captions
    assert "The bundled sample, made for the week of Mon 23 Nov 2026" in captions
    assert "Tickets: **tickets_generic.csv** (" in captions  # the copy's own export
    assert made.is_file()


def test_a_cache_that_cannot_be_written_serves_the_committed_copy(
    no_workbook_named: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = no_workbook_named / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PULSE_CACHE_DIR", str(blocker))
    app = start()
    assert not app.exception
    assert "This week's sample cannot be made in" in texts(app.sidebar.warning)
    assert "showing the committed copy, dated Mon 23 Nov 2026" in texts(app.sidebar.warning)
    assert f"**{SAMPLE_WORKBOOK}**" in texts(app.sidebar.caption)
    assert "The committed sample, dated Mon 23 Nov 2026" in texts(app.sidebar.caption)


@pytest.mark.usefixtures("own_settings")
def test_the_apps_workbook_is_read_within_the_configured_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # [limits] in pulse.toml reaches the app's own reading, not only the CLI's: a workbook whose
    # parts inflate to about 2 MB (a notes tab of 20,000 lines of 100 characters) is refused
    # unread under a 1 MB total, with a message naming the file and no traceback.
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE_WORKBOOK)
    notes = book.create_sheet("Team Notes")
    for number in range(20_000):
        notes.append([f"{number:05d} " + "x" * 94])
    workbook = tmp_path / "client_pulse.xlsx"
    book.save(workbook)
    config = tmp_path / "pulse.toml"
    config.write_text("[limits]\nxlsx_total_mb = 1\n")
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    app = start()
    assert not app.exception
    assert "client_pulse.xlsx" in texts(app.error)
    assert not app.metric


def test_no_page_edits_the_shared_workbook_or_picture(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read workbook and each Monday picture are one object shared by every run and session
    (st.cache_resource): a decision recorded, and every page drawn, leave them as made."""
    import copy
    import dataclasses

    import pandas as pd

    import ui.pending
    from tests.app_fixtures import approve_beta, recommend_echo
    from ui.context import CONTEXT_KEY
    from ui.routing import PAGES

    made: list[tuple[object, object]] = []  # each picture computed, with a copy as made
    compute = ui.pending.week_picture

    def kept(*args: object, **kwargs: object) -> object:
        picture = compute(*args, **kwargs)  # type: ignore[arg-type]
        made.append((picture, copy.deepcopy(picture)))
        return picture

    monkeypatch.setattr(ui.pending, "week_picture", kept)
    app = start()
    read = app.session_state[CONTEXT_KEY].workbook
    before = copy.deepcopy(read)
    approve_beta(recommend_echo(app))
    assert not app.exception, [e.message for e in app.exception]
    for path, _, _ in PAGES:
        app.switch_page(path).run()
        assert not app.exception, (path, [e.message for e in app.exception])
    shared = app.session_state[CONTEXT_KEY].workbook
    assert shared is read  # not read again, not copied
    for name in ("clients", "episodes", "actions", "escalation", "audit", "history"):
        pd.testing.assert_frame_equal(getattr(shared, name), getattr(before, name))
    assert made  # the Monday page computed its picture here (nothing cached from another test)
    for picture, as_made in made:
        for field in dataclasses.fields(picture):  # type: ignore[arg-type]
            now, then = getattr(picture, field.name), getattr(as_made, field.name)
            if isinstance(now, pd.DataFrame):
                pd.testing.assert_frame_equal(now, then)
            else:
                assert now == then
