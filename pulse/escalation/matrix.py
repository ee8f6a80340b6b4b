"""The escalation matrix (seed 004): type of escalation x level -> role and responsibility.

Read from the workbook's Escalation Matrix tab (columns type, level, role, responsibility), so an
admin edits it in Excel; `validate_matrix` says in plain English what is missing or doubled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pulse.escalation.matching import match_escalation_type

TYPE, LEVEL, ROLE, RESPONSIBILITY = "type", "level", "role", "responsibility"
MATRIX_COLUMNS: tuple[str, ...] = (TYPE, LEVEL, ROLE, RESPONSIBILITY)

# Seed 004's four levels; every type is expected to have each of them.
LEVEL_ROLES: dict[int, str] = {
    1: "Operational Contact",
    2: "Project Manager",
    3: "Project Team / Account Manager",
    4: "Sales Manager",
}
LEVELS: tuple[int, ...] = tuple(LEVEL_ROLES)
FIRST_LEVEL = LEVELS[0]


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    role: str
    responsibility: str


@dataclass(frozen=True)
class EscalationPath:
    """One type's row of the matrix: its levels, lowest first."""

    type: str
    levels: tuple[EscalationLevel, ...]

    def at(self, level: int) -> EscalationLevel | None:
        return next((step for step in self.levels if step.level == level), None)


def escalation_types(matrix: pd.DataFrame) -> list[str]:
    """The matrix's types in sheet order, each once (blank types left out)."""
    if TYPE not in matrix.columns:
        return []
    names = (str(value).strip() for value in matrix[TYPE].dropna())
    return list(dict.fromkeys(name for name in names if name))


def escalation_levels(matrix: pd.DataFrame, type_text: str) -> EscalationPath:
    """The levels of the type `type_text` names (its name or a few words), lowest first.

    Raises NoEscalationMatch (its message lists the types) when no single type matches."""
    escalation_type = match_escalation_type(escalation_types(matrix), type_text)
    rows = _rows_of(matrix, escalation_type)
    levels = pd.to_numeric(rows[LEVEL], errors="coerce")
    steps = [
        EscalationLevel(int(level), _text(row[ROLE]), _text(row[RESPONSIBILITY]))
        for level, (_, row) in zip(levels, rows.iterrows(), strict=True)
        if pd.notna(level)
    ]
    return EscalationPath(escalation_type, tuple(sorted(steps, key=lambda step: step.level)))


def next_level(path: EscalationPath, level: int | None = None) -> EscalationLevel | None:
    """The level to escalate to from `level` (level 1 when not given); None at the top."""
    current = FIRST_LEVEL if level is None else level
    above = [step for step in path.levels if step.level > current]
    return min(above, key=lambda step: step.level) if above else None


def _rows_of(matrix: pd.DataFrame, escalation_type: str) -> pd.DataFrame:
    return matrix[matrix[TYPE].astype("string").str.strip() == escalation_type]


def _text(value: Any) -> str:
    """A cell as trimmed text; blank for empty cells (None, NaN, <NA>)."""
    return "" if value is None or pd.isna(value) else str(value).strip()


# --- validation --------------------------------------------------------------------------------


def validate_matrix(matrix: pd.DataFrame) -> list[str]:
    """Plain-English warnings about the matrix: missing columns, types without all four levels,
    duplicate or unknown levels, blank roles or responsibilities. Empty when all is well."""
    missing = [column for column in MATRIX_COLUMNS if column not in matrix.columns]
    if missing:
        return [f"The Escalation Matrix has no {', '.join(missing)} column(s)."]
    if matrix.empty:
        return ["The Escalation Matrix is empty: escalation lookups have nothing to show."]
    levels = pd.to_numeric(matrix[LEVEL], errors="coerce")
    warnings = _unknown_level_warnings(matrix, levels)
    for escalation_type in escalation_types(matrix):
        rows = _rows_of(matrix, escalation_type)
        warnings += _type_warnings(escalation_type, rows, levels[rows.index])
    return warnings


def _unknown_level_warnings(matrix: pd.DataFrame, levels: pd.Series) -> list[str]:
    unknown = matrix[~levels.isin(LEVELS)]
    return [
        f"{_text(row[TYPE]) or 'A row with no type'}: level '{_text(row[LEVEL])}' is not one of "
        f"{', '.join(map(str, LEVELS))}."
        for _, row in unknown.iterrows()
    ]


def _type_warnings(escalation_type: str, rows: pd.DataFrame, levels: pd.Series) -> list[str]:
    warnings = [
        f"{escalation_type} has no level {level} ({LEVEL_ROLES[level]}): the matrix is incomplete."
        for level in LEVELS
        if level not in set(levels)
    ]
    duplicated = sorted({int(level) for level in levels[levels.duplicated()] if pd.notna(level)})
    warnings += [f"{escalation_type} has level {level} more than once." for level in duplicated]
    for column in (ROLE, RESPONSIBILITY):
        blank = [
            int(lv)
            for lv, value in zip(levels, rows[column], strict=True)
            if pd.notna(lv) and not _text(value)
        ]
        warnings += [f"{escalation_type} level {level} has no {column}." for level in blank]
    return warnings
