"""Phrases in recent tickets that *suggest* a criterion only people set (hiring internal IT,
reducing staff, acquisition): shown as suggestions, never raised as flags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from pulse.schema import Criterion
from pulse.settings import Settings
from pulse.signals.evidence import concat_or_empty, empty_frame
from pulse.signals.matching import phrase_pattern, ticket_text
from pulse.signals.window import window_tickets

SUGGESTION_COLUMNS: tuple[str, ...] = ("client_key", "client", "criterion", "tickets", "phrase")


def ticket_suggestions(tickets: pd.DataFrame, *, as_of: date, settings: Settings) -> pd.DataFrame:
    """Phrases in window tickets that *suggest* a person-only criterion; never a flag."""
    rules = settings.signals
    zone = settings.business_hours.timezone
    window = window_tickets(tickets, as_of=as_of, days=rules.window_days, zone=zone)
    phrases = {
        Criterion.HIRING_INTERNAL_IT: rules.hiring_phrases,
        Criterion.REDUCING_STAFF: rules.reducing_phrases,
        Criterion.ACQUISITION: rules.acquisition_phrases,
    }
    frames = [_suggested(window, criterion, found) for criterion, found in phrases.items()]
    suggestions = concat_or_empty(frames, SUGGESTION_COLUMNS)
    ordered = suggestions.sort_values(["client_key", "criterion"])
    return ordered[list(SUGGESTION_COLUMNS)].reset_index(drop=True)


def _suggested(window: pd.DataFrame, criterion: Criterion, phrases: Iterable[str]) -> pd.DataFrame:
    pattern = phrase_pattern(phrases)
    if pattern is None or window.empty:
        return empty_frame(SUGGESTION_COLUMNS)
    # Every phrase a ticket mentions, one row per (ticket, phrase).
    matches = ticket_text(window).str.findall(pattern, flags=re.IGNORECASE)
    hits = window.assign(phrase=matches).explode("phrase").dropna(subset=["phrase"])
    if hits.empty:
        return empty_frame(SUGGESTION_COLUMNS)
    hits = hits.assign(phrase=hits["phrase"].str.lower())
    grouped = hits.sort_values(["created", "ticket"]).groupby("client_key", sort=True)
    return pd.DataFrame(
        {
            "client": grouped["client"].first(),
            "criterion": criterion.value,
            "tickets": grouped["ticket"].agg(_unique_list),
            "phrase": grouped["phrase"].agg(lambda s: ", ".join(dict.fromkeys(s))),
        }
    ).reset_index()


def _unique_list(values: pd.Series) -> list[str]:
    return [str(value) for value in dict.fromkeys(values)]
