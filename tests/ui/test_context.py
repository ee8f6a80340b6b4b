"""The context the shell prepares (ui/context.py): pages read it; a page run without it says so
and stops, after sending the run back through the shell."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import TESTER, page_context
from ui.context import CONTEXT_KEY


def context_script() -> None:
    import streamlit as st

    from ui.context import context

    ctx = context()
    st.write(f"{ctx.user} as of {ctx.as_of:%Y-%m-%d}")


def sent_back() -> None:
    """Stands in for st.navigation + st.rerun: the script under test is no shell to return to."""
    st.session_state["sent_back"] = True


@pytest.fixture(autouse=True)
def no_shell_to_return_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.context.through_the_shell", sent_back)


def test_a_page_reads_the_context_the_shell_stored() -> None:
    app = AppTest.from_function(context_script, default_timeout=30)
    app.session_state[CONTEXT_KEY] = page_context(as_of=date(2026, 11, 23))
    app.run()
    assert [markdown.value for markdown in app.markdown] == [f"{TESTER} as of 2026-11-23"]
    assert "sent_back" not in app.session_state


def test_without_a_context_the_page_says_so_and_stops() -> None:
    app = AppTest.from_function(context_script, default_timeout=30)
    app.session_state[CONTEXT_KEY] = "not a context"
    app.run()
    assert not app.exception
    assert app.session_state["sent_back"]
    assert [error.value for error in app.error] == [
        "No workbook is loaded. Choose a source in the sidebar."
    ]
    assert not app.markdown  # nothing after the stop
