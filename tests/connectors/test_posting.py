"""connectors/posting.py: the payload each service takes, and a failure said in words with the
secrets masked (against receivers on 127.0.0.1, tests/notification_receivers.py)."""

from __future__ import annotations

import apprise
import pytest

from connectors.channels import Channel, ChannelKind
from connectors.posting import email_url, post, slack_payload, teams_card
from pulse.notifications import Message
from tests.notification_receivers import (
    SILENCE,
    Mailbox,
    Receiver,
    free_port,
    slack,
    smtp,
    teams,
)

__all__ = ["slack", "smtp", "teams"]  # the receivers, as fixtures

DIGEST = Message(
    "digest/2026-11-23",
    "Monday digest",
    "Figures as of Mon.\n\n## Key figures\n- On extra care: 2\n\n## Candidates\n- **Acme** — NOC",
)


def test_a_teams_card_makes_each_heading_a_bold_line() -> None:
    card = teams_card(DIGEST)["attachments"][0]["content"]
    blocks = [(block["text"], block.get("weight")) for block in card["body"]]
    assert blocks == [
        ("Monday digest", "Bolder"),
        ("Figures as of Mon.", None),
        ("Key figures", "Bolder"),
        ("- On extra care: 2", None),
        ("Candidates", "Bolder"),
        ("- **Acme** — NOC", None),
    ]


def test_slack_text_is_mrkdwn() -> None:
    assert slack_payload(DIGEST)["text"] == (
        "*Monday digest*\nFigures as of Mon.\n\n*Key figures*\n- On extra care: 2\n\n"
        "*Candidates*\n- *Acme* — NOC"
    )


def test_posts_reach_each_receiver(teams: Receiver, slack: Receiver, smtp: Mailbox) -> None:
    email = Channel(
        ChannelKind.EMAIL,
        "127.0.0.1",
        port=smtp.port,
        sender="pulse@example.com",
        recipients=("cst@example.com",),
        security="none",
    )
    for channel in (Channel(ChannelKind.TEAMS, teams.url), Channel(ChannelKind.SLACK, slack.url)):
        assert post(channel, DIGEST, timeout=5).ok
    assert post(email, DIGEST, timeout=5).ok
    assert teams.bodies == [teams_card(DIGEST)]
    assert slack.bodies == [slack_payload(DIGEST)]
    assert [(mail[2], mail[3].replace("\r\n", "\n").strip()) for mail in smtp.mails] == [
        ("Monday digest", DIGEST.text)
    ]


@pytest.mark.parametrize(("answer", "said"), [(404, "refused (HTTP 404: server_error)")])
def test_a_refusal_is_said_with_its_status(slack: Receiver, answer: int, said: str) -> None:
    slack.answers.append(answer)
    outcome = post(Channel(ChannelKind.SLACK, slack.url), DIGEST, timeout=5)
    assert (outcome.ok, outcome.reason) == (False, said)


def test_silence_is_a_timeout(slack: Receiver) -> None:
    slack.answers.append(SILENCE)
    outcome = post(Channel(ChannelKind.SLACK, slack.url), DIGEST, timeout=0.5)
    assert (outcome.ok, outcome.reason) == (False, "no answer within 0.5 s")


def test_an_unreachable_host_is_said_with_the_url_masked() -> None:
    url = f"http://127.0.0.1:{free_port()}/services/T000/B000/s3cr3t"
    outcome = post(Channel(ChannelKind.SLACK, url), DIGEST, timeout=2)
    assert not outcome.ok
    assert outcome.reason.startswith("unreachable (")
    assert "s3cr3t" not in outcome.reason


def test_an_smtp_server_that_refuses_is_a_failed_post() -> None:
    email = Channel(
        ChannelKind.EMAIL,
        "127.0.0.1",
        port=free_port(),
        sender="pulse@example.com",
        recipients=("cst@example.com",),
        security="none",
        password="s3cr3t",
        user="pulse",
    )
    outcome = post(email, DIGEST, timeout=2)
    assert not outcome.ok and outcome.reason.startswith("not sent")
    assert "s3cr3t" not in outcome.reason


def test_any_character_in_the_login_reaches_apprise_as_typed() -> None:
    email = Channel(
        ChannelKind.EMAIL,
        "smtp.example.com",
        port=587,
        user="pulse@example.com",
        password="p@ss:w/rd?#&",
        sender="pulse@example.com",
        recipients=("cst@example.com",),
    )
    notifier = apprise.Apprise()
    assert notifier.add(email_url(email, timeout=10))
    (plugin,) = notifier
    assert (plugin.user, plugin.password) == ("pulse@example.com", "p@ss:w/rd?#&")
    assert (plugin.host, plugin.port) == ("smtp.example.com", 587)
