"""Who to call, what to say, and when (SPEC "Escalation", seeds 003 and 004).

Two halves:
- the escalation matrix (seed 004): type of escalation x level -> role and responsibility, read
  from the workbook's Escalation Matrix tab (columns type, level, role, responsibility);
- the escalation pathways (seed 003): an unresponsive customer, an urgent issue, a dispute with a
  sales or CS team member.

People are never named here: the seed's named people are roles in `EscalationSettings.contacts`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import pandas as pd

from pulse.settings import Contact, EscalationSettings

TYPE, LEVEL, ROLE, RESPONSIBILITY = "type", "level", "role", "responsibility"
MATRIX_COLUMNS: tuple[str, ...] = (TYPE, LEVEL, ROLE, RESPONSIBILITY)

# Seed 004's four levels; every type is expected to have each of them.
LEVEL_ROLES: dict[int, str] = {
    1: "Operational Contact",
    2: "Project Manager",
    3: "Project Team / Account Manager",
    4: "Sales Manager",
}
LEVELS: tuple[int, ...] = tuple(LEVEL_ROLES)
FIRST_LEVEL = LEVELS[0]

# A few everyday words for each of seed 004's types. Matching also compares the words of the
# type names themselves, so only words that are *not* in a type's name need to be here.
TYPE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Operational Challenges": ("operations", "disruption", "outage", "operating"),
    "Timeline Adjustments": ("schedule", "deadline", "delay", "delayed", "reschedule"),
    "Guidance Acquisition": ("guide", "instructions", "direction", "advice", "directive"),
    "Client Data Issues": ("information", "info", "records", "database"),
    "Service Details Concerns": ("scope", "specifics", "agreement", "sow"),
    "Material Procurement": ("procure", "purchase", "hardware", "equipment", "order", "supplies"),
    "Performance Setbacks": ("slow", "slowness", "underperforming", "sla"),
    "Subscription Terminations": (
        "cancel",
        "cancellation",
        "terminate",
        "termination",
        "churn",
        "discontinue",
        "offboard",
        "stop",
    ),
}
# Words that say nothing about which type is meant ("client issue" is every type).
_FILLER_WORDS = frozenset(
    {
        *("a", "an", "and", "the", "of", "to", "for", "in", "on", "with", "about"),
        *("our", "my", "their", "is", "are"),
        *("issue", "issues", "concern", "concerns", "problem", "problems"),
        *("client", "clients", "customer", "customers"),
    }
)
_MIN_PREFIX = 4  # "proc" is not yet "procurement"; "procure" is
_TYPO_RATIO = 0.85  # "timline" ~ "timeline", but "date" is not "data"


class EscalationError(ValueError):
    """An escalation question that cannot be answered; the message says what to do."""


class NoEscalationMatch(EscalationError):
    """No (or more than one) escalation type matches the words given."""

    def __init__(self, text: str, types: Sequence[str], candidates: Sequence[str] = ()) -> None:
        self.text = text
        self.types = list(types)
        self.candidates = list(candidates)
        super().__init__(_no_match_message(text, self.types, self.candidates))


def _no_match_message(text: str, types: Sequence[str], candidates: Sequence[str]) -> str:
    listed = ", ".join(types) if types else "(the Escalation Matrix is empty)"
    if candidates:
        return (
            f"'{text}' could mean {' or '.join(candidates)}; add a word or pick one. "
            f"Types: {listed}."
        )
    if not text.strip():
        return f"Type a few words or pick an escalation type. Types: {listed}."
    return f"No escalation type matches '{text}'. Types: {listed}."


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    role: str
    responsibility: str


@dataclass(frozen=True)
class EscalationPath:
    """One type's row of the matrix: its levels, lowest first."""

    type: str
    levels: tuple[EscalationLevel, ...]

    def at(self, level: int) -> EscalationLevel | None:
        return next((step for step in self.levels if step.level == level), None)


# --- the matrix -------------------------------------------------------------------------------


def escalation_types(matrix: pd.DataFrame) -> list[str]:
    """The matrix's types in sheet order, each once (blank types left out)."""
    if TYPE not in matrix.columns:
        return []
    names = (str(value).strip() for value in matrix[TYPE].dropna())
    return list(dict.fromkeys(name for name in names if name))


def escalation_levels(matrix: pd.DataFrame, type_text: str) -> EscalationPath:
    """The levels of the type `type_text` names (its name or a few words), lowest first.

    Raises NoEscalationMatch (its message lists the types) when no single type matches."""
    escalation_type = match_escalation_type(escalation_types(matrix), type_text)
    rows = matrix[matrix[TYPE].astype("string").str.strip() == escalation_type]
    levels = pd.to_numeric(rows[LEVEL], errors="coerce")
    steps = [
        EscalationLevel(int(level), _text(row[ROLE]), _text(row[RESPONSIBILITY]))
        for level, (_, row) in zip(levels, rows.iterrows(), strict=True)
        if pd.notna(level)
    ]
    return EscalationPath(escalation_type, tuple(sorted(steps, key=lambda step: step.level)))


