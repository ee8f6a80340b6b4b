"""Fuzzing the readers through the command line (SPEC: bad input never shows a traceback and
never writes anything). Hypothesis makes ticket exports (encodings, delimiters, header drift,
junk cells) and Client Pulse workbooks (header drift, repeated headers, title rows, junk cells,
broken packages); `pulse validate`, `summary`, `signals` and `export` must answer with exit 0
(clean JSON on stdout, warnings on stderr) or 1 (one line per problem), and nothing but
`export`'s own output, when it succeeds, may appear next to the inputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from connectors.ticket_presets import PRESETS
from pulse.cli import main
from pulse.schema import REQUIRED_TICKET_COLUMNS, SHEET_SPECS, Kind, Sheet
from tests.workbooks import write_grid_workbook

AS_OF = "2026-11-23"
CLIENTS = ["Acme Dental", "Beta Law", " gamma foods ", "Ünïcode GmbH", '=HYPERLINK("x")']
# Modest budgets: the whole file runs in well under a minute (`make test` runs it in parallel
# with the rest); a ticket export with naive dates costs the reader ~0.4 s a column.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_TICKETS = settings(FUZZ, max_examples=20)

# --- cells: mostly what the column should hold, sometimes junk ---------------------------------

JUNK_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
JUNK = st.one_of(
    st.none(),
    st.sampled_from(["#REF!", "#N/A", "n/a", "?", "yesterday", "2026-02-30", "45980", "-1"]),
    st.integers(min_value=-5, max_value=3_000_000),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.booleans(),
    JUNK_TEXT,
)
DATE_TEXTS = st.sampled_from(["2026-11-20", "11/20/2026", "Nov 20, 2026", "2026-11-20 09:00", ""])
MOMENTS = st.sampled_from(
    ["2026-11-20T09:00:00Z", "2026-11-20 09:00", "11/20/2026 9:00 AM", "2026-11-20T09:00-08:00"]
)
# What a column of each kind holds when it is filled in as meant.
GOOD: dict[object, st.SearchStrategy[Any]] = {
    "client": st.sampled_from(CLIENTS),
    "ticket": st.sampled_from(["T1", "T2", "12345", "TK-9", "T1"]),  # T1 twice: duplicates
    "priority": st.sampled_from(["Critical", "High", "P2", "p4 - low", "Low"]),
    (Sheet.EPISODES, "status"): st.sampled_from(["Active", "Recommended", "removed", "Declined"]),
    (Sheet.ACTIONS, "status"): st.sampled_from(["Open", "Done", "closed", None]),
    Kind.TEXT: st.sampled_from(["Printer jam", "VPN down", "Ana", "", "=1+1", "x\ny"]),
    Kind.MONEY: st.sampled_from(["$12,500.00", "(250)", "5,000", 1200, 0.5]),
    Kind.NUMBER: st.sampled_from([0.25, "12.5%", 3]),
    Kind.INTEGER: st.sampled_from([1, 2, "3", 4.0]),
    Kind.YES_NO: st.sampled_from(["Y", "n", "x", "TRUE", None, 1]),
    Kind.DATE: st.one_of(DATE_TEXTS, st.integers(40000, 50000)),
    Kind.DATETIME: MOMENTS,
}


def cells_for(key: object, *, clean: bool) -> st.SearchStrategy[Any]:
    """A cell of the right kind; in a table that is not clean, one in ten is junk."""
    good = GOOD.get(key, GOOD[Kind.TEXT])
    return good if clean else st.one_of(*[good] * 9, JUNK)


def drifted(header: str, how: int) -> str:
    """A header as real exports spell it: case, spaces, punctuation."""
    return [header, header.upper(), f"  {header} ", header.replace(" ", "_"), header + "."][how]


Column = tuple[tuple[str, ...], object]  # (the names it goes by, what its cells hold)


@st.composite
def header_row(
    draw: Any, columns: list[Column], required: int, *, clean: bool
) -> list[tuple[str, object]]:
    """(header, what its cells hold): the first `required` columns (nearly always, in a clean
    table always) and some others, each under one of its names, drifted; unless clean, now and
    then a column twice; sometimes a stranger."""
    chosen = [
        column
        for index, column in enumerate(columns)
        if ((clean or draw(st.integers(0, 19))) and index < required) or draw(st.booleans())
    ]
    named = [
        (drifted(draw(st.sampled_from(names)), draw(st.integers(0, 4))), key)
        for names, key in chosen
    ]
    if named and not clean and draw(st.integers(0, 4)) == 0:
        named.append(draw(st.sampled_from(named)))  # a header repeated
    if draw(st.integers(0, 4)) == 0:
        named.append((draw(JUNK_TEXT), "junk"))
    return draw(st.permutations(named))


@st.composite
def table(draw: Any, columns: list[Column], required: int, *, clean: bool) -> list[list[Any]]:
    """A header row and up to six rows; in a table that is not clean, junk cells and now and
    then a short row."""
    header = draw(header_row(columns, required, clean=clean))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        short = not clean and draw(st.integers(0, 9)) == 0
        width = draw(st.integers(0, len(header))) if short else len(header)
        rows.append([draw(cells_for(key, clean=clean)) for _, key in header[:width]])
    return [[name for name, _ in header], *rows]


# --- ticket exports -----------------------------------------------------------------------------

DELIMITERS = st.sampled_from([",", ";", "\t", "|"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])


def preset_columns(preset: str) -> list[Column]:
    """A preset's columns, the required ones first, each with what its cells hold."""
    kinds = {"created": Kind.DATETIME, "first_response": Kind.DATETIME, "resolved": Kind.DATETIME}
    kinds |= {"due": Kind.DATETIME, "survey_score": Kind.INTEGER, "security": Kind.YES_NO}
    fields = sorted(PRESETS[preset], key=lambda field: field not in REQUIRED_TICKET_COLUMNS)
    return [((PRESETS[preset][field],), kinds.get(field, field)) for field in fields]


