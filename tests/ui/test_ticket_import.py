"""Reading an unknown ticket export (ui/ticket_import.py): which layouts are offered and which is
chosen first, whether a saved mapping fits a file, the labels, the first guess of each column and
the name a new mapping is offered under. The page itself: tests/pages/test_tickets.py."""

from __future__ import annotations

import pytest

from ui.ticket_import import (
    CUSTOM,
    field_key,
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