def next_level(path: EscalationPath, level: int | None = None) -> EscalationLevel | None:
    """The level to escalate to from `level` (level 1 when not given); None at the top."""
    current = FIRST_LEVEL if level is None else level
    above = [step for step in path.levels if step.level > current]
    return min(above, key=lambda step: step.level) if above else None


def _text(value: Any) -> str:
    """A cell as trimmed text; blank for empty cells (None, NaN, <NA>)."""
    return "" if value is None or pd.isna(value) else str(value).strip()


# --- matching words to a type -----------------------------------------------------------------


def match_escalation_type(types: Sequence[str], type_text: str) -> str:
    """The one type in `types` that `type_text` means: its exact name, else the type sharing the
    most words with it (name words and synonyms; prefixes and small typos count).

    Raises NoEscalationMatch when nothing matches or several types tie."""
    wanted = _normalise(type_text)
    exact = [name for name in types if _normalise(name) == wanted]
    if exact:
        return exact[0]
    scores = {name: _score(_words(type_text), _type_vocabulary(name)) for name in types}
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best and best > 0]
    if len(winners) != 1:
        raise NoEscalationMatch(type_text, types, winners)
    return winners[0]


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _words(text: str) -> list[str]:
    return [word for word in _normalise(text).split() if word not in _FILLER_WORDS]


def _type_vocabulary(name: str) -> list[str]:
    return [*_words(name), *TYPE_SYNONYMS.get(name, ())]


def _score(words: Iterable[str], vocabulary: Sequence[str]) -> int:
    """How many of the words match some word of the vocabulary."""
    return sum(any(_same_word(word, term) for term in vocabulary) for word in words)


def _same_word(word: str, term: str) -> bool:
    if word == term:
        return True
    if min(len(word), len(term)) >= _MIN_PREFIX and (
        word.startswith(term) or term.startswith(word)
    ):
        return True
    return difflib.SequenceMatcher(None, word, term).ratio() >= _TYPO_RATIO


# --- validation --------------------------------------------------------------------------------


def validate_matrix(matrix: pd.DataFrame) -> list[str]:
    """Plain-English warnings about the matrix: missing columns, types without all four levels,
    duplicate or unknown levels, blank roles or responsibilities. Empty when all is well."""
    missing = [column for column in MATRIX_COLUMNS if column not in matrix.columns]
    if missing:
        return [f"The Escalation Matrix has no {', '.join(missing)} column(s)."]
    if matrix.empty:
        return ["The Escalation Matrix is empty: escalation lookups have nothing to show."]
    levels = pd.to_numeric(matrix[LEVEL], errors="coerce")
    warnings = _unknown_level_warnings(matrix, levels)
    for escalation_type in escalation_types(matrix):
        rows = matrix[matrix[TYPE].astype("string").str.strip() == escalation_type]
        warnings += _type_warnings(escalation_type, rows, levels[rows.index])
    return warnings


def _unknown_level_warnings(matrix: pd.DataFrame, levels: pd.Series) -> list[str]:
    unknown = matrix[~levels.isin(LEVELS)]
    return [
        f"{_text(row[TYPE]) or 'A row with no type'}: level '{_text(row[LEVEL])}' is not one of "
        f"{', '.join(map(str, LEVELS))}."
        for _, row in unknown.iterrows()
    ]


def _type_warnings(escalation_type: str, rows: pd.DataFrame, levels: pd.Series) -> list[str]:
    warnings = [
        f"{escalation_type} has no level {level} ({LEVEL_ROLES[level]}): the matrix is incomplete."
        for level in LEVELS
        if level not in set(levels)
    ]
    duplicated = sorted({int(level) for level in levels[levels.duplicated()] if pd.notna(level)})
    warnings += [f"{escalation_type} has level {level} more than once." for level in duplicated]
    for column in (ROLE, RESPONSIBILITY):
        blank = [
            int(lv)
            for lv, value in zip(levels, rows[column], strict=True)
            if pd.notna(lv) and not _text(value)
        ]
        warnings += [f"{escalation_type} level {level} has no {column}." for level in blank]
    return warnings


# --- contacts (roles, never names, in code) ------------------------------------------------------

SALES_CONTACT = "sales_contact"
MANAGER = "manager"
EXECUTIVE_SPONSOR = "executive_sponsor"
CS_MANAGER = "cs_manager"
SALES_MANAGER = "sales_manager"
EXECUTIVE = "executive"


def role_key(role: str) -> str:
    """The config key of a matrix role: 'Project Team / Account Manager' becomes
    'project_team_account_manager' ([escalation.contacts.project_team_account_manager])."""
    return "_".join(re.findall(r"[a-z0-9]+", role.casefold()))


