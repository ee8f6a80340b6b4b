"""connectors/secrets.py: a setting from the secrets file's section, its top level, else the
environment; blanks count as unset."""

from __future__ import annotations

import pytest

from connectors.secrets import secret_setting

NAME = "PULSE_SLACK_WEBHOOK_URL"


@pytest.mark.parametrize(
    ("env", "secrets", "expected"),
    [
        ({}, None, ""),
        ({NAME: " from-env "}, None, "from-env"),
        ({NAME: "from-env"}, {NAME: "top"}, "top"),
        ({NAME: "from-env"}, {NAME: "top", "notifications": {NAME: "section"}}, "section"),
        ({NAME: "from-env"}, {NAME: "  ", "notifications": {NAME: ""}}, "from-env"),
        ({}, {"notifications": "not a table"}, ""),
    ],
)
def test_the_section_then_the_top_level_then_the_environment(
    env: dict[str, str], secrets: dict[str, object] | None, expected: str
) -> None:
    assert secret_setting(NAME, env, secrets, section="notifications") == expected
