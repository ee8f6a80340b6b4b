"""Reading an unknown ticket export (ui/ticket_import.py): which layouts are offered and which is
chosen first, whether a saved mapping fits a file, the labels, the first guess of each column and
the name a new mapping is offered under. The page itself: tests/pages/test_tickets.py."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.ticket_columns import AGE_PURPOSE
from pulse.schema import TICKET_COLUMNS
from ui.ticket_import import (
    CUSTOM,
    age_column,
    closest_layout_problems,
    field_key,
    fields_read,
    guessed_columns,
    layout_choices,
    layout_label,
    mapping_fits,
    suggested_mapping_name,
)

PRESET_CHOICES = ["preset:generic", "preset:connectwise", "preset:autotask", "preset:halopsa"]
FRESHDESK = ["Ticket ID", "Subject", "Company Name", "Priority", "Created time"]
FRESHDESK_MAPPING = {
    "ticket": "Ticket ID",
    "client": "Company Name",
    "priority": "Priority",
    "created": "Created time",
}


def test_a_detected_layout_is_chosen_first() -> None:
    choices, default = layout_choices(["Ticket", "Client"], "connectwise", {})
    assert choices == [*PRESET_CHOICES, CUSTOM]
    assert default == "preset:connectwise"


def test_a_saved_mapping_that_fits_is_chosen_first() -> None:
    saved = {"halo": {"ticket": "Request ID"}, "freshdesk": FRESHDESK_MAPPING}
    choices, default = layout_choices(FRESHDESK, None, saved)
    assert choices == [*PRESET_CHOICES, "mapping:halo", "mapping:freshdesk", CUSTOM]
    assert default == "mapping:freshdesk"


def test_nothing_fits_maps_by_hand() -> None:
    assert layout_choices(FRESHDESK, None, {"halo": {"ticket": "Request ID"}})[1] == CUSTOM


@pytest.mark.parametrize(
    ("mapping", "fits"),
    [
        (FRESHDESK_MAPPING, True),
        ({"ticket": " ticket id ", "created": "CREATED TIME"}, True),  # case and spaces ignored
        ({**FRESHDESK_MAPPING, "summary": "Description"}, False),  # a column this file lacks
        ({}, False),  # an empty mapping reads nothing
    ],
)
def test_mapping_fits(mapping: dict[str, str], fits: bool) -> None:
    assert mapping_fits(mapping, FRESHDESK) is fits


@pytest.mark.parametrize(
    ("choice", "detected", "label"),
    [
        ("preset:halopsa", "halopsa", "HaloPSA (detected)"),
        ("preset:connectwise", None, "ConnectWise Manage"),
        ("mapping:freshdesk", None, "Saved mapping 'freshdesk'"),
        (CUSTOM, None, "Map the columns myself"),
    ],
)
def test_layout_labels(choice: str, detected: str | None, label: str) -> None:
    assert layout_label(choice, detected) == label


def test_the_first_guess_uses_the_known_spellings() -> None:
    # "Ticket ID", "Company Name" and "Priority" are spellings the reader knows; "Created time"
    # is not, so Created is left for the person to choose.
    guess = guessed_columns(FRESHDESK)
    assert {field: guess.get(field) for field in FRESHDESK_MAPPING} == {
        "ticket": "Ticket ID",
        "client": "Company Name",
        "priority": "Priority",
        "created": None,
    }


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("freshdesk_export_demo_account.csv", "freshdesk_export_demo_account"),
        ("Halo PSA — Tickets (2026).xlsx", "halo_psa_tickets_2026"),
        ("---.csv", "my_export"),
    ],
)
def test_suggested_mapping_name(file_name: str, name: str) -> None:
    assert suggested_mapping_name(file_name) == name


def test_field_keys_are_the_forms_own() -> None:
    assert field_key("created") == "tickets_form_map_created"


# ---- Created from Age, and what the reader made of a file ---------------------------------------

BOARD = ["Ticket #", "Company", "Priority", "Age", "Last Update"]


@pytest.mark.parametrize(
    ("headers", "preset", "mapping", "age"),
    [
        (BOARD, "connectwise", None, "Age"),  # ConnectWise's board list: Age, no Date Entered
        ([*BOARD, "Date Entered"], "connectwise", None, None),  # the real thing wins
        (BOARD, "generic", None, None),  # only ConnectWise counts back from Age
        (["Num", "Days"], None, {"ticket": "Num", "__age_days": "Days"}, "Days"),
        (["Num", "Opened"], None, {"ticket": "Num", "created": "Opened"}, None),
    ],
)
def test_age_column(
    headers: list[str], preset: str | None, mapping: dict[str, str] | None, age: str | None
) -> None:
    assert age_column(headers, preset, mapping) == age


def test_the_closest_layout_is_said_in_the_readers_words() -> None:
    (problem,) = closest_layout_problems(["Ticket #", "Company", "Priority", "Subtype"], "b.csv")
    assert problem.message.startswith(
        "Missing required column(s) for the connectwise layout: Created (column 'Date Entered'"
    )
    assert closest_layout_problems(["Ticket", "Client", "Priority", "Created"], "b.csv") == []


def test_fields_read_name_each_column_and_a_few_values() -> None:
    blank = pd.Series([None, None], dtype="str")
    tickets = pd.DataFrame({field: blank for field in TICKET_COLUMNS})
    tickets["ticket"] = ["101", "102"]
    tickets["priority"] = ["High", "High"]
    tickets["created"] = pd.to_datetime(["2025-04-21 19:00", "2025-04-20 07:00"], utc=True)
    tickets["survey_score"] = pd.array([2.0, None], dtype="Float64")
    tickets["security"] = [False, True]
    tickets.attrs["layout"] = {
        "read": {"Ticket": "Ticket #", "Priority": "Priority", AGE_PURPOSE: "Age"}
    }
    fields = fields_read(tickets, "America/Los_Angeles").set_index("Field")
    assert fields.loc["Ticket"].tolist() == ["Ticket #", "101, 102"]
    assert fields.loc["Priority"].tolist() == ["Priority", "High"]  # distinct values
    # 19:00 and 07:00 UTC in Los Angeles (PDT).
    assert fields.loc["Created"].tolist() == [
        "Age (days since entry)",
        "2025-04-21 12:00, 2025-04-20 00:00",
    ]
    assert fields.loc["Survey Score"].tolist() == ["—", "2"]
    assert fields.loc["Security"].tolist() == ["—", "no, yes"]
    assert fields.loc["Board"].tolist() == ["—", "—"]
