"""Tables as a person reads them, on every page: headers in words, empty cells "—".

Every table the app shows goes through this module, so the screen the whole team looks at never
says "None" or `recommended_by`:

- `show_table(frame, **options)`: a read-only table (st.dataframe, index hidden);
- `client_table(frame, key=..., **options)`: the same, whose rows open the client's page;
- `edit_table(frame, key=..., **options)`: an editable table (st.data_editor, index hidden).

Headers: a column's header is the label its page's `column_config` gives, else its label in
`COLUMN_LABELS` (the app's words, in one place), else its name in words: underscores become
spaces, the first letter a capital and known acronyms upper case (`days_overdue` → "Days
overdue", `cst_meeting_date` → "CST meeting date"). A name that is already words ("Service Desk
Concerns") is kept. Add to COLUMN_LABELS when people say it otherwise.

Length: a read-only table longer than ROW_LIMIT rows shows its first ROW_LIMIT, with a "Show
all" toggle, so a page switch at MSP scale sends and draws only what a person can read.

Cells: a missing value (None, NaN, NaT, <NA>) shows as EMPTY ("—"); so does text that only
spells one ("None", "nan") after a str() somewhere upstream.

Adopting it on a new page: call `show_table(frame, column_config={...})` where you would call
`st.dataframe(frame, hide_index=True, column_config={...})`, and `edit_table` for
`st.data_editor`; every other keyword goes to Streamlit unchanged. Drop the columns nobody should
see before the call. tests/ui/test_tables.py checks the rules, tests/test_page_tables.py every
page's tables under AppTest, and tests/test_browser.py the tables a browser draws on every page
of ui.routing.PAGES.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui.routing import open_client

EMPTY = "—"
# Rows a read-only table shows before "Show all": enough to scroll, little to send and draw.
ROW_LIMIT = 100
# How Python spells "no value" when something upstream turned one into text.
_NO_VALUE_TEXTS = frozenset({"None", "nan", "NaN", "NaT", "<NA>"})
# Words people write in capitals (or as the MSP spells them) inside a header.
ACRONYMS: dict[str, str] = {
    "mrr": "MRR",
    "cst": "CST",
    "rca": "RCA",
    "psa": "PSA",
    "poc": "POC",
    "noc": "NOC",
    "sla": "SLA",
    "vcio": "vCIO",
    "vitm": "vITM",
    "infosec": "InfoSec",
}
# Headers that are not simply the column's name in words.
COLUMN_LABELS: dict[str, str] = {
    "account_admin": "Account admin",
    "band": "Risk band",
    "criteria_count": "Criteria",
    "days": "Days",
    "last_client_contact": "Last contact",
    "not_reviewed": "Missed last review",
    "oldest_days": "Oldest (days)",
    "owner_role": "Who must act",
    "rca_missing": "RCA missing",
    "rca_overdue": "RCA late",
    "rca_parts": "RCA",
    "missing": "What is missing",
    "weeks": "Weeks on care",
}
_SNAKE = re.compile(r"^[a-z0-9_]+$")


def is_raw_name(header: str) -> bool:
    """A header that is a code name (`recommended_by`, `client`), not words for people."""
    return bool(_SNAKE.match(header.strip()))


def column_label(name: object) -> str:
    """The words a column's header shows (see the module docstring)."""
    text = str(name)
    if text in COLUMN_LABELS:
        return COLUMN_LABELS[text]
    if not is_raw_name(text):
        return text
    words = [ACRONYMS.get(word, word) for word in text.split("_") if word]
    first = words[0] if words[0] in ACRONYMS.values() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def labelled_config(frame: pd.DataFrame, column_config: Mapping[str, Any] | None) -> dict[str, Any]:
    """The page's column_config with a label in words for every column of `frame`."""
    config: dict[str, Any] = dict(column_config or {})
    for name in frame.columns:
        given = config.get(name, "")
        if given is None:  # the page hides this column
            continue
        if isinstance(given, str):
            config[name] = given if given and not is_raw_name(given) else column_label(name)
        elif isinstance(given, Mapping) and not given.get("label"):
            config[name] = {**given, "label": column_label(name)}
    return config


def _blank_no_value_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with Python's "no value" spellings made missing (shown as EMPTY)."""
    texts = [
        name
        for name in frame.columns
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name])
    ]
    masks = {name: _spells_no_value(frame[name].tolist()) for name in texts}
    spelled = {
        name: frame[name].mask(pd.Series(mask, index=frame.index), None)
        for name, mask in masks.items()
        if any(mask)
    }
    return frame.assign(**spelled) if spelled else frame


def _spells_no_value(values: list[object]) -> list[bool]:
    """True where the cell is text spelling "no value". Plain Python over the shown rows (at
    most a page of them, or one table of clients): Arrow's isin costs more to set up per column
    than the whole loop."""
    return [isinstance(value, str) and value.strip() in _NO_VALUE_TEXTS for value in values]


def _options(frame: pd.DataFrame, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "hide_index": True,
        "placeholder": EMPTY,
        **options,
        "column_config": labelled_config(frame, options.get("column_config")),
    }


def show_table(frame: pd.DataFrame, *, row_limit: int | None = ROW_LIMIT, **options: Any) -> Any:
    """A read-only table in words (st.dataframe); returns what st.dataframe returns.

    A table longer than `row_limit` shows its first rows (pages sort what matters first) under
    a "Show all" toggle: the browser receives and draws only what is shown. None: a page that
    limits the rows itself."""
    shown = frame if row_limit is None else _first_rows(frame, options.get("key"), row_limit)
    return st.dataframe(_blank_no_value_texts(shown), **_options(shown, options))


def _first_rows(frame: pd.DataFrame, key: object, limit: int) -> pd.DataFrame:
    name = key if key is not None else "table_" + "_".join(map(str, frame.columns))
    return first_rows(
        frame,
        limit=limit,
        key=f"{name}_show_all",
        toggle=f"Show all {len(frame):,} rows",
        caption=f"The first {limit} of {len(frame):,} rows.",
    )


def first_rows(
    frame: pd.DataFrame, *, limit: int, key: str, toggle: str, caption: str
) -> pd.DataFrame:
    """The first `limit` rows (pages sort what matters first) under a "Show all" toggle
    (`toggle`, its state under `key`) with `caption` saying what is left out; every row once
    the toggle is on. A frame no longer than `limit` is shown whole, with no toggle."""
    if len(frame) <= limit or st.toggle(toggle, key=key):
        return frame
    st.caption(caption)
    return frame.head(limit)


def client_table(
    frame: pd.DataFrame, *, key: str, client_column: str = "client", **options: Any
) -> None:
    """A table in words whose rows open the client's page when clicked (selected)."""
    event = show_table(frame, key=key, on_select="rerun", selection_mode="single-row", **options)
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows:
        open_client(str(frame.iloc[rows[0]][client_column]))


def edit_table(frame: pd.DataFrame, **options: Any) -> Any:
    """An editable table in words (st.data_editor); returns the edited frame.

    The frame is shown as given (no text is blanked), so the editor's edits are positions in
    it."""
    return st.data_editor(frame, **_options(frame, options))
