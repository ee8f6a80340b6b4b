"""connectors/channels.py: the channels come from secrets.toml's [notifications] or the
environment; a setting nothing could post to is refused by name; secrets never show."""

from __future__ import annotations

import pytest

from connectors.channels import Channel, ChannelConfigError, ChannelKind, channels_from

SLACK = "https://hooks.slack.com/services/T000/B000/s3cr3tt0ken"
TEAMS = "https://prod-1.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t"
EMAIL = {
    "PULSE_SMTP_HOST": "smtp.example.com",
    "PULSE_SMTP_USER": "pulse",
    "PULSE_SMTP_PASSWORD": "pa:ss/w@rd",
    "PULSE_SMTP_FROM": "pulse@example.com",
    "PULSE_SMTP_TO": "cst@example.com, director@example.com",
}


def test_nothing_configured_is_no_channel() -> None:
    assert channels_from({}, None) == []


def test_every_channel_in_order_with_the_smtp_defaults() -> None:
    env = {"PULSE_SLACK_WEBHOOK_URL": SLACK, "PULSE_TEAMS_WEBHOOK_URL": TEAMS, **EMAIL}
    teams, slack, email = channels_from(env, None)
    assert (teams.kind, teams.address) == (ChannelKind.TEAMS, TEAMS)
    assert (slack.kind, slack.address) == (ChannelKind.SLACK, SLACK)
    assert (email.port, email.security) == (587, "starttls")  # STARTTLS unless told
    assert email.recipients == ("cst@example.com", "director@example.com")


def test_secrets_toml_wins_over_the_environment() -> None:
    secrets = {"notifications": {"PULSE_SLACK_WEBHOOK_URL": SLACK}}
    (slack,) = channels_from({"PULSE_SLACK_WEBHOOK_URL": "https://elsewhere.test/x"}, secrets)
    assert slack.address == SLACK


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"PULSE_SLACK_WEBHOOK_URL": "hooks.slack.com/services/x"}, "PULSE_SLACK_WEBHOOK_URL"),
        ({"PULSE_TEAMS_WEBHOOK_URL": "https://"}, "PULSE_TEAMS_WEBHOOK_URL"),
        ({**EMAIL, "PULSE_SMTP_PORT": "smtp"}, "PULSE_SMTP_PORT"),
        ({**EMAIL, "PULSE_SMTP_FROM": "pulse"}, "PULSE_SMTP_FROM"),
        ({**EMAIL, "PULSE_SMTP_TO": ""}, "PULSE_SMTP_TO"),
        ({**EMAIL, "PULSE_SMTP_SECURITY": "tls"}, "PULSE_SMTP_SECURITY"),
    ],
)
def test_a_setting_nothing_could_post_to_is_refused_by_name(
    env: dict[str, str], setting: str
) -> None:
    with pytest.raises(ChannelConfigError) as refused:
        channels_from(env, None)
    (problem,) = refused.value.problems
    assert problem.file == setting
    assert "s3cr3t" not in str(problem) and "pa:ss" not in str(problem)


def test_names_and_masks_never_show_a_secret() -> None:
    slack = Channel(ChannelKind.SLACK, SLACK)
    assert slack.name == "Slack (hooks.slack.com/…)"
    assert "s3cr3t" not in repr(slack)
    assert slack.mask(f"could not reach {SLACK}") == "could not reach https://hooks.slack.com/***"
    teams = Channel(ChannelKind.TEAMS, TEAMS)
    assert "s3cr3t" not in teams.mask(f"refused {TEAMS}")
    email = channels_from(EMAIL, None)[0]
    assert email.name == "e-mail to cst@example.com, director@example.com via smtp.example.com:587"
    assert email.mask("login pa:ss/w@rd refused") == "login *** refused"
