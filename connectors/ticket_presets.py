"""Column layouts of the PSA ticket exports the product knows (SPEC "Ticket exports").

Each preset maps a canonical ticket field (`pulse.schema.TICKET_COLUMNS`) to the header that
PSA writes; `PRESET_ALTERNATES` lists other spellings the same PSA produces (API field paths,
older UI labels), accepted when reading but never written.

Sources for the field names (no public real CSV export of these three PSAs exists, see
shared/realdata/INDEX.md, so the CSV headers follow each product's UI labels and the API
field names are taken from its documented REST model):

- ConnectWise Manage (ConnectWise PSA): REST API v3.0 `service/tickets` model (`id`,
  `summary`, `company/name`, `priority/name`, `type/name`, `board/name`, `status/name`,
  `dateEntered` / `_info/dateEntered`, `dateResponded`, `dateResolved`, `parentTicketId`,
  `requiredDate`), https://developer.connectwise.com/Products/Manage/REST and the generated SDK
  docs of sowderca/connectwise-ruby-sdk (docs/Ticket.md, docs/ServiceNote.md); service-board
  list columns ("Ticket #", "Company", "Summary Description", "Board", "Status", "Date
  Entered") from the ConnectWise "Setup Tables Reference Guide" (Service Board table) and
  portal.topleft.team "Understanding ConnectWise Cards".
- Autotask PSA: Web Services API `Ticket` entity (`ticketNumber`, `companyID`, `title`,
  `priority`, `ticketType`, `queueID`, `status`, `createDate`, `firstResponseDateTime`,
  `completedDate`, `dueDateTime`, `problemTicketId`) as exposed by the officecenter/Autotask
  PowerShell module (powershellgallery.com/packages/Autotask, New-AtwsTicket.ps1); UI labels
  "Ticket Number", "Account" (renamed "Company" in 2020), "Queue", "Complete Date", "Due Date".
- HaloPSA: the ticket model of the HaloAPI PowerShell module
  (powershellgallery.com/packages/HaloAPI, Data/Templates/Ticket.json: `id`, `dateoccurred`,
  `summary`, `client_name`, `team`, `tickettype_id`, `responsedate`, `dateclosed`,
  `fixbydate`, `parent_id`, `details`) and Halo's report/list column labels ("Ticket ID",
  "Client", "Ticket Type", "Team", "Date Opened"/"Date Logged", "Response Date", "Date Closed",
  "Deadline").
"""

from __future__ import annotations

import pandas as pd

from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header

GENERIC = "generic"
CONNECTWISE = "connectwise"
AUTOTASK = "autotask"
HALOPSA = "halopsa"

PRESETS: dict[str, dict[str, str]] = {
    GENERIC: dict(TICKET_COLUMNS),
    CONNECTWISE: {
        "ticket": "Ticket #",
        "client": "Company",
        "summary": "Summary Description",
        "priority": "Priority",
        "type": "Type",
        "board": "Board",
        "status": "Status",
        "created": "Date Entered",
        "first_response": "Date Responded",
        "resolved": "Resolved Date",
        "parent_ticket": "Parent Ticket #",
        "due": "Required Date",
        "survey_score": "Survey Score",
        "notes": "Initial Description",
        "security": "Security Incident",
    },
    AUTOTASK: {
        "ticket": "Ticket Number",
        "client": "Account",
        "summary": "Title",
        "priority": "Priority",
        "type": "Ticket Type",
        "board": "Queue",
        "status": "Status",
        "created": "Create Date",
        "first_response": "First Response Date",
        "resolved": "Complete Date",
        "parent_ticket": "Problem Ticket Number",
        "due": "Due Date",
        "survey_score": "Survey Rating",
        "notes": "Description",
        "security": "Security Ticket",
    },
    HALOPSA: {
        "ticket": "Ticket ID",
        "client": "Client Name",
        "summary": "Summary",
        "priority": "Priority",
        "type": "Ticket Type",
        "board": "Team",
        "status": "Status",
        "created": "Date Opened",
        "first_response": "Response Date",
        "resolved": "Date Closed",
        "parent_ticket": "Parent ID",
        "due": "Deadline",
        "survey_score": "Feedback Score",
        "notes": "Details",
        "security": "Security Incident",
    },
}

