"""Read the Client Pulse workbook into validated, typed frames (SPEC "The Client Pulse workbook")."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from connectors.errors import Problem
from pulse.schema import Sheet


@dataclass(frozen=True)
class SheetLayout:
    """Where a tab's table sits, so write-back can touch exactly the cells it owns."""

    sheet_name: str  # the tab's name as spelled in the workbook
    header_row: int  # 1-based Excel row of the header
    columns: dict[str, int]  # canonical column name -> 1-based Excel column index
    last_row: int  # 1-based Excel row of the last non-blank data row (header_row if none)


@dataclass
class LoadedWorkbook:
    """Validated frames of every tab the product reads, plus what was found wrong."""

    source: str  # file name (for messages)
    clients: pd.DataFrame
    episodes: pd.DataFrame
    actions: pd.DataFrame
    escalation: pd.DataFrame
    audit: pd.DataFrame
    history: pd.DataFrame
    layouts: dict[Sheet, SheetLayout] = field(default_factory=dict)  # tabs present only
    warnings: list[Problem] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)  # every tab, in workbook order
    date1904: bool = False

    def frame(self, sheet: Sheet) -> pd.DataFrame:
        return {
            Sheet.CLIENTS: self.clients,
            Sheet.EPISODES: self.episodes,
            Sheet.ACTIONS: self.actions,
            Sheet.ESCALATION: self.escalation,
            Sheet.AUDIT: self.audit,
            Sheet.HISTORY: self.history,
        }[sheet]
