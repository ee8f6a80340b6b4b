"""render_workbook writes only changed owned cells and new rows; save_local is atomic."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from connectors.errors import WorkbookError
from connectors.workbook import LoadedWorkbook, SheetLayout, read_workbook
from connectors.workbook_writer import (
    backup_path,
    cell_value,
    owned_edits,
    render_workbook,
    save_local,
)
from connectors.xlsx_patch import SheetEdit, sheet_parts
from pulse.schema import CLIENT_KEY, OWNED_SHEETS, SHEET_ROW, Kind, Sheet
from tests.paths import REALDATA
from tests.xlsx_checks import assert_only_owned_changed, entries, sheet_cells

OWNED_NAMES = [sheet.value for sheet in OWNED_SHEETS]
EVIL = '=HYPERLINK("http://x")'
YELLOW = PatternFill("solid", fgColor="FFFF00")
NOW = datetime(2026, 11, 23, 15, 30)


def pulse_workbook() -> bytes:
    """Clients, an episodes tab lacking Root Cause, and an actions tab under a title row."""
    workbook = openpyxl.Workbook()
    clients = workbook.active
    clients.title = "Clients"
    clients.append(["Client", "MRR"])
    clients.append(["Acme", 12500])
    episodes = workbook.create_sheet("Extra Care Tracking Info")
    episodes.append(["Client", "Status", "Frustrated Messages", "Reason", "Marked in PSA"])
    episodes.append(["Acme", "Active", "Yes", "slow tickets", "No"])
    episodes.append(["Beta", "Recommended", "No", None, None])
    actions = workbook.create_sheet("Action Items")
    actions.append(["Action items: CST"])
    actions.append(["Client", "Action", "Department", "Owner", "Due", "Status", "Done On", "Notes"])
    for row, client in [(3, "Acme"), (4, "Beta")]:
        actions.append([client, "Call", "vCIO", "ana", date(2026, 11, 30), "Open", None])
        actions.cell(row, 5).number_format = "mm/dd/yyyy"
        actions.cell(row, 6).fill = YELLOW
        actions.cell(row, 8, f"=LEN(B{row})")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def loaded_pulse_workbook() -> LoadedWorkbook:
    """What the reader gives for pulse_workbook(), written out by hand."""
    episodes = pd.DataFrame(
        {
            "client": ["Acme", "Beta"],
            "status": ["Active", "Recommended"],
            "crit_frustrated_messages": [True, False],
            "reason": ["slow tickets", pd.NA],
            "marked_in_psa": [False, False],
            SHEET_ROW: pd.array([2, 3], dtype="Int64"),
            CLIENT_KEY: ["acme", "beta"],
        }
    )
    actions = pd.DataFrame(
        {
            "client": ["Acme", "Beta"],
            "action": ["Call", "Call"],
            "department": ["vCIO", "vCIO"],
            "owner": ["ana", "ana"],
            "due": [pd.Timestamp("2026-11-30")] * 2,
            "status": ["Open", "Open"],
            "done_on": [pd.NaT, pd.NaT],
            "ticket": [pd.NA, pd.NA],
            SHEET_ROW: pd.array([3, 4], dtype="Int64"),
            CLIENT_KEY: ["acme", "beta"],
        }
    )
    action_columns = ["client", "action", "department", "owner", "due", "status", "done_on"]
    episode_columns = ["client", "status", "crit_frustrated_messages", "reason", "marked_in_psa"]
    return LoadedWorkbook(
        source="Client Pulse.xlsx",
        clients=pd.DataFrame(),
        episodes=episodes,
        actions=actions,
        escalation=pd.DataFrame(),
        audit=pd.DataFrame(),
        history=pd.DataFrame(),
        layouts={
            Sheet.EPISODES: SheetLayout(
                "Extra Care Tracking Info",
                header_row=1,
                columns={name: col for col, name in enumerate(episode_columns, 1)},
                last_row=3,
            ),
            Sheet.ACTIONS: SheetLayout(
                "Action Items",
                header_row=2,
                columns={name: col for col, name in enumerate(action_columns, 1)},
                last_row=4,
            ),
        },
        sheet_names=["Clients", "Extra Care Tracking Info", "Action Items"],
    )


def edited_frames(loaded: LoadedWorkbook) -> dict[Sheet, pd.DataFrame]:
    episodes = loaded.episodes.copy()
    episodes["root_cause"] = ["vendor outage", pd.NA]
    episodes.loc[1, ["status", "crit_frustrated_messages"]] = ["Active", True]
    new_episode = {
        "client": "Gamma",
        "status": "Recommended",
        "crit_frustrated_messages": False,
        "reason": EVIL,
        "marked_in_psa": False,
        "root_cause": pd.NA,
        SHEET_ROW: pd.NA,
    }
    actions = loaded.actions.copy()
    actions.loc[0, ["status", "done_on"]] = ["Done", pd.Timestamp("2026-11-20")]
    new_action = {
        "client": "Beta",
        "action": "Send report",
        "department": "vCIO",
        "owner": "ana",
        "due": pd.Timestamp("2026-12-01"),
        "status": "Open",
        "done_on": pd.NaT,
        "ticket": "T-1001",
        SHEET_ROW: pd.NA,
    }
    audit = pd.DataFrame(
        {
            "at": [pd.Timestamp("2026-11-23 09:15", tz="America/Los_Angeles")],
            "user": ["ana"],
            "client": ["Beta"],
            "field": ["status"],
            "old": ["Recommended"],
            "new": ["Active"],
            "note": [pd.NA],
            SHEET_ROW: pd.array([pd.NA], dtype="Int64"),
        }
    )
    history = pd.DataFrame(
        {
            "week": [pd.Timestamp("2026-11-23")],
            "client": ["Acme"],
            "status": ["Active"],
            "criteria_count": pd.array([3], dtype="Int64"),
            "risk": [0.75],
            "mrr": [12500.0],
            "mrr_at_risk": [np.float64(9375.0)],
            SHEET_ROW: pd.array([pd.NA], dtype="Int64"),
        }
    )
    return {
        Sheet.EPISODES: pd.concat([episodes, pd.DataFrame([new_episode])], ignore_index=True),
        Sheet.ACTIONS: pd.concat([actions, pd.DataFrame([new_action])], ignore_index=True),
        Sheet.AUDIT: audit,
        Sheet.HISTORY: history,
    }


@pytest.fixture(scope="module")
def exported() -> tuple[bytes, bytes]:
    source = pulse_workbook()
    loaded = loaded_pulse_workbook()
    return source, render_workbook(source, loaded, edited_frames(loaded))


def values(data: bytes, sheet: str) -> list[list[object]]:
    worksheet = openpyxl.load_workbook(BytesIO(data))[sheet]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def test_only_owned_parts_change(exported: tuple[bytes, bytes]) -> None:
    source, result = exported
    assert_only_owned_changed(source, result, OWNED_NAMES)
    assert list(sheet_parts(result)) == [
        "Clients",
        "Extra Care Tracking Info",
        "Action Items",
        "Audit Log",
        "Pulse History",
    ]


def test_episodes_changed_cells_new_header_and_new_row(exported: tuple[bytes, bytes]) -> None:
    _, result = exported
    assert values(result, "Extra Care Tracking Info") == [
        ["Client", "Status", "Frustrated Messages", "Reason", "Marked in PSA", "Root Cause"],
        ["Acme", "Active", "Yes", "slow tickets", "No", "vendor outage"],
        ["Beta", "Active", "Yes", None, None, None],
        ["Gamma", "Recommended", "No", EVIL, "No", None],
    ]


def test_a_new_header_goes_after_a_column_of_values_under_no_header(tmp_path: Path) -> None:
    # Found by tests/test_fuzz.py: column C holds the team's notes under no header; a new
    # column written over C would relabel those notes (and make the file unreadable).
    from tests.workbooks import write_grid_workbook

    path = write_grid_workbook(
        tmp_path / "pulse.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status"], ["Acme", "Active", "call Fri"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    source = path.read_bytes()
    loaded = read_workbook(source, name="pulse.xlsx")
    episodes = loaded.episodes.copy()
    episodes["root_cause"] = "vendor outage"
    result = render_workbook(source, loaded, {Sheet.EPISODES: episodes})
    header, row = values(result, "Extra Care Tracking Info")
    assert (header[:3], row[:3]) == (["Client", "Status", None], ["Acme", "Active", "call Fri"])
    assert row[header.index("Root Cause")] == "vendor outage"
    assert header.index("Root Cause") > 2  # every new header is right of column C
    assert all(cell is not None for cell in header[3:])


def test_actions_written_under_the_title_row(exported: tuple[bytes, bytes]) -> None:
    _, result = exported
    rows = values(result, "Action Items")
    assert rows[1][8] == "Ticket"  # after the user's own Notes column, not over it
    assert rows[2][5:8] == ["Done", datetime(2026, 11, 20), "=LEN(B3)"]
    assert rows[4] == [
        "Beta",
        "Send report",
        "vCIO",
        "ana",
        datetime(2026, 12, 1),
        "Open",
        None,
        None,
        "T-1001",
    ]


def test_unchanged_cells_keep_their_xml_and_new_rows_the_style_above(
    exported: tuple[bytes, bytes],
) -> None:
    source, result = exported
    part = sheet_parts(source)["Action Items"]
    before, after = sheet_cells(source, part), sheet_cells(result, part)
    untouched = [ref for ref in before if ref not in {"F3", "G3"}]
    assert all(etree.tostring(before[ref]) == etree.tostring(after[ref]) for ref in untouched)
    assert [after[f"{col}5"].get("s") for col in "ABCDEF"] == [
        before[f"{col}4"].get("s") for col in "ABCDEF"
    ]
    assert after["F3"].get("s") == before["F3"].get("s")  # a changed cell keeps its fill
    worksheet = openpyxl.load_workbook(BytesIO(result))["Action Items"]
    assert worksheet["E5"].number_format == "mm/dd/yyyy"
    assert worksheet["F5"].fill.fgColor.rgb == "00FFFF00"


def test_user_text_is_never_a_formula(exported: tuple[bytes, bytes]) -> None:
    _, result = exported
    cell = sheet_cells(result, sheet_parts(result)["Extra Care Tracking Info"])["D4"]
    assert cell.get("t") == "inlineStr" and cell.find("{*}f") is None


def test_created_tabs_hold_schema_headers_and_typed_values(exported: tuple[bytes, bytes]) -> None:
    _, result = exported
    assert values(result, "Audit Log") == [
        ["At", "User", "Client", "Field", "Old", "New", "Note"],
        ["2026-11-23T09:15:00-08:00", "ana", "Beta", "status", "Recommended", "Active", None],
    ]
    assert values(result, "Pulse History") == [
        ["Week", "Client", "Status", "Criteria count", "Risk", "MRR", "MRR at Risk"],
        [datetime(2026, 11, 23), "Acme", "Active", 3, 0.75, 12500, 9375],
    ]
    history = pd.read_excel(BytesIO(result), sheet_name="Pulse History", engine="calamine")
    assert history.loc[0, "Week"] == pd.Timestamp("2026-11-23")


def test_unchanged_frames_leave_the_file_as_it_was() -> None:
    source = pulse_workbook()
    loaded = loaded_pulse_workbook()
    frames = {Sheet.EPISODES: loaded.episodes, Sheet.ACTIONS: loaded.actions}
    assert entries(render_workbook(source, loaded, frames)) == entries(source)


def test_real_excel_workbook_gets_the_pulse_tabs() -> None:
    source = (REALDATA / "health" / "customer_churn_health_score_dashboard.xlsx").read_bytes()
    loaded = loaded_pulse_workbook()
    loaded = dataclasses.replace(loaded, layouts={})
    frames = edited_frames(loaded_pulse_workbook())
    frames[Sheet.EPISODES] = frames[Sheet.EPISODES].assign(**{SHEET_ROW: pd.NA})
    frames[Sheet.ACTIONS] = frames[Sheet.ACTIONS].assign(**{SHEET_ROW: pd.NA})
    result = render_workbook(source, loaded, frames)
    assert_only_owned_changed(source, result, OWNED_NAMES)
    actions = pd.read_excel(BytesIO(result), sheet_name="Action Items", engine="calamine")
    assert actions["Client"].tolist() == ["Acme", "Beta", "Beta"]
    assert actions["Ticket"].tolist()[2] == "T-1001"


def test_only_owned_tabs_can_be_written() -> None:
    loaded = loaded_pulse_workbook()
    with pytest.raises(ValueError, match="never writes"):
        render_workbook(pulse_workbook(), loaded, {Sheet.CLIENTS: pd.DataFrame()})


def test_an_escalation_matrix_tab_is_added_only_where_there_is_none() -> None:
    matrix = pd.DataFrame(
        {"type": ["Billing"], "level": [1], "role": ["Clerk"], "responsibility": ["Check it"]}
    )
    loaded = loaded_pulse_workbook()
    with_tab = dataclasses.replace(loaded, sheet_names=[*loaded.sheet_names, "escalation matrix"])
    # One build compared with its own rendering: two builds a second apart differ in their
    # docProps times.
    source = pulse_workbook()
    with pytest.raises(ValueError, match="never altered"):
        render_workbook(source, with_tab, {Sheet.ESCALATION: matrix})
    result = render_workbook(source, loaded, {Sheet.ESCALATION: matrix})
    assert_only_owned_changed(source, result, ["Escalation Matrix"])
    added = pd.read_excel(BytesIO(result), sheet_name="Escalation Matrix", engine="calamine")
    assert added.values.tolist() == [["Billing", 1, "Clerk", "Check it"]]


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (True, Kind.YES_NO, "Yes"),
        (np.bool_(False), Kind.YES_NO, "No"),
        (pd.NA, Kind.TEXT, None),
        (float("nan"), Kind.MONEY, None),
        (pd.NaT, Kind.DATE, None),
        ("", Kind.TEXT, None),
        ("  ", Kind.TEXT, None),
        ("=1+1", Kind.TEXT, "=1+1"),
        (12345.0, Kind.TEXT, "12345"),
        (np.float64(12.5), Kind.MONEY, 12.5),
        (np.int64(12500), Kind.MONEY, 12500.0),
        (3.0, Kind.INTEGER, 3),
        (pd.Timestamp("2026-11-23 08:00"), Kind.DATE, date(2026, 11, 23)),
        # The Audit Log's At: a moment with its UTC offset, as text (Pacific Standard Time).
        (
            pd.Timestamp("2026-11-23 15:30", tz="America/Los_Angeles"),
            Kind.DATETIME,
            "2026-11-23T15:30:00-08:00",
        ),
        # In summer the same zone is seven hours behind UTC; a UTC moment keeps its own offset.
        (
            pd.Timestamp("2026-07-06 09:05:07", tz="America/Los_Angeles"),
            Kind.DATETIME,
            "2026-07-06T09:05:07-07:00",
        ),
        (pd.Timestamp("2026-07-06 16:05", tz="UTC"), Kind.DATETIME, "2026-07-06T16:05:00+00:00"),
        # A naive time (an old row) stays a date-time cell, as it was read.
        (pd.Timestamp("2026-11-23 15:30"), Kind.DATETIME, datetime(2026, 11, 23, 15, 30)),
        (date(2026, 11, 23), Kind.DATE, date(2026, 11, 23)),
    ],
)
def test_cell_value(value: object, kind: Kind, expected: object) -> None:
    converted = cell_value(value, kind)
    assert converted == expected and type(converted) is type(expected)


# --- local saves ------------------------------------------------------------------------------


def test_save_local_first_save_has_no_backup(tmp_path: Path) -> None:
    target = tmp_path / "Client Pulse.xlsx"
    assert save_local(target, b"new", now=NOW) is None
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Client Pulse.xlsx"]


def test_save_local_keeps_timestamped_backups(tmp_path: Path) -> None:
    target = tmp_path / "Client Pulse.xlsx"
    target.write_bytes(b"v1")
    first = save_local(target, b"v2", now=NOW)
    second = save_local(target, b"v3", now=NOW)
    assert first == tmp_path / "Client Pulse.2026-11-23T1530.bak.xlsx"
    assert second == tmp_path / "Client Pulse.2026-11-23T1530-2.bak.xlsx"
    assert (first.read_bytes(), second.read_bytes(), target.read_bytes()) == (b"v1", b"v2", b"v3")
    assert backup_path(target, NOW) == first


def failing_second_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup's replace succeeds; the workbook's own replace fails (disk full, Excel lock)."""
    real_replace = os.replace
    calls: list[object] = []

    def replace(source: str, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise PermissionError("file is open in Excel")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def failing_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file is half-written when the disk gives out."""

    def fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("break_save", [failing_second_replace, failing_fsync])
def test_interrupted_save_leaves_the_original_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, break_save: object
) -> None:
    target = tmp_path / "Client Pulse.xlsx"
    original = pulse_workbook()
    target.write_bytes(original)
    break_save(monkeypatch)  # type: ignore[operator]
    with pytest.raises(WorkbookError, match="could not be saved"):
        save_local(target, b"half of a new workbook", now=NOW)
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Client Pulse.xlsx"]


# --- property: free text and numbers survive the export ---------------------------------------

PULSE_WORKBOOK = pulse_workbook()
NOTE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t"),
    max_size=30,
).filter(lambda text: text.strip() and "_x" not in text)


@settings(max_examples=25, deadline=None)
@given(
    notes=st.lists(NOTE_TEXT, min_size=1, max_size=4),
    risk=st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_audit_and_history_round_trip(notes: list[str], risk: float) -> None:
    source = PULSE_WORKBOOK
    loaded = loaded_pulse_workbook()
    audit = pd.DataFrame(
        {
            "at": [pd.Timestamp("2026-11-23 09:15")] * len(notes),
            "user": ["ana"] * len(notes),
            "note": notes,
            SHEET_ROW: pd.array([pd.NA] * len(notes), dtype="Int64"),
        }
    )
    history = pd.DataFrame(
        {"week": [pd.Timestamp("2026-11-23")], "client": ["Acme"], "risk": [risk]}
    )
    result = render_workbook(source, loaded, {Sheet.AUDIT: audit, Sheet.HISTORY: history})
    # python-calamine itself: pandas' read_excel would turn the text "0" into the number 0
    workbook = CalamineWorkbook.from_filelike(BytesIO(result))
    audit_rows = workbook.get_sheet_by_name("Audit Log").to_python()
    assert [row[6] for row in audit_rows[1:]] == notes
    history_rows = workbook.get_sheet_by_name("Pulse History").to_python()
    assert history_rows[1][4] == pytest.approx(risk, rel=1e-15, abs=0)


# --- a deleted row, and ranges grown over appended rows: everything else stays as it was ----------

ACTION_HEADERS = ["Client", "Action", "Department", "Owner", "Due", "Status", "Done On", "Ticket"]


def team_kept_workbook() -> bytes:
    """Action Items under a title row (rows 3-5), with the team's own Notes column (I, formulas),
    a Status drop-down and a Due highlight down to the last row, a drop-down for Owner kept far
    below it, a highlight of the team's own, an Excel table; a Clients tab with a chart."""
    workbook = openpyxl.Workbook()
    clients = workbook.active
    clients.title = "Clients"
    clients.append(["Client", "MRR"])
    clients.append(["Acme", 12500])
    chart = BarChart()
    chart.add_data(Reference(clients, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    clients.add_chart(chart, "D2")
    workbook.create_sheet("Extra Care Tracking Info").append(["Client", "Status"])
    actions = workbook.create_sheet("Action Items")
    actions.append(["Action items: CST"])
    actions.append([*ACTION_HEADERS, "Notes"])
    items = [("Acme", "Call POC"), ("Beta", "Added by mistake"), ("Acme", "Send QBR deck")]
    for row, (client, text) in enumerate(items, start=3):
        actions.append([client, text, "vCIO", "ana", date(2026, 11, 30), "Open", None, None])
        actions.cell(row, 5).number_format = "mm/dd/yyyy"
        actions.cell(row, 6).fill = YELLOW
        actions.cell(row, 9, f"=LEN(B{row})")
    status = DataValidation(type="list", formula1='"Open,Done"')
    status.add("F3:F5")
    owner = DataValidation(type="list", formula1='"ana,kim"')
    owner.add("D3:D200")
    actions.add_data_validation(status)
    actions.add_data_validation(owner)
    red = PatternFill("solid", fgColor="FF0000")
    actions.conditional_formatting.add(
        "E3:E5", CellIsRule(operator="lessThan", formula=["TODAY()"], fill=red)
    )
    actions.conditional_formatting.add(
        "I10:I12", CellIsRule(operator="greaterThan", formula=["10"], fill=red)
    )
    actions.add_table(Table(displayName="Items", ref="A2:I5"))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def worksheet(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(entries(data)[sheet_parts(data)[name]])


def children_by_tag(root: etree._Element) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for child in root:
        found.setdefault(etree.QName(child).localname, []).append(etree.tostring(child))
    return found


def rows_by_number(root: etree._Element) -> dict[int, etree._Element]:
    return {int(row.get("r")): row for row in root.iter("{*}row")}


def test_a_deleted_row_and_ranges_grown_over_appended_rows_leave_everything_else_as_it_was() -> (
    None
):
    source = team_kept_workbook()
    loaded = read_workbook(source, name="pulse.xlsx")
    actions = loaded.actions[loaded.actions["action"] != "Added by mistake"]  # row 4 deleted
    new_item = {
        "client": "Beta",
        "action": "Call the new POC",
        "department": "vCIO",
        "owner": "kim",
        "due": pd.Timestamp("2026-12-07"),
        "status": "Open",
        SHEET_ROW: pd.NA,
    }
    frame = pd.concat([actions, pd.DataFrame([new_item])], ignore_index=True)
    result = render_workbook(source, loaded, {Sheet.ACTIONS: frame})

    assert_only_owned_changed(source, result, OWNED_NAMES)  # every other part byte-identical
    before, after = worksheet(source, "Action Items"), worksheet(result, "Action Items")
    old_rows, new_rows = rows_by_number(before), rows_by_number(after)
    for number in (1, 2, 3, 5):  # untouched rows: byte-identical
        assert etree.tostring(new_rows[number]) == etree.tostring(old_rows[number])
    # The deleted row: the product's cells emptied, each keeping its style; the team's Notes
    # formula (I4) untouched.
    deleted = {cell.get("r"): cell for cell in new_rows[4]}
    old_deleted = {cell.get("r"): cell for cell in old_rows[4]}
    for column in "ABCDEFGH":
        cell = deleted.get(f"{column}4")
        if cell is not None:
            assert [etree.QName(child).localname for child in cell] == []
            assert cell.get("s") == old_deleted[f"{column}4"].get("s")
    assert etree.tostring(deleted["I4"]) == etree.tostring(old_deleted["I4"])
    # The new record goes below the last row (6), and the ranges that reached row 5 reach it.
    assert sorted(new_rows) == [1, 2, 3, 4, 5, 6]
    validations = [v.get("sqref") for v in after.iter("{*}dataValidation")]
    assert validations == ["F3:F6", "D3:D200"]
    highlights = [c.get("sqref") for c in after.iter("{*}conditionalFormatting")]
    assert highlights == ["E3:E6", "I10:I12"]
    # Apart from the rows, the dimension and those ranges, the sheet's XML is as it was.
    changed = {"sheetData", "dimension", "dataValidations", "conditionalFormatting"}
    kept_before = {k: v for k, v in children_by_tag(before).items() if k not in changed}
    kept_after = {k: v for k, v in children_by_tag(after).items() if k not in changed}
    assert kept_after == kept_before
    for kind in ("dataValidation", "cfRule"):  # the rules themselves did not change
        old_rules = [etree.tostring(e).split(b">", 1)[1] for e in before.iter(f"{{*}}{kind}")]
        new_rules = [etree.tostring(e).split(b">", 1)[1] for e in after.iter(f"{{*}}{kind}")]
        assert new_rules == old_rules

    reread = read_workbook(result, name="pulse.xlsx").actions
    assert list(reread["action"]) == ["Call POC", "Send QBR deck", "Call the new POC"]
    assert list(reread[SHEET_ROW]) == [3, 5, 6]
    book = openpyxl.load_workbook(BytesIO(result))
    assert book["Action Items"].tables["Items"].ref == "A2:I6"
    assert book["Action Items"]["I4"].value == "=LEN(B4)"


def test_owned_edits_are_exactly_the_cells_a_save_writes() -> None:
    """What the Excel-API save mode sends: Beta's new Status (row 3), and one new action on
    row 5, below the last (4), in the product's columns (A-G) only."""
    loaded = loaded_pulse_workbook()
    episodes = loaded.episodes.copy()
    episodes.loc[1, "status"] = "Active"
    new_action = pd.DataFrame(
        {
            "client": ["Beta"],
            "action": ["Send report"],
            "department": ["vCIO"],
            "owner": ["ana"],
            "due": [pd.Timestamp("2026-12-01")],
            "status": ["Open"],
            "done_on": [pd.NaT],
            SHEET_ROW: pd.array([pd.NA], dtype="Int64"),
        }
    )
    actions = pd.concat([loaded.actions, new_action], ignore_index=True)
    frames = {Sheet.EPISODES: episodes, Sheet.ACTIONS: actions}
    assert owned_edits(pulse_workbook(), loaded, frames) == [
        SheetEdit(
            "Extra Care Tracking Info", {(3, 2): "Active"}, data_start_row=2, last_data_row=3
        ),
        SheetEdit(
            "Action Items",
            {
                (5, 1): "Beta",
                (5, 2): "Send report",
                (5, 3): "vCIO",
                (5, 4): "ana",
                (5, 5): date(2026, 12, 1),
                (5, 6): "Open",
                (5, 7): None,
            },
            data_start_row=3,
            last_data_row=4,
        ),
    ]
