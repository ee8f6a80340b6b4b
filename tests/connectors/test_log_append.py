"""Appending Incident Log and Audit Log rows through the lossless writer: below each tab's last
row of the bytes given (so onto a newer version too), every other part byte for byte."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from connectors.incident_log import incident_log_events, new_log_workbook, read_log_workbook
from connectors.log_append import append_rows
from connectors.workbook import read_tabs, read_workbook
from pulse.incidents import LogEntry, audit_rows, log_rows
from pulse.schema import IncidentEvent, Sheet
from tests.connectors.xlsx_patch.pulse_tabs import REAL_FILES
from tests.paths import SAMPLE_WORKBOOK
from tests.xlsx_checks import assert_only_owned_changed

ZONE = "America/Los_Angeles"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(ZONE))
APPENDED = [Sheet.INCIDENT_LOG.value, Sheet.AUDIT.value]


def click(
    event: IncidentEvent, *, minute: int = 0, ticket: str = "TK1"
) -> dict[Sheet, pd.DataFrame]:
    entry = LogEntry(ticket, "Acme", event, NOW.replace(minute=minute), "ana", "")
    return {
        Sheet.INCIDENT_LOG: log_rows([entry], timezone=ZONE),
        Sheet.AUDIT: audit_rows([entry], user="ana", at=NOW, timezone=ZONE),
    }


@pytest.mark.parametrize("path", [SAMPLE_WORKBOOK, *REAL_FILES], ids=lambda p: Path(p).name)
def test_every_other_part_stays_byte_identical(path: Path) -> None:
    source = Path(path).read_bytes()
    once = append_rows(source, click(IncidentEvent.SWARM_CREATED), name="book.xlsx")
    twice = append_rows(once, click(IncidentEvent.SUMMARY_POSTED, minute=5), name="book.xlsx")
    assert_only_owned_changed(source, once, APPENDED)
    assert_only_owned_changed(once, twice, APPENDED)
    log = read_tabs(twice, name="book.xlsx", tabs=[Sheet.INCIDENT_LOG]).incident_log
    assert log["event"].tolist() == ["swarm_created", "summary_posted"]
    assert log["at"].tolist() == ["2026-11-23T10:00:00-08:00", "2026-11-23T10:05:00-08:00"]


def test_rows_go_below_the_last_row_of_the_version_given() -> None:
    # Two sessions read the same version; the second appends onto what the first saved.
    read = SAMPLE_WORKBOOK.read_bytes()
    first = append_rows(read, click(IncidentEvent.SWARM_CREATED), name="book.xlsx")
    second = append_rows(first, click(IncidentEvent.VITM_PHONED, minute=7), name="book.xlsx")
    loaded = read_workbook(second)
    assert loaded.incident_log["event"].tolist() == ["swarm_created", "vitm_phoned"]
    before = len(read_workbook(read).audit)
    assert len(loaded.audit) == before + 2
    assert loaded.audit["user"].tolist()[-2:] == ["ana", "ana"]


def test_only_append_only_tabs_take_rows() -> None:
    with pytest.raises(ValueError, match="append-only"):
        append_rows(SAMPLE_WORKBOOK.read_bytes(), {Sheet.EPISODES: pd.DataFrame()}, name="x")


def test_nothing_to_append_changes_nothing() -> None:
    source = SAMPLE_WORKBOOK.read_bytes()
    empty = {Sheet.INCIDENT_LOG: log_rows([], timezone=ZONE)}
    assert append_rows(source, empty, name="x") is source


def test_a_separate_log_workbook_holds_the_log_and_its_audit_rows() -> None:
    made = new_log_workbook()
    assert read_log_workbook(made, name="log.xlsx").incident_log.empty
    data = append_rows(made, click(IncidentEvent.RESOLVED), name="log.xlsx")
    loaded = read_log_workbook(data, name="log.xlsx")
    events, warnings = incident_log_events(loaded, timezone=ZONE)
    assert warnings == []
    assert events["event"].tolist() == ["resolved"]
    assert events["at"].tolist() == [pd.Timestamp("2026-11-23 18:00", tz="UTC")]
    assert loaded.audit["new"].tolist() == ["resolved at 2026-11-23T10:00:00-08:00"]
