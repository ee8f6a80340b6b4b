"""Ticket exports and incident events (app/inputs.py): a saved mapping by name, and a file on disk
read the same as its upload."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from app.inputs import (
    preset_names,
    read_events_file,
    read_events_upload,
    read_ticket_file,
    read_ticket_upload,
    ticket_mapping,
)
from app.sources import Upload
from connectors.errors import PathError, TicketExportError
from pulse.settings import Settings

HALO = {"ticket": "ID", "client": "Site", "priority": "Urgency", "created": "Logged"}
SAVED = Settings(ticket_mappings={"halo": HALO, "autotask_v2": {"ticket": "Number"}})
# Written by hand: two tickets in the Halo layout above, and one incident's first two events.
HALO_EXPORT = (
    b"ID,Site,Urgency,Logged\n"
    b"41,Acme Dental,Critical,2026-11-20 09:00\n"
    b"42,Beta Law,Low,2026-11-21 10:30\n"
)
EVENTS = (
    b"ticket,event,at\n"
    b"TK1,reported,2026-11-20T17:00:00+00:00\n"
    b"TK1,swarm_created,2026-11-20T17:10:00+00:00\n"
)


@pytest.mark.parametrize("name", [None, ""])
def test_no_mapping_name_means_detect_the_layout(name: str | None) -> None:
    assert ticket_mapping(SAVED, name) is None


def test_a_saved_mapping_by_its_name() -> None:
    assert ticket_mapping(SAVED, "halo") == HALO


@pytest.mark.parametrize(
    ("settings", "known"), [(SAVED, "autotask_v2, halo"), (Settings(), "none saved")]
)
def test_an_unknown_mapping_names_the_known_ones(settings: Settings, known: str) -> None:
    with pytest.raises(TicketExportError) as refused:
        ticket_mapping(settings, "freshdesk")
    [problem] = refused.value.problems
    assert str(problem) == f"pulse.toml: no ticket mapping named 'freshdesk' ({known})"


def test_a_ticket_file_and_its_upload_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "halo.csv"
    path.write_bytes(HALO_EXPORT)
    from_file = read_ticket_file(path, SAVED, mapping=HALO)
    from_upload = read_ticket_upload(Upload("halo.csv", HALO_EXPORT, mapping=HALO), SAVED)
    pd.testing.assert_frame_equal(from_file, from_upload)
    assert list(from_file["ticket"]) == ["41", "42"]
    assert list(from_file["client"]) == ["Acme Dental", "Beta Law"]
    # Naive times are local to the business zone (Los Angeles by default: UTC-8 in November).
    assert from_file["created"].iloc[0] == pd.Timestamp("2026-11-20 17:00", tz="UTC")


def test_an_events_file_and_its_upload_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(EVENTS)
    from_file = read_events_file(path, Settings())
    from_upload = read_events_upload(Upload("events.csv", EVENTS), Settings())
    pd.testing.assert_frame_equal(from_file, from_upload)
    assert list(from_file["event"]) == ["reported", "swarm_created"]


def test_an_uploads_export_time_is_in_the_business_zone() -> None:
    board = b"Ticket #,Company,Priority,Age\n101,Acme Dental,High,2\n"
    upload = Upload("board.csv", board, exported_at=datetime(2026, 11, 20, 9, 0))
    tickets = read_ticket_upload(upload, Settings())
    # 09:00 in Los Angeles (PST, UTC-8) is 17:00 UTC; Age 2 days before that.
    assert tickets.loc[0, "created"] == pd.Timestamp("2026-11-18 17:00", tz="UTC")
    assert "(as set on the Ticket import page)" in tickets.attrs["warnings"][0].message


def test_the_presets_a_shell_may_force() -> None:
    assert preset_names() == ["autotask", "connectwise", "generic", "halopsa"]


def test_a_ticket_path_naming_no_file_names_the_option(tmp_path: Path) -> None:
    missing = tmp_path / "tickets.csv"
    with pytest.raises(PathError) as caught:
        read_ticket_file(missing, Settings(), option="--tickets")
    assert [problem.message for problem in caught.value.problems] == [
        f"file not found: {missing} (given to --tickets); check the path"
    ]
