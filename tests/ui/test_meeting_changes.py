"""The "Since the last CST meeting" tabs (ui/meeting_changes.py): counts in the labels, the
history kinds only when a saved week compares, one list drawn at a time."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from pulse.history import Changes, HistoryBasis
from ui.meeting_changes import change_lists

MEETING = pd.Timestamp("2026-11-23")


def changes(*, compared: pd.Timestamp | None) -> Changes:
    """One client added (Alpha), one completed action (Call POC), nothing else."""
    empty = pd.DataFrame({"client": pd.Series(dtype=object)})
    added = pd.DataFrame({"client": ["Alpha"], "client_key": ["alpha"], "detail": ["Bought"]})
    done = pd.DataFrame({"client": ["Bravo"], "action": ["Call POC"]})
    basis = HistoryBasis(
        meeting_week=MEETING,
        expected_week=pd.Timestamp("2026-11-16"),
        compared_week=compared,
        meeting_known=True,
    )
    return Changes(
        added=added,
        approved=empty,
        removed=empty,
        declined=empty,
        flags_moved=empty,
        bands_moved=empty,
        new_clients=empty,
        actions_completed=done,
        actions_newly_overdue=empty,
        basis=basis,
    )


def test_the_history_kinds_are_listed_only_when_a_saved_week_compares() -> None:
    comparable = [c.label for c in change_lists(changes(compared=pd.Timestamp("2026-11-16")))]
    assert comparable == [
        "Episodes added (1)",
        "Approved (0)",
        "Removed or declined (0)",
        "Risk band moved (0)",
        "Flags moved (0)",
        "New since then (0)",
        "Actions completed (1)",
        "Actions newly overdue (0)",
    ]
    nothing_saved = [c.label for c in change_lists(changes(compared=None))]
    assert nothing_saved == [
        "Episodes added (1)",
        "Approved (0)",
        "Removed or declined (0)",
        "Actions completed (1)",
        "Actions newly overdue (0)",
    ]


def panel_script() -> None:
    import pandas as pd

    from tests.ui.test_meeting_changes import changes
    from ui.meeting_changes import show_change_tabs

    show_change_tabs(changes(compared=pd.Timestamp("2026-11-16")), key="changes_tab")


def test_only_the_open_tab_draws_its_list() -> None:
    app = AppTest.from_function(panel_script, default_timeout=30).run()
    assert not app.exception, [e.message for e in app.exception]
    # The first tab is open: Alpha's row, without its client key; no other list is drawn.
    [table] = app.dataframe
    assert list(table.value["client"]) == ["Alpha"] and "client_key" not in table.value.columns
    app.session_state["changes_tab"] = "Approved (0)"
    app.run()
    assert not app.dataframe and "No approval." in [c.value for c in app.caption]
    app.session_state["changes_tab"] = "Actions completed (1)"
    app.run()
    assert list(app.dataframe[0].value["action"]) == ["Call POC"]
