"""Checks across the workbook's tables once each is read: names, statuses, clients that match.

Errors stop the workbook from being used; warnings (a duplicate client, an action for a client
not on the Clients tab) are returned with it. Each names the cell to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from connectors.cells import column_letter
from connectors.errors import Problem, Severity
from connectors.workbook_tables import SheetLayout
from pulse.frames import is_in
from pulse.schema import CLIENT_KEY, SHEET_ROW, ActionStatus, EpisodeStatus, Sheet

STATUS_SYNONYMS: dict[str, dict[str, str]] = {
    "ActionStatus": {
        "complete": "Done",
        "completed": "Done",
        "closed": "Done",
        "in progress": "Open",
        "not started": "Open",
    },
    "EpisodeStatus": {
        "approved": "Active",
        "recommend": "Recommended",
        "removed from extra care": "Removed",
    },
}

BLANK_CLIENT_NAME = "Client name is blank on a row that has data; fill it in or clear the row"
BLANK_MRR = "MRR is blank; type the monthly recurring revenue (0 if none)"
BLANK_CLIENT = "Client is blank; type the client's name as on the Clients tab"


@dataclass(frozen=True)
class _Tab:
    """Where a check's problems point: the file, and the tab's layout when it was read."""

    label: str
    layout: SheetLayout | None

    def problem(
        self,
        column: str,
        row: object,
        message: str,
        *,
        header: str,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem at `column` (canonical name, shown as `header`) of Excel row `row`."""
        sheet, cell = self._where(column, row)
        return Problem(
            self.label, message, sheet=sheet, cell=cell, column=header, severity=severity
        )

    def _where(self, column: str, row: object) -> tuple[str, str]:
        if self.layout is None:
            return "", ""
        position = self.layout.columns.get(column)
        cell = f"{column_letter(position)}{row}" if position is not None else ""
        return self.layout.sheet_name, cell


def cross_check(
    frames: dict[Sheet, pd.DataFrame], *, label: str, layouts: dict[Sheet, SheetLayout]
) -> list[Problem]:
    """Every problem found across the tabs; statuses are normalised in `frames` on the way."""
    problems = _check_clients(frames[Sheet.CLIENTS], _Tab(label, layouts.get(Sheet.CLIENTS)))
    problems += _check_statuses(frames, label=label, layouts=layouts)
    known = set(frames[Sheet.CLIENTS][CLIENT_KEY])
    for sheet in (Sheet.EPISODES, Sheet.ACTIONS):
        problems += _unknown_clients(frames[sheet], known, _Tab(label, layouts.get(sheet)))
    return problems


def _check_clients(clients: pd.DataFrame, tab: _Tab) -> list[Problem]:
    problems = [
        tab.problem("client", row, BLANK_CLIENT_NAME, header="Client")
        for row in clients.loc[clients["client"].isna(), SHEET_ROW]
    ]
    problems += [
        tab.problem("mrr", row, BLANK_MRR, header="MRR")
        for row in clients.loc[clients["mrr"].isna() & clients["client"].notna(), SHEET_ROW]
    ]
    named = clients[clients["client"].notna()]
    for _, duplicate in named[named.duplicated(CLIENT_KEY, keep="first")].iterrows():
        message = (
            f"client '{duplicate['client']}' is listed twice (names match ignoring case and "
            "spaces); the first row is used, delete or rename the other"
        )
        problems.append(
            tab.problem(
                "client", duplicate[SHEET_ROW], message, header="Client", severity=Severity.WARNING
            )
        )
    return problems


def _check_statuses(
    frames: dict[Sheet, pd.DataFrame], *, label: str, layouts: dict[Sheet, SheetLayout]
) -> list[Problem]:
    problems = _normalise_status(
        frames[Sheet.EPISODES],
        EpisodeStatus,
        default=None,
        tab=_Tab(label, layouts.get(Sheet.EPISODES)),
    )
    problems += _normalise_status(
        frames[Sheet.ACTIONS],
        ActionStatus,
        default=ActionStatus.OPEN.value,
        tab=_Tab(label, layouts.get(Sheet.ACTIONS)),
    )
    return problems


def _normalise_status(
    frame: pd.DataFrame, allowed: type[StrEnum], *, default: str | None, tab: _Tab
) -> list[Problem]:
    """Statuses match case-insensitively; an unknown status is an error naming the cell."""
    canonical = {member.value.casefold(): member.value for member in allowed}
    canonical.update(STATUS_SYNONYMS.get(allowed.__name__, {}))
    problems: list[Problem] = []
    values: list[object] = []
    for raw, row in zip(frame["status"], frame[SHEET_ROW], strict=True):
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            values.append(default)
            if default is None:
                message = f"Status is blank; use one of {', '.join(canonical.values())}"
                problems.append(tab.problem("status", row, message, header="Status"))
            continue
        value = canonical.get(str(raw).strip().casefold())
        if value is None:
            choices = ", ".join(member.value for member in allowed)
            message = f"Status '{raw}' is not one of {choices}"
            problems.append(tab.problem("status", row, message, header="Status"))
        values.append(value if value is not None else raw)
    frame["status"] = pd.Series(values, index=frame.index, dtype="object")
    return problems


def _unknown_clients(frame: pd.DataFrame, known: set[str], tab: _Tab) -> list[Problem]:
    blank = frame["client"].isna() | (frame[CLIENT_KEY] == "")
    unknown = ~blank & ~is_in(frame[CLIENT_KEY], known)  # a hash lookup, not an Arrow scalar each
    problems: list[Problem] = []
    for is_blank_client, name, row in zip(  # only the rows with a problem, in sheet order
        blank[blank | unknown],
        frame.loc[blank | unknown, "client"],
        frame.loc[blank | unknown, SHEET_ROW],
        strict=True,
    ):
        if is_blank_client:
            problems.append(tab.problem("client", row, BLANK_CLIENT, header="Client"))
            continue
        message = (
            f"client '{name}' is not on the Clients tab; it is left out of "
            "the figures until the names match"
        )
        problems.append(
            tab.problem("client", row, message, header="Client", severity=Severity.WARNING)
        )
    return problems
