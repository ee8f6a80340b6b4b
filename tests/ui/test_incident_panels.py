"""The room's panels (ui/incident_panels.py): the recommendation the room drafts from an
incident, and recommending a client for extra care as a pending change through the workflow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_fixtures import texts
from tests.incident_frames import tk800_room
from tests.live_incidents import click, open_room, seed
from ui.incident_panels import recommendation_reason

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "own_settings")


def test_the_recommendation_names_the_incident_its_breaches_and_its_tickets() -> None:
    room = tk800_room()
    assert recommendation_reason(room) == (
        "Critical incident GPW – TK800 – Firewall down: 3 procedure step(s) breached, "
        "0 client update(s) late. Related tickets: TK801."
    )


def test_recommending_extra_care_after_an_incident_is_a_pending_change(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Echo Capital's last episode was Declined, so it may be recommended again.
    rows = [("reported", "08:00"), ("client_responded", "08:30"), ("resolved", "09:30")]
    seed(scenario_file, rows, client="Echo Capital")
    app = open_room(monkeypatch)
    assert app.multiselect(key="recommend_criteria_TK1").value == ["service_desk"]
    click(app, "FormSubmitter:recommend_TK1-Recommend extra care")
    assert "Echo Capital recommended for extra care" in texts(app.success)
    assert "unsaved change" in texts(app.sidebar.warning)
