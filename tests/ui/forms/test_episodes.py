"""The extra-care decision forms (ui/forms/episodes.py) under AppTest, on a local copy of the
hand-worked scenario: a recommendation is recorded as pending cells; a refused transition shows its
reason and records nothing; a role that may not decide sees the forms disabled with who may."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from connectors.workbook import read_workbook
from tests.app_fixtures import (
    open_decision_tab,
    open_decisions,
    recommend_echo,
    save_from_sidebar,
    start,
    texts,
)

pytestmark = pytest.mark.usefixtures("shell_on_every_run")


def test_the_recommend_form_records_its_cells_as_pending(scenario_file: Path) -> None:
    app = recommend_echo(start())
    assert not app.exception, [e.message for e in app.exception]
    [changes] = app.session_state["pending_changes"].values()
    news = dict(zip(changes.audit["field"], changes.audit["new"], strict=True))
    assert len(news) == 5
    assert news["Extra Care Tracking Info.status"] == "Recommended"
    assert news["Extra Care Tracking Info.recommended_on"] == "2026-11-23"  # the as-of date
    assert news["Extra Care Tracking Info.reason"] == "No contact for 53 days"
    assert set(changes.audit["client"]) == {"Echo Capital"}


def test_refused_transition_shows_its_reason(scenario_file: Path) -> None:
    app = open_decision_tab(start(), "Approve")
    app.selectbox(key="approve_client_any").set_value("Beta Law")
    app.text_input(key="approve_vcio_any").input("Marcus")
    app.text_input(key="approve_director_any").input("Dana Director")
    app.date_input(key="approve_meeting_any").set_value(pd.Timestamp("2026-11-24").date())
    app.button(key="approve_submit_any").click()
    app = app.run()
    assert not app.exception
    assert "Approval must be decided in a CST meeting (a Monday)" in texts(app.error)
    assert "No unsaved changes." in texts(app.sidebar.caption)


def test_the_monday_page_builds_its_decision_forms_only_when_unfolded(
    scenario_file: Path,
) -> None:
    app = start()
    assert not app.exception, [e.message for e in app.exception]
    keys = {getattr(element, "key", None) for element in app.selectbox}
    assert "recommend_client_any" not in keys  # folded: not built, not sent
    open_decisions(app)
    assert app.selectbox(key="recommend_client_any").options  # the clients to choose from


def test_viewer_sees_disabled_forms_with_the_reason(viewer: Path) -> None:
    app = open_decisions(start())
    assert not app.exception
    assert app.button(key="recommend_submit_any").disabled
    open_decision_tab(app, "Approve")
    assert app.button(key="approve_submit_any").disabled
    captions = texts(app.caption)
    assert "Only the Director of Client Success or a vCIO may approve" in captions
    assert "you are signed in as a viewer" in captions


def test_a_recommendation_recorded_by_mistake_is_deleted_and_saved(scenario_file: Path) -> None:
    app = open_decision_tab(start(), "Delete a mistake")
    app.selectbox(key="delete_client_any").set_value("Beta Law")  # Recommended, undecided
    app.text_input(key="delete_reason_any").input("recorded for the wrong client")
    app.button(key="delete_submit_any").click()
    app = app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert "1 unsaved change**" in texts(app.sidebar.warning)
    save_from_sidebar(app)
    saved = read_workbook(scenario_file)
    assert "Beta Law" not in set(saved.episodes["client"])
    [row] = saved.audit.to_dict("records")
    assert (row["client"], row["field"], row["old"], row["new"]) == (
        "Beta Law",
        "Extra Care Tracking Info.status",
        "Recommended",
        None,  # New: a blank cell
    )
    assert (
        row["note"] == "Recommendation deleted (recorded by mistake): recorded for the wrong client"
    )


def test_only_a_record_keeper_may_delete_a_recommendation(viewer: Path) -> None:
    app = open_decision_tab(start(), "Delete a mistake")
    assert app.button(key="delete_submit_any").disabled
