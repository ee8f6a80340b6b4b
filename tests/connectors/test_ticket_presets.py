"""PSA presets: detected from an export's headers, and the canonical frame in each layout."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.ticket_presets import (
    PRESETS,
    accepted_headers,
    canonical_to_export,
    closest_preset,
    detect_preset,
    required_found,
    resolve_columns,
)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_preset_is_detected_from_its_headers(preset: str) -> None:
    assert detect_preset(list(PRESETS[preset].values())) == preset


def test_connectwise_api_field_names_are_detected() -> None:
    headers = ["id", "summary", "company/name", "priority/name", "board/name", "dateEntered"]
    assert detect_preset(headers) == "connectwise"


def test_unknown_headers_detect_nothing() -> None:
    assert detect_preset(["foo", "bar"]) is None


def test_accepted_headers_put_the_presets_own_spelling_first() -> None:
    assert accepted_headers("autotask", "client") == (
        "Account",
        "Organization",  # the UI's default word since the 2020s
        "Organization Name",
        "Company",
        "companyID",
        "Account Name",
    )
    assert accepted_headers("generic", "summary") == ("Summary",)  # no other spellings


def test_autotask_prefers_resolved_over_completed() -> None:
    # resolvedDateTime (fixed) can be hours before completedDate (closed); Resolved is the fix.
    headers = ["Autotask Ticket Number", "completedDate", "resolvedDateTime", "Complete Date"]
    assert resolve_columns(headers, "autotask")["resolved"] == "resolvedDateTime"
    assert resolve_columns(headers[:2], "autotask")["resolved"] == "completedDate"


def test_resolve_columns_matches_any_accepted_spelling_ignoring_case() -> None:
    headers = ["ticketNumber", "COMPANY", "priority", "createDate", "Unrelated"]
    assert resolve_columns(headers, "autotask") == {
        "ticket": "ticketNumber",
        "client": "COMPANY",
        "priority": "priority",
        "created": "createDate",
    }


def test_a_plain_file_is_read_as_generic_even_when_another_preset_fits() -> None:
    # Ticket/Client/Priority/Created resolve for generic; HaloPSA accepts "Client" too, but
    # "Ticket" is none of its spellings, and generic comes first anyway.
    assert detect_preset(["Ticket", "Client", "Priority", "Created"]) == "generic"


def test_canonical_to_export_writes_as_the_psa_does() -> None:
    frame = pd.DataFrame(
        {
            "ticket": ["T1"],
            "created": pd.Series([pd.Timestamp("2026-03-02 09:15", tz="America/New_York")]),
            "security": [True],
            "client_key": ["t1"],  # not an export column: left out
        }
    )
    export = canonical_to_export(frame, "connectwise")
    assert export.to_dict("records") == [
        {"Ticket #": "T1", "Date Entered": "2026-03-02T14:15:00Z", "Security Incident": "Yes"}
    ]


# ---- what the real exports look like (issue 19) --------------------------------------------------

CONNECTWISE_BOARD = ["Ticket #", "Company", "Priority", "Age", "Last Update", "Status", "Subtype"]


@pytest.mark.parametrize(
    ("headers", "preset"),
    [
        # ConnectWise's board list: no Date Entered, but Age (Created is counted back from it).
        (CONNECTWISE_BOARD, "connectwise"),
        (["Autotask Ticket Number", "Organization", "Priority", "Create Date/Time"], "autotask"),
        (["Ticket ID", "Client", "Priority Description", "Date Created", "Section"], "halopsa"),
        (["Ticket ID", "Client Name", "Priority", "Date Opened", "Survey Level"], "halopsa"),
    ],
)
def test_real_layouts_are_detected(headers: list[str], preset: str) -> None:
    assert detect_preset(headers) == preset


def test_the_closest_preset_is_the_one_whose_own_headers_the_file_has() -> None:
    # Without Age or Date Entered nothing fits; Ticket #/Company/Priority are found by generic
    # and ConnectWise alike, but Last Update, Subtype and Ticket # are ConnectWise's own words.
    headers = [h for h in CONNECTWISE_BOARD if h != "Age"]
    assert detect_preset(headers) is None
    assert closest_preset(headers) == "connectwise"
    assert required_found(headers, "connectwise") == ["ticket", "client", "priority"]


def test_a_file_like_no_psa_is_closest_to_generic() -> None:
    assert closest_preset(["Ticket_ID", "Customer_Name", "Ticket_Priority"]) == "generic"
