"""`make bench`: Client Pulse at MSP scale against the analyst's script and the parse floor.

Generates (once) a workbook of 2,000 clients with 300 open episodes and 3,000 action items, a
500,000-row ticket export and 20,000 incident events (bench/generate.py), then measures each case
in fresh processes, RUNS rounds interleaved (the order rotates every round, so load from other
engineers on the shared machine spreads over every case), and reports medians:

  cold      pulse summary WORKBOOK --tickets FILE --json, the ticket cache removed first
  cached    the same with the ticket cache warm
  rerun     in-process recompute of every Monday figure after an as-of change (bench/probe.py)
  AppTest   the Monday page (and the health page, when present) under streamlit's AppTest
  analyst   bench/analyst.py: read_excel (openpyxl), read_csv, to_datetime, groupby
  floor     bench/floor.py: import pandas, calamine and Arrow's CSV reader, nothing else

(`make bench` then runs bench/browser.py: the pages in Chromium against a bare app.)
It checks that cold, cached and rerun give the same figures, equal to the analyst's on the
figures both compute, prints one table and writes bench/results.json.

    python bench/run.py [--runs N] [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import BenchFiles, ensure_data  # noqa: E402
from connectors.ticket_cache import CACHE_DIR_ENV, CACHE_DIR_NAME  # noqa: E402

DATA_DIR = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results.json"
AS_OF = "2026-11-23"
RUNS = 5
COMMON_FIGURES = (
    "clients",
    "active",
    "recommended",
    "mrr_total",
    "mrr_on_extra_care",
    "overdue_action_items",
)
PAGE_TARGET_S = 1.5
RERUN_TARGET_S = 0.100
MEMORY_TARGET_MB = 1024
PROJECT_PACKAGES = ("pulse", "connectors", "app", "ui", "pages", "sample_data", "bench")


@dataclass
class Sample:
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    output: str


@dataclass
class Case:
    name: str
    command: list[str]
    before: Any = None  # called before each run (e.g. removing the cache)
    samples: list[Sample] = field(default_factory=list)


def child_usage(child: subprocess.Popen[str]) -> tuple[float, float]:
    # Popen has reaped the child; its rusage is in the RUSAGE_CHILDREN delta kept by _track().
    return _track.pop(child.pid, (float("nan"), float("nan")))


_track: dict[int, tuple[float, float]] = {}


class TrackingPopen(subprocess.Popen[str]):
    """Popen that reaps with wait4, keeping the child's own CPU time and max RSS."""

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:  # type: ignore[override]
        pid, status, usage = os.wait4(self.pid, wait_flags)
        if pid == self.pid:
            _track[pid] = (usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
        return pid, status


def run_child(command: list[str]) -> Sample:
    """Wall time, CPU time and peak RSS of one fresh process (its own rusage, via wait4)."""
    started = time.perf_counter()
    child = TrackingPopen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    usage = child_usage(child)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-3000:]}")
    return Sample(wall, usage[0], usage[1], stdout)


def cases(files: BenchFiles, as_of: str) -> list[Case]:
    python = sys.executable
    summary = [
        python,
        "-m",
        "pulse.cli",
        "summary",
        str(files.workbook),
        "--tickets",
        str(files.tickets),
        "--as-of",
        as_of,
        "--json",
    ]
    # The bench's own ticket cache (children inherit it), so "cold" really starts empty.
    cache = files.tickets.parent / CACHE_DIR_NAME
    os.environ[CACHE_DIR_ENV] = str(cache)
    return [
        Case("cold", summary, before=lambda: shutil.rmtree(cache, ignore_errors=True)),
        Case("cached", summary),
        Case(
            "rerun",
            [python, "bench/probe.py", "rerun", *map(str, (files.workbook, files.tickets)), as_of],
        ),
        Case(
            "apptest",
            [
                python,
                "bench/probe.py",
                "apptest",
                str(files.workbook),
                str(files.tickets),
                str(files.events),
                as_of,
            ],
        ),
        Case(
            "analyst", [python, "bench/analyst.py", str(files.workbook), str(files.tickets), as_of]
        ),
        Case("floor", [python, "bench/floor.py", str(files.workbook), str(files.tickets)]),
    ]


