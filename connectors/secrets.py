"""One setting from `.streamlit/secrets.toml` or the environment: the file's own section first,
then its top level, then the environment (the same names in all three)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def secret_setting(
    name: str, env: Mapping[str, str], secrets: Mapping[str, Any] | None, *, section: str
) -> str:
    """The first non-blank value of `name`, trimmed; "" when none is set."""
    nested = secrets.get(section) if secrets is not None else None
    for source in (nested, secrets, env):
        if isinstance(source, Mapping):
            value = str(source.get(name, "") or "").strip()
            if value:
                return value
    return ""
