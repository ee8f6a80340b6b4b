"""What every decision form shares (ui/forms/common.py): each client's latest episode status, a
default from the Clients tab, and recording a change: a refusal is an error, a change that
changes nothing says so (both leave nothing pending). The forms themselves:
tests/ui/forms/test_episodes.py."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook, read_workbook
from tests.app_fixtures import page_context
from tests.scenario import AS_OF, scenario_workbook
from ui.forms.common import client_value, day, latest_statuses


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> LoadedWorkbook:
    return read_workbook(scenario_workbook(tmp_path_factory.mktemp("s") / "s.xlsx"))


def test_latest_statuses_match_names_loosely(scenario: LoadedWorkbook) -> None:
    # The scenario's sheet spells two of them "acme dental " and "DELTA REALTY".
    names = ["Acme Dental", "Beta Law", "Delta Realty", "Echo Capital", "Nobody Inc"]
    assert latest_statuses(scenario.episodes, names) == {
        "Acme Dental": "Active",
        "Beta Law": "Recommended",
        "Delta Realty": "Active",
        "Echo Capital": "Declined",
        "Nobody Inc": "",
    }


@pytest.mark.parametrize(
    ("client", "column", "value"),
    [
        ("Acme Dental", "vcio", "Dana"),
        ("beta law", "vcio", "Marcus"),
        ("Nobody Inc", "vcio", ""),
        (None, "vcio", ""),
        ("Acme Dental", "no_such_column", ""),
    ],
)
def test_client_value(
    scenario: LoadedWorkbook, client: str | None, column: str, value: str
) -> None:
    ctx = page_context(as_of=AS_OF, workbook=scenario)
    assert client_value(ctx, client, column) == value


def test_day_keeps_a_date() -> None:
    assert day(date(2026, 11, 23)) == date(2026, 11, 23)


def record_script() -> None:
    import streamlit as st

    from pulse.workflow import Outcome, Refused, empty_audit
    from ui.forms.common import record

    def refused() -> Outcome:
        raise Refused("Approval must be decided in a CST meeting (a Monday).")

    def unchanged() -> Outcome:
        return Outcome(None, None, empty_audit())

    change = refused if st.session_state.get("change") == "refused" else unchanged
    record(None, "Done", change)  # type: ignore[arg-type]  # neither path reads the context
    st.write("the page goes on")


@pytest.mark.parametrize(
    ("change", "element", "message"),
    [
        ("refused", "error", "Approval must be decided in a CST meeting (a Monday)."),
        ("unchanged", "info", "Nothing changed: the record already says that."),
    ],
)
def test_record_says_why_nothing_was_recorded(change: str, element: str, message: str) -> None:
    app = AppTest.from_function(record_script, default_timeout=30)
    app.session_state["change"] = change
    app.run()
    assert not app.exception
    assert [shown.value for shown in getattr(app, element)] == [message]
    assert not app.success
    assert "pending_changes" not in app.session_state
    assert [markdown.value for markdown in app.markdown] == ["the page goes on"]
