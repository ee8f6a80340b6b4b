"""The tabs a command is said to read (pulse/commands/tabs.py) are the tabs it reads: the shell
reads exactly those ahead."""

from pathlib import Path

import pytest

import app.workbooks
from pulse.cli import main
from pulse.commands.tabs import READ_AHEAD, SUMMARY_TABS
from pulse.schema import Sheet
from tests.paths import SAMPLE_WORKBOOK


def test_a_summary_needs_no_pulse_history() -> None:
    assert Sheet.HISTORY not in SUMMARY_TABS
    assert {Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS} <= set(SUMMARY_TABS)


@pytest.mark.parametrize("command", sorted(READ_AHEAD))
def test_each_command_read_ahead_reads_the_tabs_named(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PULSE_CONFIG", raising=False)
    asked: list[tuple[Sheet, ...]] = []
    read = app.workbooks.read_workbook

    def recording(*args: object, tabs: tuple[Sheet, ...], **kwargs: object) -> object:
        asked.append(tuple(tabs))
        return read(*args, tabs=tabs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app.workbooks, "read_workbook", recording)
    assert main([command, str(SAMPLE_WORKBOOK), "--as-of", "2026-11-23"]) == 0
    assert asked == [READ_AHEAD[command]]
