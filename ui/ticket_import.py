"""Reading an unknown ticket export the way its PSA wrote it: the layout (a preset, a saved
mapping, or mapping the columns by hand once, saved in pulse.toml), when the export was made
(for exports whose Created is counted back from Age) and, once read, each canonical field with
the column it came from and a sample of its values."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from app.clock import now
from connectors.config import config_path
from connectors.errors import InputError, Problem, TicketExportError
from connectors.ticket_columns import AGE_DAYS, AGE_PURPOSE, choose_columns
from connectors.ticket_files import RawTable
from connectors.ticket_mappings import save_ticket_mapping
from connectors.ticket_presets import (
    AUTOTASK,
    CONNECTWISE,
    GENERIC,
    HALOPSA,
    age_header,
    resolve_columns,
)
from connectors.tickets import DEDUPE_LATEST_BY, PRESETS
from pulse.markdown import plain
from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header
from pulse.settings import Settings
from ui.display import render_problems

# Widgets of the mapping form; reset when another file is staged, so no choice leaks across files.
FORM = "tickets_form_"
LAYOUT_KEY = f"{FORM}layout"
DEDUPE_KEY = f"{FORM}dedupe"
NAME_KEY = f"{FORM}name"
EXPORTED_DAY_KEY = f"{FORM}exported_day"
EXPORTED_TIME_KEY = f"{FORM}exported_time"
SAMPLE_SIZE = 3  # distinct values shown per field
SAMPLE_FROM = 1000  # ...taken from the first rows, so a huge export costs no more
NONE_CHOICE = "(none)"
CUSTOM = "custom"
PRESET_LABELS = {
    GENERIC: "Generic",
    CONNECTWISE: "ConnectWise Manage",
    AUTOTASK: "Autotask",
    HALOPSA: "HaloPSA",
}


def field_key(field: str) -> str:
    """The widget key of the select box mapping one canonical field (for tests, too)."""
    return f"{FORM}map_{field}"


def reset_form() -> None:
    for key in [k for k in st.session_state if str(k).startswith(FORM)]:
        del st.session_state[key]


def layout_choices(
    headers: list[str], detected: str | None, saved: dict[str, dict[str, str]]
) -> tuple[list[str], str]:
    """(choices, default): the presets, the saved mappings, and mapping by hand."""
    choices = [f"preset:{p}" for p in PRESETS] + [f"mapping:{n}" for n in saved] + [CUSTOM]
    if detected:
        return choices, f"preset:{detected}"
    fitting = [n for n, mapping in saved.items() if mapping_fits(mapping, headers)]
    return choices, f"mapping:{fitting[0]}" if fitting else CUSTOM


def mapping_fits(mapping: dict[str, str], headers: list[str]) -> bool:
    """Every column a saved mapping reads is in this file (the reader ignores case and spaces)."""
    present = {normalise_header(h) for h in headers}
    return bool(mapping) and all(normalise_header(h) in present for h in mapping.values())


def layout_label(choice: str, detected: str | None) -> str:
    kind, _, name = choice.partition(":")
    if kind == "preset":
        return PRESET_LABELS[name] + (" (detected)" if name == detected else "")
    if kind == "mapping":
        return f"Saved mapping '{name}'"
    return "Map the columns myself"


def choose_layout(
    headers: list[str], detected: str | None, saved: dict[str, dict[str, str]]
) -> str:
    choices, default = layout_choices(headers, detected, saved)
    if st.session_state.get(LAYOUT_KEY) not in choices:
        st.session_state.pop(LAYOUT_KEY, None)  # a choice from another file or config
    return str(
        st.selectbox(
            "Layout of this export",
            choices,
            index=choices.index(default),
            format_func=lambda choice: layout_label(choice, detected),
            key=LAYOUT_KEY,
        )
    )


def layout_reading(
    layout: str,
    headers: list[str],
    *,
    settings: Settings,
    file_name: str,
    save_blocked: str | None = None,
) -> tuple[str | None, dict[str, str] | None]:
    """(preset, mapping) to read the export with; (None, None) while the mapping is incomplete.
    `save_blocked` says why this person may not save the mapping (None: they may)."""
    kind, _, name = layout.partition(":")
    if kind == "preset":
        show_columns_read(resolve_columns(headers, name))
        return name, None
    if kind == "mapping":
        saved = settings.ticket_mappings[name]
        show_columns_read({k: v for k, v in saved.items() if not k.startswith("__")})
        return None, saved
    mapping = mapping_form(headers)
    missing = [f for f in REQUIRED_TICKET_COLUMNS if f not in mapping]
    if missing:
        names = plain(", ".join(TICKET_COLUMNS[f] for f in missing))
        st.warning(
            f"Choose a column for the required field(s): **{names}**. The preview appears once "
            "every required field (marked *) has a column.",
            icon="✋",
        )
    save_form(mapping, missing=missing, file_name=file_name, blocked=save_blocked)
    return (None, None) if missing else (None, mapping)


def show_columns_read(columns: dict[str, str]) -> None:
    read = ", ".join(f"{TICKET_COLUMNS[f]} ← '{h}'" for f, h in columns.items())
    st.caption(f"Reads {plain(read)}.")


def guessed_columns(headers: list[str]) -> dict[str, str]:
    """A first guess for each field: the generic layout's spellings, then each PSA's."""
    guess: dict[str, str] = {}
    for preset in PRESETS:
        for field, header in resolve_columns(headers, preset).items():
            guess.setdefault(field, header)
    return guess


def mapping_form(headers: list[str]) -> dict[str, str]:
    """One select box per canonical field; returns field -> header plus the dedupe option."""
    st.markdown("**Map the columns** (fields marked * are required; *(none)* leaves one empty).")
    options = [NONE_CHOICE, *headers]
    guess = guessed_columns(headers)
    grid = st.columns(3)
    mapping: dict[str, str] = {}
    for position, (field, label) in enumerate(TICKET_COLUMNS.items()):
        required = field in REQUIRED_TICKET_COLUMNS
        chosen = grid[position % 3].selectbox(
            f"{label} *" if required else label,
            options,
            index=options.index(guess.get(field, NONE_CHOICE)),
            key=field_key(field),
        )
        if chosen != NONE_CHOICE:
            mapping[field] = str(chosen)
    dedupe = st.selectbox(
        "One row per update (an audit log such as ServiceNow's)? Keep the latest row of each "
        "ticket by column",
        options,
        format_func=lambda h: "No: one row per ticket" if h == NONE_CHOICE else h,
        key=DEDUPE_KEY,
    )
    if dedupe != NONE_CHOICE:
        mapping[DEDUPE_LATEST_BY] = str(dedupe)
    return mapping


def suggested_mapping_name(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "_", stem.casefold()).strip("_") or "my_export"


def save_form(
    mapping: dict[str, str], *, missing: list[str], file_name: str, blocked: str | None = None
) -> None:
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    name = left.text_input(
        "Name of this mapping", value=suggested_mapping_name(file_name), key=NAME_KEY
    )
    clicked = right.button(
        "Save mapping", key=f"{FORM}save", disabled=blocked is not None, help=blocked
    )
    if blocked is not None:
        st.caption(f"🔒 {blocked}")
    if not clicked or blocked is not None:
        return
    if missing:
        st.error("Not saved: every required field (marked *) needs a column first.")
    elif not name.strip():
        st.error("Not saved: give the mapping a name (for example the PSA's name).")
    else:
        save_mapping(name.strip(), mapping)


def save_mapping(name: str, mapping: dict[str, str]) -> None:
    path = config_path()
    try:
        save_ticket_mapping(path, name, mapping)
    except InputError as exc:
        render_problems(f"The mapping cannot be saved in {path}", exc.problems)  # escaped there
        return
    except OSError as exc:
        st.error(f"The mapping cannot be saved: {plain(path)} is not writable ({exc.strerror}).")
        return
    st.cache_resource.clear()  # the shell caches the settings; reload them with this mapping
    saved = f"Saved the mapping '{plain(name)}' in {plain(path)}"
    st.success(f"{saved}. Next time it is offered as a layout.")


# ---- when the export was made (Created from Age) ------------------------------------------------


def age_column(
    headers: list[str], preset: str | None, mapping: dict[str, str] | None
) -> str | None:
    """The column this layout counts Created back from (days since entry), or None."""
    if mapping is not None and ("created" in mapping or AGE_DAYS in mapping):
        return None if "created" in mapping else mapping[AGE_DAYS]
    if preset is None or "created" in resolve_columns(headers, preset):
        return None
    return age_header(headers, preset)


def export_time_form(age: str, *, uploaded: datetime | None, zone: str) -> datetime:
    """When the export was made (naive, in the business zone); the upload time by default."""
    st.caption(
        "This export has no creation column, so Created is counted back from "
        f"**{plain(age)}** (days since the ticket was entered) from when the export was made: "
        "the upload time unless you say otherwise."
    )
    made = (uploaded or now(zone)).astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    left, right = st.columns(2)
    day = left.date_input("Export made on", value=made.date(), key=EXPORTED_DAY_KEY)
    at = right.time_input("at", value=made.time(), step=60, key=EXPORTED_TIME_KEY)
    return datetime.combine(day, at)


# ---- what the reader made of it ------------------------------------------------------------------


def closest_layout_problems(headers: list[str], file_name: str) -> list[Problem]:
    """The reader's own words on why no preset fits: the closest one and what it lacks."""
    try:
        choose_columns(
            RawTable(pd.DataFrame(columns=headers), file_name), preset=None, mapping=None
        )
    except TicketExportError as exc:
        return exc.problems
    return []


