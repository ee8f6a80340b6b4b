"""The app in a real browser against the bare app of the same size, interleaved (bench/run.py).

Each repetition starts a fresh `streamlit run` of Client Pulse and of bench/bare_app (which one
goes first alternates), opens each in a fresh headless Chromium tab (Debian's /usr/bin/chromium
through Playwright, as tests/test_browser.py does) and times, from the navigation or the click
until the page is idle, every step of a Monday: the first Monday page on the fresh server, each
page switch, a filter change on Client health and an as-of change.

"Idle" is Streamlit's own `data-test-script-state` attribute on `stApp` reading `notRunning`
after the run the step caused, with no further run starting within QUIET_MS (a run can cause a
rerun). A MutationObserver installed before the page loads stamps every change of that
attribute with the page's performance.now(), so the time is the browser's, not this process's.

Beside the timings, each step records what the browser received (the websocket's bytes) and how
long the server's script ran (the sum of its running spans), so server time, payload and drawing
can be told apart.

    python bench/browser.py [--runs N] [--scale msp|sample|both]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
BARE_APP = ROOT / "bench" / "bare_app" / "streamlit_app.py"
AS_OF = "2026-11-23"
# The as-of change goes to a Wednesday two weeks back: the Monday page then shows the meeting
# of Mon 9 Nov, which the server did not prepare (it prepares this meeting and the previous one).
OTHER_AS_OF = "2026-11-11"
QUIET_MS = 1_000
STEP_TIMEOUT_S = 30.0  # a step still running after this is recorded as never idle
NEVER = float("inf")
FIRST_TIMEOUT_S = 120.0  # the first page loads every source on a fresh server
SERVER_START_S = 90.0
LOCAL_USER = "bench@example.com"
PULSE_TOML = f'local_user = "{LOCAL_USER}"\n\n[roles]\n"{LOCAL_USER}" = "director"\n'
# The app's pages in the order a week visits them, by navigation title (ui.routing.PAGES).
APP_TOUR = (
    "Client health",
    "Monday CST review",
    "Client",
    "Critical incidents",
    "Incident room",
    "Escalation",
    "Announcements",
    "Monday minutes",
    "Workbook",
    "Ticket import",
    "Help",
    "Monday CST review",
)
BARE_TOUR = ("Client health", "Monday", "Escalation", "Monday")
INIT_JS = """
window.__states = [];
window.__bytes = 0;
window.__received = 0;  // when the last websocket message arrived
window.__changed = 0;  // when the page's content last changed
new MutationObserver((records) => {
  for (const record of records) {
    window.__states.push([performance.now(), record.target.getAttribute(record.attributeName)]);
  }
}).observe(document, {subtree: true, attributes: true,
                      attributeFilter: ['data-test-script-state']});
new MutationObserver(() => { window.__changed = performance.now(); })
  .observe(document, {subtree: true, childList: true, characterData: true});
