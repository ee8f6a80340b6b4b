"""Saved ticket-export column mappings (SPEC: "the user maps columns once ... and it is saved").

Stored in the settings TOML file (`pulse.toml`) as one table per export layout:

    [ticket_mappings.servicenow]
    ticket = "number"
    client = "location"
    __dedupe_latest_by = "sys_mod_count"

Keys are canonical ticket fields (`pulse.schema.TICKET_COLUMNS`) or reader options starting with
"__" (see `connectors.tickets`); values are export headers. Every other table in the file is kept.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from connectors.errors import InputError, Problem

TABLE = "ticket_mappings"


def load_ticket_mappings(path: Path) -> dict[str, dict[str, str]]:
    """Every saved mapping by name; {} when the file does not exist yet."""
    document = _load(path)
    tables = document.get(TABLE, {})
    if not isinstance(tables, dict):
        raise _problem(path, f"[{TABLE}] must be a table of named mappings.")
    return {
        str(name): {str(k): str(v) for k, v in mapping.items()}
        for name, mapping in tables.items()
        if isinstance(mapping, dict)
    }


def save_ticket_mapping(path: Path, name: str, mapping: dict[str, str]) -> None:
    """Add or replace `[ticket_mappings.<name>]`, keeping every other table of the file."""
    if not name.strip():
        raise _problem(path, "A saved mapping needs a name.")
    document = _load(path)
    tables = document.setdefault(TABLE, {})
    if not isinstance(tables, dict):
        raise _problem(path, f"[{TABLE}] must be a table of named mappings.")
    tables[name.strip()] = {str(k): str(v) for k, v in mapping.items() if str(v).strip()}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(tomli_w.dumps(document).encode("utf-8"))
    temporary.replace(path)  # a crash mid-write never leaves half a settings file


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _problem(path, f"The settings file is not valid TOML: {error}.") from None


def _problem(path: Path, message: str) -> InputError:
    return InputError([Problem(file=path.name, message=message)])
