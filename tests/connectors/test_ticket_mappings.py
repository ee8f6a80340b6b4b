"""Saved column mappings: one table per layout in pulse.toml, every other table kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import InputError
from connectors.ticket_mappings import load_ticket_mappings, save_ticket_mapping
from connectors.tickets import DEDUPE_LATEST_BY
from tests.connectors.ticket_exports import REAL_MAPPINGS


def test_saved_mappings_round_trip_and_keep_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "pulse.toml"
    path.write_text('[signals]\nwindow_days = 30\n\n[ticket_mappings.old]\nticket = "No"\n')
    save_ticket_mapping(
        path, "servicenow", REAL_MAPPINGS["servicenow_incident_event_log_subset.csv"]
    )
    mappings = load_ticket_mappings(path)
    assert mappings["servicenow"][DEDUPE_LATEST_BY] == "sys_mod_count"
    assert mappings["old"] == {"ticket": "No"}
    assert "window_days = 30" in path.read_text()


def test_no_settings_file_means_no_mappings(tmp_path: Path) -> None:
    assert load_ticket_mappings(tmp_path / "missing.toml") == {}


def test_a_saved_mapping_drops_blank_headers_and_trims_its_name(tmp_path: Path) -> None:
    path = tmp_path / "settings" / "pulse.toml"  # the folder is made on the first save
    save_ticket_mapping(path, "  jira ", {"ticket": "Issue key", "client": " ", "notes": ""})
    assert load_ticket_mappings(path) == {"jira": {"ticket": "Issue key"}}
    assert path.read_text() == '[ticket_mappings.jira]\nticket = "Issue key"\n'
    assert not path.with_suffix(".toml.tmp").exists()


def test_saving_again_replaces_that_mapping_only(tmp_path: Path) -> None:
    path = tmp_path / "pulse.toml"
    save_ticket_mapping(path, "a", {"ticket": "No"})
    save_ticket_mapping(path, "b", {"ticket": "Id"})
    save_ticket_mapping(path, "a", {"ticket": "Number"})
    assert load_ticket_mappings(path) == {"a": {"ticket": "Number"}, "b": {"ticket": "Id"}}


def test_a_mapping_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"A saved mapping needs a name\."):
        save_ticket_mapping(tmp_path / "pulse.toml", "  ", {"ticket": "No"})
    assert not (tmp_path / "pulse.toml").exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('ticket_mappings = "none"\n', "[ticket_mappings] must be a table of named mappings."),
        ("[ticket_mappings\n", "The settings file is not valid TOML"),
    ],
)
def test_a_settings_file_that_cannot_hold_mappings(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "pulse.toml"
    path.write_text(text)
    for attempt in (
        lambda: load_ticket_mappings(path),
        lambda: save_ticket_mapping(path, "x", {"ticket": "No"}),
    ):
        with pytest.raises(InputError) as caught:
            attempt()
        (problem,) = caught.value.problems
        assert problem.file == "pulse.toml" and problem.message.startswith(says)
    assert path.read_text() == text  # never overwritten


def test_entries_that_are_not_tables_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "pulse.toml"
    path.write_text('[ticket_mappings]\nstray = "x"\n\n[ticket_mappings.ok]\nticket = 7\n')
    assert load_ticket_mappings(path) == {"ok": {"ticket": "7"}}
