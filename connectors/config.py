"""Load settings: defaults in code (pulse.settings), overlaid by an optional pulse.toml.

The file is found at $PULSE_CONFIG, else ./pulse.toml. Unknown keys are reported, not ignored,
so a typo in a threshold never silently keeps the default.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from datetime import time
from pathlib import Path
from typing import Any

from connectors.errors import InputError, Problem
from pulse.schema import Criterion, Priority
from pulse.settings import (
    ID_FIELDS,
    BusinessHours,
    Contact,
    EscalationSettings,
    IncidentSettings,
    IncidentTargets,
    InputLimits,
    NotificationSettings,
    RiskSettings,
    Settings,
    SignalSettings,
    TicketRules,
)

CONFIG_ENV = "PULSE_CONFIG"
DEFAULT_CONFIG = Path("pulse.toml")
SECTIONS: dict[str, type[Any]] = {
    "business_hours": BusinessHours,
    "incident_targets": IncidentTargets,
    "incidents": IncidentSettings,
    "signals": SignalSettings,
    "risk": RiskSettings,
    "escalation": EscalationSettings,
    "notifications": NotificationSettings,
    "limits": InputLimits,
}


TICKETS = "tickets"
SURVEY_DIRECTIONS = (1, 5)  # survey_best: which end of the 1-5 scale is the best score


class ConfigError(InputError):
    """pulse.toml cannot be used."""


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_settings(path: Path | None = None) -> Settings:
    """Settings from `path` (or the default location); defaults when no file exists."""
    path = path or config_path()
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(path.name, f"is not valid TOML ({exc}); fix the file")])
    return settings_from_dict(data, source=path.name)


def settings_from_dict(data: dict[str, Any], *, source: str = "pulse.toml") -> Settings:
    base = Settings()
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        if key in SECTIONS:
            changes[key] = _section(SECTIONS[key], getattr(base, key), value, source, problems)
        elif key == TICKETS:
            changes[key] = _ticket_rules(base.tickets, value, source, problems)
        elif key in {f.name for f in dataclasses.fields(Settings)}:
            changes[key] = value
        else:
            problems.append(Problem(source, f"unknown setting '{key}'; check the spelling"))
    if problems:
        raise ConfigError(problems)
    return dataclasses.replace(base, **changes)


def _section(
    kind: type[Any], default: Any, values: dict[str, Any], source: str, problems: list[Problem]
) -> Any:
    names = {f.name for f in dataclasses.fields(kind)}
    converted: dict[str, Any] = {}
    for key, value in values.items():
        if key not in names:
            problems.append(Problem(source, f"unknown setting '{key}' in [{_section_name(kind)}]"))
            continue
        converted[key] = _convert(kind, key, value)
        problems.extend(_unknown_roles(kind, key, value, source))
        problems.extend(_bad_limit(kind, key, value, source))
        problems.extend(_unknown_country(kind, key, value, source))
    return dataclasses.replace(default, **converted)


def _bad_limit(kind: type[Any], key: str, value: Any, source: str) -> list[Problem]:
    """[limits] are whole numbers above zero: a limit of text, 0 or less would refuse every file
    (or none), so it is reported by name instead."""
    if kind is not InputLimits or (type(value) is int and value > 0):
        return []
    return [Problem(source, f"[limits] {key} cannot be {value!r}: give a whole number above 0")]


def _unknown_country(kind: type[Any], key: str, value: Any, source: str) -> list[Problem]:
    """[business_hours] holiday_country is checked when pulse.toml is read: a misspelt country
    would otherwise stop the first command that counts business minutes."""
    if kind is not BusinessHours or key != "holiday_country":
        return []
    from pulse.holiday_calendar import is_known_country

    if is_known_country(value):
        return []
    return [
        Problem(
            source,
            f"[business_hours] holiday_country {value!r} is not a country the holidays package "
            'knows: give an ISO code such as "US" or "GB", or "none" for no public holidays',
        )
    ]


def _unknown_roles(kind: type[Any], key: str, value: Any, source: str) -> list[Problem]:
    """[incidents.swarm_contacts] names SWARM roles; a misspelt one is reported, not ignored."""
    if kind is not IncidentSettings or key != "swarm_contacts":
        return []
    from pulse.incidents import SwarmRole

    known = ", ".join(role.value for role in SwarmRole)
    return [
        Problem(source, f"unknown SWARM role '{role}' in [incidents.swarm_contacts] ({known})")
        for role in value
        if role not in {r.value for r in SwarmRole}
    ]


def _section_name(kind: type[Any]) -> str:
    return next(name for name, section in SECTIONS.items() if section is kind)


def _convert(kind: type[Any], key: str, value: Any) -> Any:
    if (kind is BusinessHours and key in {"opens", "closes"}) or (
        kind is NotificationSettings and key == "digest_time"
    ):
        return value if isinstance(value, time) else time.fromisoformat(str(value))
    if kind is RiskSettings and key == "weights":
        return {**RiskSettings().weights, **{Criterion(k): float(v) for k, v in value.items()}}
    if kind is EscalationSettings and key == "contacts":
        return {**EscalationSettings().contacts, **{r: Contact(**c) for r, c in value.items()}}
    if isinstance(value, list):
        return tuple(value)
    return value


# ---- [tickets.<psa>]: each PSA's priority labels, closed statuses, survey direction, IDs ---------


def _ticket_rules(
    defaults: dict[str, TicketRules], tables: Any, source: str, problems: list[Problem]
) -> dict[str, TicketRules]:
    """The defaults with each [tickets.<psa>] table laid over its PSA's rules."""
    rules = dict(defaults)
    for psa, table in _table(tables, f"[{TICKETS}]", source, problems).items():
        if psa not in defaults:
            known = ", ".join(defaults)
            problems.append(Problem(source, f"unknown PSA '{psa}' in [{TICKETS}] ({known})"))
            continue
        where = f"[{TICKETS}.{psa}]"
        values = _table(table, where, source, problems)
        rules[psa] = _one_psa(defaults[psa], values, where, source, problems)
    return rules


