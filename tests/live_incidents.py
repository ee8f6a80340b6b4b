"""What the incident room's tests share: a clock fixed on a Tuesday morning, Incident Log rows
written into a workbook before the app opens it, and the room opened through the shell.

PULSE_NOW is Tue 2026-11-24 10:00 in Los Angeles (business hours), so the room is live on the
as-of date 2026-11-24 and every due time below is worked by hand on the default clock.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.log_append import append_rows
from connectors.workbook import read_tabs
from pulse.schema import INCIDENT_LOG, Sheet
from tests.app_fixtures import start

NOW = "2026-11-24T10:00:00-08:00"
TODAY = "2026-11-24"
ROOM = "pages/incident_room.py"
INCIDENTS = "pages/incidents.py"


def seed(path: Path, rows: list[tuple[str, ...]], *, ticket: str = "TK1", client: str = "") -> None:
    """Rows (event, 'HH:MM' on 2026-11-24[, note]) appended to the workbook's Incident Log."""
    frame = pd.DataFrame(
        [
            [
                ticket,
                client or None,
                event,
                f"{TODAY}T{at}:00-08:00",
                "Ana",
                rest[0] if rest else None,
            ]
            for event, at, *rest in rows
        ],
        columns=INCIDENT_LOG.names,
    )
    path.write_bytes(append_rows(path.read_bytes(), {Sheet.INCIDENT_LOG: frame}, name=path.name))


def logged(path: Path) -> list[tuple[str, str, str]]:
    """(ticket, event, at) of every Incident Log row in the file."""
    log = read_tabs(path, tabs=[Sheet.INCIDENT_LOG]).incident_log
    return list(zip(log["ticket"], log["event"], log["at"], strict=True))


def fresh_start(monkeypatch: pytest.MonkeyPatch, *, as_of: str = TODAY, **params: str) -> AppTest:
    """The shell's first run on the clock of NOW (tests using it take the `own_settings`
    fixture: the shell caches its settings per process)."""
    monkeypatch.setenv("PULSE_NOW", NOW)
    return start(as_of=as_of, **params)


def open_room(
    monkeypatch: pytest.MonkeyPatch, ticket: str = "TK1", *, as_of: str = TODAY
) -> AppTest:
    """The room of `ticket` through the shell, on the clock of NOW."""
    app = fresh_start(monkeypatch, as_of=as_of, ticket=ticket)
    app.switch_page(ROOM).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def step_statuses(app: AppTest) -> dict[str, str]:
    """Step -> status as the room's steps table shows them, in words ('SWARM space created' ->
    'Met')."""
    table = next(frame.value for frame in app.dataframe if "Step" in frame.value.columns)
    return dict(zip(table["Step"], table["Status"], strict=True))
