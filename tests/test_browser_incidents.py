"""The incident room in a real browser (the harness of tests/test_browser.py: `streamlit run` on a
free loopback port, Debian's headless Chromium through Playwright).

The business clock runs round the clock here (every day 00:00-23:59:59 UTC, no public holidays)
so that the countdown moves whenever the test runs, and the room redraws every 2 seconds.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from connectors.log_append import append_rows
from connectors.workbook import read_workbook
from pulse.schema import INCIDENT_LOG, Sheet
from tests.paths import SAMPLE_WORKBOOK
from tests.test_browser import (
    LOCAL_USER,
    PULSE_TOML,
    SETTLE_MS,
    AppPage,
    browser_tab,
    choose_option,
    chromium,
    running_app,
)

__all__ = ["chromium"]  # the session's browser, a fixture of tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REFRESH_SECONDS = 2
ROUND_THE_CLOCK = (
    PULSE_TOML
    + '\n[business_hours]\ntimezone = "UTC"\nopens = "00:00"\ncloses = "23:59:59"\n'
    + 'workdays = [0, 1, 2, 3, 4, 5, 6]\nholiday_country = "none"\n'
    + f"\n[incidents]\nrefresh_seconds = {REFRESH_SECONDS}\n"
)
NEXT_BOX = '[data-testid="stAlert"]:has-text("Next:")'
COUNTDOWN = re.compile(r"⏱ (.+?) \(business time\)")


@pytest.fixture
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Its own copy of the sample: these tests write the workbook."""
    folder = tmp_path_factory.mktemp("incident_app")
    path = folder / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, path)
    yield path


def first_client(path: Path) -> str:
    return str(read_workbook(path).clients["client"].iloc[0])


def click_step(ui: AppPage, label: str) -> None:
    """Click a step's button and wait until the room says it was saved."""
    ui.page.get_by_role("button", name=label, exact=True).click()
    said = f"{label.removeprefix('✓ ')} — saved to client_pulse.xlsx"
    try:
        ui.page.get_by_text(said).first.wait_for(timeout=30_000)
    except PlaywrightError:
        ui.fail(f"{label!r} was not saved (no {said!r})")
    ui.wait_for_run(f"clicking {label!r}")


def step_statuses(ui: AppPage) -> dict[str, str]:
    """Step -> status from the room's steps table (each row: Step, Who, Status, Due, ...)."""
    cells = ui.wait_for_grid_texts(["swarm_created", "first_response"], "the steps table")
    return {
        cells[i]: cells[i + 2]
        for i in range(len(cells) - 2)
        if cells[i].islower()
        and "_" in cells[i]
        and cells[i + 2] in {"met", "breached", "pending", "not_required"}
    }


def declare(ui: AppPage, client: str) -> str:
    """Declare an incident on the Critical incidents page; the ticket its room opened on."""
    ui.open("incidents")
    ui.page.get_by_role("tab", name="Declare by hand").click()
    form = ui.page.locator('[data-testid="stForm"]').filter(has_text="Declare the incident")
    form.get_by_label("Summary (the issue)").fill("Email down for everyone")
    choose_option(ui, form.locator('[data-testid="stSelectbox"]').first, client)
    form.get_by_role("button", name="Declare the incident").click()
    ui.wait_for_run("declaring")
    ui.wait_for("h1:has-text('Email down for everyone')", "the incident room")
    ticket = re.search(r"ticket=([^&]+)", ui.page.url)
    ui.check(ticket is not None, f"the room's address names no ticket: {ui.page.url}")
    assert ticket is not None
    return ticket.group(1)


def test_clicks_are_saved_read_back_and_a_second_session_is_kept(
    chromium: Browser, workbook: Path, tmp_path: Path
) -> None:
    client = first_client(workbook)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    with (
        running_app(workbook, workbook.parent, config=ROUND_THE_CLOCK) as app,
        browser_tab(chromium, app, tmp_path / "a") as ann,
        browser_tab(chromium, app, tmp_path / "b") as bob,
    ):
        ticket = declare(ann, client)
        bob.open("incident_room", ticket=ticket)  # drawn before Ann's clicks
        click_step(ann, "✓ SWARM space created")
        click_step(ann, "✓ Summary posted in the SWARM space")
        click_step(bob, "✓ vITM phoned")  # onto the file Ann saved meanwhile
        click_step(ann, "✓ Responded to the client")
        ann.page.reload()
        ann.wait_for_run("reloading")
        statuses = step_statuses(ann)
        ann.assert_healthy("the room after a reload")
        bob.assert_healthy("the second session")
    wanted = ("first_response", "swarm_created", "summary_posted", "vitm_phoned")
    assert {step: statuses.get(step) for step in wanted} == {
        "first_response": "met",
        "swarm_created": "met",
        "summary_posted": "met",
        # Phoned before the 30-minute trigger: the step's condition never arose (SPEC).
        "vitm_phoned": "not_required",
    }
    log = read_workbook(workbook).incident_log
    assert list(zip(log["event"], log["actor"], strict=True)) == [
        ("declared", LOCAL_USER),
        ("reported", LOCAL_USER),
        ("swarm_created", LOCAL_USER),
        ("summary_posted", LOCAL_USER),
        ("vitm_phoned", LOCAL_USER),
        ("client_responded", LOCAL_USER),
    ]
    assert set(log["ticket"]) == {ticket}


def seeded(path: Path, ticket: str) -> None:
    """An open incident reported ten minutes ago (UTC, the clock of ROUND_THE_CLOCK)."""
    reported = (datetime.now(UTC) - timedelta(minutes=10)).replace(microsecond=0)
    row = pd.DataFrame(
        [[ticket, "Acme", "reported", reported.isoformat(), "Ana", None]],
        columns=INCIDENT_LOG.names,
    )
    path.write_bytes(append_rows(path.read_bytes(), {Sheet.INCIDENT_LOG: row}, name=path.name))


def countdown(ui: AppPage) -> str:
    try:
        text = ui.page.locator(NEXT_BOX).first.inner_text(timeout=10_000)
    except PlaywrightError:
        ui.fail("the room shows no next action")
    found = COUNTDOWN.search(text)
    ui.check(found is not None, f"no countdown in {text!r}")
    assert found is not None
    return found.group(1)


def test_the_countdown_moves_without_a_reload_and_keeps_what_is_typed(
    chromium: Browser, workbook: Path, tmp_path: Path
) -> None:
    seeded(workbook, "TK1")
    with (
        running_app(workbook, workbook.parent, config=ROUND_THE_CLOCK) as app,
        browser_tab(chromium, app, tmp_path) as ui,
    ):
        ui.open("incident_room", ticket="TK1")
        ui.page.get_by_text("Done at an earlier time").click()
        reason = ui.page.get_by_label("Why it is recorded late")
        reason.fill("phoned from the car")  # typed, not submitted
        navigations: list[str] = []
        ui.page.on("framenavigated", lambda frame: navigations.append(frame.url))
        first = countdown(ui)
        ui.page.wait_for_timeout(REFRESH_SECONDS * 1000 + SETTLE_MS)
        second = countdown(ui)
        ui.check(second != first, f"the countdown stayed at {first!r}")
        ui.check(navigations == [], f"the page reloaded: {navigations}")
        ui.check(reason.input_value() == "phoned from the car", "the typed reason was lost")
        ui.assert_healthy("the live room")