def _one_psa(
    default: TicketRules, values: dict[str, Any], where: str, source: str, problems: list[Problem]
) -> TicketRules:
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "priorities":
            given = _priorities(_table(value, f"{where} priorities", source, problems), where)
            problems.extend(Problem(source, message) for message in given.refused)
            changes[key] = {**default.priorities, **given.labels}
        elif key == "lookups":
            tables = _table(value, f"{where} lookups", source, problems)
            changes[key] = _lookups(default.lookups, tables, where, source, problems)
        elif key in {"closed_statuses", "id_fields"} and isinstance(value, list):
            changes[key] = tuple(str(item) for item in value)
        elif key == "survey_best" and value in SURVEY_DIRECTIONS:
            changes[key] = int(value)
        elif key in {"closed_statuses", "id_fields", "survey_best"}:
            problems.append(Problem(source, f"{where} {key} cannot be {value!r}: {HINTS[key]}"))
        else:
            problems.append(Problem(source, f"unknown setting '{key}' in {where}"))
    return dataclasses.replace(default, **changes)


HINTS = {
    "closed_statuses": 'give a list of status names, e.g. [">Closed", "Completed"]',
    "id_fields": f"give a list of fields among {', '.join(ID_FIELDS)}",
    "survey_best": "1 when a 1 is the best score, 5 when a 5 is",
}


@dataclasses.dataclass
class _Priorities:
    labels: dict[str, str] = dataclasses.field(default_factory=dict)
    refused: list[str] = dataclasses.field(default_factory=list)


def _priorities(table: dict[str, Any], where: str) -> _Priorities:
    """Each label's canonical priority (any case), and a message for each value that is none."""
    known = {str(priority).casefold(): str(priority) for priority in Priority}
    result = _Priorities()
    for label, value in table.items():
        canonical = known.get(str(value).strip().casefold())
        if canonical is None:
            names = ", ".join(Priority)
            result.refused.append(f"{where} priorities: '{label}' = {value!r} is not {names}")
        else:
            result.labels[str(label)] = canonical
    return result


def _lookups(
    defaults: dict[str, dict[str, str]],
    tables: dict[str, Any],
    where: str,
    source: str,
    problems: list[Problem],
) -> dict[str, dict[str, str]]:
    """Per field, ID -> name, laid over the defaults; fields outside ID_FIELDS are reported."""
    lookups = {field: dict(names) for field, names in defaults.items()}
    for field, names in tables.items():
        if field not in ID_FIELDS:
            fields = ", ".join(ID_FIELDS)
            problems.append(Problem(source, f"{where} lookups.{field}: only {fields} have IDs"))
            continue
        given = _table(names, f"{where} lookups.{field}", source, problems)
        if given:  # an empty table (every line commented out) names nothing
            lookups.setdefault(field, {}).update({str(k): str(v) for k, v in given.items()})
    return lookups


def _table(value: Any, where: str, source: str, problems: list[Problem]) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    problems.append(Problem(source, f"{where} must be a table"))
    return {}
