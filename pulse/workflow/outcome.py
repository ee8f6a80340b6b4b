"""What every workflow change returns (`Outcome`), or raises when a rule would be skipped
(`Refused`, with the plain reason the user sees)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


class Refused(Exception):
    """A transition that would skip a rule; `reason` is shown to the user as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    """New frames after a change (None: this change did not touch that frame) and audit rows.

    `conflicts` counts, after a `replay`, the audit rows whose cell someone else had changed
    meanwhile or whose row was gone (their notes say which); a plain change has none.
    """

    episodes: pd.DataFrame | None
    actions: pd.DataFrame | None
    audit: pd.DataFrame
    conflicts: int = 0


def required_text(value: str | None, message: str) -> str:
    """`value` trimmed; refused with `message` when it is blank."""
    if value is None or not str(value).strip():
        raise Refused(message)
    return str(value).strip()
