"""The sample Escalation Matrix as the workbook reader gives it, and named contacts: shared by the
escalation tests and the Escalation page test. Seed 004's types and roles, read off it by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse.settings import Contact, EscalationSettings
from tests.paths import SAMPLE_DIR

MATRIX_CSV = SAMPLE_DIR / "escalation_matrix.csv"

TYPES = [
    "Operational Challenges",
    "Timeline Adjustments",
    "Guidance Acquisition",
    "Client Data Issues",
    "Service Details Concerns",
    "Material Procurement",
    "Performance Setbacks",
    "Subscription Terminations",
]
ROLES = {
    1: "Operational Contact",
    2: "Project Manager",
    3: "Project Team / Account Manager",
    4: "Sales Manager",
}


def read_matrix_csv() -> pd.DataFrame:
    """The CSV as the workbook reader gives the tab: snake_case columns, integer levels."""
    matrix = pd.read_csv(MATRIX_CSV, dtype={"Level": "Int64"})
    return matrix.rename(columns=str.lower)


LAST_RESPONSE = date(2024, 3, 1)
NAMED = EscalationSettings(
    contacts={
        "sales_contact": Contact("Sam Seller", "sam@example.com", "555-0101"),
        "manager": Contact("Morgan Lead"),
        "executive_sponsor": Contact("Erin Exec"),
    }
)
