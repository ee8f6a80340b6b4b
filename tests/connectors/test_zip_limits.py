"""Zip bombs are refused before anything inflates them (connectors/zip_limits.py): each part's
declared size, the total, and the bytes a part really inflates to, against `InputLimits`."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import TicketExportError, WorkbookError
from connectors.tickets import read_tickets
from connectors.workbook import read_workbook
from connectors.zip_limits import PackageTooLarge, check_package
from pulse.settings import InputLimits
from tests.hostile_files import MB, inflating, run_limited
from tests.paths import SAMPLE_WORKBOOK

SHEET = "xl/worksheets/sheet1.xml"
SMALL = InputLimits(xlsx_part_mb=4, xlsx_small_part_mb=2, xlsx_total_mb=6)


@pytest.fixture(scope="module")
def sample() -> bytes:
    return SAMPLE_WORKBOOK.read_bytes()


def refusal(data: bytes, limits: InputLimits = SMALL) -> str:
    with pytest.raises(PackageTooLarge) as refused:
        check_package(data, "crafted.xlsx", limits)
    return str(refused.value.problem)


def test_the_sample_is_within_the_default_limits(sample: bytes) -> None:
    check_package(sample, "sample.xlsx", InputLimits())  # nothing raised


def test_a_sheet_declaring_more_than_its_cap_is_refused_naming_the_part(sample: bytes) -> None:
    assert refusal(inflating(sample, SHEET, 5 * MB)) == (
        f"crafted.xlsx: refused unread: part {SHEET} would inflate to more than 4 MB; "
        "if the file is genuine, raise [limits] in pulse.toml (docs/security.md)"
    )


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml"])
def test_workbook_xml_and_shared_strings_have_the_smaller_cap(sample: bytes, part: str) -> None:
    message = refusal(inflating(sample, part, 3 * MB))
    assert f"part {part} would inflate to more than 2 MB" in message


def test_the_parts_together_have_a_cap(sample: bytes) -> None:
    two_sheets = inflating(inflating(sample, SHEET, 3 * MB), "xl/worksheets/sheet2.xml", 4 * MB)
    assert "all its parts together would inflate to more than 6 MB" in refusal(two_sheets)


def test_a_part_lying_about_its_size_is_refused_as_it_inflates(sample: bytes) -> None:
    lying = inflating(sample, SHEET, 3 * MB, declared=1000)
    assert refusal(lying) == (
        f"crafted.xlsx: refused unread: part {SHEET} inflates past the 1,000 bytes it declares; "
        "the file is damaged or crafted; do not use it, ask for the workbook again"
    )


def test_what_is_not_a_zip_is_left_to_the_reader() -> None:
    check_package(b"not a zip at all", "x.xlsx", SMALL)  # the reader says it is not a workbook


def test_the_workbook_and_ticket_readers_refuse_with_their_own_errors(sample: bytes) -> None:
    bomb = inflating(sample, SHEET, 5 * MB)
    with pytest.raises(WorkbookError, match=f"part {SHEET} would inflate"):
        read_workbook(bomb, name="crafted.xlsx", limits=SMALL)
    with pytest.raises(TicketExportError, match=f"part {SHEET} would inflate"):
        read_tickets(bomb, name="tickets.xlsx", timezone="UTC", limits=SMALL)


def test_a_ticket_file_larger_than_its_cap_is_refused_unread() -> None:
    export = b"Ticket,Client,Created\n" + b"1,Acme,2026-11-02\n" * 70_000  # ~1.3 MB
    with pytest.raises(TicketExportError) as refused:
        read_tickets(export, name="t.csv", timezone="UTC", limits=InputLimits(ticket_file_mb=1))
    assert str(refused.value.problems[0]) == (
        "t.csv: Refused: larger than 1 MB. If the export is genuine, raise [limits] in "
        "pulse.toml (docs/security.md)."
    )


def test_a_ticket_file_with_more_rows_than_its_cap_is_refused() -> None:
    export = b"Ticket,Client,Created\n" + b"1,Acme,2026-11-02\n" * 11
    with pytest.raises(TicketExportError, match="11 rows, more than the 10 allowed"):
        read_tickets(export, name="t.csv", timezone="UTC", limits=InputLimits(ticket_rows=10))


# --- the real thing: the CLI on 1 GB bombs, under a memory limit and a time bound --------------


@pytest.fixture(scope="module")
def bombs(sample: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A sheet and a workbook.xml inflating to 1 GB (1 MB on disk), one declaring 1,000 bytes."""
    folder = tmp_path_factory.mktemp("bombs")
    cases = {
        "sheet.xlsx": inflating(sample, SHEET, 1024 * MB),
        "workbook_xml.xlsx": inflating(sample, "xl/workbook.xml", 1024 * MB, declared=1000),
    }
    for name, data in cases.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in cases}


@pytest.mark.parametrize(
    ("bomb", "part"), [("sheet.xlsx", SHEET), ("workbook_xml.xlsx", "xl/workbook.xml")]
)
@pytest.mark.parametrize("command", ["validate", "export"])
def test_the_cli_refuses_a_zip_bomb_within_memory_and_time(
    bombs: dict[str, Path], bomb: str, part: str, command: str, tmp_path: Path
) -> None:
    args = [command, str(bombs[bomb])]
    if command == "export":
        args += ["--out", str(tmp_path / "out.xlsx")]
    result = run_limited(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"{bomb}: refused unread: part {part}" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_the_cli_refuses_a_zip_bomb_of_tickets(bombs: dict[str, Path], tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.xlsx"
    tickets.write_bytes(bombs["sheet.xlsx"].read_bytes())
    result = run_limited("signals", str(SAMPLE_WORKBOOK), "--tickets", str(tickets), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"tickets.xlsx: refused unread: part {SHEET}" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
