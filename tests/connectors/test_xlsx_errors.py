"""Error cells (#DIV/0!, #N/A, ...) that calamine reads as blanks, found in the sheet's XML."""

from __future__ import annotations

from connectors.xlsx_errors import error_cells
from tests.paths import REALDATA
from tests.xlsx_checks import entries, minimal_xlsx, zipped


def test_error_cells_by_position() -> None:
    source = minimal_xlsx(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="AA3" t="e"><v>#N/A</v></c><c r="AB3" t="s"><v>0</v></c></row>',
        shared_strings=("#REF!",),  # text that only looks like an error is not one
    )
    assert error_cells(source, "Data") == {(1, 2): "#DIV/0!", (3, 27): "#N/A"}


def test_a_tab_without_errors_or_a_tab_that_is_not_there() -> None:
    source = minimal_xlsx('<row r="1"><c r="A1"><v>1</v></c></row>')
    assert error_cells(source, "Data") == {}
    assert error_cells(source, "Nope") == {}


def test_what_is_not_a_workbook_has_no_error_cells() -> None:
    assert error_cells(b"not a zip", "Data") == {}
    assert error_cells(zipped({"notes.txt": b"hi"}), "Data") == {}


def test_a_tab_name_with_an_ampersand_is_found() -> None:
    parts = entries(minimal_xlsx('<row r="2"><c r="C2" t="e"><v>#NAME?</v></c></row>'))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Data"', b'name="R&amp;D"')
    assert error_cells(zipped(parts), "R&D") == {(2, 3): "#NAME?"}


def test_the_real_file_with_every_kind_of_error() -> None:
    # calamine_errors.xlsx, Feuil1 column A: =5/0, =A0, =AVERAGE("a","b"), =A1:B1 D1:D9,
    # =[1]Feuil8!A1, =SQRT(-4), =VLOOKUP(B1,B1,B1,3), each cached as its error.
    errors = error_cells((REALDATA / "xlsx" / "calamine_errors.xlsx").read_bytes(), "Feuil1")
    assert errors == {
        (1, 1): "#DIV/0!",
        (2, 1): "#NAME?",
        (3, 1): "#VALUE!",
        (4, 1): "#NULL!",
        (5, 1): "#REF!",
        (6, 1): "#NUM!",
        (7, 1): "#N/A",
    }


def test_a_crafted_comment_is_read_in_linear_time() -> None:
    """The old pattern backtracked over every '<c t="e"' in a comment: minutes for 20,000."""
    import time

    from tests.hostile_files import ERROR_CELL_BOMB

    row = '<row r="1"><c r="B1" t="e"><v>#N/A</v></c></row>'
    source = minimal_xlsx(row)
    parts = entries(source)
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    bomb = zipped(
        {**parts, sheet: parts[sheet].replace(b"<sheetData", ERROR_CELL_BOMB + b"<sheetData")}
    )
    started = time.monotonic()
    assert error_cells(bomb, "Data") == {(1, 2): "#N/A"}
    assert time.monotonic() - started < 2
