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

Since then (issue 19), real material from public sources was examined, and the spellings it
showed are accepted too: a ConnectWise Manage service-board list export (no Date Entered but
`Age` and `Last Update`, repeated `Change Mgmt Date`/`Time` columns, a `Subtype` column);
Autotask's import/export files (`Autotask Ticket Number`, `Create Date/Time`, the UI's
"Organization") and REST payloads (`resolvedDateTime`, integer IDs); HaloPSA reports (`Date
Opened` or `Date Created`, `Date Responded`, `Date Resolved`, `Target Resolution Date`,
`Section`, `Priority Description`, `Survey Level`).
"""

from __future__ import annotations

import pandas as pd

from pulse.schema import REQUIRED_TICKET_COLUMNS, TICKET_COLUMNS, normalise_header
from pulse.settings import DEFAULT_SETTINGS

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
        "ticket": ("ticketNumber", "Autotask Ticket Number"),
        "client": ("Organization", "Organization Name", "Company", "companyID", "Account Name"),
        "summary": ("title",),
        "type": ("ticketType",),
        "board": ("queueID", "Queue Name"),
        "created": ("Create Date/Time", "createDate", "Created", "Created Date"),
        "first_response": (
            "firstResponseDateTime",
            "First Response Date/Time",
            "First Response Date Time",
            "First Response",
        ),
        "resolved": ("completedDate", "Completed Date", "Complete Date/Time", "Complete Date Time"),
        "parent_ticket": ("problemTicketId", "Problem Ticket"),
        "due": ("dueDateTime", "Due Date/Time", "Due Date Time"),
        "survey_score": ("Survey Score", "Customer Satisfaction"),
        "notes": ("description",),
    },
    HALOPSA: {
        "ticket": ("ID", "id", "Ticket Number"),
        "client": ("Client", "client_name", "Customer"),
        "summary": ("summary",),
        "priority": ("Priority Description", "priority/name", "priority_id"),
        "type": ("Request Type", "tickettype"),
        "board": ("Section", "team", "Team Name"),
        "created": ("Date Created", "Date Logged", "Date Occurred", "dateoccurred", "Opened Date"),
        "first_response": ("Date Responded", "responsedate"),
        "resolved": ("Date Resolved", "dateclosed", "Closed Date", "Resolved Date"),
        "parent_ticket": ("parent_id", "Parent Ticket"),
        "due": ("Target Resolution Date", "fixbydate", "Fix By Date", "Target Date"),
        "survey_score": ("Survey Level", "Feedback Rating", "Satisfaction Score"),
        "notes": ("details",),
    },
}

# Spellings read *before* the preset's own: Autotask's resolvedDateTime can be hours earlier
# than completedDate (the ticket was fixed, then closed later), and Resolved means fixed.
PREFERRED: dict[str, dict[str, tuple[str, ...]]] = {
    AUTOTASK: {
        "resolved": ("resolvedDateTime", "Resolved Date/Time", "Resolved Date Time"),
    },
}

# Days since the ticket was entered: ConnectWise's board list view has Age but no Date Entered
# unless that column is added; Created is then counted back from the export's time.
AGE_HEADERS: dict[str, tuple[str, ...]] = {CONNECTWISE: ("Age",)}

# When each row was last changed: picks the row to keep when one ticket appears twice.
UPDATED_HEADERS: dict[str, tuple[str, ...]] = {
    GENERIC: ("Last Update", "Last Updated", "Updated", "Updated At", "Modified"),
    CONNECTWISE: ("Last Update", "lastUpdated", "_info/lastUpdated"),
    AUTOTASK: ("Last Activity Date", "Last Activity Date/Time", "lastActivityDate"),
    HALOPSA: ("Last Action Date", "lastactiondate", "Last Update"),
}

# Headers that say which PSA wrote an export: its own spellings, never words every tool uses
# ("Title", "Description", Jira's "Issue Type"), that two PSAs share (ConnectWise's and Halo's
# "Date Responded") or that match another tool's once punctuation is ignored ("company/name"
# is "Company Name").
SIGNATURES: dict[str, tuple[str, ...]] = {
    CONNECTWISE: (
        "Ticket #",
        "Summary Description",
        "Date Entered",
        "Age",
        "Last Update",
        "Subtype",
        "Change Mgmt Date",
        "Change Mgmt Time",
        "Service Board",
        "Parent Ticket #",
        "Required Date",
        "Initial Description",
        "dateEntered",
        "_info/dateEntered",
    ),
    AUTOTASK: (
        "Autotask Ticket Number",
        "Ticket Number",
        "Account",
        "Organization",
        "Organization Name",
        "Queue",
        "Create Date",
        "Create Date/Time",
        "Complete Date",
        "Complete Date/Time",
        "Problem Ticket Number",
        "Sub-Issue Type",
        "Last Activity Date",
        "ticketNumber",
        "companyID",
        "queueID",
        "createDate",
        "completedDate",
        "resolvedDateTime",
    ),
    HALOPSA: (
        "Client Name",
        "Team",
        "Section",
        "Date Opened",
        "Date Logged",
        "Date Closed",
        "Response Date",
        "Deadline",
        "Target Resolution Date",
        "Priority Description",
        "Survey Level",
        "Feedback Score",
        "Last Action Date",
        "client_name",
        "dateoccurred",
        "responsedate",
        "dateclosed",
    ),
}

# Where a missing column is added before exporting again, in each PSA's own words.
ADD_COLUMN_HINTS: dict[str, str] = {
    GENERIC: "add a column named '{header}' to the export, or map the columns once",
    CONNECTWISE: "add the {header} column to the service board's list view before exporting",
    AUTOTASK: "add the {header} column to the ticket search's columns before exporting",
    HALOPSA: "add the {header} field to the report's columns before exporting",
}


def preset_names() -> list[str]:
    return list(PRESETS)


def accepted_headers(preset: str, field: str) -> tuple[str, ...]:
    """Every header the preset accepts for one canonical field, in the order they are tried."""
    primary = PRESETS[preset].get(field)
    alternates = PRESET_ALTERNATES.get(preset, {}).get(field, ())
    preferred = PREFERRED.get(preset, {}).get(field, ())
    return preferred + ((primary,) if primary else ()) + alternates


def resolve_columns(headers: list[str], preset: str) -> dict[str, str]:
    """Canonical field -> the actual header in `headers` that the preset reads it from."""
    resolved: dict[str, str] = {}
    for field in TICKET_COLUMNS:
        actual = first_present(headers, accepted_headers(preset, field))
        if actual is not None:
            resolved[field] = actual
    return resolved


def first_present(headers: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first candidate the file has (ignoring case, spaces and punctuation), as spelt there."""
    by_normal: dict[str, str] = {}
    for header in headers:
        by_normal.setdefault(normalise_header(header), header)
    for candidate in candidates:
        actual = by_normal.get(normalise_header(candidate))
        if actual is not None:
            return actual
    return None


