"""The Monday minutes page under AppTest (through the shell) on the hand-worked scenario: the
minutes of the meeting of Monday 2026-11-23 as tests/pulse/test_minutes.py works them out,
printable and downloadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_fixtures import start
from tests.pulse.test_minutes import SCENARIO_MINUTES

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_the_minutes_page_shows_and_offers_the_meetings_minutes(scenario_file: Path) -> None:
    # A Wednesday as-of: the minutes are still those of that week's Monday meeting.
    app = start(as_of="2026-11-25").switch_page("pages/minutes.py").run()
    assert not app.exception, [e.message for e in app.exception]
    shown = [block.value for block in app.markdown if block.value.startswith("# CST meeting")]
    assert [text.strip() for text in shown] == [SCENARIO_MINUTES.strip()]
    assert app.get("download_button")[0].proto.label == "⬇️ Download as Markdown"
