"""One PSA's words -> canonical values: record IDs, priority labels, closed statuses, surveys.

Each PSA's `pulse.settings.TicketRules` (defaults in code, pulse.toml [tickets.<psa>] over them)
says which priority label means what, which statuses are closed, which end of the survey scale
is best and which fields hold API record IDs. Every rule runs once per distinct value, and
anything read as unknown is listed once, with counts and the pulse.toml line that would fix it.
"""

from __future__ import annotations

import json

import pandas as pd

from connectors.errors import Problem, Severity
from connectors.ticket_values import (
    map_labels,
    per_distinct,
    plain_text,
    priority_of,
    survey_scores,
)
from pulse.schema import TICKET_COLUMNS, Priority
from pulse.settings import TicketRules

# Values quoted in a warning, most frequent first.
LISTED_VALUES = 5
# Statuses that sound closed; one not on the PSA's closed list is pointed out, never guessed.
SOUNDS_CLOSED = r"clos|resolv|complet|cancel|done|finish"
SURVEY_SCALE = (1, 5)


def label_key(label: str) -> str:
    """How labels match the configured ones: any case, repeated spaces as one."""
    return " ".join(str(label).casefold().split())


def icon_name(key: str) -> str:
    """ConnectWise writes a priority's colour icon: ".../urgencyColors/lime.gif" -> "lime.gif"."""
    return key.replace("\\", "/").rsplit("/", 1)[-1]


# ---- record IDs where a name belongs -------------------------------------------------------------


def names_for_ids(
    values: pd.Series, field: str, *, rules: TicketRules, rules_name: str, header: str, file: str
) -> tuple[pd.Series, list[Problem]]:
    """All-digit values of an ID field: looked up, else unknown (blank) with one warning."""
    if field not in rules.id_fields:
        return values, []
    is_id = per_distinct(values, _all_digits).astype(bool)
    if not is_id.any():
        return values, []
    lookup = rules.lookups.get(field, {})
    names = values.where(~is_id, values[is_id].map(lookup))
    unknown = values[is_id & names.isna()]
    if unknown.empty:
        return names.astype("str"), []
    label = TICKET_COLUMNS[field]
    message = (
        f"{_counted(unknown, what=f'a number where the {label} name belongs')}. These are "
        f"record IDs from the PSA's API, so they count as no {label}. Export names instead, "
        f"or name each ID in pulse.toml: [tickets.{rules_name}.lookups.{field}] "
        f'{json.dumps(str(unknown.iloc[0]))} = "<its name>".'
    )
    return names.astype("str"), [_warning(file, header, message)]


def _all_digits(labels: pd.Series) -> pd.Series:
    return labels.astype("str").str.fullmatch(r"\d+").fillna(False).astype(bool)


# ---- priorities ----------------------------------------------------------------------------------


def priorities(
    values: pd.Series, *, rules: TicketRules, rules_name: str, header: str, file: str
) -> tuple[pd.Series, list[Problem]]:
    """Configured labels (and icons) first, then the built-in words and numbers."""
    table = {label_key(label): Priority(name) for label, name in rules.priorities.items()}

    def classify(label: str) -> Priority | None:
        key = label_key(label)
        return table.get(key) or table.get(icon_name(key)) or priority_of(label)

    mapped = map_labels(values, classify)
    unknown = values[values.notna() & mapped.isna()]
    if unknown.empty:
        return mapped, []
    keys = per_distinct(unknown, _as_configured)
    message = (
        f"{_counted(keys, what='a priority the ' + rules_name + ' rules do not know')}; "
        "they count as no priority. Map each label once in pulse.toml, e.g. "
        f'[tickets.{rules_name}.priorities] {json.dumps(str(keys.iloc[0]))} = "Medium" '
        "(Critical, High, Medium or Low)."
    )
    return mapped, [_warning(file, header, message)]


def _as_configured(labels: pd.Series) -> pd.Series:
    """Labels as a pulse.toml key would spell them: trimmed, an icon by its file name."""
    return pd.Series([icon_name(" ".join(str(label).split())) for label in labels], dtype="str")


# ---- closed statuses -----------------------------------------------------------------------------


def closed_statuses(status: pd.Series, rules: TicketRules) -> pd.Series:
    """True where the status is one of the PSA's closed statuses, exactly (any case)."""
    names = {label_key(name) for name in rules.closed_statuses}

    def closed(labels: pd.Series) -> pd.Series:
        return pd.Series([pd.notna(label) and label_key(label) in names for label in labels])

    return per_distinct(status, closed).astype(bool)


def open_but_sounds_closed(
    status: pd.Series, is_open: pd.Series, *, rules_name: str, header: str, file: str
) -> list[Problem]:
    """Open tickets whose status sounds closed ("Done yet?"): said once, never guessed."""
    sounding = per_distinct(
        status, lambda s: s.astype("str").str.contains(SOUNDS_CLOSED, case=False, na=False)
    ).astype(bool)
    suspect = status[is_open & sounding]
    if suspect.empty:
        return []
    message = (
        f"{_counted(suspect, what='a status that is not on the ' + rules_name + ' closed list')}"
        "; they count as open. If one means closed, list it in pulse.toml: "
        f"[tickets.{rules_name}] closed_statuses = [..., {json.dumps(str(suspect.iloc[0]))}]."
    )
    return [_warning(file, header, message)]


# ---- survey scores -------------------------------------------------------------------------------


def survey(
    values: pd.Series, *, rules: TicketRules, header: str, file: str
) -> tuple[pd.Series, list[Problem]]:
    """Scores on the canonical 1-5 scale (5 best): a PSA whose best is 1 is turned round."""
    scores = survey_scores(values)
    suspect = values.notna() & scores.isna()  # blank after trimming, or not a score
    written = plain_text(values[suspect])
    unreadable = written[written.notna()]
    if rules.survey_best == SURVEY_SCALE[0]:
        scores = sum(SURVEY_SCALE) - scores  # HaloPSA: 1 is best, so 1 reads as 5
    if unreadable.empty:
        return scores, []
    message = f"{_counted(unreadable, what='a survey score that is not 1-5')}; they count as none."
    return scores, [_warning(file, header, message)]


# ---- messages ------------------------------------------------------------------------------------


def _counted(values: pd.Series, *, what: str) -> str:
    """ "3 row(s) have <what>: 'purple.gif' (2), '7' (1)" over the most frequent values."""
    counts = values.value_counts()
    shown = ", ".join(f"'{value}' ({count})" for value, count in counts.head(LISTED_VALUES).items())
    more = f" and {len(counts) - LISTED_VALUES} more" if len(counts) > LISTED_VALUES else ""
    return f"{len(values)} row(s) have {what}: {shown}{more}"


def _warning(file: str, header: str, message: str) -> Problem:
    return Problem(file=file, column=header, message=message, severity=Severity.WARNING)
