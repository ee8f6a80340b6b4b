"""Tables in words (ui/tables.py): headers from the page, COLUMN_LABELS or the name in words;
missing values and their Python spellings shown as "—"; rows that open the client's page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import scenario_monday
from ui.tables import EMPTY, ROW_LIMIT, column_label, is_raw_name, labelled_config


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("recommended_by", "Recommended by"),
        ("cst_meeting_date", "CST meeting date"),
        ("mrr_at_risk", "MRR at risk"),
        ("vcio", "vCIO"),
        ("vitm_acknowledged", "vITM acknowledged"),
        ("days_overdue", "Days overdue"),
        ("client", "Client"),
        ("rca_parts", "RCA"),  # from COLUMN_LABELS
        ("owner_role", "Who must act"),
        ("Service Desk Concerns", "Service Desk Concerns"),  # already words
        ("Due", "Due"),
    ],
)
def test_column_labels_are_words(name: str, label: str) -> None:
    assert column_label(name) == label
    assert not is_raw_name(column_label(name))


@pytest.mark.parametrize(
    ("header", "raw"),
    [
        ("recommended_by", True),
        ("client", True),
        ("Client", False),
        ("vCIO", False),
        ("RCA", False),
    ],
)
def test_raw_names(header: str, raw: bool) -> None:
    assert is_raw_name(header) is raw


def test_the_pages_own_labels_win_and_raw_ones_are_replaced() -> None:
    frame = pd.DataFrame(columns=["client", "due", "risk", "mrr", "hidden", "band"])
    given = {
        "due": st.column_config.DateColumn(format="YYYY-MM-DD"),  # no label: gets one
        "risk": st.column_config.NumberColumn("Risk now"),
        "mrr": "Monthly revenue",
        "hidden": None,
        "band": "band",  # a raw name given as the label is not words either
    }
    config = labelled_config(frame, given)
    assert config["client"] == "Client"
    assert (
        config["due"]["label"] == "Due" and config["due"]["type_config"]["format"] == "YYYY-MM-DD"
    )
    assert config["risk"]["label"] == "Risk now"
    assert config["mrr"] == "Monthly revenue"
    assert config["hidden"] is None
    assert config["band"] == "Risk band"
    assert given["due"].get("label") is None  # the page's own config is not changed


def table_script() -> None:
    import pandas as pd

    from ui.tables import edit_table, show_table

    frame = pd.DataFrame(
        {
            "recommended_by": ["Dana", None, "None", "nan"],
            "mrr": [100.0, None, 3.0, 4.0],
            "announced_on": pd.to_datetime(["2026-11-17", None, None, None]),
        }
    )
    show_table(frame)
    edit_table(frame, key="edited")


def test_every_table_has_words_and_a_placeholder() -> None:
    app = AppTest.from_function(table_script, default_timeout=30).run()
    shown, edited = app.dataframe[0], app.data_editor(key="edited")
    assert shown.proto.placeholder == EMPTY and edited.proto.placeholder == EMPTY
    # The spelled-out "None" and "nan" are missing values on screen; the editor keeps its frame.
    assert shown.value["recommended_by"].isna().tolist() == [False, True, True, True]
    assert edited.value["recommended_by"].tolist()[2:] == ["None", "nan"]
    import json

    configs = json.loads(shown.proto.columns)
    labels = {name: config["label"] for name, config in configs.items() if name != "_index"}
    assert labels == {
        "recommended_by": "Recommended by",
        "mrr": "MRR",
        "announced_on": "Announced on",
    }


@pytest.mark.usefixtures("shell_on_every_run")
def test_clicking_a_row_opens_that_clients_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scenario's only candidate is Echo Capital: the one row of the Monday candidates table.
    app = scenario_monday(tmp_path, monkeypatch, "Candidates")
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


def long_table_script() -> None:
    import pandas as pd

    from ui.tables import show_table

    show_table(pd.DataFrame({"client": [f"Client {n:03d}" for n in range(250)]}), key="long")
    show_table(pd.DataFrame({"client": ["Only one"]}), key="short")


def test_a_long_table_shows_its_first_rows_until_show_all_is_on() -> None:
    app = AppTest.from_function(long_table_script, default_timeout=30).run()
    long, short = app.dataframe
    # 250 rows: the first 100 are sent, in order; a one-row table has no toggle.
    assert ROW_LIMIT == 100
    assert list(long.value["client"]) == [f"Client {n:03d}" for n in range(100)]
    assert list(short.value["client"]) == ["Only one"]
    assert [toggle.label for toggle in app.toggle] == ["Show all 250 rows"]
    assert "The first 100 of 250 rows." in [caption.value for caption in app.caption]
    app.toggle(key="long_show_all").set_value(True).run()
    assert list(app.dataframe[0].value["client"]) == [f"Client {n:03d}" for n in range(250)]