# Other spellings each PSA uses for the same field (API paths, older labels); read, never written.
PRESET_ALTERNATES: dict[str, dict[str, tuple[str, ...]]] = {
    GENERIC: {
        "ticket": ("Ticket Number", "Ticket #", "Ticket No", "Ticket ID"),
        "client": ("Client Name", "Company", "Company Name", "Customer"),
        "created": ("Created Date", "Date Created", "Created At", "Opened"),
        "resolved": ("Resolved Date", "Closed", "Closed Date"),
        "due": ("Due Date",),
        "board": ("Queue", "Board/Queue"),
    },
    CONNECTWISE: {
        "ticket": ("id", "Ticket Number", "Ticket ID"),
        "client": ("company/name", "Company Name"),
        "summary": ("summary",),
        "priority": ("priority/name",),
        "type": ("type/name",),
        "board": ("board/name", "Service Board"),
        "status": ("status/name",),
        "created": ("dateEntered", "_info/dateEntered", "Entered"),
        "first_response": ("dateResponded", "Responded Date"),
        "resolved": ("dateResolved", "closedDate", "Closed Date", "Date Resolved"),
        "parent_ticket": ("parentTicketId", "Parent Ticket"),
        "due": ("requiredDate", "Due Date"),
        "notes": ("initialDescription", "Notes"),
    },
    AUTOTASK: {
        "ticket": ("ticketNumber",),
        "client": ("Company", "companyID", "Account Name"),
        "summary": ("title",),
        "type": ("ticketType",),
        "board": ("queueID", "Queue Name"),
        "created": ("createDate", "Created", "Created Date"),
        "first_response": ("firstResponseDateTime", "First Response Date Time", "First Response"),
        "resolved": ("completedDate", "Completed Date", "Complete Date Time"),
        "parent_ticket": ("problemTicketId", "Problem Ticket"),
        "due": ("dueDateTime", "Due Date Time"),
        "survey_score": ("Survey Score", "Customer Satisfaction"),
        "notes": ("description",),
    },
    HALOPSA: {
        "ticket": ("ID", "id", "Ticket Number"),
        "client": ("Client", "client_name", "Customer"),
        "summary": ("summary",),
        "type": ("Request Type", "tickettype"),
        "board": ("team", "Team Name"),
        "created": ("Date Logged", "Date Occurred", "dateoccurred", "Opened Date"),
        "first_response": ("responsedate", "Date Responded"),
        "resolved": ("dateclosed", "Closed Date", "Resolved Date"),
        "parent_ticket": ("parent_id", "Parent Ticket"),
        "due": ("fixbydate", "Fix By Date", "Target Date"),
        "survey_score": ("Feedback Rating", "Satisfaction Score"),
        "notes": ("details",),
    },
}


def preset_names() -> list[str]:
    return list(PRESETS)


def accepted_headers(preset: str, field: str) -> tuple[str, ...]:
    """Every header the preset accepts for one canonical field, preferred spelling first."""
    primary = PRESETS[preset].get(field)
    alternates = PRESET_ALTERNATES.get(preset, {}).get(field, ())
    return ((primary,) if primary else ()) + alternates


def resolve_columns(headers: list[str], preset: str) -> dict[str, str]:
    """Canonical field -> the actual header in `headers` that the preset reads it from."""
    by_normal: dict[str, str] = {}
    for header in headers:
        by_normal.setdefault(normalise_header(header), header)
    resolved: dict[str, str] = {}
    for field in TICKET_COLUMNS:
        for candidate in accepted_headers(preset, field):
            actual = by_normal.get(normalise_header(candidate))
            if actual is not None:
                resolved[field] = actual
                break
    return resolved


def _distinctive_matches(headers: list[str], preset: str) -> int:
    # Headers the preset writes that the generic layout does not: "Ticket #", "Date Entered".
    generic = {normalise_header(h) for h in PRESETS[GENERIC].values()}
    present = {normalise_header(h) for h in headers}
    own = {normalise_header(h) for h in PRESETS[preset].values()} - generic
    return len(own & present)


def detect_preset(headers: list[str]) -> str | None:
    """The preset whose required fields all resolve and whose distinctive headers match best.

    Ties go to the earlier preset (generic first), so a plain file is read as generic.
    """
    scored: list[tuple[int, int, int, str]] = []
    for order, preset in enumerate(PRESETS):
        resolved = resolve_columns(headers, preset)
        if all(field in resolved for field in REQUIRED_TICKET_COLUMNS):
            distinctive = _distinctive_matches(headers, preset)
            scored.append((distinctive, len(resolved), -order, preset))
    return max(scored)[3] if scored else None


def canonical_to_export(frame: pd.DataFrame, preset: str) -> pd.DataFrame:
    """The same tickets in the preset's layout (export headers, text as a PSA writes it)."""
    layout = PRESETS[preset]
    columns = [field for field in TICKET_COLUMNS if field in frame.columns and field in layout]
    export = frame[columns].rename(columns={field: layout[field] for field in columns})
    for field in columns:
        header = layout[field]
        series = frame[field]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            export[header] = series.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif field == "security":
            export[header] = series.map({True: "Yes", False: "No"})
    return export.reset_index(drop=True)
