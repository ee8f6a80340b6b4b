"""`pulse validate` gives a clear answer for any file: never a traceback."""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pulse.cli import main
from tests.paths import REALDATA, SAMPLE_WORKBOOK
from tests.workbooks import write_grid_workbook


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line]
    assert "Traceback" not in captured.out + captured.err
    return code, lines


def _truncated(tmp_path: Path) -> Path:
    data = SAMPLE_WORKBOOK.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hello")
    return path


def _corrupt_sheet_xml(tmp_path: Path) -> Path:
    source = zipfile.ZipFile(SAMPLE_WORKBOOK)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 3]  # cut mid-element
            target.writestr(item, data)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _grid(name: str, tabs: dict[str, list[list[object]]]):
    return lambda tmp_path: write_grid_workbook(tmp_path / name, tabs)


def _file(name: str, data: bytes):
    def make(tmp_path: Path) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    return make


BROKEN = {
    "empty": (_file("empty.xlsx", b""), "the file is empty"),
    "not a zip": (_file("text.xlsx", b"Client,MRR\nAcme,100\n"), "not an Excel workbook (.xlsx)"),
    "truncated": (_truncated, "not an Excel workbook (.xlsx)"),
    "zip without workbook": (_zip_without_workbook, "damaged or incomplete"),
    "corrupt sheet": (_corrupt_sheet_xml, "cannot read this tab"),
    "wrong tabs": (
        _grid("wrong.xlsx", {"Sheet1": [["x"]]}),
        "not a Client Pulse workbook: missing tabs",
    ),
    "missing column": (
        _grid(
            "nocol.xlsx",
            {
                "Clients": [["Client"], ["Acme"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!1:1: required column 'MRR' is missing",
    ),
    "bad money": (
        _grid(
            "money.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", "a lot"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!B2: MRR cannot read 'a lot' as money",
    ),
    "bad status": (
        _grid(
            "status.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", 1]],
                "Extra Care Tracking Info": [["Client", "Status"], ["Acme", "Maybe"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "'Extra Care Tracking Info'!B2: Status 'Maybe' is not one of",
    ),
    "excel error cell": (
        _grid(
            "err.xlsx",
            {
                "Clients": [["Client", "MRR"], ["Acme", "#REF!"]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        ),
        "Clients!B2: MRR holds the Excel error #REF!",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_files(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = BROKEN[kind]
    path = make(tmp_path)
    code, lines = run(capsys, str(path))
    assert code == 1
    assert any(expected in line for line in lines), lines


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(tmp_path / "nope.xlsx")) == (
        1,
        [f"nope.xlsx: file not found: {tmp_path / 'nope.xlsx'}; check the path"],
    )
    code, lines = run(capsys, str(tmp_path))
    assert code == 1 and "is a folder" in lines[0]


def test_sample_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(SAMPLE_WORKBOOK))
    assert code == 0
    assert lines[0].startswith("client_pulse_sample.xlsx: readable — 60 clients")


REAL_WORKBOOKS = sorted((REALDATA / "xlsx").glob("*.xlsx")) + sorted(
    (REALDATA / "health").glob("*.xlsx")
)


def test_real_workbooks_are_there() -> None:
    assert len(REAL_WORKBOOKS) >= 19  # the whole folder is covered, not a silent subset


@pytest.mark.parametrize("path", REAL_WORKBOOKS, ids=lambda p: p.name)
def test_real_excel_workbooks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(path))
    assert code == 1
    assert lines == [lines[0]]
    assert lines[0].startswith(f"{path.name}: not a Client Pulse workbook: missing tabs 'Clients'")


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = subprocess.run(
        [sys.executable, "-m", "pulse.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("junk.xlsx: not an Excel workbook")
