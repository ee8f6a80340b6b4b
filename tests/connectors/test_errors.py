"""Problems say where they are as a person would look for them; errors come before warnings."""

from __future__ import annotations

import pytest

from connectors.errors import InputError, Problem, Severity, TicketExportError, WorkbookError


@pytest.mark.parametrize(
    ("problem", "where"),
    [
        (Problem("pulse.xlsx", "x", sheet="Clients", cell="B7"), "Clients!B7"),
        (Problem("pulse.xlsx", "x", sheet="Action Items", cell="A2"), "'Action Items'!A2"),
        (Problem("pulse.xlsx", "x", sheet="Customer_Health", cell="C3"), "Customer_Health!C3"),
        (Problem("pulse.xlsx", "x", sheet="Clients"), "Clients"),
        (Problem("t.csv", "x", row=12, column="Created"), "t.csv, row 12, column Created"),
        (Problem("t.csv", "x", column="Priority"), "t.csv, column Priority"),
        (Problem("t.csv", "x"), "t.csv"),
    ],
)
def test_where(problem: Problem, where: str) -> None:
    assert problem.where == where


def test_a_problem_reads_as_where_then_what() -> None:
    problem = Problem("pulse.xlsx", "MRR is blank", sheet="Clients", cell="B3")
    assert str(problem) == "Clients!B3: MRR is blank"


def test_errors_come_first_and_warnings_keep_their_order() -> None:
    first_warning = Problem("f", "w1", severity=Severity.WARNING)
    error = Problem("f", "e1")
    second_warning = Problem("f", "w2", severity=Severity.WARNING)
    raised = InputError([first_warning, error, second_warning])
    assert raised.problems == [error, first_warning, second_warning]
    assert raised.errors == [error]
    assert str(raised) == "f: e1\nf: w1\nf: w2"


def test_the_reader_errors_are_input_errors() -> None:
    assert issubclass(WorkbookError, InputError) and issubclass(TicketExportError, InputError)
