"""The workbook's tables as the domain receives them: one typed frame per tab.

The connector builds a `Records` (its `LoadedWorkbook` adds where each table sits and what was
wrong); every workflow outcome goes back in through `with_frames`, which types the new frames the
same way. Functions in pulse/ trust these dtypes and never re-parse a cell.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

import pandas as pd

from pulse.frames import typed_frame
from pulse.schema import CLIENT_KEY, INCIDENT_LOG, SHEET_ROW, SHEET_SPECS, Sheet

# The attribute holding each tab's frame.
FIELDS: dict[Sheet, str] = {
    Sheet.CLIENTS: "clients",
    Sheet.EPISODES: "episodes",
    Sheet.ACTIONS: "actions",
    Sheet.ESCALATION: "escalation",
    Sheet.AUDIT: "audit",
    Sheet.HISTORY: "history",
    Sheet.INCIDENT_LOG: "incident_log",
}


def _no_incident_log() -> pd.DataFrame:
    """An Incident Log with no rows (records built without one: a workbook that has no tab)."""
    columns = [*INCIDENT_LOG.names, CLIENT_KEY, SHEET_ROW]
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})


@dataclass(frozen=True, kw_only=True)
class Records:
    """One typed frame per tab the product reads (columns as pulse.schema names them)."""

    clients: pd.DataFrame
    episodes: pd.DataFrame
    actions: pd.DataFrame
    escalation: pd.DataFrame
    audit: pd.DataFrame
    history: pd.DataFrame
    # The Incident Log tab as read (At still text: connectors.incident_log types the events).
    incident_log: pd.DataFrame = field(default_factory=_no_incident_log)

    def frame(self, sheet: Sheet) -> pd.DataFrame:
        frame: pd.DataFrame = getattr(self, FIELDS[sheet])
        return frame

    def with_frames(self, frames: Mapping[Sheet, pd.DataFrame | None]) -> Self:
        """A copy with these tabs replaced (None: unchanged), each typed as its sheet says."""
        replaced = {
            FIELDS[sheet]: typed_frame(frame, SHEET_SPECS[sheet])
            for sheet, frame in frames.items()
            if frame is not None
        }
        return dataclasses.replace(self, **replaced)
