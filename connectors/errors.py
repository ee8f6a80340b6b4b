"""Problems found while reading input, with enough context for a person to fix the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    file: str
    message: str
    sheet: str = ""
    cell: str = ""  # e.g. "B7"; "" when the problem is about a whole sheet or file
    column: str = ""
    row: int | None = None  # for CSV inputs: the 1-based line of the data row
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        """`Clients!B7`, `Clients`, `tickets.csv row 12, column Created`, or the file name."""
        if self.sheet and self.cell:
            return f"{_quote_sheet(self.sheet)}!{self.cell}"
        if self.sheet:
            return self.sheet
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _quote_sheet(sheet: str) -> str:
    # Excel quotes sheet names that contain spaces or punctuation: 'Action Items'!B7
    return f"'{sheet}'" if not sheet.replace("_", "").isalnum() else sheet


class InputError(Exception):
    """Raised when an input cannot be used; carries every problem found, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.severity != Severity.ERROR)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]


class WorkbookError(InputError):
    """The Client Pulse workbook cannot be read."""


class TicketExportError(InputError):
    """A ticket export or incident-events file cannot be read."""


class PathError(InputError):
    """A path given to the product names nothing it can read or write: missing, or a folder.
    The CLI exits 2 (usage) on it; the app shows it like any other input problem."""