def contact_for(contacts: dict[str, Contact], role: str) -> Contact:
    """The configured person for a role (key or matrix wording); the role itself if none is set."""
    found = contacts.get(role_key(role))
    return found if found is not None else Contact(name=role.replace("_", " ").capitalize())


def _contacts(settings: EscalationSettings, *roles: str) -> dict[str, Contact]:
    return {role: contact_for(settings.contacts, role) for role in roles}


# --- unresponsive customer ---------------------------------------------------------------------


class UnresponsiveStage(StrEnum):
    CONTACT_DIRECTLY = "contact_directly"  # under 14 days: keep calling and emailing
    SALES_CONTACT = "sales_contact"  # 14 days: the sales contact helps reach them
    MANAGER_AND_EXECUTIVE = "manager_and_executive"  # 14 more: your manager + executive sponsor

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS: dict[UnresponsiveStage, str] = {
    UnresponsiveStage.CONTACT_DIRECTLY: "Contact directly",
    UnresponsiveStage.SALES_CONTACT: "Sales contact",
    UnresponsiveStage.MANAGER_AND_EXECUTIVE: "Manager + executive",
}


@dataclass(frozen=True)
class Pathway:
    days_unresponsive: int
    stage: UnresponsiveStage
    action: str
    contacts: dict[str, Contact]  # role key -> the person configured for it
    next_stage_on: date | None  # when the next stage starts; None at the last stage
    message: str  # ready to post in the team channel


def unresponsive_stage(days: int, settings: EscalationSettings) -> UnresponsiveStage:
    if days >= settings.manager_after_days:
        return UnresponsiveStage.MANAGER_AND_EXECUTIVE
    if days >= settings.sales_contact_after_days:
        return UnresponsiveStage.SALES_CONTACT
    return UnresponsiveStage.CONTACT_DIRECTLY


def unresponsive_pathway(
    last_response: date,
    *,
    as_of: date,
    settings: EscalationSettings,
    customer: str = "",
    issue: str = "",
    details: str = "",
) -> Pathway:
    """Where an unresponsive customer stands on seed 003's clock as of `as_of`, and what to post."""
    days = (as_of - last_response).days
    if days < 0:
        raise EscalationError(
            f"The last response ({last_response.isoformat()}) is after the as-of date "
            f"({as_of.isoformat()}); enter a date on or before it."
        )
    stage = unresponsive_stage(days, settings)
    contacts = _contacts(settings, *_STAGE_ROLES[stage])
    reason = _stage_reason(stage, days, contacts)
    return Pathway(
        days_unresponsive=days,
        stage=stage,
        action=_stage_action(stage, settings),
        contacts=contacts,
        next_stage_on=_next_stage_on(stage, last_response, settings),
        message=_post(customer, issue or "Customer not responding", details, last_response, days)
        + f"\nReason for posting: {reason}",
    )


_STAGE_ROLES: dict[UnresponsiveStage, tuple[str, ...]] = {
    UnresponsiveStage.CONTACT_DIRECTLY: (),
    UnresponsiveStage.SALES_CONTACT: (SALES_CONTACT,),
    UnresponsiveStage.MANAGER_AND_EXECUTIVE: (MANAGER, EXECUTIVE_SPONSOR),
}


def _next_stage_on(
    stage: UnresponsiveStage, last_response: date, settings: EscalationSettings
) -> date | None:
    after_days = {
        UnresponsiveStage.CONTACT_DIRECTLY: settings.sales_contact_after_days,
        UnresponsiveStage.SALES_CONTACT: settings.manager_after_days,
    }.get(stage)
    return None if after_days is None else last_response + timedelta(days=after_days)


def _names(contacts: dict[str, Contact]) -> str:
    return " and ".join(contact.name for contact in contacts.values())


def _stage_action(stage: UnresponsiveStage, settings: EscalationSettings) -> str:
    if stage is UnresponsiveStage.CONTACT_DIRECTLY:
        return (
            "Contact the customer directly by phone and email, and keep your manager generally "
            f"aware. After {settings.sales_contact_after_days} days without a response, escalate "
            "to the sales contact."
        )
    if stage is UnresponsiveStage.SALES_CONTACT:
        return (
            "Escalate to the sales contact for help with the items preventing progress, and "
            f"post in {settings.chat_tool}. After {settings.manager_after_days} days without a "
            "response, loop in your manager and the executive sponsor."
        )
    return (
        "The customer has not responded even to the sales contact: loop in your manager and "
        f"the executive sponsor for next steps, and post in {settings.chat_tool}."
    )