def age_header(headers: list[str], preset: str) -> str | None:
    """The column of days since entry, when the preset counts Created back from it."""
    return first_present(headers, AGE_HEADERS.get(preset, ()))


def required_found(headers: list[str], preset: str) -> list[str]:
    """The required fields the preset finds; Created also from its Age column."""
    resolved = resolve_columns(headers, preset)
    if "created" not in resolved and age_header(headers, preset):
        resolved["created"] = "(age)"
    return [field for field in REQUIRED_TICKET_COLUMNS if field in resolved]


def signature_matches(headers: list[str], preset: str) -> int:
    """How many of the file's headers only this PSA writes ("Date Entered", "Section")."""
    present = {normalise_header(h) for h in headers}
    return len({normalise_header(h) for h in SIGNATURES.get(preset, ())} & present)


def detect_preset(headers: list[str]) -> str | None:
    """The preset whose required fields all resolve and whose own headers match best.

    Ties go to the earlier preset (generic first), so a plain file is read as generic.
    """
    scored: list[tuple[int, int, int, str]] = []
    for order, preset in enumerate(PRESETS):
        if len(required_found(headers, preset)) == len(REQUIRED_TICKET_COLUMNS):
            resolved = len(resolve_columns(headers, preset))
            scored.append((signature_matches(headers, preset), resolved, -order, preset))
    return max(scored)[3] if scored else None


def closest_preset(headers: list[str]) -> str:
    """The preset an export that fits none most looks like: its own headers, then what it finds."""

    def likeness(order_and_preset: tuple[int, str]) -> tuple[int, int, int]:
        order, preset = order_and_preset
        found = len(required_found(headers, preset))
        return (signature_matches(headers, preset), found, -order)

    return max(enumerate(PRESETS), key=likeness)[1]


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
        elif field == "survey_score" and DEFAULT_SETTINGS.tickets[preset].survey_best == 1:
            export[header] = 6 - series  # HaloPSA's scale runs the other way: 1 is best
    return export.reset_index(drop=True)
