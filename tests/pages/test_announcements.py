"""The Announcements page under AppTest (through the shell), with unsaved decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_fixtures import recommend_echo, start

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_announcements_page_renders(scenario_file: Path) -> None:
    app = start()
    app.switch_page("pages/announcements.py").run()
    assert not app.exception, [e.message for e in app.exception]


def test_announcements_include_unsaved_decisions(scenario_file: Path) -> None:
    app = recommend_echo(start())
    app.switch_page("pages/announcements.py").run()
    assert not app.exception
    # One tab at a time: the Tuesday huddle first, then the Friday update once chosen.
    codes = [code.value for code in app.code]
    assert [text.splitlines()[0] for text in codes] == [
        "## Extra care — Tuesday all-staff huddle, 2026-11-24"
    ]
    app.session_state["announcement_tab"] = "Friday update"
    app.run()
    assert not app.exception
    codes = [code.value for code in app.code]
    assert len(codes) == 1 and "Friday update, 2026-11-27" in codes[0]
