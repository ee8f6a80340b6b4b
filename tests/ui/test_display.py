"""Display helpers (ui/display.py): money, the problem panel, and tables whose rows open the
client's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import run_app
from tests.scenario import scenario_workbook
from ui.display import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0, "$0"), (2350.0, "$2,350"), (6750.4, "$6,750"), (1_234_567.89, "$1,234,568")],
)
def test_money_is_whole_dollars_with_thousands(value: float, shown: str) -> None:
    assert money(value) == shown


def problems_script() -> None:
    from connectors.errors import Problem
    from ui.display import render_problems

    render_problems(
        "The workbook cannot be read",
        [
            Problem("w.xlsx", "MRR cannot read 'a lot' as money", sheet="Clients", cell="B2"),
            Problem("t.csv", "'soon' is not a date", row=3, column="Created"),
        ],
    )


def test_problems_are_one_panel_saying_where_and_what() -> None:
    app = AppTest.from_function(problems_script, default_timeout=30).run()
    assert [error.value for error in app.error] == [
        "### The workbook cannot be read\n\n"
        "- **Clients!B2**: MRR cannot read 'a lot' as money\n"
        "- **t.csv, row 3, column Created**: 'soon' is not a date"
    ]


@pytest.mark.usefixtures("shell_on_every_run")
def test_clicking_a_row_opens_that_clients_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scenario's only candidate is Echo Capital: the one row of the Monday candidates table.
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch)
    assert list(app.dataframe(key="monday_candidates").value["client"]) == ["Echo Capital"]
    # AppTest cannot click a row; a table's selection is its state, as a click leaves it.
    app.session_state["monday_candidates"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == "Echo Capital"
    assert app.query_params["client"] == "Echo Capital"
    assert app.query_params["as_of"] == "2026-11-23"  # the session's date follows the link
