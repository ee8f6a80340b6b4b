"""ui/posting.py under AppTest (through the shell): "Post to ..." beside the announcements and
the escalation messages, disabled with a reason when no channel works, posting to receivers on
127.0.0.1 that answer like Slack and Teams Workflows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import start
from tests.notification_receivers import Receiver, slack, teams
from ui.posting import NO_CHANNEL

__all__ = ["slack", "teams"]  # the receivers, as fixtures
pytestmark = pytest.mark.usefixtures("shell_on_every_run")

TUESDAY = "Extra care — Tuesday all-staff huddle, 2026-11-24"


def page(name: str) -> AppTest:
    app = start()
    app.switch_page(f"pages/{name}.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def captions(app: AppTest) -> list[str]:
    return [caption.value for caption in app.caption]


def test_without_a_channel_the_button_is_disabled_saying_why(scenario_file: Path) -> None:
    app = page("announcements")
    button = app.button(key="post_dl_tuesday")
    assert (button.label, button.disabled) == ("Post to Teams/Slack/e-mail", True)
    assert NO_CHANNEL in captions(app)


def test_a_malformed_setting_disables_it_naming_the_setting(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", "hooks.slack.com/services/T/B/s3cr3t")
    app = page("announcements")
    assert app.button(key="post_dl_tuesday").disabled
    # The same sentence under each tab's button (Tuesday, department, Friday).
    (said,) = {text for text in captions(app) if text.startswith("Posting is off")}
    assert "PULSE_SLACK_WEBHOOK_URL: is not a web address" in said
    assert "s3cr3t" not in said


def test_the_tuesday_huddle_is_posted_to_slack(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch, slack: Receiver
) -> None:
    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", slack.url)
    app = page("announcements")
    button = app.button(key="post_dl_tuesday")
    assert (button.label, button.disabled) == ("Post to Slack", False)
    button.click().run()
    assert not app.exception
    (body,) = slack.bodies
    assert body["text"].startswith(f"*{TUESDAY}*\nDecided in the CST meeting of Monday 2026-11-23")
    assert [s.value for s in app.success] == ["Posted to Slack (127.0.0.1/…)."]


def test_a_refused_post_is_said_and_nothing_breaks(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch, slack: Receiver
) -> None:
    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", slack.url)
    slack.answers.append(500)
    app = page("announcements")
    app.button(key="post_dl_tuesday").click().run()
    assert not app.exception
    # The receiver's answer is outside text, escaped for Markdown: it reads "server_error".
    assert [e.value for e in app.error] == [
        "Slack (127.0.0.1/…): refused (HTTP 500: server\\_error). Try again."
    ]


def test_the_urgent_post_goes_to_teams_with_its_siren(
    scenario_file: Path, monkeypatch: pytest.MonkeyPatch, teams: Receiver
) -> None:
    monkeypatch.setenv("PULSE_TEAMS_WEBHOOK_URL", teams.url)
    app = page("escalation")
    app.text_input(key="pathway_customer").input("Acme").run()
    app.button(key="post_urgent").click().run()
    assert not app.exception
    assert teams.texts() == ["🚨 Urgent: Acme"]
    card = teams.bodies[0]["attachments"][0]["content"]
    assert "Acme" in card["body"][1]["text"]


@pytest.mark.usefixtures("own_settings")
def test_a_viewer_may_not_post(
    viewer: Path, monkeypatch: pytest.MonkeyPatch, slack: Receiver
) -> None:
    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", slack.url)
    app = page("announcements")
    button = app.button(key="post_dl_tuesday")
    assert (button.label, button.disabled) == ("Post to Slack", True)
    assert any("may post to the team's channels" in text for text in captions(app))
