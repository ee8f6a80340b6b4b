"""connectors/watch_state.py: what the watch posted and what failed, kept in one file per
Incident Log, read back by the next run; a damaged file is refused, never started afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import InputError
from connectors.watch_state import WatchState, read_state, state_path, write_state
from pulse.notifications import Message

DUE = Message("incident/tk1/summary_posted/due_soon", "Acme – TK1 – down", "⏰ Due at 09:20")


def test_a_message_is_owed_to_each_channel_it_has_not_reached() -> None:
    state = WatchState()
    assert state.owed(DUE, ["teams", "slack"]) == ["teams", "slack"]
    state.record(DUE, "teams", ok=True)
    state.record(DUE, "slack", ok=False, reason="refused (HTTP 500)")
    assert state.owed(DUE, ["teams", "slack"]) == ["slack"]
    assert state.retries() == [(DUE, ["slack"])]
    state.record(DUE, "slack", ok=True)
    assert (state.owed(DUE, ["teams", "slack"]), state.retries()) == ([], [])


def test_the_state_survives_a_restart(tmp_path: Path) -> None:
    path = state_path(tmp_path, "local:/srv/Client Pulse.xlsx")
    assert read_state(path) == WatchState()  # nothing yet
    state = WatchState()
    state.record(DUE, "teams", ok=True)
    state.record(DUE, "email", ok=False, reason="no answer within 10 s")
    write_state(path, state)
    again = read_state(path)
    assert again.posted == {DUE.key: ["teams"]}
    assert again.retries() == [(DUE, ["email"])]
    assert again.failed[DUE.key]["reason"] == "no answer within 10 s"


def test_each_incident_log_has_its_own_file(tmp_path: Path) -> None:
    one = state_path(tmp_path, "local:/srv/a.xlsx")
    assert one.parent == tmp_path / "watch"
    assert one != state_path(tmp_path, "sharepoint:https://contoso.sharepoint.com/a.xlsx")
    assert one == state_path(tmp_path, "local:/srv/a.xlsx")


def test_a_damaged_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = state_path(tmp_path, "local:/srv/a.xlsx")
    path.parent.mkdir()
    path.write_text("{not json")
    with pytest.raises(InputError) as refused:
        read_state(path)
    assert "delete it to start afresh" in str(refused.value.problems[0])
