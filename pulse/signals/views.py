"""JSON for the CLI: `pulse signals --json`."""

from __future__ import annotations

from typing import Any

import pandas as pd


def signals_json(signals: pd.DataFrame, suggestions: pd.DataFrame) -> list[dict[str, Any]]:
    """Per client with a signal or a suggestion: {"client", "signals", "suggestions"}."""
    keys = sorted(set(signals["client_key"]) | set(suggestions["client_key"]))
    names = dict(zip(suggestions["client_key"], suggestions["client"], strict=True))
    names.update(zip(signals["client_key"], signals["client"], strict=True))
    return [
        {
            "client": names[key],
            "signals": _records(signals, key, ("criterion", "tickets", "reason")),
            "suggestions": _records(suggestions, key, ("criterion", "tickets", "phrase")),
        }
        for key in sorted(keys, key=lambda k: names[k].casefold())
    ]


def _records(frame: pd.DataFrame, key: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = frame[frame["client_key"] == key]
    return [{field: _plain(row[field]) for field in fields} for _, row in rows.iterrows()]


def _plain(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list) else str(value)
