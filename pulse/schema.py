"""The one place that names the workbook's sheets, columns, header aliases and statuses.

Excel headers become the snake_case names below at the connector boundary only; everything after
that (domain, pages, CLI) speaks these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Sheet(StrEnum):
    CLIENTS = "Clients"
    EPISODES = "Extra Care Tracking Info"
    ACTIONS = "Action Items"
    ESCALATION = "Escalation Matrix"
    AUDIT = "Audit Log"
    HISTORY = "Pulse History"
    INCIDENT_LOG = "Incident Log"


# Tabs the product writes back; every other tab of the workbook is never altered.
OWNED_SHEETS: tuple[Sheet, ...] = (
    Sheet.EPISODES,
    Sheet.ACTIONS,
    Sheet.AUDIT,
    Sheet.HISTORY,
    Sheet.INCIDENT_LOG,
)
# Owned tabs the product only ever appends rows to (a correction is a new row, never an edit).
APPEND_ONLY_SHEETS: tuple[Sheet, ...] = (Sheet.AUDIT, Sheet.INCIDENT_LOG)
# Tabs the product adds only when asked, and only to a workbook without one (seed 004's default
# matrix on export); once there, they are the team's and never altered.
ADDABLE_SHEETS: tuple[Sheet, ...] = (Sheet.ESCALATION,)
# Tabs a workbook must have to be a Client Pulse workbook at all.
REQUIRED_SHEETS: tuple[Sheet, ...] = (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS)


class EpisodeStatus(StrEnum):
    RECOMMENDED = "Recommended"
    ACTIVE = "Active"
    REMOVED = "Removed"
    DECLINED = "Declined"


OPEN_EPISODE_STATUSES: frozenset[EpisodeStatus] = frozenset(
    {EpisodeStatus.RECOMMENDED, EpisodeStatus.ACTIVE}
)


class ActionStatus(StrEnum):
    OPEN = "Open"
    DONE = "Done"


class Department(StrEnum):
    SERVICE_DESK = "Service Desk"
    PROJECTS = "Projects"
    NOC = "NOC"
    VCIO = "vCIO"
    VITM = "vITM"
    ACCOUNT_MANAGEMENT = "Account Management"
    SALES = "Sales"


class Criterion(StrEnum):
    """The eight extra-care criteria of seed 001, in the seed's order."""

    FRUSTRATED = "frustrated_messages"
    SERVICE_DESK = "service_desk"
    PROJECT = "project"
    COMMUNICATION = "communication"
    NOC = "noc"
    HIRING_INTERNAL_IT = "hiring_internal_it"
    REDUCING_STAFF = "reducing_staff"
    ACQUISITION = "acquisition"

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self]

    @property
    def column(self) -> str:
        """The episode-frame column holding a person's yes/no for this criterion."""
        return f"crit_{self.value}"


CRITERION_LABELS: dict[Criterion, str] = {
    Criterion.FRUSTRATED: "Frustrated Messages",
    Criterion.SERVICE_DESK: "Service Desk Concerns",
    Criterion.PROJECT: "Project Concerns",
    Criterion.COMMUNICATION: "Communication Concerns",
    Criterion.NOC: "NOC Concerns",
    Criterion.HIRING_INTERNAL_IT: "Hiring Internal IT",
    Criterion.REDUCING_STAFF: "Reducing Staff",
    Criterion.ACQUISITION: "Merger/Acquisition",
}

# Criteria only people can set: tickets may suggest them, never flag them (SPEC).
PERSON_ONLY_CRITERIA: frozenset[Criterion] = frozenset(
    {Criterion.HIRING_INTERNAL_IT, Criterion.REDUCING_STAFF, Criterion.ACQUISITION}
)


class Kind(StrEnum):
    """How a column's cells are parsed."""

    TEXT = "text"
    MONEY = "money"
    NUMBER = "number"
    INTEGER = "integer"
    YES_NO = "yes_no"
    DATE = "date"
    DATETIME = "datetime"  # a moment: ISO 8601 with its UTC offset (naive: business-zone time)


@dataclass(frozen=True)
class Column:
    name: str  # snake_case name used everywhere after the connector
    header: str  # the header the product writes
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SheetSpec:
    sheet: Sheet
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()  # other tab names accepted for this sheet

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


def _criterion_columns() -> tuple[Column, ...]:
    aliases: dict[Criterion, tuple[str, ...]] = {
        Criterion.FRUSTRATED: ("Frustrated", "Frustrated Message"),
        Criterion.SERVICE_DESK: ("Service Desk", "Service-Desk Concerns", "SD Concerns"),
        Criterion.PROJECT: ("Project", "Project-Related Concerns"),
        Criterion.COMMUNICATION: ("Communication",),
        Criterion.NOC: ("NOC",),
        Criterion.HIRING_INTERNAL_IT: ("Hiring Internal IT Staff", "Hiring IT"),
        Criterion.REDUCING_STAFF: ("Reducing Staff Due To Market Change",),
        Criterion.ACQUISITION: (
            "Merger / Acquisition",
            "Mergers & Acquisitions",
            "Merger",
            "Acquisition",
            "Acquired",
        ),
    }
    return tuple(
        Column(c.column, CRITERION_LABELS[c], Kind.YES_NO, aliases=aliases[c]) for c in Criterion
    )


