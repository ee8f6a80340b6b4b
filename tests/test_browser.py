"""The app in a real browser: `streamlit run` on a free loopback port against a copy of the sample
workbook, driven by Debian's headless Chromium through Playwright (never a downloaded browser).

Every test saves a screenshot under its pytest tmp dir; a failing test names the screenshot and the
server log. The incident room's tests (at the end) run the business clock round the clock, so
they do not depend on the hour. Tests that need pages still on other branches say so in their names:
`..._health_page` (pages/health.py) and `..._client_page_and_writer` (the client page's Recommend
form, pulse/workflow/ and connectors/workbook_writer.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from connectors.log_append import append_rows
from connectors.workbook import read_workbook
from pulse.schema import INCIDENT_LOG, Sheet
from tests.hostile_files import ATTACKER, HOSTILE_NAMES, write_hostile_workbook
from tests.notification_receivers import Receiver, slack
from tests.paths import REPO, SAMPLE_WORKBOOK
from ui.routing import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
__all__ = ["slack"]  # the loopback Slack receiver, as a fixture

CHROMIUM = "/usr/bin/chromium"  # Debian's package; `make test` apt-installs it when missing
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLE_AS_OF = "2026-11-23"  # the sample workbook's Monday
LOCAL_USER = "browser.tester@example.com"
# Local mode takes the role pulse.toml gives local_user: a director may approve and save.
PULSE_TOML = f'local_user = "{LOCAL_USER}"\n\n[roles]\n"{LOCAL_USER}" = "director"\n'
SERVER_START_S = 60.0
RUN_TIMEOUT_MS = 30_000
SETTLE_MS = 800  # a rerun can start right after the first run ends (navigation, query params)
MONDAY = ""  # the default page, at the root
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION_BOX = '[data-testid="stException"]'
PLOTLY_SVG = ".js-plotly-plot svg.main-svg"
BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")
METRICS_JS = """() => Array.from(
    document.querySelectorAll('[data-testid="stMetric"]'),
    (metric) => [metric.querySelector('[data-testid="stMetricLabel"]')?.innerText ?? '',
                 metric.querySelector('[data-testid="stMetricValue"]')?.innerText ?? ''])"""
GRID_CELL_TEXTS_JS = """() => Array.from(
    document.querySelectorAll('[data-testid="stDataFrame"] td[role="gridcell"]'),
    (cell) => cell.textContent)"""


# --- the server -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RunningApp:
    url: str
    workbook: Path
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_pages() -> list[tuple[str, str]]:
    """(url path, title) of every page the shell registers (ui.routing.PAGES).

    The first page is the default, served at the root (st.Page(default=True) has no path)."""
    paths = ["", *(Path(path).stem for path, *_ in PAGES[1:])]
    return [(url, title) for url, (_, title, *_) in zip(paths, PAGES, strict=True)]


def wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}; see {log}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer /_stcore/health in {SERVER_START_S:.0f}s; see {log}")


@contextmanager
def running_app(
    workbook: Path | None,
    workdir: Path,
    *,
    env: dict[str, str] | None = None,
    config: str = PULSE_TOML,
) -> Iterator[RunningApp]:
    """`streamlit run` on a free port; local mode (empty secrets), a pulse.toml (`config`); with
    no workbook, none is named (the app serves this week's sample); `env` adds to the
    environment."""
    (workdir / "pulse.toml").write_text(config, encoding="utf-8")
    (workdir / "secrets.toml").write_text("", encoding="utf-8")
    port, log = free_port(), workdir / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    command += ["--secrets.files", str(workdir / "secrets.toml")]
    environment = {**os.environ, "PULSE_CONFIG": str(workdir / "pulse.toml"), **(env or {})}
    environment.pop("PULSE_WORKBOOK", None)
    if workbook is not None:
        environment["PULSE_WORKBOOK"] = str(workbook)
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            command, cwd=REPO, env=environment, stdout=log_file, stderr=log_file
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, server, log)
            yield RunningApp(url=url, workbook=workbook or workdir / "cache", log=log)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def served(
    chromium: Browser, workbook: Path | None, workdir: Path, *, env: dict[str, str] | None = None
) -> Iterator[RunningApp]:
    with running_app(workbook, workdir, env=env) as app:
        yield app


@pytest.fixture(scope="session")
def sample_app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("sample_app")
    workbook = workdir / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    with served(chromium, workbook, workdir) as app:
        yield app


# --- the page -------------------------------------------------------------------------------


@dataclass
class AppPage:
    """One browser tab on the app, with what the browser reported while the test ran."""

    page: Page
    app: RunningApp
    screenshot: Path
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str = "", *, timeout_ms: int = RUN_TIMEOUT_MS, **query: str) -> None:
        url = f"{self.app.url}/{path}" + (f"?{urlencode(query)}" if query else "")
        try:
            self.page.goto(url)
        except PlaywrightError as exc:
            self.fail(f"could not open {url}: {exc}")
        self.wait_for_run(f"opening {url}", timeout_ms=timeout_ms)

    def wait_for_run(self, doing: str, *, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
        """Until the script has finished running, twice: a first run may trigger a rerun."""
        try:
            self.page.wait_for_selector(SCRIPT_DONE, timeout=timeout_ms)
            self.page.wait_for_timeout(SETTLE_MS)
            self.page.wait_for_selector(SCRIPT_DONE, timeout=timeout_ms)
        except PlaywrightError as exc:
            self.fail(f"the app did not finish running after {doing}: {exc}")

    def wait_for(self, selector: str, what: str) -> None:
        try:
            self.page.wait_for_selector(selector, state="attached", timeout=RUN_TIMEOUT_MS)
        except PlaywrightError:
            self.fail(f"{what} never appeared ({selector})")

    def save_screenshot(self) -> None:
        # A closed or crashed tab has nothing to show; the failure message says so already.
        with contextlib.suppress(PlaywrightError):
            self.page.screenshot(path=str(self.screenshot), full_page=True)

    def fail(self, message: str) -> NoReturn:
        self.save_screenshot()
        pytest.fail(f"{message}\nScreenshot: {self.screenshot}\nServer log: {self.app.log}")

    def check(self, condition: object, message: str) -> None:
        if not condition:
            self.fail(message)

    def exception_texts(self) -> list[str]:
        return self.page.locator(EXCEPTION_BOX).all_inner_texts()

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def wait_for_grid_texts(self, texts: list[str], what: str) -> list[str]:
        """Until every text is in some rendered data-grid cell (grids fill in as they mount and
        scroll into view); returns the cells."""
        frames = self.page.locator('[data-testid="stDataFrame"]')
        for index in range(frames.count()):
            with contextlib.suppress(PlaywrightError):
                frames.nth(index).scroll_into_view_if_needed(timeout=5_000)
        try:
            self.page.wait_for_function(
                f"(texts) => {{ const cells = ({GRID_CELL_TEXTS_JS})();"
                " return texts.every((t) => cells.includes(t)); }",
                arg=texts,
                timeout=RUN_TIMEOUT_MS,
            )
        except PlaywrightError:
            self.fail(
                f"{what}: {texts!r} never shown as text; cells: {self.grid_cell_texts()[:40]}"
            )
        return self.grid_cell_texts()

    def grid_cell_texts(self) -> list[str]:
        """Text of every rendered data-grid cell (the grid's accessible table; no canvas OCR)."""
        texts: list[str] = self.page.evaluate(GRID_CELL_TEXTS_JS)
        return texts

    def metrics(self) -> dict[str, str]:
        pairs: list[list[str]] = self.page.evaluate(METRICS_JS)
        return {label.strip(): value.strip() for label, value in pairs}

    def assert_healthy(self, where: str) -> None:
        self.check(not self.exception_texts(), f"{where}: exception box {self.exception_texts()}")
        self.check(not self.console_errors, f"{where}: console errors {self.console_errors}")
        self.check(not self.dialogs, f"{where}: a dialog fired: {self.dialogs}")


def _on_console(ui: AppPage, message: Any) -> None:
    url = message.location.get("url", "")
    # Opened at /<page>, Streamlit's frontend first looks for its server under that path (the
    # app might be served below a base path); those two probes 404 by design, then it uses /.
    under_a_page = not url.startswith(f"{ui.app.url}/_stcore/")
    base_path_probe = url.endswith(BASE_PATH_PROBES) and under_a_page
    if message.type == "error" and not base_path_probe:
        ui.console_errors.append(f"{message.text} ({url or 'no url'})")


def _on_dialog(ui: AppPage, dialog: Any) -> None:
    ui.dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


@contextmanager
def browser_tab(chromium: Browser, app: RunningApp, tmp_path: Path) -> Iterator[AppPage]:
    context = chromium.new_context(viewport={"width": 1600, "height": 1000})
    ui = AppPage(page=context.new_page(), app=app, screenshot=tmp_path / "screenshot.png")
    ui.page.on("console", lambda msg: _on_console(ui, msg))
    ui.page.on("pageerror", lambda exc: ui.console_errors.append(f"uncaught: {exc}"))
    ui.page.on("dialog", lambda dialog: _on_dialog(ui, dialog))
    try:
        yield ui
    finally:
        ui.save_screenshot()
        context.close()


@pytest.fixture
def ui(chromium: Browser, sample_app: RunningApp, tmp_path: Path) -> Iterator[AppPage]:
    with browser_tab(chromium, sample_app, tmp_path) as tab:
        yield tab


# --- every page -----------------------------------------------------------------------------


@pytest.mark.parametrize(("url_path", "title"), app_pages())
def test_every_page_loads_without_exception_or_console_error(
    ui: AppPage, url_path: str, title: str
) -> None:
    ui.open(url_path, as_of=SAMPLE_AS_OF)
    ui.check(ui.main_text().strip(), f"page {title!r} rendered nothing")
    ui.assert_healthy(f"page {title!r}")


def test_local_mode_is_bannered_with_the_configured_user(ui: AppPage) -> None:
    ui.open(as_of=SAMPLE_AS_OF)
    # An e-mail address shown from data carries an invisible word joiner after its @ (so GFM
    # does not link it: pulse.markdown.plain); a person reads the address as configured.
    page_text = ui.page.locator('[data-testid="stApp"]').inner_text().replace("\u2060", "")
    ui.check("local mode" in page_text.lower(), "no local-mode banner")
    ui.check(LOCAL_USER in page_text, f"the configured user {LOCAL_USER} is not named")


# --- the Monday numbers ---------------------------------------------------------------------


def pulse_summary(workbook: Path, as_of: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "pulse.cli", "summary", str(workbook), "--as-of", as_of]
    done = subprocess.run(
        [*command, "--json"], cwd=REPO, capture_output=True, text=True, check=True, timeout=60
    )
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def dollars(value: float) -> str:
    return f"${value:,.0f}"


def test_monday_kpis_equal_pulse_summary(ui: AppPage, sample_app: RunningApp) -> None:
    summary = pulse_summary(sample_app.workbook, SAMPLE_AS_OF)
    ui.open(MONDAY, as_of=SAMPLE_AS_OF)
    ui.wait_for('[data-testid="stMetricValue"]', "the Monday KPIs")
    expected = {
        "On extra care": str(summary["active"]),
        "Awaiting decision": str(summary["recommended"]),
        "MRR on extra care": dollars(summary["mrr_on_extra_care"]),
        "MRR at risk": dollars(summary["mrr_at_risk"]),
        "Overdue actions": str(summary["overdue_action_items"]),
    }
    # The six KPIs are drawn one by one: read them once every label is on screen.
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    shown = {label: value for label, value in ui.metrics().items() if label in expected}
    while shown.keys() != expected.keys() and time.monotonic() < deadline:
        ui.page.wait_for_timeout(200)
        shown = {label: value for label, value in ui.metrics().items() if label in expected}
    ui.check(shown == expected, f"Monday KPIs {shown} differ from `pulse summary` {expected}")
    ui.assert_healthy("Monday page")


# --- health page (pages/health.py, on its own branch until merged) --------------------------


def clients_by_vcio(workbook: Path) -> dict[str, set[str]]:
    clients = read_workbook(workbook).clients
    return {str(vcio): set(group["client"]) for vcio, group in clients.groupby("vcio")}


def test_query_params_filter_rows_on_health_page(ui: AppPage, sample_app: RunningApp) -> None:
    owners = clients_by_vcio(sample_app.workbook)
    everyone = set().union(*owners.values())
    others = everyone - owners["Dana Whitfield"]
    ui.open("health", as_of=SAMPLE_AS_OF)
    ui.wait_for('[data-testid="stDataFrame"] td[role="gridcell"]', "the client table")
    unfiltered = set(ui.grid_cell_texts()) & everyone
    ui.check(unfiltered & others, "without a filter the table shows no other vCIO's client")
    ui.open("health", as_of=SAMPLE_AS_OF, vcio="Dana Whitfield")
    ui.wait_for('[data-testid="stDataFrame"] td[role="gridcell"]', "the filtered table")
    shown = set(ui.grid_cell_texts()) & everyone
    ui.check(shown, "?vcio=Dana Whitfield shows no client at all")
    ui.check(not shown & others, f"?vcio=Dana Whitfield shows others: {sorted(shown & others)}")
    ui.assert_healthy("health page filtered by ?vcio=")


def test_a_shared_link_works_on_a_freshly_started_server(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The first request a new server gets is a link to a filtered page (pasted into Teams):
    it must go through the shell (workbook loaded, sidebar) and show the filtered rows."""
    workdir = tmp_path_factory.mktemp("fresh_app")
    workbook = workdir / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    owners = clients_by_vcio(workbook)
    others = set().union(*owners.values()) - owners["Dana Whitfield"]
    with served(chromium, workbook, workdir) as app, browser_tab(chromium, app, tmp_path) as ui:
        ui.open("health", as_of=SAMPLE_AS_OF, vcio="Dana Whitfield")
        ui.wait_for('[data-testid="stDataFrame"] td[role="gridcell"]', "the filtered table")
        shown = set(ui.grid_cell_texts()) & set().union(*owners.values())
        ui.check(shown, "the link shows no client at all")
        ui.check(
            not shown & others, f"the link shows other vCIOs' clients: {sorted(shown & others)}"
        )
        ui.check(ui.page.get_by_text("No workbook is loaded").count() == 0, "the shell did not run")
        ui.assert_healthy("a shared link on a fresh server")


def test_charts_render_as_plotly_svg_on_health_page(ui: AppPage) -> None:
    ui.open("health", as_of=SAMPLE_AS_OF)
    ui.wait_for(PLOTLY_SVG, "a plotly chart's SVG")
    ui.check(ui.page.locator(PLOTLY_SVG).count() >= 1, "no plotly SVG on the health page")
    ui.assert_healthy("health page charts")


# --- a workflow action and save (client page + pulse/workflow/ + workbook writer) -----------------


def clients_without_open_episode(workbook: Path) -> list[str]:
    loaded = read_workbook(workbook)
    open_keys = set(
        loaded.episodes.loc[loaded.episodes["status"].isin(["Recommended", "Active"]), "client_key"]
    )
    return list(loaded.clients.loc[~loaded.clients["client_key"].isin(open_keys), "client"])


def shown_value(widget: Locator) -> str:
    """What a select box shows: its text, or its input's value (versions differ)."""
    inputs = widget.locator("input")
    typed = inputs.first.input_value() if inputs.count() else ""
    return f"{widget.inner_text()} {typed} {widget.get_attribute('aria-label') or ''}"


def choose_option(ui: AppPage, widget: Locator, text: str, *, multiple: bool = False) -> None:
    """Open a Streamlit select box / multiselect, type to narrow the list, click the option."""
    widget.locator("input").first.click()
    ui.page.keyboard.type(text)  # narrows a long, virtualised option list
    ui.page.get_by_role("option", name=text, exact=True).click()
    if multiple:
        ui.page.keyboard.press("Escape")  # a multiselect stays open after a pick


MAIN_TABS = '[data-testid="stMain"] [role="tab"]'  # the page's tabs, not the sidebar's


def open_monday_tab(ui: AppPage, title: str) -> None:
    """The Monday page's section tab `title` (its label: the title, then maybe a count), opened
    if it is not: only the open tab's section is drawn."""
    label = re.compile(rf"^{re.escape(title)}( \(\d+\))?$")
    tab = ui.page.locator(MAIN_TABS).filter(has_text=label).first
    try:
        tab.wait_for(timeout=RUN_TIMEOUT_MS)
    except PlaywrightError:
        ui.fail(f"no {title!r} tab on the Monday page")
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
        ui.wait_for_run(f"opening the {title!r} tab")


def monday_tabs(ui: AppPage) -> dict[str, int | None]:
    """The Monday page's section tabs: each title and the count in its label (None: no count)."""
    ui.wait_for(MAIN_TABS, "the Monday section tabs")
    labels = ui.page.locator(MAIN_TABS).all_inner_texts()
    counted = [re.fullmatch(r"(.+?)(?: \((\d+)\))?", label.strip()) for label in labels]
    return {m[1]: int(m[2]) if m[2] else None for m in counted if m}


def recommend(ui: AppPage, client: str, reason: str) -> None:
    """The Monday page's Recommend form: one criterion, the reason, the client; then submit."""
    submit = ui.page.get_by_role("button", name="Recommend", exact=True)
    form = ui.page.locator('[data-testid="stForm"]').filter(has=submit)
    if not form.count():  # the Monday page folds its forms, in its Decisions tab
        open_monday_tab(ui, "Decisions")
        ui.page.get_by_text("Record a decision", exact=False).first.click()
        ui.wait_for_run("unfolding the decision forms")
        form.first.wait_for(timeout=RUN_TIMEOUT_MS)
    ui.check(form.count() >= 1, "no Recommend form on the Monday page")
    form = form.first
    criteria = form.locator('[data-testid="stMultiSelect"]').first
    if "Service Desk Concerns" not in criteria.inner_text():  # the form keeps the last choice
        choose_option(ui, criteria, "Service Desk Concerns", multiple=True)
    form.locator("textarea").first.fill(reason)
    picker = form.locator('[data-testid="stSelectbox"]')
    if picker.count():  # the Monday page picks the client; a client page has it fixed
        # Chosen last and checked: a rerun landing mid-way (a busy machine) can redraw the
        # form's select box before the click is taken.
        for _ in range(3):
            choose_option(ui, picker.first, client)
            ui.page.wait_for_timeout(SETTLE_MS)
            if client in shown_value(picker.first):
                break
        ui.check(client in shown_value(picker.first), f"could not choose {client!r}")
    form.get_by_role("button", name="Recommend", exact=True).click()
    ui.wait_for_run(f"recommending {client}")
    ui.assert_healthy(f"after recommending {client}")


def test_recommend_and_save_reads_back_from_workbook(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The Monday page's Recommend form (pages/forms.py), then Save (pages/pending.py) into the
    workbook file through connectors/workbook_writer.py; read back with the ordinary reader."""
    workdir = tmp_path_factory.mktemp("save_app")  # its own copy: this test writes the workbook
    workbook = workdir / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    client = clients_without_open_episode(workbook)[0]
    reason = "Browser test: three late responses this month"
    with served(chromium, workbook, workdir) as app, browser_tab(chromium, app, tmp_path) as ui:
        ui.open(MONDAY, as_of=SAMPLE_AS_OF)
        recommend(ui, client, reason)
        ui.page.get_by_role("button", name="Save", exact=True).first.click()
        ui.wait_for_run("saving")
        ui.assert_healthy("after Save")
    saved = read_workbook(workbook)
    episode = saved.episodes[saved.episodes["client"] == client]
    ui.check(list(episode["status"]) == ["Recommended"], f"saved episodes for {client}: {episode}")
    ui.check(reason in list(episode["reason"]), f"the reason was not saved: {episode['reason']}")
    audit = saved.audit[saved.audit["client"] == client]
    ui.check(LOCAL_USER in set(audit["user"]), f"no audit row by {LOCAL_USER}: {audit}")


# --- durable drafts: unsaved decisions survive a reload and a server restart (app/drafts.py) ---


def sidebar_text(ui: AppPage) -> str:
    return ui.page.locator('[data-testid="stSidebar"]').inner_text()


def test_unsaved_decisions_survive_a_reload_and_a_restart_until_saved(
    chromium: Browser,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    private_ticket_cache: Path,
) -> None:
    """Two decisions (two recommendations, five cells each), then a page reload and a server
    restart: both are still pending; Save writes them and the journal is gone."""
    workdir = tmp_path_factory.mktemp("drafts_app")
    workbook = workdir / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    first, second = clients_without_open_episode(workbook)[:2]
    journals = private_ticket_cache / "drafts"  # the servers inherit PULSE_CACHE_DIR
    with served(chromium, workbook, workdir) as app, browser_tab(chromium, app, tmp_path) as ui:
        ui.open(MONDAY, as_of=SAMPLE_AS_OF)
        recommend(ui, first, "Browser test: a reload must not lose this")
        recommend(ui, second, "Browser test: nor this")
        ui.check("10 unsaved changes" in sidebar_text(ui), f"sidebar: {sidebar_text(ui)}")
        ui.check(len(list(journals.glob("*.json"))) == 1, "no journal written")
        ui.page.reload()
        ui.wait_for_run("reloading the page")
        shown = sidebar_text(ui)
        ui.check("10 unsaved changes" in shown, f"after a reload the sidebar says: {shown}")
        ui.check("Restored 10 unsaved changes from" in shown, f"no restore note: {shown}")
        ui.assert_healthy("after a reload")
    with served(chromium, workbook, workdir) as app, browser_tab(chromium, app, tmp_path) as ui:
        ui.open(MONDAY, as_of=SAMPLE_AS_OF)
        shown = sidebar_text(ui)
        ui.check("10 unsaved changes" in shown, f"after a restart the sidebar says: {shown}")
        ui.check("Restored 10 unsaved changes from" in shown, f"no restore note: {shown}")
        ui.page.get_by_role("button", name="Save", exact=True).first.click()
        ui.wait_for_run("saving")
        ui.assert_healthy("after Save")
        ui.check("No unsaved changes" in sidebar_text(ui), f"after Save: {sidebar_text(ui)}")
    ui.check(not list(journals.glob("*.json")), f"the journal outlived the save: {journals}")
    saved = read_workbook(workbook).episodes
    recommended = set(saved.loc[saved["status"] == "Recommended", "client"])
    ui.check({first, second} <= recommended, f"not saved: {recommended}")


# --- hostile client names -------------------------------------------------------------------


def test_hostile_client_names_render_as_inert_text(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    workdir = tmp_path_factory.mktemp("hostile_app")
    workbook = workdir / "hostile.xlsx"
    write_hostile_workbook(SAMPLE_WORKBOOK, workbook)
    with served(chromium, workbook, workdir) as app, browser_tab(chromium, app, tmp_path) as ui:
        for url_path, title in app_pages():
            ui.open(url_path, as_of=SAMPLE_AS_OF)
            ui.assert_healthy(f"page {title!r} with hostile client names")
            ui.check(built_from_data(ui) == [], f"{title}: built from data {built_from_data(ui)}")
        ui.open(MONDAY, as_of=SAMPLE_AS_OF)
        open_monday_tab(ui, "Awaiting decision")  # the renamed clients are the recommended ones
        ui.wait_for('[data-testid="stDataFrame"] td[role="gridcell"]', "the Monday tables")
        ui.wait_for_grid_texts(list(HOSTILE_NAMES), "the Monday tables")
        ui.check(built_from_data(ui) == [], f"built from data: {built_from_data(ui)}")
        ui.assert_healthy("Monday page with hostile client names")
        # A link someone was sent: ?client= spells a phishing link inside the app's warning.
        ui.open("client", as_of=SAMPLE_AS_OF, client=f"[Sign in again](http://{ATTACKER}/p)")
        ui.wait_for('[data-testid="stAlert"]', "the unknown-client warning")
        ui.check(built_from_data(ui) == [], f"built from a link: {built_from_data(ui)}")
        ui.check("[Sign in again]" in ui.page.inner_text("body"), "the name shown as text")
        # An uploaded file's name (a name holds no "/": the link and image point at the host).
        upload_name = f"![x](https:{ATTACKER}) [Sign in again](https:{ATTACKER}).xlsx"
        ui.open("workbook", as_of=SAMPLE_AS_OF)
        chooser = ui.page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
        chooser.set_input_files(
            {"name": upload_name, "mimeType": XLSX_TYPE, "buffer": SAMPLE_WORKBOOK.read_bytes()}
        )
        ui.wait_for_run("uploading a workbook with a hostile name")
        ui.wait_for("text=Workbook (uploaded file)", "the uploaded workbook in use")
        ui.check(built_from_data(ui) == [], f"built from an upload: {built_from_data(ui)}")
        ui.check("[Sign in again]" in ui.page.inner_text("body"), "the upload's name as text")
        ui.assert_healthy("the Workbook page after a hostile upload")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Elements a hostile client name, upload name or query parameter could become: a script, a link
# or an image pointing away, a heading made of a name, a table toolbar's CSV download.
BUILT_FROM_DATA_JS = f"""() => [
    ...Array.from(document.scripts).filter(s => s.text.includes('alert(1)')).map(s => 'script'),
    ...Array.from(document.querySelectorAll('a[href*="{ATTACKER}"], a[href="http://x"]'),
                  a => 'link ' + a.href + ' in ' + a.parentElement.outerHTML.slice(0, 300)),
    ...Array.from(document.querySelectorAll('img[src*="{ATTACKER}"]'), i => 'image ' + i.src),
    ...Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        .filter(h => h.innerText.includes('Big Heading')).map(h => 'heading ' + h.innerText),
    ...Array.from(document.querySelectorAll('[data-testid="stElementToolbarButton"]'))
        .filter(b => /download/i.test(b.innerText + (b.getAttribute('aria-label') || '')))
        .map(b => 'toolbar download'),
]"""


def built_from_data(ui: AppPage) -> list[str]:
    return list(ui.page.evaluate(BUILT_FROM_DATA_JS))


# --- the sample a year on (app/sample.py, pulse/history.py) -----------------------------------

A_YEAR_LATER = "2027-11-28T10:00"  # a Sunday: the sample is made for Monday 22 Nov 2027
FIRST_RUN_OF_THE_WEEK_MS = 120_000


def test_a_year_on_the_sample_is_as_current_as_on_its_own_day(
    chromium: Browser, ui: AppPage, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`make run` with no workbook named, the clock a year after the sample was made: this
    week's sample is made, nothing is stale, and the Monday page has the sections the committed
    sample has on its own day, each counted one with something in it (the candidates too)."""
    ui.open(MONDAY, as_of=SAMPLE_AS_OF)
    on_its_day = monday_tabs(ui)
    workdir = tmp_path_factory.mktemp("year_on")
    env = {"PULSE_NOW": A_YEAR_LATER, "PULSE_CACHE_DIR": str(workdir / "cache")}
    with (
        served(chromium, None, workdir, env=env) as app,
        browser_tab(chromium, app, workdir) as later,  # its screenshot apart from ui's
    ):
        # No as_of: today, by the clock. The week's first run makes the sample (~3 s of CPU,
        # several times that on a loaded machine), then reads it.
        later.open(MONDAY, timeout_ms=FIRST_RUN_OF_THE_WEEK_MS)
        later.wait_for('[data-testid="stMetricValue"]', "the Monday KPIs")
        page = later.page.locator('[data-testid="stApp"]').inner_text()
        later.check("Monday CST review · Mon 22 Nov 2027" in page, "not this week's Monday")
        later.check("made for the week of Mon 22 Nov 2027" in page, "the sidebar's word")
        later.check("Stale data" not in page, "a stale-data banner on the sample")
        sections = monday_tabs(later)
        later.check(list(sections) == list(on_its_day), f"sections: {sections}")
        empty = [title for title, count in sections.items() if on_its_day[title] and not count]
        later.check(not empty, f"empty a year on: {empty} ({sections})")
        later.check(int(later.metrics()["Overdue actions"]) > 0, "no overdue action item")
        open_monday_tab(later, "Since last meeting")
        since = later.main_text()
        later.check("Compared with the week of 15 Nov in Pulse History." in since, "last week")
        later.assert_healthy("the Monday page a year on")


# --- open loops and tables in words -----------------------------------------------------------

# Every text the data grids draw on their canvases (cells, headers, placeholders), recorded as
# the page draws it: a missing value drawn as "None" is on the canvas only, not in the DOM.
DRAWN_TEXTS_INIT = """
window.__gridTexts = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  const grid = this.canvas && this.canvas.closest('[data-testid="stDataFrame"]');
  if (grid) {
    grid.dataset.drawn = "yes";
    window.__gridTexts.push(String(text));
  }
  return fillText.call(this, text, ...rest);
};
"""
HEADER_TEXTS_JS = """() => Array.from(
    document.querySelectorAll('[data-testid="stDataFrame"] th[role="columnheader"]'),
    (cell) => cell.textContent.trim()).filter((text) => text)"""
RAW_NAME = re.compile(r"^[a-z0-9_]+$")
TABLES_SETTLE_MS = 1_500


def test_the_samples_monday_page_shows_each_open_loop(ui: AppPage) -> None:
    """sample_data/build.py gives the sample one case of each open loop (SPEC "Open loops")."""
    from tests.pages.test_monday import SAMPLE_CASES

    ui.open(MONDAY, as_of=SAMPLE_AS_OF)
    open_monday_tab(ui, "Open loops")
    ui.wait_for('[data-testid="stHeading"]', "the Monday headings")
    ui.check("Open loops (16)" in ui.main_text(), "no 'Open loops (16)' heading")
    labels = [
        "Not marked in the PSA",
        "Still marked in the PSA",
        "Decision not announced",
        "RCA incomplete",
        "Not reviewed",
        "Unresponsive: sales contact",
        "Unresponsive: manager + executive",
    ]
    clients = [client for client, *_ in SAMPLE_CASES]
    ui.wait_for_grid_texts([*labels, *clients], "the open loops on the sample's Monday page")
    ui.assert_healthy("Monday page's open loops")


def tables_drawn(ui: AppPage, where: str) -> tuple[list[str], list[str]]:
    """(headers, drawn texts) of every table on the page, each scrolled into view first."""
    frames = ui.page.locator('[data-testid="stDataFrame"]')
    for index in range(frames.count()):
        frame = frames.nth(index)
        if not frame.is_visible():  # in a closed expander or tab: nobody sees it either
            continue
        with contextlib.suppress(PlaywrightError):
            frame.scroll_into_view_if_needed(timeout=5_000)
        try:  # until the grid has drawn on its canvas (a busy machine may take seconds)
            frame.locator("xpath=self::*[@data-drawn='yes']").wait_for(timeout=RUN_TIMEOUT_MS)
        except PlaywrightError:
            ui.fail(f"{where}: table {index + 1} never drew on its canvas")
    ui.page.wait_for_timeout(TABLES_SETTLE_MS)
    headers: list[str] = ui.page.evaluate(HEADER_TEXTS_JS)
    drawn: list[str] = ui.page.evaluate("() => window.__gridTexts")
    return headers, drawn


@pytest.fixture(scope="module")
def sample_with_inputs(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The sample with its ticket export and incident events, so every page has its tables."""
    workdir = tmp_path_factory.mktemp("tables_app")
    workbook = workdir / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    inputs = {
        "PULSE_TICKETS": str(SAMPLE_WORKBOOK.parent / "tickets_generic.csv"),
        "PULSE_EVENTS": str(SAMPLE_WORKBOOK.parent / "incident_events.csv"),
    }
    with served(chromium, workbook, workdir, env=inputs) as app:
        yield app


def test_every_pages_tables_read_as_words(
    chromium: Browser, sample_with_inputs: RunningApp, tmp_path: Path
) -> None:
    """No table on any page (ui.routing.PAGES) shows "None" or a code name as a header."""
    scanned = 0
    with browser_tab(chromium, sample_with_inputs, tmp_path) as ui:
        ui.page.add_init_script(DRAWN_TEXTS_INIT)
        for url_path, title in app_pages():
            params = {"client": "Summit Pharmacy"} if url_path == "client" else {}
            ui.open(url_path, as_of=SAMPLE_AS_OF, **params)
            headers, drawn = tables_drawn(ui, title)
            if url_path == MONDAY:  # one section tab at a time: every tab's tables
                for section in list(monday_tabs(ui))[1:]:
                    open_monday_tab(ui, section)
                    more, drawn = tables_drawn(ui, f"{title}, {section}")  # drawn: all so far
                    headers += more
            raw = sorted({header for header in headers if RAW_NAME.match(header)})
            ui.check(not raw, f"page {title!r}: code names as table headers {raw}")
            nones = [text for text in drawn if text.strip() in {"None", "nan", "NaT"}]
            ui.check(not nones, f"page {title!r}: a table shows {nones[:3]}")
            scanned += len(headers)
            ui.assert_healthy(f"page {title!r}")
    assert scanned > 50, "the scan found almost no table headers: it checked nothing"


# --- the incident room -----------------------------------------------------------------------
# The business clock runs round the clock here (every day 00:00-23:59:59 UTC, no public
# holidays) so that the countdown moves whenever the test runs, and the room redraws every 2 s.

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
def incident_workbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
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
    steps = [
        "Responded to the client",
        "SWARM space created",
        "Summary posted in the SWARM space",
        "vITM phoned",
    ]
    cells = ui.wait_for_grid_texts(steps, "the steps table")
    statuses = {"Met", "Breached", "Pending", "Not required"}
    return {
        cells[i]: cells[i + 2]
        for i in range(len(cells) - 2)
        if cells[i] in steps and cells[i + 2] in statuses
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
    chromium: Browser, incident_workbook: Path, tmp_path: Path
) -> None:
    client = first_client(incident_workbook)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    with (
        running_app(incident_workbook, incident_workbook.parent, config=ROUND_THE_CLOCK) as app,
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
    assert statuses == {
        "Responded to the client": "Met",
        "SWARM space created": "Met",
        "Summary posted in the SWARM space": "Met",
        # Phoned before the 30-minute trigger: the step's condition never arose (SPEC).
        "vITM phoned": "Not required",
    }
    log = read_workbook(incident_workbook).incident_log
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
    chromium: Browser, incident_workbook: Path, tmp_path: Path
) -> None:
    seeded(incident_workbook, "TK1")
    with (
        running_app(incident_workbook, incident_workbook.parent, config=ROUND_THE_CLOCK) as app,
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


# --- posting to the team's channels ---------------------------------------------------------


def test_the_tuesday_huddle_is_posted_to_a_local_slack(
    chromium: Browser, tmp_path: Path, slack: Receiver
) -> None:
    workbook = tmp_path / "client_pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, workbook)
    env = {"PULSE_SLACK_WEBHOOK_URL": slack.url}
    with (
        running_app(workbook, tmp_path, env=env) as app,
        browser_tab(chromium, app, tmp_path) as ui,
    ):
        ui.open("announcements", as_of=SAMPLE_AS_OF)
        ui.page.get_by_text("Post to Slack — preview").first.click()
        preview = ui.main_text()
        ui.check("Goes to: Slack (127.0.0.1/…)" in preview, "the preview names no channel")
        ui.page.get_by_role("button", name="Post to Slack").first.click()
        ui.wait_for_run("posting")
        ui.wait_for("[data-testid='stAlertContentSuccess']", "the posted confirmation")
        ui.check("Posted to Slack (127.0.0.1/…)." in ui.main_text(), "no confirmation shown")
        ui.assert_healthy("the announcements after posting")
    (body,) = slack.bodies
    assert body["text"].startswith(
        "*Extra care — Tuesday all-staff huddle, 2026-11-24*\n"
        "Decided in the CST meeting of Monday 2026-11-23."
    )


# --- a workbook locked in Excel: the save lands by itself once Excel closes (ui/lock_retry.py) --

LIVE_PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
LOCK_LANDS_MS = 45_000  # the first retry after 15 s, its timer looking every 5 s, and the save
FIRST_LIVE_RUN_MS = 90_000  # a fresh server's first SharePoint download and read, on a busy CI


def test_a_locked_save_lands_by_itself_once_excel_closes(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Only a browser runs the banner's timer: no click after Save, and the save lands."""
    from tests.fake_sharepoint import FakeSharePoint, running

    workdir = tmp_path_factory.mktemp("locked_app")
    client = clients_without_open_episode(SAMPLE_WORKBOOK)[0]
    with running(FakeSharePoint(tokens={"ann-token": "Ann Admin"})) as fake:
        fake.put(LIVE_PATH, SAMPLE_WORKBOOK.read_bytes(), by="Pat Excel")
        fake.locked.add(LIVE_PATH)
        env = {
            "PULSE_SHAREPOINT_SITE_URL": fake.site_url,
            "PULSE_SHAREPOINT_FILE": LIVE_PATH,
            "PULSE_SHAREPOINT_ACCESS_TOKEN": "ann-token",
            "PULSE_SHAREPOINT_CACHE": str(workdir / "sharepoint-cache"),
        }
        with running_app(None, workdir, env=env) as app, browser_tab(chromium, app, tmp_path) as ui:
            ui.open(MONDAY, as_of=SAMPLE_AS_OF, timeout_ms=FIRST_LIVE_RUN_MS)
            recommend(ui, client, "Browser test: saved once Excel closes")
            ui.page.get_by_role("button", name="Save to SharePoint").first.click()
            ui.wait_for_run("saving into a locked workbook")
            ui.wait_for("text=has the workbook open in Excel", "the lock banner")
            ui.check(fake.files[LIVE_PATH].version == 1, "a locked workbook was written")
            fake.locked.discard(LIVE_PATH)  # Pat closes Excel; nobody clicks anything
            try:
                ui.page.wait_for_selector(
                    "text=Saved 5 change(s) to SharePoint", timeout=LOCK_LANDS_MS
                )
            except PlaywrightError:
                ui.fail("the locked save never landed by itself")
            ui.assert_healthy("after the save landed by itself")
        saved = read_workbook(fake.files[LIVE_PATH].data).episodes
    episode = saved[saved["client"] == client]
    ui.check(list(episode["status"]) == ["Recommended"], f"not saved: {episode}")