@st.composite
def ticket_exports(draw: Any) -> bytes:
    """A CSV as some PSA (or a person in Excel) might save it, or bytes that are no CSV."""
    if draw(st.integers(0, 19)) == 0:
        return bytes(draw(st.binary(max_size=200)))
    columns = preset_columns(draw(st.sampled_from(sorted(PRESETS))))
    rows = draw(table(columns, len(REQUIRED_TICKET_COLUMNS), clean=draw(st.booleans())))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=draw(DELIMITERS)).writerows(rows)
    return buffer.getvalue().encode(draw(ENCODINGS), errors="replace")


# --- workbooks ----------------------------------------------------------------------------------


def sheet_columns(sheet: Sheet) -> list[Column]:
    """The tab's columns, required first, each under its names; cells by kind."""
    spec = SHEET_SPECS[sheet]
    ordered = sorted(spec.columns, key=lambda column: not column.required)
    return [((column.header, *column.aliases), _cells_key(sheet, column)) for column in ordered]


def _cells_key(sheet: Sheet, column: Any) -> object:
    for key in ((sheet, column.name), column.name):
        if key in GOOD:
            return key
    return column.kind


@st.composite
def workbooks(draw: Any) -> dict[str, list[list[object]]] | bytes:
    """Half of them clean: every required tab, every required column once, cells of the right
    kind. The others: tabs missing, headers repeated, junk cells, or broken bytes."""
    clean = draw(st.booleans())
    if not clean and draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from([b"", b"PK\x03\x04" + b"\x00" * 40, b"not a workbook"]))
    tabs: dict[str, list[list[object]]] = {"Team Notes": [["Notes"]]}
    for sheet in (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS, Sheet.AUDIT):
        if clean or draw(st.integers(0, 9)):
            required = sum(1 for column in SHEET_SPECS[sheet].columns if column.required)
            titles = [["Client Pulse"], []] if draw(st.booleans()) else []
            rows = draw(table(sheet_columns(sheet), required, clean=clean))
            tabs[sheet.value] = [*titles, *rows]
    return tabs


def write_workbook(folder: Path, drawn: dict[str, list[list[object]]] | bytes) -> Path:
    path = folder / "pulse.xlsx"
    if isinstance(drawn, bytes):
        path.write_bytes(drawn)
        return path
    cleaned = {
        name: [[_excel_safe(cell) for cell in row] for row in rows] for name, rows in drawn.items()
    }
    return write_grid_workbook(path, cleaned)


def _excel_safe(cell: object) -> object:
    """openpyxl refuses control characters and NaN; the reader sees them as what Excel saves."""
    if isinstance(cell, float) and cell != cell:
        return "#NUM!"
    if isinstance(cell, str):
        return "".join(ch for ch in cell if ch >= " " or ch in "\t\n")
    return cell


# --- the command line ---------------------------------------------------------------------------


def pulse(*args: str) -> tuple[int, str, str]:
    """`pulse <args>` in this process: any exception but a clean exit fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def assert_clean_answer(code: int, out: str, err: str, *, json_out: bool) -> None:
    event(f"exit {code}" + (" with warnings" if code == 0 and err else ""))
    assert "Traceback" not in out + err
    if code == 0:
        if json_out:
            json.loads(out)
        assert all(line.startswith("warning: ") for line in err.splitlines()), err
    else:
        assert code == 1, (code, err)
        assert out == "" and err.strip(), (out, err)


@FUZZ_TICKETS
@given(export=ticket_exports())
def test_any_ticket_export_is_read_or_refused_and_nothing_is_written(export: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workbook = write_workbook(
            folder,
            {
                "Clients": [["Client", "MRR"], ["Acme Dental", 100]],
                "Extra Care Tracking Info": [["Client", "Status"]],
                "Action Items": [["Client", "Action"]],
            },
        )
        tickets = folder / "tickets.csv"
        tickets.write_bytes(export)
        before = snapshot(folder)
        args = [str(workbook), "--tickets", str(tickets), "--as-of", AS_OF, "--json"]
        code, out, err = pulse("summary", *args)
        assert_clean_answer(code, out, err, json_out=True)
        if code == 0:  # read once: signals reads the same export back from the ticket cache
            assert_clean_answer(*pulse("signals", *args), json_out=True)
        assert snapshot(folder) == before


@FUZZ
@given(drawn=workbooks())
def test_any_workbook_is_read_or_refused_and_a_bad_one_is_never_written(
    drawn: dict[str, list[list[object]]] | bytes,
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workbook = write_workbook(folder, drawn)
        before = snapshot(folder)
        code, out, err = pulse("validate", str(workbook))
        assert_clean_answer(code, out, err, json_out=False)
        code, out, err = pulse("summary", str(workbook), "--as-of", AS_OF, "--json")
        assert_clean_answer(code, out, err, json_out=True)
        out_path = folder / "out.xlsx"
        code, out, err = pulse("export", str(workbook), "--out", str(out_path), "--as-of", AS_OF)
        assert_clean_answer(code, out, err, json_out=False)
        after = snapshot(folder)
        if code != 0:
            assert after == before  # refused: nothing written anywhere near the inputs
            return
        assert {name: data for name, data in after.items() if name != "out.xlsx"} == before
        assert pulse("validate", str(out_path))[0] == 0  # what was written reads back
