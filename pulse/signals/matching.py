"""Which tickets match a rule: a ticket type, a board or queue, a phrase in the summary or notes.

String rules run once per distinct value (`per_distinct`): a column of 500,000 tickets holds a
few dozen boards or summaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd

from pulse.schema import TicketType


def is_type(tickets: pd.DataFrame, ticket_type: TicketType) -> pd.Series:
    """Tickets of the type (a missing type is not it)."""
    return tickets["type"].eq(ticket_type.value).fillna(False).astype(bool)


def on_board(boards: pd.Series, names: Iterable[str]) -> pd.Series:
    """Boards named any of `names`, ignoring case and runs of spaces."""
    wanted = {" ".join(name.split()).casefold() for name in names}

    def named(labels: pd.Series) -> pd.Series:
        normal = labels.astype("str").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
        return normal.isin(wanted).fillna(False).astype(bool)

    return per_distinct(boards, named)


def per_distinct(values: pd.Series, rule: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`rule` (Series -> Series of the same length) once per distinct value, spread back."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    answers: pd.Series = rule(pd.Series(distinct)).reset_index(drop=True)
    return pd.Series(answers.array.take(codes), index=values.index, name=values.name)


def ticket_text(tickets: pd.DataFrame) -> pd.Series:
    """Summary and notes, one text per ticket, where phrases are looked for."""
    summary = tickets["summary"].astype("str").fillna("")
    notes = tickets["notes"].astype("str").fillna("")
    return summary + " \n " + notes


def phrase_pattern(phrases: Iterable[str]) -> str | None:
    """A regular expression matching any of the phrases; None when there are none."""
    # Phrases are literal text ("again?" means the word and a question mark), longest first.
    cleaned = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in cleaned) if cleaned else None


def mentions(tickets: pd.DataFrame, phrases: Iterable[str]) -> pd.Series:
    """Tickets whose summary or notes contain any of the phrases, ignoring case."""
    pattern = phrase_pattern(phrases)
    if pattern is None or tickets.empty:
        return pd.Series(False, index=tickets.index)
    found = per_distinct(
        ticket_text(tickets),
        lambda texts: texts.str.contains(pattern, case=False, regex=True, na=False),
    )
    return found.astype(bool)
