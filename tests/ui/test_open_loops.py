"""Open loops on screen (ui/open_loops.py) under AppTest through the shell, on the hand-worked
scenario (tests/scenario.py EXPECTED_OPEN_LOOPS): the Monday page lists all twelve with their
ready messages, a client's page its own, and a client with none says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import MONDAY_SECTION, shell, start, texts
from tests.scenario import EXPECTED_OPEN_LOOPS

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_the_monday_page_lists_every_open_loop_oldest_first(scenario_file: Path) -> None:
    app = shell()
    app.session_state[MONDAY_SECTION] = "Open loops"  # the section's tab
    app.session_state["monday_ready_all_open"] = True  # the ready messages' expander
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert "Open loops (12)" in [header.value for header in app.header]
    table = app.dataframe(key="monday_loops").value
    assert list(zip(table["client"], table["owner_role"], strict=True)) == [
        (loop["client"], loop["owner_role"]) for loop in EXPECTED_OPEN_LOOPS
    ]
    assert list(table["loop"][:3]) == [
        "Not marked in the PSA",
        "Decision not announced",
        "RCA incomplete",
    ]
    assert table["missing"].iloc[0] == "Mark the client as extra care in the PSA"
    # Echo Capital (53 days) and Beta Law (14 days) get their ready-to-post messages.
    messages = [code.value for code in app.code]
    assert any(m.startswith("Customer: Beta Law\nIssue: Customer not responding") for m in messages)
    assert any(m.startswith("Customer: Echo Capital") for m in messages)


def test_a_clients_page_lists_its_own_loops(scenario_file: Path) -> None:
    app = start(client="Foxtrot Partners").switch_page("pages/client.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert "Open loops (4)" in [header.value for header in app.subheader]
    loops = next(frame.value for frame in app.dataframe if "owner_role" in frame.value.columns)
    assert list(loops["loop"]) == [
        "Not marked in the PSA",
        "Decision not announced",
        "RCA incomplete",
        "Not reviewed",
    ]
    assert "client" not in loops.columns


def test_a_client_without_loops_says_so(scenario_file: Path) -> None:
    app = start(client="Gamma Foods", as_of="2026-10-26").switch_page("pages/client.py").run()
    # Gamma's removal is decided that Monday: its announcement is not owed until the Wednesday.
    assert not app.exception
    assert "Open loops (0)" in [header.value for header in app.subheader]
    assert "No open loop for this client." in texts(app.success)


def _twenty_three_quiet_customers() -> None:
    """A script for AppTest.from_function (it imports what it uses)."""
    import pandas as pd

    from ui.open_loops import ready_messages

    quiet = pd.DataFrame(
        {
            "client": [f"Client {n:02d}" for n in range(23)],
            "days": [30] * 23,
            "who": ["tag the vCIO"] * 23,
            "message": [f"Message {n:02d}" for n in range(23)],
        }
    )
    ready_messages(quiet, title="Ready-to-post messages (23)")


def test_ready_messages_show_the_first_twenty_until_show_all() -> None:
    app = AppTest.from_function(_twenty_three_quiet_customers)
    app.session_state["ready_messages_all_open"] = True  # closed, nothing inside is drawn
    app.run()
    assert [code.value for code in app.code] == [f"Message {n:02d}" for n in range(20)]
    app.toggle(key="ready_messages_all").set_value(True).run()
    assert [code.value for code in app.code] == [f"Message {n:02d}" for n in range(23)]
