"""`pulse watch` (pulse/commands/watch.py) against receivers on 127.0.0.1 that answer like Teams
Workflows, Slack and an SMTP server: each reminder SPEC lists is posted once, across runs and a
restart; a failed post is retried on the next run; a bad URL is a clear exit 2 or 4.

The incident: TK1 at Acme, reported by e-mail Tue 24 Nov 2026 09:00 (Los Angeles), SWARM space
created 09:05. On the default targets (SPEC, worked by hand): first response due 10:00; summary
due 09:20; vITM acknowledgement due 10:05; the vITM phone call required from 09:35 (no
acknowledgement), due 10:05; the vITM's manager required from 10:05, due 10:20.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pulse.cli import main
from tests.live_incidents import seed
from tests.notification_receivers import (
    SILENCE,
    SLACK_PATH,
    TEAMS_PATH,
    Mailbox,
    Receiver,
    email_env,
    slack,
    smtp,
    teams,
)
from tests.paths import SAMPLE_WORKBOOK

__all__ = ["slack", "smtp", "teams"]  # the receivers, as fixtures

TITLE = "Acme – TK1 – Email is down"
REPORTED = [
    ("declared", "09:00", "Email is down"),
    ("reported", "09:00"),
    ("swarm_created", "09:05"),
]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A copy of the sample whose Incident Log holds TK1 up to its SWARM space."""
    path = tmp_path / "Client Pulse.xlsx"
    shutil.copyfile(SAMPLE_WORKBOOK, path)
    seed(path, REPORTED, client="Acme")
    return path


@pytest.fixture
def channels(
    monkeypatch: pytest.MonkeyPatch, teams: Receiver, slack: Receiver, smtp: Mailbox
) -> None:
    monkeypatch.setenv("PULSE_TEAMS_WEBHOOK_URL", teams.url)
    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", slack.url)
    for name, value in email_env(smtp).items():
        monkeypatch.setenv(name, value)


