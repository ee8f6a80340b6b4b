"""In-process measurements, each run by bench/run.py in a fresh process; prints one JSON line.

    python bench/probe.py rerun WORKBOOK TICKETS AS_OF
    python bench/probe.py apptest WORKBOOK TICKETS EVENTS AS_OF

rerun: the sources are loaded (as the shell's cached loaders hold them), then
- after a filter change that keeps the as-of date, the page's picture cache answers and the
  Monday page's tables are derived again (the path of an ordinary Streamlit rerun);
- after an as-of change, which misses every cache, every Monday figure is recomputed: ticket
  signals with first-response lateness on the business clock over all tickets, risk, candidates,
  overdue actions, and the page's tables.
Timings are the median of several repetitions in this process.

apptest: Streamlit's AppTest runs the shell on the bench data: the Monday page (first run, which
loads the sources, then a rerun), and the health page when it exists.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPEATS = 7
HEALTH_PAGE = ROOT / "pages" / "health.py"


def rerun(workbook_path: str, tickets_path: str, as_of_text: str) -> dict[str, Any]:
    from connectors.config import load_settings
    from connectors.ticket_cache import read_tickets_cached
    from connectors.workbook import read_workbook
    from pulse.signals import in_window

    settings = load_settings()
    workbook = read_workbook(Path(workbook_path))
    tickets = read_tickets_cached(Path(tickets_path), timezone=settings.business_hours.timezone)
    as_of = date.fromisoformat(as_of_text)
    figures = _monday_figures(workbook, tickets, as_of=as_of, settings=settings)
    recompute = []
    for repeat in range(REPEATS):  # a different as-of each time: nothing can be reused
        other = as_of - timedelta(days=1 + repeat)
        started = time.perf_counter()
        _monday_figures(workbook, tickets, as_of=other, settings=settings)
        recompute.append(time.perf_counter() - started)
    cached = []
    picture = _picture(workbook, tickets, as_of=as_of, settings=settings)
    for _ in range(REPEATS):  # same as-of: the page's picture cache answers, tables are redrawn
        started = time.perf_counter()
        _page_tables(picture, workbook, as_of=as_of, settings=settings)
        cached.append(time.perf_counter() - started)
    zone = settings.business_hours.timezone
    recent = tickets[in_window(tickets["created"], as_of=as_of, days=30, zone=zone)]
    counts = recent.groupby("client").size()
    return {
        "figures": figures,
        "rerun_recompute_s": statistics.median(recompute),
        "rerun_cached_picture_s": statistics.median(cached),
        "tickets_30_days": {str(k): int(v) for k, v in counts.items()},
    }


def _monday_figures(workbook: Any, tickets: Any, *, as_of: date, settings: Any) -> dict[str, Any]:
    """What a rerun after an as-of change computes: the picture and the page's tables."""
    from pulse.summary import summary_json

    picture = _picture(workbook, tickets, as_of=as_of, settings=settings)
    _page_tables(picture, workbook, as_of=as_of, settings=settings)
    return summary_json(picture)


def _picture(workbook: Any, tickets: Any, *, as_of: date, settings: Any) -> Any:
    """ui.pending.picture_for without Streamlit: the core's week picture."""
    from app.week import week_picture

    return week_picture(workbook, tickets, as_of=as_of, settings=settings)


def _page_tables(picture: Any, workbook: Any, *, as_of: date, settings: Any) -> None:
    """The tables pages/monday.py derives from the picture on every run."""
    from pulse.actions import overdue_by_owner
    from pulse.extra_care import missing_contact
    from pulse.monday import awaiting_decision, candidate_evidence, extra_care_table

    overdue_by_owner(picture.overdue)
    extra_care_table(
        picture,
        workbook.clients,
        workbook.actions,
        as_of=as_of,
        rca_grace_days=settings.rca_grace_days,
    )
    awaiting_decision(picture)
    candidate_evidence(picture)
    missing_contact(workbook.clients)


def apptest(workbook: str, tickets: str, events: str, as_of_text: str) -> dict[str, Any]:
    import os

    os.environ.update(PULSE_WORKBOOK=workbook, PULSE_TICKETS=tickets, PULSE_EVENTS=events)
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    app.query_params["as_of"] = as_of_text
    result: dict[str, Any] = {}
    result["monday_first_s"] = _timed_run(app)
    _raise_on_exception(app, "Monday page")
    result["monday_metrics"] = {metric.label: metric.value for metric in app.metric}
    result["monday_rerun_s"] = statistics.median(_timed_run(app) for _ in range(3))
    if HEALTH_PAGE.is_file():
        app.switch_page("pages/health.py")
        result["health_first_s"] = _timed_run(app)
        _raise_on_exception(app, "health page")
        result["health_rerun_s"] = statistics.median(_timed_run(app) for _ in range(3))
    return result


def _timed_run(app: Any) -> float:
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def _raise_on_exception(app: Any, page: str) -> None:
    if app.exception:
        raise SystemExit(f"{page} raised: {[e.message for e in app.exception]}")
    if app.error:
        raise SystemExit(f"{page} shows an error: {[e.value for e in app.error]}")


if __name__ == "__main__":
    mode, *arguments = sys.argv[1:]
    answer = {"rerun": rerun, "apptest": apptest}[mode](*arguments)
    print(json.dumps(answer))