const Native = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Native(...args);
  socket.addEventListener('message', (event) => {
    const data = event.data;
    window.__bytes += data.byteLength ?? data.size ?? data.length ?? 0;
    window.__received = performance.now();
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, Native);
"""
STATES_JS = """() => [performance.now(), window.__states, window.__bytes, window.__received,
                     window.__changed]"""


@dataclass
class Step:
    name: str
    kind: str  # first | switch | as_of | filter
    seconds: float
    script_s: float  # the sum of the server's running spans in this step
    received_kb: float


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Tour:
    app: str
    steps: list[Step] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(script: Path, env: dict[str, str], workdir: Path) -> Iterator[Served]:
    """`streamlit run script` on a free loopback port until the block ends."""
    port, log = free_port(), workdir / f"{script.parent.name}-{time.monotonic_ns()}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false"]
    command += ["--secrets.files", str(workdir / "secrets.toml")]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        served = Served(f"http://127.0.0.1:{port}", process, log)
        wait_until_healthy(served)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(served: Served) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise SystemExit(f"streamlit exited; see {served.log}:\n{served.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{served.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"streamlit did not start in {SERVER_START_S:.0f}s; see {served.log}")


def wait_idle(
    page: Page, since: float, bytes_before: float, what: str
) -> tuple[float, float, float]:
    """(seconds until idle, seconds the script ran, KB received) for the step begun at `since`.

    A run so quick that the browser takes all its messages in one go never shows "running":
    then the server's answer arrived (a websocket message after `since`) and the step ends at
    the page's last change, once nothing has changed for QUIET_MS."""
    limit = FIRST_TIMEOUT_S if since == 0.0 else STEP_TIMEOUT_S
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        now, states, received, answered, changed = page.evaluate(STATES_JS)
        after = [(t, s) for t, s in states if t >= since]
        ran = any(s == "running" for _, s in after)
        kb = (received - bytes_before) / 1024
        if ran and after[-1][1] == "notRunning" and now - after[-1][0] >= QUIET_MS:
            return (after[-1][0] - since) / 1000, running_s(after), kb
        unseen = not after and answered > since and changed > since
        if unseen and states and states[-1][1] == "notRunning" and now - changed >= QUIET_MS:
            print(f"  {what}: no running state shown; timed to the page's last change", flush=True)
            return (max(changed, answered) - since) / 1000, 0.0, kb
        page.wait_for_timeout(50)
    print(f"  {what}: not idle after {limit:.0f}s (recorded as never)", flush=True)
    return NEVER, NEVER, (page.evaluate(STATES_JS)[2] - bytes_before) / 1024


def running_s(states: list[tuple[float, str]]) -> float:
    total, started = 0.0, None
    for moment, state in states:
        if state == "running" and started is None:
            started = moment
        elif state != "running" and started is not None:
            total, started = total + moment - started, None
    return total / 1000


def timed(page: Page, name: str, kind: str, action: Callable[[], None]) -> Step:
    since, _, received, _, _ = page.evaluate(STATES_JS)
    action()
    seconds, script, kb = wait_idle(page, since, received, name)
    return Step(name, kind, seconds, script, kb)


def first_page(page: Page, url: str) -> Step:
    page.goto(url)
    seconds, script, kb = wait_idle(page, 0.0, 0.0, "first page")
    return Step("first Monday page (fresh server)", "first", seconds, script, kb)


def switch(page: Page, title: str) -> Step:
    # The title exactly (after its icon): "Client" must not find "Client health".
    exactly = re.compile(rf"^\W*{re.escape(title)}\s*$")
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for(timeout=10_000)  # drawn before any page link is looked for
    link = nav.locator("a").filter(has_text=exactly).first
    if not link.count():  # a long navigation folds its last pages under "View N more"
        # Streamlit's own button, not any text with "view" in it ("Weekly review" is a tab).
        nav.locator('[data-testid="stSidebarNavViewButton"]', has_text="more").click()
    link.wait_for(timeout=10_000)
    return timed(page, f"switch to {title}", "switch", lambda: link.click())


def as_of_change(page: Page) -> Step:
    """The sidebar's date moved to OTHER_AS_OF, picked in its calendar as a person picks it."""
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').first
    field.locator('[data-testid="stDateInputCalendarButton"]').click()
    number = int(OTHER_AS_OF[-2:])  # the calendar shows "9", not "09"
    calendar = page.locator('[data-testid="stDateInputCalendar"] [role="gridcell"]')
    day = calendar.filter(has_text=re.compile(rf"^{number}$"))
    day.first.wait_for(timeout=10_000)
    return timed(page, "as-of change", "as_of", lambda: day.first.click())


def filter_change(page: Page, label: str) -> Step:
    box = page.locator('[data-testid="stMultiSelect"]', has_text=label).first
    box.locator("input").click()
    option = page.locator('[role="option"]').first
    option.wait_for(timeout=10_000)
    step = timed(page, f"filter change ({label})", "filter", lambda: option.click())
    page.keyboard.press("Escape")
    return step


def tour(page: Page, url: str, titles: tuple[str, ...], filter_label: str) -> list[Step]:
    """The first page, each switch in `titles` (with a filter change on the first visit to
    Client health), then an as-of change."""
    steps = [first_page(page, url)]
    for title in titles:
        steps.append(switch(page, title))
        if title == "Client health" and len(steps) == 2:
            steps.append(filter_change(page, filter_label))
    steps.append(as_of_change(page))
    return steps


def app_tour(page: Page, url: str) -> list[Step]:
    return tour(page, f"{url}/?as_of={AS_OF}", APP_TOUR, "vCIO")


def bare_tour(page: Page, url: str) -> list[Step]:
    return tour(page, url, BARE_TOUR, "Segment")


def one_tour(browser: Browser, served: Served, walk: Callable[[Page, str], list[Step]]) -> Any:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.add_init_script(INIT_JS)
    try:
        return walk(context.new_page(), served.url)
    finally:
        context.close()


def app_env(workdir: Path, files: dict[str, str]) -> dict[str, str]:
    environment = {**os.environ, "PULSE_CONFIG": str(workdir / "pulse.toml"), "PULSE_NOW": AS_OF}
    environment.update(files)
    return environment


def measure(scale: str, files: dict[str, str], runs: int, workdir: Path) -> dict[str, list[Tour]]:
    """`runs` tours of each app, alternating which goes first, each on a fresh server."""
    (workdir / "pulse.toml").write_text(PULSE_TOML, encoding="utf-8")
    (workdir / "secrets.toml").write_text("", encoding="utf-8")
    tours: dict[str, list[Tour]] = {"app": [], "bare": []}
    apps = {
        "app": (ROOT / "streamlit_app.py", app_env(workdir, files), app_tour),
        "bare": (BARE_APP, dict(os.environ), bare_tour),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for repetition in range(runs):
            order = ["app", "bare"] if repetition % 2 == 0 else ["bare", "app"]
            for name in order:
                script, env, walk = apps[name]
                with serve(script, env, workdir) as served:
                    steps = one_tour(browser, served, walk)
                tours[name].append(Tour(name, steps))
            load = os.getloadavg()[0]
            print(f"{scale} browser run {repetition + 1}/{runs}: load {load:.1f}", flush=True)
        browser.close()
    return tours


def medians(tours: list[Tour]) -> dict[str, dict[str, float]]:
    """Median seconds, script seconds and KB of each step across the tours."""
    by_name: dict[str, list[Step]] = {}
    for tour in tours:
        for step in tour.steps:
            by_name.setdefault(step.name, []).append(step)
    return {
        name: {
            "kind": steps[0].kind,  # type: ignore[dict-item]
            "median_s": statistics.median(s.seconds for s in steps),
            "script_s": statistics.median(s.script_s for s in steps),
            "received_kb": statistics.median(s.received_kb for s in steps),
        }
        for name, steps in by_name.items()
    }


def report(scale: str, tours: dict[str, list[Tour]], load: float) -> dict[str, Any]:
    """Each app step against the bare app's step of the same kind (its page switch for the rest)."""
    app, bare = medians(tours["app"]), medians(tours["bare"])
    bare_switch = statistics.median(
        step.seconds for tour in tours["bare"] for step in tour.steps if step.kind == "switch"
    )
    reference = {
        "first": bare["first Monday page (fresh server)"]["median_s"],
        "switch": bare_switch,
        "as_of": bare_switch,
        "filter": bare_switch,
    }
    limits = {"first": 1.3, "switch": 2.0, "as_of": 2.0, "filter": 2.0}
    rows = []
    for name, row in app.items():
        ratio = row["median_s"] / reference[row["kind"]]
        rows.append(
            {**row, "step": name, "bare_s": reference[row["kind"]], "ratio": ratio}
            | {"target": limits[row["kind"]], "ok": ratio <= limits[row["kind"]]}
        )
    return {"scale": scale, "load_average": load, "rows": rows, "bare": bare}


def render(result: dict[str, Any]) -> str:
    header = (
        f"{'browser, ' + result['scale']:<44} {'median':>8} {'bare':>7} {'ratio':>6} "
        f"{'target':>7} {'script':>7} {'KB in':>8} ok"
    )
    lines = [header, "-" * len(header)]
    for row in result["rows"]:
        if row["median_s"] == NEVER:
            lines.append(
                f"{row['step']:<44} {'never':>8} (not idle after {STEP_TIMEOUT_S:.0f} s) NO"
            )
            continue
        lines.append(
            f"{row['step']:<44} {row['median_s']:>7.2f}s {row['bare_s']:>6.2f}s "
            f"{row['ratio']:>5.2f}x {row['target']:>6.1f}x {row['script_s']:>6.2f}s "
            f"{row['received_kb']:>8.0f} {'yes' if row['ok'] else 'NO'}"
        )
    lines.append(f"load average {result['load_average']:.1f} (1 min) at the end of these runs")
    return "\n".join(lines)


def browser_cases(scales: dict[str, dict[str, str]], runs: int) -> list[dict[str, Any]]:
    """Every scale measured; the tables printed as they come."""
    results = []
    with tempfile.TemporaryDirectory(prefix="pulse-bench-browser-") as folder:
        for scale, files in scales.items():
            tours = measure(scale, files, runs, Path(folder))
            result = report(scale, tours, os.getloadavg()[0])
            print(render(result), flush=True)
            results.append(result)
    return results


def scale_files(data_dir: Path) -> dict[str, dict[str, str]]:
    from bench.generate import ensure_data
    from connectors.ticket_cache import CACHE_DIR_ENV, CACHE_DIR_NAME

    files = ensure_data(data_dir)
    sample = ROOT / "sample_data"
    cache = str(files.tickets.parent / CACHE_DIR_NAME)
    # Warm: the ticket cache built (as in bench/run.py), the files in the OS cache.
    summary = [sys.executable, "-m", "pulse.cli", "summary", str(files.workbook)]
    summary += ["--tickets", str(files.tickets), "--as-of", AS_OF]
    warm = {**os.environ, CACHE_DIR_ENV: cache}
    subprocess.run(summary, cwd=ROOT, env=warm, check=True, stdout=subprocess.DEVNULL)
    return {
        "msp": {
            CACHE_DIR_ENV: cache,
            "PULSE_WORKBOOK": str(files.workbook),
            "PULSE_TICKETS": str(files.tickets),
            "PULSE_EVENTS": str(files.events),
        },
        "sample": {
            CACHE_DIR_ENV: cache,
            "PULSE_WORKBOOK": str(sample / "client_pulse_sample.xlsx"),
            "PULSE_TICKETS": str(sample / "tickets_generic.csv"),
            "PULSE_EVENTS": str(sample / "incident_events.csv"),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", choices=("msp", "sample", "both"), default="both")
    args = parser.parse_args()
    scales = scale_files(ROOT / "bench" / "data")
    if args.scale != "both":
        scales = {args.scale: scales[args.scale]}
    results = browser_cases(scales, args.runs)
    out = ROOT / "bench" / f"browser_results_{args.scale}.json"
    out.write_text(json.dumps(results, indent=2))
    return 0 if all(row["ok"] for result in results for row in result["rows"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