def _stage_reason(stage: UnresponsiveStage, days: int, contacts: dict[str, Contact]) -> str:
    if stage is UnresponsiveStage.CONTACT_DIRECTLY:
        return f"awareness — no response for {days} days; we are calling and emailing them."
    if stage is UnresponsiveStage.SALES_CONTACT:
        return f"no response for {days} days; asking {_names(contacts)} to help reach them."
    return (
        f"no response for {days} days, including after sales outreach; "
        f"{_names(contacts)}, please advise on next steps."
    )


def _post(customer: str, issue: str, details: str, last_response: date, days: int) -> str:
    lines = [
        f"Customer: {customer.strip() or '[customer name]'}",
        f"Issue: {issue.strip()}",
        f"Details: {details.strip() or '[relevant details]'}",
        f"Last response: {last_response.isoformat()} ({days} days ago)",
    ]
    return "\n".join(lines)


# --- urgent issues and disputes ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    order: int  # 1-based: do them in this order
    action: str
    contacts: dict[str, Contact]  # role key -> the person configured for it


@dataclass(frozen=True)
class UrgentGuidance:
    steps: tuple[Step, ...]
    message: str  # ready to post in the team channel


def urgent_guidance(
    *,
    settings: EscalationSettings,
    customer: str = "",
    issue: str = "",
    details: str = "",
    link: str = "",
) -> UrgentGuidance:
    """Seed 003: a sensitive issue needing a response well inside 48 hours is flagged in the task
    tool and posted with a link to the project and the siren emoji."""
    steps = (
        Step(1, f"Flag the issue in {settings.task_tool}.", {}),
        Step(
            2,
            f"Post in {settings.chat_tool} with a link to the project in {settings.task_tool}, "
            "starting with 🚨, and watch for the response.",
            {},
        ),
    )
    lines = [
        f"🚨 Response needed in under {settings.urgent_hours} hours",
        f"Customer: {customer.strip() or '[customer name]'}",
        f"Issue: {issue.strip() or '[issue]'}",
        f"Details: {details.strip() or '[relevant details]'}",
        f"Link: {link.strip() or '[link to the project in ' + settings.task_tool + ']'}",
        "Reason for posting: a sensitive customer issue needs a response much sooner than "
        f"{settings.urgent_hours} hours.",
    ]
    return UrgentGuidance(steps, "\n".join(lines))


class DisputeTeam(StrEnum):
    SALES = "sales"
    CS = "cs"

    @property
    def label(self) -> str:
        return "Sales" if self is DisputeTeam.SALES else "Customer Success"


def dispute_steps(team: DisputeTeam, *, settings: EscalationSettings) -> tuple[Step, ...]:
    """Seed 003: resolve it directly; then each person's manager; then the executive."""
    their_manager = SALES_MANAGER if team is DisputeTeam.SALES else CS_MANAGER
    first = f"Resolve it directly with the {team.label} team member."
    if team is DisputeTeam.SALES:
        first += " Mention the escalated customer to your manager."
    return (
        Step(1, first, _contacts(settings, MANAGER) if team is DisputeTeam.SALES else {}),
        Step(
            2,
            "Still unresolved: each of you brings it to your own manager.",
            _contacts(settings, MANAGER, their_manager),
        ),
        Step(
            3,
            "Unresolved after both managers: bring it to the executive for next steps.",
            _contacts(settings, EXECUTIVE),
        ),
    )


# --- JSON for the CLI ------------------------------------------------------------------------


def escalate_json(matrix: pd.DataFrame, type_text: str, level: int | None) -> dict[str, Any]:
    """`pulse escalate --json`: the type's levels and the level above `level` (level 1 when not
    given, so "next" is then level 2); "next" is null at the top level."""
    if level is not None and level not in LEVELS:
        raise EscalationError(
            f"Level {level} is not an escalation level; use one of {', '.join(map(str, LEVELS))}."
        )
    path = escalation_levels(matrix, type_text)
    above = next_level(path, level)
    return {
        "type": path.type,
        "levels": [_level_json(step) for step in path.levels],
        "next": None if above is None else _level_json(above),
    }


def _level_json(step: EscalationLevel) -> dict[str, Any]:
    return {"level": step.level, "role": step.role, "responsibility": step.responsibility}


def contacts_json(contacts: dict[str, Contact]) -> list[dict[str, str]]:
    return [
        {"role": role, "name": contact.name, "email": contact.email, "phone": contact.phone}
        for role, contact in contacts.items()
    ]


def pathway_json(pathway: Pathway) -> dict[str, Any]:
    """`pulse pathway --json`: dates as ISO text, the stage as its value."""
    return {
        "days_unresponsive": pathway.days_unresponsive,
        "stage": pathway.stage.value,
        "action": pathway.action,
        "contacts": contacts_json(pathway.contacts),
        "next_stage_on": None
        if pathway.next_stage_on is None
        else pathway.next_stage_on.isoformat(),
        "message": pathway.message,
    }
