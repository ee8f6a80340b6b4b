"""Seed 004's escalation matrix as data: the default when a workbook has no Escalation Matrix tab
(SPEC "Escalation"), shown as the default, and the tab an export may add when asked.

The eight types of escalation, each with the responsibility at levels 1-4 (the roles of
`LEVEL_ROLES`), transcribed from seed 004's table in the seed's order.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pulse.escalation.matrix import LEVEL, LEVEL_ROLES, MATRIX_COLUMNS, RESPONSIBILITY, ROLE, TYPE

DEFAULT_MATRIX_NOTE = (
    "This workbook has no Escalation Matrix tab, so seed 004's matrix is shown: the default."
)

# (type, (level 1, level 2, level 3, level 4 responsibility)), as seed 004 words them.
SEED_004_RESPONSIBILITIES: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    (
        "Operational Challenges",
        (
            "Assess and address immediate operational disruptions.",
            "Develop strategic solutions for operational issues impacting critical logistics.",
            "Engage in client retention strategies during operational crises.",
            "Implement sales strategies to mitigate operational impacts on client relations.",
        ),
    ),
    (
        "Timeline Adjustments",
        (
            "Coordinate to revise or confirm project timelines.",
            "Approve and communicate critical changes to project timelines.",
            "Negotiate service delivery timelines with key clients and partners.",
            "Assess and manage impacts of schedule changes on client commitments.",
        ),
    ),
    (
        "Guidance Acquisition",
        (
            "Obtain necessary instructions for project continuation.",
            "Provide actionable directives to guide operational excellence.",
            "Liaise with upper management for high-level operational guidance.",
            "Liaise with executive leadership to align operational decisions with business goals.",
        ),
    ),
    (
        "Client Data Issues",
        (
            "Gather and verify client information required for operations.",
            "Manage the integration and updating of client data.",
            "Ensure client satisfaction through accurate data management.",
            "Direct the strategic use of client data to enhance service offerings.",
        ),
    ),
    (
        "Service Details Concerns",
        (
            "Clarify any confusion regarding service specifics.",
            "Resolve escalated misunderstandings related to changing services.",
            "Mediate complex disputes regarding service agreements.",
            "Make decisive actions on service modifications and enhancements.",
        ),
    ),
    (
        "Material Procurement",
        (
            "Facilitate the acquisition of essential project materials.",
            "Authorize and expedite the sourcing of essential logistical materials.",
            "Ensure timely delivery and logistical coordination of materials.",
            "Approve strategies for material procurement that support sales goals.",
        ),
    ),
    (
        "Performance Setbacks",
        (
            "Identify and resolve performance-related issues.",
            "Formulate strategies to improve service performance.",
            "Communicate with clients about operational performance and remediation plans.",
            "Lead initiatives to restore and enhance service performance.",
        ),
    ),
    (
        "Subscription Terminations",
        (
            "Handle initial queries and concerns about stopping services.",
            "Oversee and streamline the process for discontinuing services.",
            "Handle sensitive negotiations and resolutions regarding service terminations.",
            "Develop and enforce policies for managing discontinuations effectively.",
        ),
    ),
)


@dataclass(frozen=True)
class EscalationMatrix:
    """The matrix the escalation lookups use, and whether it is seed 004's default."""

    rows: pd.DataFrame  # columns MATRIX_COLUMNS, as the workbook reader gives the tab
    is_default: bool


def default_matrix() -> pd.DataFrame:
    """Seed 004's matrix, one row per type and level, as the reader gives the tab."""
    rows = [
        (escalation_type, level, LEVEL_ROLES[level], responsibility)
        for escalation_type, responsibilities in SEED_004_RESPONSIBILITIES
        for level, responsibility in zip(LEVEL_ROLES, responsibilities, strict=True)
    ]
    matrix = pd.DataFrame(rows, columns=list(MATRIX_COLUMNS))
    return matrix.astype({TYPE: object, LEVEL: "Int64", ROLE: object, RESPONSIBILITY: object})


def matrix_in_use(workbook_matrix: pd.DataFrame, *, has_tab: bool) -> EscalationMatrix:
    """The workbook's own matrix when it has the tab (even an empty one, which the validation
    reports), else seed 004's default."""
    if has_tab:
        return EscalationMatrix(workbook_matrix, is_default=False)
    return EscalationMatrix(default_matrix(), is_default=True)