def watch(workbook: Path, at: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`pulse watch WORKBOOK --as-of 2026-11-24T<at>` (Los Angeles): code, stdout, stderr."""
    code = main(["watch", str(workbook), "--as-of", f"2026-11-24T{at}:00-08:00"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def slack_lines(receiver: Receiver) -> list[str]:
    """Each Slack post's reminder line (the text after the bold title)."""
    return [text.split("\n", 1)[1] for text in receiver.texts()]


@pytest.mark.usefixtures("channels")
def test_an_incident_walked_through_time_gives_each_reminder_once(
    workbook: Path,
    teams: Receiver,
    slack: Receiver,
    smtp: Mailbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected: list[str] = []
    # 09:12: the summary is due at 09:20, 8 business minutes away.
    assert watch(workbook, "09:12", capsys)[0] == 0
    expected.append("⏰ Due at Tue 24 Nov 09:20: Post a brief summary in the SWARM space.")
    # A second run and a restart at the same moment post nothing again.
    assert watch(workbook, "09:12", capsys)[:2] == (0, "")
    # 09:25: the summary was due at 09:20 and is not posted: breached.
    assert watch(workbook, "09:25", capsys)[0] == 0
    expected.append("🔴 Breached (due Tue 24 Nov 09:20, not done): Post a brief summary")
    seed(workbook, [("summary_posted", "09:26"), ("client_responded", "09:50")], client="Acme")
    # 09:55: the acknowledgement and the phone call are both due at 10:05, 10 minutes away.
    assert watch(workbook, "09:55", capsys)[0] == 0
    expected += [
        "⏰ Due at Tue 24 Nov 10:05: vITM acknowledges the SWARM space. Who: vITM.",
        "⏰ Due at Tue 24 Nov 10:05: Phone the vITM. Who: Service Desk.",
    ]
    # 10:25: both breached, the manager (due 10:20) breached, and the vCIO-fallback prompt.
    assert watch(workbook, "10:25", capsys)[0] == 0
    expected += [
        "🔴 Breached (due Tue 24 Nov 10:05, not done): vITM acknowledges",
        "🔴 Breached (due Tue 24 Nov 10:05, not done): Phone the vITM",
        "🔴 Breached (due Tue 24 Nov 10:20, not done): Add the vITM's manager",
        "🟠 The vITM is silent, even with their manager added: Mark the vITM unavailable",
    ]
    assert watch(workbook, "10:25", capsys)[:2] == (0, "")
    # 10:45: the first client update is due at 10:50 (60 after the 09:50 response).
    assert watch(workbook, "10:45", capsys)[0] == 0
    expected.append("📣 Client update 1 is due at Tue 24 Nov 10:50")

    lines = slack_lines(slack)
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), (line, start)
    assert teams.texts() == [TITLE] * len(expected)
    assert [mail[2] for mail in smtp.mails] == [TITLE] * len(expected)
    assert [mail[3].strip() for mail in smtp.mails] == lines


@pytest.mark.usefixtures("channels")
def test_the_payloads_are_what_each_service_takes(
    workbook: Path, teams: Receiver, slack: Receiver, smtp: Mailbox, capsys
) -> None:
    assert watch(workbook, "09:12", capsys)[0] == 0
    (card,) = teams.bodies
    assert card["type"] == "message"
    (attachment,) = card["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = attachment["content"]
    assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
    assert [block["type"] for block in content["body"]] == ["TextBlock", "TextBlock"]
    assert content["body"][0]["weight"] == "Bolder"
    assert content["body"][1]["text"] == (
        "⏰ Due at Tue 24 Nov 09:20: Post a brief summary in the SWARM space. "
        "Who: Service Desk analyst."
    )
    (message,) = slack.bodies
    assert message["text"].startswith(f"*{TITLE}*\n⏰ Due at Tue 24 Nov 09:20")
    ((sender, recipients, subject, _),) = smtp.mails
    assert (sender, recipients, subject) == ("pulse@example.com", ["cst@example.com"], TITLE)


@pytest.mark.usefixtures("channels")
@pytest.mark.parametrize("failure", [500, SILENCE])
def test_a_failed_post_is_retried_on_the_next_run(
    workbook: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    teams: Receiver,
    slack: Receiver,
    failure: int | str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "pulse.toml"
    config.write_text("[notifications]\ntimeout_seconds = 1\n")
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    slack.answers.append(failure)
    code, _, err = watch(workbook, "09:12", capsys)
    assert code == 4
    said = "refused (HTTP 500" if failure == 500 else "no answer within 1 s"
    assert f"Slack (127.0.0.1/…): {said}" in err
    assert "retried on the next run" in err
    assert "s3cr3t" not in err
    assert (len(teams.bodies), len(slack.bodies)) == (1, 0)
    # The next run, at a later moment with nothing new due, posts the failed one to Slack only.
    code, _, err = watch(workbook, "09:13", capsys)
    assert code == 0, err
    assert "retried 1 post(s)" in err
    assert (len(teams.bodies), len(slack.bodies)) == (1, 1)
    assert slack_lines(slack)[0].startswith("⏰ Due at Tue 24 Nov 09:20: Post a brief summary")
    assert watch(workbook, "09:14", capsys)[:2] == (0, "")


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("PULSE_SLACK_WEBHOOK_URL", "hooks.slack.com" + SLACK_PATH, "is not a web address"),
        ("PULSE_TEAMS_WEBHOOK_URL", "ftp://example.com" + TEAMS_PATH, "is not a web address"),
        ("PULSE_SMTP_SECURITY", "tls1.3", "must be starttls, ssl or none"),
    ],
)
def test_a_malformed_setting_exits_2_naming_it_and_posts_nothing(
    workbook: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp: Mailbox,
    setting: str,
    value: str,
    said: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, email_value in email_env(smtp).items():
        monkeypatch.setenv(name, email_value)
    monkeypatch.setenv(setting, value)
    code, out, err = watch(workbook, "09:12", capsys)
    assert (code, out) == (2, "")
    assert f"pulse watch: {setting}: {said}" in err
    assert "s3cr3t" not in err and "Traceback" not in err
    assert smtp.mails == []


def test_an_unreachable_url_exits_4_with_the_secret_masked(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.notification_receivers import free_port

    monkeypatch.setenv("PULSE_SLACK_WEBHOOK_URL", f"http://127.0.0.1:{free_port()}{SLACK_PATH}")
    code, out, err = watch(workbook, "09:12", capsys)
    assert (code, out) == (4, "")
    assert "Slack (127.0.0.1/…): unreachable" in err
    assert "s3cr3t" not in err and "Traceback" not in err


def test_without_a_channel_it_exits_2_saying_what_to_set(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = watch(workbook, "09:12", capsys)
    assert (code, out) == (2, "")
    assert "no channel configured" in err and "PULSE_SLACK_WEBHOOK_URL" in err


@pytest.mark.usefixtures("channels")
def test_the_monday_digest_goes_out_once_from_the_configured_time(
    workbook: Path, slack: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    def at(moment: str) -> int:
        code = main(["watch", str(workbook), "--as-of", f"2026-11-23T{moment}:00-08:00"])
        assert code == 0, capsys.readouterr().err
        return len(slack.bodies)

    assert at("07:59") == 0  # the default time is 08:00
    assert at("08:00") == 1
    assert at("16:00") == 1  # once per Monday
    text = slack.bodies[0]["text"]
    assert text.startswith("*Client Pulse — Monday digest, Mon 23 Nov 2026*")
    for heading in ("Key figures", "Open loops", "Candidates", "Overdue action items"):
        assert f"\n*{heading}*\n" in text


def test_every_must_be_a_positive_number_of_minutes(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["watch", str(workbook), "--every", "0"]) == 2
    assert "--every takes a number of minutes" in capsys.readouterr().err


@pytest.mark.usefixtures("channels")
def test_every_n_minutes_runs_again_after_sleeping_until_stopped(
    workbook: Path,
    monkeypatch: pytest.MonkeyPatch,
    slack: Receiver,
    capsys: pytest.CaptureFixture[str],
) -> None:
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second nap

    monkeypatch.setattr("pulse.commands.watch.time.sleep", sleep)
    args = ["watch", str(workbook), "--every", "5", "--as-of", "2026-11-24T09:12:00-08:00"]
    assert main(args) == 0, capsys.readouterr().err
    assert naps == [300, 300]
    assert len(slack.bodies) == 1  # two runs, one reminder due: posted once
