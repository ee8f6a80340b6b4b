"""Starting an incident and recording steps (ui/incident_forms.py): which Critical tickets may be
started, the times picked on the page, and starting one from the export through the shell."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from tests.live_incidents import INCIDENTS, fresh_start, logged
from tests.paths import SAMPLE_DIR
from ui.incident_forms import critical_tickets, local_time

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "own_settings")

LA = ZoneInfo("America/Los_Angeles")


def export() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ["TK1", "TK2", "TK3", "TK4"],
            "client": ["A", "B", "C", "D"],
            "summary": ["down", "slow", "closed", "started"],
            "priority": ["Critical", "High", "Critical", "Critical"],
            "created": pd.to_datetime(
                ["2026-11-24 09:00", "2026-11-24 09:10", "2026-11-24 09:20", "2026-11-24 09:30"],
                utc=True,
            ),
            "is_open": [True, True, False, True],
        }
    )


def test_only_open_critical_tickets_not_yet_incidents_newest_first() -> None:
    assert critical_tickets(export(), [" tk4 "])["ticket"].tolist() == ["TK1"]
    assert critical_tickets(export(), [])["ticket"].tolist() == ["TK4", "TK1"]
    assert critical_tickets(None, []).empty


def test_a_date_and_time_picked_are_an_instant_in_the_business_zone() -> None:
    fallback = datetime(2026, 11, 24, 10, 0, tzinfo=LA)
    picked = local_time(
        date(2026, 11, 24), time(9, 50, 30), "America/Los_Angeles", fallback=fallback
    )
    assert picked == datetime(2026, 11, 24, 9, 50, tzinfo=LA)
    assert local_time(None, time(9, 50), "America/Los_Angeles", fallback=fallback) == fallback


def test_starting_from_a_critical_ticket_reports_it_at_its_created_time(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_TICKETS", str(SAMPLE_DIR / "tickets_generic.csv"))
    app = fresh_start(monkeypatch)
    app.switch_page(INCIDENTS).run()
    choices = app.selectbox(key="incident_start_ticket").options
    assert choices and all("T" in option for option in choices)
    app.selectbox(key="incident_start_ticket").set_value("T101858")
    app.button(key="incident_start").click().run()
    assert not app.exception, [e.message for e in app.exception]
    # The sample export says T101858 was created 2026-11-18 22:00 UTC (14:00 in Los Angeles).
    assert logged(scenario_file) == [("T101858", "reported", "2026-11-18T14:00:00-08:00")]
    assert app.query_params["ticket"] == "T101858"  # its room opened
