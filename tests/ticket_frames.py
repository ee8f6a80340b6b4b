"""Tiny typed ticket exports and Clients tabs for the signals tests, shaped like the readers'.

As-of is Monday 2026-03-16 in America/Los_Angeles; the 30-day window is 2026-02-14 .. 2026-03-15.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pandas as pd
import pytest

from pulse.business_clock import business_clock
from pulse.schema import TICKET_COLUMNS, client_key
from pulse.settings import DEFAULT_SETTINGS, Settings
from pulse.signals.index import ticket_index
from pulse.signals.rules import ticket_signals

AS_OF = date(2026, 3, 16)
TZ = "America/Los_Angeles"
# How `signals` runs the rules: False, as `pulse summary` does (an index of the tickets one date
# can count, built per call); True, as the app does (one index of every ticket, kept).
INDEX_OF_EVERY_TICKET = False


@pytest.fixture(params=["index per date", "index of every ticket"])
def both_indexes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs a test once on each way the rules get their ticket index."""
    monkeypatch.setattr(
        sys.modules[__name__], "INDEX_OF_EVERY_TICKET", request.param != "index per date"
    )


def local(stamp: str | None) -> pd.Timestamp:
    return pd.Timestamp(stamp).tz_localize(TZ).tz_convert("UTC") if stamp else pd.NaT


def ticket(number: str, **fields: Any) -> dict[str, Any]:
    """A ticket answered 5 minutes after it was created on a Tuesday of the window, unless told."""
    created = fields.pop("created", "2026-03-10 10:00")
    row: dict[str, Any] = {
        "ticket": number,
        "client": "Acme",
        "summary": "Printer jam",
        "priority": "Medium",
        "type": "incident",
        "board": "Service Desk",
        "status": "Open",
        "created": local(created),
        "first_response": local(pd.Timestamp(created) + pd.Timedelta(minutes=5)),
        "resolved": pd.NaT,
        "parent_ticket": None,
        "due": pd.NaT,
        "survey_score": None,
        "notes": None,
        "security": False,
    }
    for key, value in fields.items():
        row[key] = (
            local(value) if key in ("created", "first_response", "resolved", "due") else value
        )
    return row


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    tickets = pd.DataFrame(list(rows), columns=list(TICKET_COLUMNS))
    for column in ("created", "first_response", "resolved", "due"):
        tickets[column] = pd.to_datetime(tickets[column], utc=True)
    tickets["survey_score"] = tickets["survey_score"].astype("Float64")
    tickets["client_key"] = tickets["client"].map(client_key)
    closed = tickets["status"].str.lower().isin(["closed", "resolved"])
    tickets["is_open"] = tickets["resolved"].isna() & ~closed
    return tickets


def clients(contact: dict[str, date | None] | None = None) -> pd.DataFrame:
    contacts = contact or {"Acme": AS_OF, "Globex": AS_OF}
    return pd.DataFrame(
        {
            "client": list(contacts),
            "client_key": [client_key(name) for name in contacts],
            "last_client_contact": pd.to_datetime(list(contacts.values())),
        }
    )


def signals(
    tickets: pd.DataFrame,
    *,
    as_of: date = AS_OF,
    settings: Settings = DEFAULT_SETTINGS,
    contacts: dict[str, date | None] | None = None,
) -> pd.DataFrame:
    clock = business_clock(settings.business_hours)
    kept = (
        ticket_index(tickets, rules=settings.signals, clock=clock)
        if INDEX_OF_EVERY_TICKET
        else None
    )
    return ticket_signals(
        tickets,
        clients(contacts),
        as_of=as_of,
        settings=settings,
        clock=clock,
        index=kept,
    )


def fired(result: pd.DataFrame, criterion: str) -> dict[str, list[str]]:
    rows = result[result["criterion"] == criterion]
    return dict(zip(rows["client"], rows["tickets"], strict=True))