def fields_read(tickets: pd.DataFrame, zone: str) -> pd.DataFrame:
    """Each canonical field, the export column it came from and a few values as read."""
    read: dict[str, str] = dict(tickets.attrs.get("layout", {}).get("read", {}))
    if AGE_PURPOSE in read:
        read.setdefault("Created", f"{read.pop(AGE_PURPOSE)} (days since entry)")
    rows = [
        {
            "Field": label,
            "Column in the export": read.pop(label, "—"),
            "Sample": sample(tickets[field], zone),
        }
        for field, label in TICKET_COLUMNS.items()
    ]
    rows += [
        {"Field": purpose, "Column in the export": header, "Sample": ""}
        for purpose, header in read.items()
    ]
    return pd.DataFrame(rows)


def sample(values: pd.Series, zone: str) -> str:
    """A few distinct values as people read them (times in the business zone), or "—"."""
    head = values.head(SAMPLE_FROM).dropna()
    if isinstance(head.dtype, pd.DatetimeTZDtype):
        head = head.dt.tz_convert(zone).dt.strftime("%Y-%m-%d %H:%M")
    elif pd.api.types.is_bool_dtype(head.dtype):
        head = head.map({True: "yes", False: "no"})
    elif pd.api.types.is_float_dtype(head.dtype):
        head = head.map(lambda number: f"{number:g}")
    shown = [str(value) for value in head.unique()[:SAMPLE_SIZE]]
    return ", ".join(shown) if shown else "—"