CLIENTS = SheetSpec(
    Sheet.CLIENTS,
    (
        Column("client", "Client", required=True, aliases=("Client Name", "Company", "Account")),
        Column("mrr", "MRR", Kind.MONEY, required=True, aliases=("Monthly Recurring Revenue",)),
        Column("vcio", "vCIO", aliases=("Virtual CIO",)),
        Column("vitm", "vITM", aliases=("Virtual ITM", "vIT Manager")),
        Column("account_admin", "Account Administrator", aliases=("Account Admin",)),
        Column("segment", "Segment", aliases=("Industry", "Vertical")),
        Column("primary_poc", "Primary POC", aliases=("POC", "Primary Contact")),
        Column(
            "last_client_contact",
            "Last Client Contact",
            Kind.DATE,
            aliases=("Last Contact", "Last Contacted"),
        ),
        Column("contract_end", "Contract End", Kind.DATE, aliases=("Contract End Date",)),
    ),
)

EPISODES = SheetSpec(
    Sheet.EPISODES,
    (
        Column("client", "Client", required=True, aliases=("Client Name", "Company")),
        Column("status", "Status", required=True, aliases=("Extra Care Status",)),
        Column("recommended_by", "Recommended By"),
        Column("recommended_on", "Recommended On", Kind.DATE, aliases=("Recommended Date",)),
        Column("vcio_approval", "vCIO Approval", aliases=("vCIO Approved By",)),
        Column("vcio_approved_on", "vCIO Approval Date", Kind.DATE, aliases=("vCIO Approved On",)),
        Column("director_approval", "Director Approval", aliases=("Director Approved By",)),
        Column(
            "director_approved_on",
            "Director Approval Date",
            Kind.DATE,
            aliases=("Director Approved On",),
        ),
        Column("cst_meeting_date", "CST Meeting Date", Kind.DATE, aliases=("CST Meeting",)),
        *_criterion_columns(),
        Column("reason", "Reason", aliases=("Reason For Extra Care",)),
        Column("root_cause", "Root Cause", aliases=("Root Cause Analysis", "RCA")),
        Column("related_tickets", "Related Tickets", aliases=("Tickets", "Ticket Numbers")),
        Column("success_criteria", "Success Criteria", aliases=("What Done Looks Like",)),
        Column("team_instructions", "Team Instructions", aliases=("Instructions",)),
        Column("marked_in_psa", "Marked in PSA", Kind.YES_NO, aliases=("Marked In Pzzle",)),
        Column("announced_on", "Announced On", Kind.DATE, aliases=("Announced",)),
        Column("last_reviewed", "Last Reviewed", Kind.DATE, aliases=("Last Review",)),
        Column("progress_notes", "Progress Notes", aliases=("Progress",)),
        Column("removed_on", "Removed On", Kind.DATE, aliases=("Removal Date",)),
        Column("removal_reason", "Removal Reason", aliases=("Reason Removed",)),
    ),
    aliases=("Extra Care", "Extra Care Tracking"),
)

ACTIONS = SheetSpec(
    Sheet.ACTIONS,
    (
        Column("client", "Client", required=True, aliases=("Client Name", "Company")),
        Column("action", "Action", required=True, aliases=("Action Item", "Task")),
        Column("department", "Department", aliases=("Dept",)),
        Column("owner", "Owner", aliases=("Assigned To",)),
        Column("due", "Due", Kind.DATE, aliases=("Due Date",)),
        Column("status", "Status"),
        Column("done_on", "Done On", Kind.DATE, aliases=("Completed On", "Date Done")),
        Column("ticket", "Ticket", aliases=("Ticket Number", "Ticket #")),
    ),
    aliases=("Actions", "Action Item"),
)

ESCALATION = SheetSpec(
    Sheet.ESCALATION,
    (
        Column("type", "Type", required=True, aliases=("Type Of Escalation", "Escalation Type")),
        Column("level", "Level", Kind.INTEGER, required=True, aliases=("Escalation Level",)),
        Column("role", "Role", required=True),
        Column("responsibility", "Responsibility", required=True),
    ),
)

AUDIT = SheetSpec(
    Sheet.AUDIT,
    (
        Column("at", "At", Kind.DATETIME, required=True, aliases=("Timestamp", "When")),
        Column("user", "User", aliases=("Who",)),
        Column("client", "Client"),
        Column("field", "Field"),
        Column("old", "Old", aliases=("Old Value",)),
        Column("new", "New", aliases=("New Value",)),
        Column("note", "Note"),
    ),
)

