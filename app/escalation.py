"""The escalation matrix the shells show: the workbook's Escalation Matrix tab, or seed 004's
matrix as the default when the workbook has no such tab (SPEC "Escalation")."""

from __future__ import annotations

from connectors.workbook import LoadedWorkbook, has_tab
from pulse.escalation import EscalationMatrix, matrix_in_use
from pulse.schema import Sheet


def escalation_matrix(workbook: LoadedWorkbook) -> EscalationMatrix:
    """The workbook's matrix, or seed 004's default (`is_default`) when it has no tab."""
    return matrix_in_use(workbook.escalation, has_tab=has_tab(workbook, Sheet.ESCALATION))


def can_add_matrix(workbook: LoadedWorkbook) -> bool:
    """Whether an export may add the Escalation Matrix tab: only where there is none."""
    return not has_tab(workbook, Sheet.ESCALATION)
