"""The Help page (pages/help.py) under AppTest through the shell: the README one section at a time,
chosen in the address or the contents, and the button that brings the introductions back."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import start, texts

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "scenario_file")

HELP = "pages/help.py"


def help_page(**params: str) -> AppTest:
    app = start(**params)
    app.switch_page(HELP).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def body(app: AppTest) -> str:
    return texts(m for m in app.markdown if str(m.value).startswith("#"))


def test_the_address_names_the_section() -> None:
    app = help_page(section="critical-incidents")
    assert body(app).startswith("### Critical incidents")
    assert "Business hours include 08:00 and exclude 17:00" in body(app)
    assert "### Escalation" not in body(app)


def test_without_a_section_the_first_one() -> None:
    assert body(help_page()).startswith("## What it is")


def test_an_unknown_section_is_said_and_the_first_shown() -> None:
    app = help_page(section="nonsense")
    assert "The README has no section “nonsense”" in texts(app.warning)
    assert body(app).startswith("## What it is")


def test_the_contents_choose_a_section() -> None:
    app = help_page()
    app.button(key="help_rules").click().run()
    assert app.query_params["section"] == "rules"
    assert body(app).startswith("## Rules")
    assert "### Tickets and signals" in body(app)  # a section holds its sub-sections


def test_the_introductions_can_come_back() -> None:
    app = start()
    app.button(key="intro_dismiss_monday").click().run()
    app.switch_page(HELP).run()
    app.button(key="help_show_intros").click().run()
    again = start()  # a later session of the same person
    assert any("What am I looking at?" in str(m.value) for m in again.markdown)
