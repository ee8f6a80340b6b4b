"""The errors the core raises are the ones app.errors names, so a shell's commands can catch and
word them without reaching into connectors/."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import errors
from app.inputs import read_events_file
from app.notifications import configured_channels
from pulse.settings import Settings


def test_a_path_naming_no_file_is_a_path_error_and_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(errors.PathError) as caught:
        read_events_file(tmp_path, Settings(), option="--events")
    assert isinstance(caught.value, errors.InputError)
    assert [problem.message for problem in caught.value.problems] == [
        f"{tmp_path} (given to --events) is a folder, not a file; give the file's path"
    ]


def test_a_channel_nothing_could_post_to_is_a_channel_config_error(tmp_path: Path) -> None:
    with pytest.raises(errors.ChannelConfigError) as caught:
        configured_channels({"PULSE_SLACK_WEBHOOK_URL": "not a url"}, tmp_path / "none.toml")
    assert isinstance(caught.value, errors.InputError)  # a usage error the shells word