def compile_bytecode() -> None:
    """The project's modules compiled once, as an installed copy has them: a shell that sets
    PYTHONDONTWRITEBYTECODE would otherwise have every child compile ~100 modules from source
    (0.1-0.2 s each run), which no user's installed `pulse` pays. The libraries are compiled
    by pip already; a stale .pyc is ignored by Python, so this never runs old code."""
    for package in PROJECT_PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(all_cases: list[Case], runs: int) -> None:
    for round_ in range(runs):
        shift = round_ % len(all_cases)
        for case in all_cases[shift:] + all_cases[:shift]:
            if case.before:
                case.before()
            case.samples.append(run_child(case.command))
        done = ", ".join(f"{c.name} {c.samples[-1].wall_s:.2f}s" for c in all_cases)
        print(f"round {round_ + 1}/{runs}: {done}", flush=True)


def last_json(sample: Sample) -> Any:
    """The JSON a child printed: the whole output (pulse summary), else its last line."""
    try:
        return json.loads(sample.output)
    except json.JSONDecodeError:
        return json.loads(sample.output.strip().splitlines()[-1])


def check(by_name: dict[str, Case]) -> list[str]:
    """Every run's figures equal; the analyst's equal ours where both compute them."""
    failures: list[str] = []
    cold = [last_json(s) for s in by_name["cold"].samples]
    cached = [last_json(s) for s in by_name["cached"].samples]
    rerun = [last_json(s) for s in by_name["rerun"].samples]
    reference = cold[0]
    for label, answers in (("cold", cold), ("cached", cached)):
        if any(answer != reference for answer in answers):
            failures.append(f"{label} figures differ between runs or from cold")
    if any(answer["figures"] != reference for answer in rerun):
        failures.append("rerun figures differ from cold")
    analyst = last_json(by_name["analyst"].samples[0])
    for key in COMMON_FIGURES:
        if analyst[key] != reference[key]:
            failures.append(f"analyst {key} = {analyst[key]}, pulse {reference[key]}")
    if analyst["tickets_30_days"] != rerun[0]["tickets_30_days"]:
        failures.append("30-day ticket counts per client differ from the analyst's")
    metrics = last_json(by_name["apptest"].samples[0])["monday_metrics"]
    expected = {
        "On extra care": str(reference["active"]),
        "Awaiting decision": str(reference["recommended"]),
        "MRR on extra care": f"${reference['mrr_on_extra_care']:,.0f}",
        "MRR at risk": f"${reference['mrr_at_risk']:,.0f}",
        "Overdue actions": str(reference["overdue_action_items"]),
        "Open loops": str(len(reference["open_loops"])),
    }
    if metrics != expected:
        failures.append(f"Monday page KPIs {metrics} differ from pulse summary {expected}")
    return failures


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rows(by_name: dict[str, Case]) -> list[dict[str, Any]]:
    floor = median([s.wall_s for s in by_name["floor"].samples])
    analyst = median([s.wall_s for s in by_name["analyst"].samples])

    def process_row(name: str, label: str, target: str, limit: float | None) -> dict[str, Any]:
        walls = [s.wall_s for s in by_name[name].samples]
        value = median(walls)
        return {
            "case": label,
            "median_s": value,
            "min_s": min(walls),
            "max_s": max(walls),
            "cpu_s": median([s.cpu_s for s in by_name[name].samples]),
            "max_rss_mb": max(s.max_rss_mb for s in by_name[name].samples),
            "x_floor": value / floor,
            "x_analyst": value / analyst,
            "target": target,
            "ok": None if limit is None else value <= limit,
        }

    table = [
        process_row("cold", "cold: pulse summary, no cache", "<= 1.0x analyst", analyst),
        process_row("cached", "cached: pulse summary, cache warm", "<= 1.0x floor", floor),
    ]
    table += in_process_rows(by_name, floor=floor, analyst=analyst)
    table += [
        process_row("analyst", "reference: analyst's script", "", None),
        process_row("floor", "reference: parse floor", "", None),
    ]
    return table


