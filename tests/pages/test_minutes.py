"""The Monday minutes page under AppTest (through the shell) on the hand-worked scenario: the
minutes of the meeting of Monday 2026-11-23 as tests/pulse/test_minutes.py works them out,
printable and downloadable."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.app_fixtures import start
from tests.pulse.test_minutes import SCENARIO_MINUTES

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_the_minutes_page_shows_and_offers_the_meetings_minutes(scenario_file: Path) -> None:
    # A Wednesday as-of: the minutes are still those of that week's Monday meeting.
    app = start(as_of="2026-11-25").switch_page("pages/minutes.py").run()
    assert not app.exception, [e.message for e in app.exception]
    # Drawn as HTML (st.html): the hand-worked Markdown, as CommonMark renders it.
    [shown] = [block.proto.body for block in app.get("html") if "CST meeting" in block.proto.body]
    assert (
        shown.strip() == MarkdownIt("commonmark", {"html": False}).render(SCENARIO_MINUTES).strip()
    )
    assert shown.startswith("<h1>CST meeting minutes — Mon 23 Nov 2026</h1>")
    assert app.get("download_button")[0].proto.label == "⬇️ Download as Markdown"
