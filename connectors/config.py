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
from pulse.schema import Criterion
from pulse.settings import (
    BusinessHours,
    Contact,
    EscalationSettings,
    IncidentSettings,
    IncidentTargets,
    RiskSettings,
    Settings,
    SignalSettings,
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
}


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
    return dataclasses.replace(default, **converted)


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
    if kind is BusinessHours and key in {"opens", "closes"}:
        return value if isinstance(value, time) else time.fromisoformat(str(value))
    if kind is RiskSettings and key == "weights":
        return {**RiskSettings().weights, **{Criterion(k): float(v) for k, v in value.items()}}
    if kind is EscalationSettings and key == "contacts":
        return {**EscalationSettings().contacts, **{r: Contact(**c) for r, c in value.items()}}
    if isinstance(value, list):
        return tuple(value)
    return value
