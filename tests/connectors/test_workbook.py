"""Opening the workbook: from a path, bytes or a file, its tabs found, only the tabs asked for."""

from pathlib import Path

import pandas as pd
import pytest

from connectors.errors import PathError, WorkbookError
from connectors.workbook import read_tabs, read_workbook
from pulse.schema import Sheet
from tests.paths import REALDATA, SAMPLE_WORKBOOK
from tests.workbooks import (
    messy_workbook,
    minimal_workbook,
    workbook_problems,
    write_grid_workbook,
)
from tests.xlsx_checks import entries, zipped


def test_missing_optional_tabs_give_empty_frames(messy) -> None:
    assert messy.audit.empty and messy.history.empty and messy.escalation.empty
    assert Sheet.AUDIT not in messy.layouts


def test_missing_tabs(tmp_path: Path) -> None:
    path = write_grid_workbook(tmp_path / "other.xlsx", {"Sheet1": [["a", "b"]]})
    (problem,) = workbook_problems(path)
    assert (
        "not a Client Pulse workbook: missing tabs 'Clients', 'Extra Care Tracking Info', "
        "'Action Items'" in problem
    )


def test_reads_from_bytes_and_file_objects(tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "m.xlsx")
    from_bytes = read_workbook(path.read_bytes(), name="m.xlsx")
    with path.open("rb") as handle:
        from_handle = read_workbook(handle)
    pd.testing.assert_frame_equal(from_bytes.clients, from_handle.clients)
    assert from_handle.source == "m.xlsx"


def test_1904_workbook_dates() -> None:
    from python_calamine import CalamineWorkbook

    # The reader's own 1904 detection agrees with Excel's flag in the real Mac workbook.
    from connectors.workbook import is_date1904
    from tests.paths import REALDATA

    data = (REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes()
    assert is_date1904(data)
    assert CalamineWorkbook.from_filelike(__import__("io").BytesIO(data)).sheet_names == ["Prices"]


SUMMARY_TABS = (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS)


def test_named_tabs_equal_a_full_read_and_the_others_are_empty() -> None:
    full = read_workbook(SAMPLE_WORKBOOK)
    some = read_workbook(SAMPLE_WORKBOOK, tabs=SUMMARY_TABS)
    for sheet in SUMMARY_TABS:
        pd.testing.assert_frame_equal(some.frame(sheet), full.frame(sheet), obj=sheet.value)
    assert len(full.history) > 0 and len(full.audit) > 0  # the sample has both
    for sheet in (Sheet.HISTORY, Sheet.AUDIT, Sheet.ESCALATION):
        assert some.frame(sheet).empty
        assert list(some.frame(sheet).columns) == list(full.frame(sheet).columns)
        assert sheet not in some.layouts
    assert some.sheet_names == full.sheet_names
    assert [str(w) for w in some.warnings] == [str(w) for w in full.warnings]


# --- files that are not a workbook -------------------------------------------------------------


def problem_of(source: object, **options: str) -> str:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(source, **options)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    return str(problem)


def test_an_empty_file() -> None:
    assert problem_of(b"") == "workbook.xlsx: the file is empty; choose the saved .xlsx workbook"


def test_a_file_that_is_not_a_zip() -> None:
    assert problem_of(b"Client,MRR\nAcme,100\n", name="pulse.csv").startswith(
        "pulse.csv: not an Excel workbook (.xlsx): the file is not an xlsx package"
    )


def test_a_zip_without_a_workbook_inside() -> None:
    assert "the workbook is damaged or incomplete" in problem_of(zipped({"notes.txt": b"hi"}))


def test_a_path_that_does_not_exist_or_is_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "gone.xlsx"
    with pytest.raises(PathError) as gone:
        read_workbook(missing)
    assert str(gone.value) == f"gone.xlsx: file not found: {missing}; check the path"
    with pytest.raises(PathError) as folder:
        read_workbook(tmp_path)
    assert str(folder.value) == (
        f"{tmp_path.name}: {tmp_path} is a folder, not a file; give the file's path"
    )


def test_tabs_are_found_by_alias_ignoring_case_and_spaces(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "alias.xlsx",
        {
            "  clients ": [["Client", "MRR"], ["Acme", 100]],
            "EXTRA CARE": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    workbook = read_workbook(path)
    assert workbook.layouts[Sheet.EPISODES].sheet_name == "EXTRA CARE"
    assert workbook.layouts[Sheet.CLIENTS].sheet_name == "  clients "
    assert workbook.sheet_names == ["  clients ", "EXTRA CARE", "Action Items"]


def test_an_excel_error_value_is_reported_at_its_cell(tmp_path: Path) -> None:
    # calamine reads a cached #DIV/0! as a blank; the reader says what the cell holds (and, as
    # the value is then missing, that MRR is blank).
    path = minimal_workbook(tmp_path / "errors.xlsx", clients=[["Acme", 100]])
    parts = entries(path.read_bytes())
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="B2" t="n"><v>100</v></c>', b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    assert workbook_problems(write_bytes(tmp_path / "errors.xlsx", zipped(parts))) == [
        "Clients!B2: MRR holds the Excel error #DIV/0!; fix the formula or type a value",
        "Clients!B2: MRR is blank; type the monthly recurring revenue (0 if none)",
    ]


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_read_tabs_reads_only_the_tabs_asked_for_and_requires_none() -> None:
    sample = read_tabs(SAMPLE_WORKBOOK, tabs=[Sheet.AUDIT])
    assert not sample.audit.empty and sample.clients.empty and sample.episodes.empty
    assert set(sample.layouts) == {Sheet.AUDIT}
    foreign = read_tabs(REALDATA / "xlsx" / "excelize_Book1.xlsx", tabs=[Sheet.INCIDENT_LOG])
    assert foreign.incident_log.empty and foreign.layouts == {}


def test_a_regex_bomb_is_read_within_seconds_and_validates(tmp_path: Path) -> None:
    """Crafted comments in workbook.xml and a sheet (calamine accepts them) once hung
    `pulse validate` for minutes; now the file reads like any other, under a memory limit."""
    from tests.hostile_files import regex_bomb, run_limited

    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(regex_bomb(SAMPLE_WORKBOOK.read_bytes()))
    result = run_limited("validate", str(bomb), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("bomb.xlsx: readable — 60 clients")


def test_the_tabs_cells_are_read_in_a_thread_in_the_products_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Calamine reads each tab's cells in a thread of its own while the tab before is typed;
    # the tables come out the same as read one by one.
    import threading

    import connectors.workbook as workbook_module

    read: list[tuple[str, str]] = []
    grid_of = workbook_module._sheet_grid

    def recording(book: object, sheet_name: str, label: str) -> object:
        read.append((sheet_name, threading.current_thread().name))
        return grid_of(book, sheet_name, label)  # type: ignore[arg-type]

    expected = read_workbook(SAMPLE_WORKBOOK, tabs=(Sheet.CLIENTS, Sheet.ACTIONS))
    monkeypatch.setattr(workbook_module, "_sheet_grid", recording)
    workbook = read_workbook(SAMPLE_WORKBOOK, tabs=(Sheet.ACTIONS, Sheet.CLIENTS))
    assert [name for name, _ in read] == ["Clients", "Action Items"]
    assert all(thread.startswith("pulse-workbook") for _, thread in read)
    pd.testing.assert_frame_equal(workbook.clients, expected.clients)
    pd.testing.assert_frame_equal(workbook.actions, expected.actions)