HISTORY = SheetSpec(
    Sheet.HISTORY,
    (
        Column("week", "Week", Kind.DATE, required=True),
        Column("client", "Client", required=True),
        Column("status", "Status"),
        Column("criteria_count", "Criteria count", Kind.INTEGER, aliases=("Criteria",)),
        Column("risk", "Risk", Kind.NUMBER),
        Column("mrr", "MRR", Kind.MONEY),
        Column("mrr_at_risk", "MRR at Risk", Kind.MONEY),
    ),
)

# One row per event of a critical incident, recorded live in the app (SPEC "Incident Log"). At is
# ISO 8601 text with its UTC offset (a cell cannot hold an offset), read into an instant by
# connectors.incident_log; Client names a hand-declared incident's client.
INCIDENT_LOG = SheetSpec(
    Sheet.INCIDENT_LOG,
    (
        Column("ticket", "Ticket", required=True, aliases=("Ticket Number", "Ticket #")),
        Column("client", "Client", aliases=("Client Name", "Company")),
        Column("event", "Event", required=True, aliases=("Event Name", "Step")),
        Column("at", "At", required=True, aliases=("Time", "Timestamp", "When")),
        Column("actor", "Actor", aliases=("Who", "By")),
        Column("note", "Note", aliases=("Notes", "Comment")),
    ),
    aliases=("Incident Events", "Incidents Log"),
)

SHEET_SPECS: dict[Sheet, SheetSpec] = {
    spec.sheet: spec
    for spec in (CLIENTS, EPISODES, ACTIONS, ESCALATION, AUDIT, HISTORY, INCIDENT_LOG)
}

# Columns the reader adds to every frame besides the sheet's own.
CLIENT_KEY = "client_key"  # trimmed, case-folded client name used for every join
SHEET_ROW = "sheet_row"  # the 1-based Excel row a record came from (NA for new records)


def client_key(name: object) -> str:
    """Trim, collapse inner spaces and case-fold a client name for matching."""
    return " ".join(str(name).split()).casefold()


def normalise_header(header: object) -> str:
    """Headers match ignoring case, spaces and punctuation: 'vCIO  approval' == 'VCIO Approval'."""
    text = str(header).casefold()
    return "".join(ch for ch in text if ch.isalnum())


class Priority(StrEnum):
    CRITICAL = "Critical"
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"


class TicketType(StrEnum):
    INCIDENT = "incident"
    PROBLEM = "problem"
    SERVICE_REQUEST = "service request"
    PROJECT = "project"


# The canonical ticket frame every ticket-export preset is mapped to (SPEC "Ticket exports").
# Timestamps are tz-aware (UTC); naive export times are read in the configured business timezone.
TICKET_COLUMNS: dict[str, str] = {
    "ticket": "Ticket",  # str, required
    "client": "Client",  # str, required (display spelling)
    "summary": "Summary",  # str
    "priority": "Priority",  # Priority value or <NA>; required in the export
    "type": "Type",  # TicketType value or <NA>
    "board": "Board",  # str (board / queue)
    "status": "Status",  # str as exported
    "created": "Created",  # datetime64[ns, UTC], required
    "first_response": "First Response",  # datetime64[ns, UTC] or NaT
    "resolved": "Resolved",  # datetime64[ns, UTC] or NaT
    "parent_ticket": "Parent Ticket",  # str
    "due": "Due",  # datetime64[ns, UTC] or NaT
    "survey_score": "Survey Score",  # Float64 1..5 or <NA>
    "notes": "Notes",  # str
    "security": "Security",  # bool: security incident (column, or Type/Board says security)
}
REQUIRED_TICKET_COLUMNS: tuple[str, ...] = ("ticket", "client", "priority", "created")
# Derived by the reader: client_key (see client_key()) and is_open (bool: no Resolved time and
# a status that is not closed/resolved/completed/cancelled).


class IncidentEvent(StrEnum):
    REPORTED = "reported"
    CLIENT_RESPONDED = "client_responded"
    SWARM_CREATED = "swarm_created"
    SUMMARY_POSTED = "summary_posted"
    INFOSEC_ADDED = "infosec_added"
    VITM_ACKNOWLEDGED = "vitm_acknowledged"
    VITM_PHONED = "vitm_phoned"
    VITM_MANAGER_ADDED = "vitm_manager_added"
    VITM_UNAVAILABLE = "vitm_unavailable"
    VCIO_TAGGED = "vcio_tagged"
    VCIO_ACKNOWLEDGED = "vcio_acknowledged"
    VCIO_PHONED = "vcio_phoned"
    CLIENT_UPDATE_SENT = "client_update_sent"
    CHILD_TICKET_ATTACHED = "child_ticket_attached"
    PROBLEM_TICKET_OPENED = "problem_ticket_opened"
    RESOLVED = "resolved"
    # The live room's own (SPEC "Incident events"): a SWARM member joined (Note: the role); an
    # incident started by hand (Client, Note = summary, may start "security:"); a correction
    # (Note: which row and why) -- the log is append-only, so a mistake is voided, never edited.
    SWARM_MEMBER_ADDED = "swarm_member_added"
    DECLARED = "declared"
    CORRECTED = "corrected"


class StepStatus(StrEnum):
    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"
    NOT_REQUIRED = "not_required"