def in_process_rows(
    by_name: dict[str, Case], *, floor: float, analyst: float
) -> list[dict[str, Any]]:
    rerun = [last_json(s) for s in by_name["rerun"].samples]
    apptest = [last_json(s) for s in by_name["apptest"].samples]
    measured = [
        (
            "rerun: filter change (picture cached)",
            [r["rerun_cached_picture_s"] for r in rerun],
            "<= 0.100 s",
            RERUN_TARGET_S,
        ),
        (
            "rerun: as-of change (recompute all)",
            [r["rerun_recompute_s"] for r in rerun],
            "<= 0.100 s",
            RERUN_TARGET_S,
        ),
        (
            "AppTest Monday page, first run (loads)",
            [a["monday_first_s"] for a in apptest],
            "<= 1.5 s",
            PAGE_TARGET_S,
        ),
        (
            "AppTest Monday page, rerun",
            [a["monday_rerun_s"] for a in apptest],
            "<= 1.5 s",
            PAGE_TARGET_S,
        ),
    ]
    if all("health_first_s" in a for a in apptest):
        measured += [
            (
                "AppTest health page",
                [a["health_first_s"] for a in apptest],
                "<= 1.5 s",
                PAGE_TARGET_S,
            ),
            (
                "AppTest health page, rerun",
                [a["health_rerun_s"] for a in apptest],
                "<= 1.5 s",
                PAGE_TARGET_S,
            ),
        ]
    out = []
    for label, values, target, limit in measured:
        value = median(values)
        out.append(
            {
                "case": label,
                "median_s": value,
                "min_s": min(values),
                "max_s": max(values),
                "cpu_s": None,
                "max_rss_mb": None,
                "x_floor": value / floor,
                "x_analyst": value / analyst,
                "target": target,
                "ok": value <= limit,
            }
        )
    if not all("health_first_s" in a for a in apptest):
        out.append(
            {"case": "AppTest health page: not present (pages/health.py)", "target": "<= 1.5 s"}
        )
    return out


def render(table: list[dict[str, Any]], peak_mb: float, runs: int) -> str:
    header = (
        f"{'case':<42} {'median':>8} {'min':>7} {'max':>7} {'cpu':>7} {'x floor':>8} "
        f"{'x analyst':>9}  {'target':<24} ok"
    )
    lines = [header, "-" * len(header)]
    for row in table:
        if "median_s" not in row:
            lines.append(
                f"{row['case']:<42} {'':>8} {'':>7} {'':>7} {'':>7} {'':>8} {'':>9}  "
                f"{row['target']:<24} -"
            )
            continue
        cpu = f"{row['cpu_s']:.2f}" if row["cpu_s"] is not None else ""
        ok = {None: "", True: "yes", False: "NO"}[row["ok"]]
        lines.append(
            f"{row['case']:<42} {row['median_s']:>7.3f}s {row['min_s']:>6.3f}s "
            f"{row['max_s']:>6.3f}s "
            f"{cpu:>7} {row['x_floor']:>7.2f}x {row['x_analyst']:>8.2f}x  {row['target']:<24} {ok}"
        )
    memory_ok = "yes" if peak_mb <= MEMORY_TARGET_MB else "NO"
    lines.append(
        f"{'peak memory (max RSS of any process)':<42} {peak_mb:>6.0f} MB"
        f"{'':>52}{'<= 1024 MB':<24} {memory_ok}"
    )
    lines.append(
        f"medians of {runs} interleaved runs; wall-clock seconds on a shared machine "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", RUNS)))
    parser.add_argument("--as-of", default=AS_OF)
    args = parser.parse_args()
    started = time.perf_counter()
    files = ensure_data(DATA_DIR)
    print(
        f"data ready in {time.perf_counter() - started:.0f}s: {files.workbook.name}, "
        f"{files.tickets.name} ({files.tickets.stat().st_size / 1e6:.0f} MB), {files.events.name}"
    )
    compile_bytecode()
    all_cases = cases(files, args.as_of)
    run_child(all_cases[1].command)  # warm the OS file cache and build the ticket cache
    measure(all_cases, args.runs)
    by_name = {case.name: case for case in all_cases}
    failures = check(by_name)
    table = rows(by_name)
    peak = max(s.max_rss_mb for case in all_cases for s in case.samples)
    print()
    print(render(table, peak, args.runs))
    print(
        "checks: "
        + (
            "cold = cached = rerun = AppTest KPIs, and = analyst's figures: ok"
            if not failures
            else "FAILED\n  " + "\n  ".join(failures)
        )
    )
    RESULTS.write_text(
        json.dumps(
            {
                "machine": {
                    "cores": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_average_end": os.getloadavg(),
                },
                "runs": args.runs,
                "as_of": args.as_of,
                "rows": table,
                "peak_rss_mb": peak,
                "checks_failed": failures,
                "samples": {c.name: [s.wall_s for s in c.samples] for c in all_cases},
                "total_s": time.perf_counter() - started,
            },
            indent=2,
        )
    )
    print(f"written {RESULTS.relative_to(ROOT)} ({time.perf_counter() - started:.0f}s in all)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
