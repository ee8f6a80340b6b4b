"""What the ticket export says about an incident: critical, security, created."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pulse.incidents.tickets import (
    channel,
    created_at,
    declared_client,
    declared_summary,
    is_critical,
    is_security,
    reported_by_phone,
    ticket_key,
    ticket_keys,
    ticket_rows,
)
from tests.incident_frames import events_frame, log_events, t


def test_ticket_rows_by_key_first_row_wins() -> None:
    tickets = pd.DataFrame({"ticket": [" tk200 ", "TK200", "TK300"], "client": ["A", "B", "C"]})
    rows = ticket_rows(tickets)
    assert list(rows) == ["tk200", "tk300"]
    assert rows["tk200"] == {"ticket": " tk200 ", "client": "A"}
    assert ticket_rows(None) == {} and ticket_rows(tickets.iloc[0:0]) == {}
    assert ticket_key(" TK200\t") == "tk200"


def test_ticket_rows_of_the_wanted_tickets_only_whatever_their_spelling() -> None:
    tickets = pd.DataFrame({"ticket": [" tk200 ", "TK200", "TK300"], "client": ["A", "B", "C"]})
    assert ticket_rows(tickets, wanted=["TK200 "]) == {
        "tk200": {"ticket": " tk200 ", "client": "A"}
    }
    assert ticket_rows(tickets, wanted=["tk300", "TK999"]) == {
        "tk300": {"ticket": "TK300", "client": "C"}
    }
    assert ticket_rows(tickets, wanted=[]) == {}


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_ticket_keys_match_ticket_key_beyond_ascii(dtype: object) -> None:
    # "ß" casefolds to "ss" (lower-casing keeps it); "Ǆ" (U+01C4) casefolds to "ǆ" (U+01C6).
    cells = [" TK200 ", "Straße-7", "STRASSE-7", "ǄX", "tk\u00e9", None]
    keys = ticket_keys(pd.Series(cells, dtype=dtype))
    assert keys.tolist()[:5] == ["tk200", "strasse-7", "strasse-7", "ǆx", "tk\u00e9"]
    assert ticket_rows(pd.DataFrame({"ticket": cells[:3]}), wanted=["strasse-7"]) == {
        "strasse-7": {"ticket": "Straße-7"}
    }


@pytest.mark.parametrize(
    ("priority", "critical"),
    [("Critical", True), ("High", False), ("Low", False), (None, True), (math.nan, True)],
)
def test_is_critical_keeps_an_unknown_priority(priority: object, critical: bool) -> None:
    assert is_critical(priority) is critical


@pytest.mark.parametrize(
    ("flag", "infosec", "security"),
    [
        (True, False, True),
        (False, False, False),
        (False, True, True),  # an infosec_added event makes it a security incident
        (None, False, False),
        (pd.NA, True, True),
    ],
)
def test_is_security(flag: object, infosec: bool, security: bool) -> None:
    rows = [("reported", "05-05 10:00"), *([("infosec_added", "05-05 10:10")] if infosec else [])]
    assert is_security({"security": flag}, events_frame("TK1", rows)) is security


def test_created_at() -> None:
    assert created_at({"created": pd.Timestamp(t("05-05 09:58"))}) == t("05-05 09:58")
    assert created_at({"created": pd.NaT}) is None
    assert created_at({}) is None


@pytest.mark.parametrize(
    ("source", "note", "expected"),
    [
        ("Phone", "", "phone"),
        (" phone call ", "", "phone"),
        (None, "Phone: the office is down", "phone"),
        ("Email", "", "email"),
        ("Portal", "", "portal"),
        (None, "", "email"),
        (None, "by phone later", "email"),  # only a note *starting* phone: says so
    ],
)
def test_how_an_incident_was_reported(source: str | None, note: str, expected: str) -> None:
    events = log_events("TK1", [("reported", "05-05 10:00", note)])
    assert channel({"source": source}, events) == expected
    assert reported_by_phone({"source": source}, events) is (expected == "phone")


def test_a_declared_incident_names_its_client_summary_and_security() -> None:
    events = log_events(
        "INC-1", [("declared", "05-05 10:05", "Security:  Odd logins ")], client=" Acme "
    )
    assert declared_client(events) == "Acme"
    assert declared_summary(events) == "Odd logins"
    assert is_security({}, events) is True
    plain = log_events("INC-2", [("declared", "05-05 10:05", "Printer on fire")])
    assert (declared_client(plain), declared_summary(plain), is_security({}, plain)) == (
        None,
        "Printer on fire",
        False,
    )
