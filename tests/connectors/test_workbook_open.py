"""Reading a workbook's tabs ahead (connectors.workbook_open): the reader of the same bytes takes
the work over, once; anything else, or anything that went wrong ahead, changes nothing."""

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import connectors.workbook as workbook_module
from connectors.errors import WorkbookError
from connectors.workbook import read_workbook
from connectors.workbook_open import ReadAhead, claim_read_ahead, start_read_ahead
from pulse.schema import Sheet
from pulse.settings import DEFAULT_LIMITS
from tests.paths import SAMPLE_WORKBOOK
from tests.workbooks import messy_workbook, minimal_workbook
from tests.xlsx_checks import entries, zipped

TABS = (Sheet.CLIENTS, Sheet.ACTIONS)


@pytest.fixture(autouse=True)
def nothing_read_ahead() -> None:
    assert claim_read_ahead(b"", DEFAULT_LIMITS) is None  # leaves no read ahead behind


def test_the_reader_of_the_same_file_takes_the_tabs_read_ahead(monkeypatch) -> None:
    expected = read_workbook(SAMPLE_WORKBOOK, tabs=TABS)
    start_read_ahead(SAMPLE_WORKBOOK, TABS, DEFAULT_LIMITS)
    read_now: list[str] = []
    monkeypatch.setattr(workbook_module, "_sheet_grid", lambda _b, name, _l: read_now.append(name))
    workbook = read_workbook(SAMPLE_WORKBOOK.read_bytes(), name="any.xlsx", tabs=TABS)
    assert read_now == []  # both tabs came read
    pd.testing.assert_frame_equal(workbook.clients, expected.clients)
    pd.testing.assert_frame_equal(workbook.actions, expected.actions)
    assert workbook.source == "any.xlsx" and workbook.sheet_names == expected.sheet_names
    assert claim_read_ahead(SAMPLE_WORKBOOK.read_bytes(), DEFAULT_LIMITS) is None  # handed once


def test_a_tab_not_read_ahead_is_read_as_always() -> None:
    start_read_ahead(SAMPLE_WORKBOOK, (Sheet.CLIENTS,), DEFAULT_LIMITS)
    workbook = read_workbook(SAMPLE_WORKBOOK, tabs=TABS)
    expected = read_workbook(SAMPLE_WORKBOOK, tabs=TABS)
    pd.testing.assert_frame_equal(workbook.actions, expected.actions)
    pd.testing.assert_frame_equal(workbook.clients, expected.clients)


def test_another_file_is_read_from_its_own_bytes(tmp_path: Path) -> None:
    other = messy_workbook(tmp_path / "m.xlsx")
    start_read_ahead(SAMPLE_WORKBOOK, TABS, DEFAULT_LIMITS)
    workbook = read_workbook(other, tabs=TABS)
    expected = read_workbook(other, tabs=TABS)
    pd.testing.assert_frame_equal(workbook.clients, expected.clients)
    assert len(workbook.clients) != len(read_workbook(SAMPLE_WORKBOOK, tabs=TABS).clients)


def test_other_limits_do_not_take_over_the_read_ahead() -> None:
    tighter = replace(DEFAULT_LIMITS, xlsx_part_mb=1)
    start_read_ahead(SAMPLE_WORKBOOK, TABS, DEFAULT_LIMITS)
    assert claim_read_ahead(SAMPLE_WORKBOOK.read_bytes(), tighter) is None


def test_a_file_that_fails_ahead_says_its_problem_when_read(tmp_path: Path) -> None:
    broken = tmp_path / "notes.xlsx"
    broken.write_text("not a workbook")
    start_read_ahead(broken, TABS, DEFAULT_LIMITS)
    with pytest.raises(WorkbookError) as raised:
        read_workbook(broken)
    (problem,) = raised.value.problems
    assert problem.file == "notes.xlsx"
    assert "not an Excel workbook (.xlsx): the file is not an xlsx package" in problem.message


def test_a_read_ahead_holds_only_the_tabs_asked_for(tmp_path: Path) -> None:
    path = minimal_workbook(tmp_path / "min.xlsx", clients=[["Acme", 1000]])
    start_read_ahead(path, (Sheet.CLIENTS, Sheet.HISTORY), DEFAULT_LIMITS)
    ahead = claim_read_ahead(path.read_bytes(), DEFAULT_LIMITS)
    assert isinstance(ahead, ReadAhead)
    assert list(ahead.grids) == ["Clients"]  # the file has no Pulse History tab
    assert ahead.grids["Clients"][1][0] == "Acme"


def test_an_error_cell_in_a_tab_read_ahead_is_reported_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # calamine reads a cached #DIV/0! as a blank; the read ahead puts the error back, once.
    path = minimal_workbook(tmp_path / "errors.xlsx", clients=[["Acme", 100]])
    parts = entries(path.read_bytes())
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="B2" t="n"><v>100</v></c>', b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    path.write_bytes(zipped(parts))
    start_read_ahead(path, TABS, DEFAULT_LIMITS)
    marked_now: list[str] = []
    monkeypatch.setattr(workbook_module, "mark_errors", lambda _g, _d, tab: marked_now.append(tab))
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path, tabs=TABS)
    assert marked_now == []  # both tabs came read ahead, their errors marked
    assert [str(problem) for problem in raised.value.problems] == [
        "Clients!B2: MRR holds the Excel error #DIV/0!; fix the formula or type a value",
        "Clients!B2: MRR is blank; type the monthly recurring revenue (0 if none)",
    ]
