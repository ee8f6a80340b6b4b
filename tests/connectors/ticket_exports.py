"""Ticket exports the reader's tests start from: four tickets worked out by hand, and real files."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from connectors.errors import TicketExportError
from connectors.tickets import DEDUPE_LATEST_BY, canonical_to_export, read_tickets
from tests.paths import REALDATA

TZ = "America/Los_Angeles"
UTC = "datetime64[ns, UTC]"


def utc(*stamps: str | None) -> pd.Series:
    return pd.Series([pd.Timestamp(s, tz="UTC") if s else pd.NaT for s in stamps], dtype=UTC)


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def canonical_tickets() -> pd.DataFrame:
    """Four tickets worked out by hand, in the canonical layout the reader must return."""
    return pd.DataFrame(
        {
            "ticket": text("00123", "124", "125", "126"),
            "client": text("Acme Dental", "Acme Dental", "Globex  Corp", "Initech"),
            "summary": text("Server down", "New laptop", "Firewall alert", "Office move"),
            "priority": text("Critical", "Medium", "High", "Low"),
            "type": text("incident", "service request", "incident", "project"),
            "board": text("Service Desk", "Service Desk", "Security", "Projects"),
            "status": text("Closed", "Open", "In Progress", "Scheduled"),
            "created": utc(
                "2026-03-02 17:15", "2026-03-03 16:00", "2026-03-04 01:30", "2026-01-10 18:00"
            ),
            "first_response": utc("2026-03-02 17:40", None, "2026-03-04 16:05", None),
            "resolved": utc("2026-03-02 21:00", None, None, None),
            "parent_ticket": text(None, None, "00123", None),
            "due": utc(None, None, None, "2026-02-27 01:00"),
            "survey_score": pd.array([2.0, None, None, 5.0], dtype="Float64"),
            "notes": text("Client is frustrated", None, None, "Phase 2"),
            "security": [False, False, True, False],
            "client_key": text("acme dental", "acme dental", "globex corp", "initech"),
            "is_open": [False, True, True, True],
        }
    )


def export_bytes(preset: str, *, excel: bool = False) -> bytes:
    export = canonical_to_export(canonical_tickets(), preset)
    buffer = io.BytesIO()
    if excel:
        export.to_excel(buffer, index=False)
    else:
        export.to_csv(buffer, index=False)
    return buffer.getvalue()


def read(data: bytes | str, **options: object) -> pd.DataFrame:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_tickets(io.BytesIO(raw), name="tickets.csv", timezone=TZ, **options)  # type: ignore[arg-type]


def problem_text(data: bytes | str, **options: object) -> str:
    with pytest.raises(TicketExportError) as caught:
        read(data, **options)
    return str(caught.value)


TICKETS_DIR = REALDATA / "tickets"
# Saved mappings a person would make once for each real export (canonical field -> header).
REAL_MAPPINGS: dict[str, dict[str, str]] = {
    "servicenow_incident_event_log_subset.csv": {
        "ticket": "number",
        "client": "location",
        "priority": "priority",
        "created": "opened_at",
        "resolved": "resolved_at",
        "status": "incident_state",
        "parent_ticket": "problem_id",
        DEDUPE_LATEST_BY: "sys_mod_count",
    },
    "jira_cloud_export_RET_project.csv": {
        "ticket": "Issue key",
        "client": "Project name",
        "summary": "Summary",
        "priority": "Priority",
        "type": "Issue Type",
        "status": "Status",
        "created": "Created",
        "first_response": "Custom field ([CHART] Date of First Response)",
        "resolved": "Resolved",
        "due": "Due date",
    },
    "freshdesk_export_demo_account.csv": {
        "ticket": "Ticket ID",
        "client": "Company Name",
        "summary": "Subject",
        "priority": "Priority",
        "type": "Type",
        "status": "Status",
        "created": "Created time",
        "resolved": "Resolved time",
        "notes": "Description",
    },
    "itsm_bpic2014_derived_sample.csv": {
        "ticket": "Incident_ID",
        "client": "WBS",
        "priority": "Priority",
        "type": "Category",
        "status": "Status",
        "created": "Open_Time",
        "resolved": "Resolved_Time",
    },
    "ravenstack_support_tickets.csv": {
        "ticket": "ticket_id",
        "client": "account_id",
        "priority": "priority",
        "created": "submitted_at",
        "resolved": "closed_at",
        "survey_score": "satisfaction_score",
    },
}
