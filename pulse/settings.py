"""Every threshold, weight, calendar and role in one typed settings object.

Defaults live here (SPEC.md); `connectors.config.load_settings` overlays an optional `pulse.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from pulse.schema import Criterion

DEFAULT_TIMEZONE = "America/Los_Angeles"  # the business time zone unless pulse.toml says another


@dataclass(frozen=True)
class BusinessHours:
    """The business clock: outside these hours every incident target's clock stops (seed 002)."""

    timezone: str = DEFAULT_TIMEZONE
    opens: time = time(8, 0)
    closes: time = time(17, 0)
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday=0
    holiday_country: str = "US"  # US federal holidays from the `holidays` package
    extra_holidays: tuple[str, ...] = ()  # ISO dates the MSP also closes


@dataclass(frozen=True)
class IncidentTargets:
    """Business minutes for each step of a critical incident (SPEC "Critical incidents")."""

    first_response: int = 60  # after reported
    swarm_created: int = 15  # after reported ("immediately")
    summary_posted: int = 15  # after swarm_created
    infosec_added: int = 15  # after swarm_created, security incidents only
    vitm_acknowledged: int = 60  # after swarm_created
    vitm_phone_trigger: int = 30  # not acknowledged by then -> phone the vITM
    vitm_phoned: int = 60  # due after swarm_created
    vitm_manager_trigger: int = 60  # not acknowledged by then -> add the vITM's manager
    vitm_manager_added: int = 75  # due after swarm_created
    vcio_tagged: int = 15  # after vitm_unavailable
    vcio_acknowledged: int = 30  # after vcio_tagged
    vcio_phoned: int = 45  # after vcio_tagged, if not acknowledged by vcio_acknowledged's due
    # While an incident is open the client hears from us at least this often after the first
    # response (SPEC "Client updates"); a reminder, not one of the SLA steps.
    client_update: int = 60


@dataclass(frozen=True)
class IncidentSettings:
    """The live incident room (SPEC "Critical incidents during business hours", live use)."""

    # A separate small workbook beside the Client Pulse workbook (a file name in the same folder,
    # local or on SharePoint) holding the Incident Log, so live clicks never wait on a workbook
    # someone has open in Excel; "" keeps the Incident Log tab in the Client Pulse workbook.
    log_workbook: str = ""
    refresh_seconds: int = 30  # an open incident's countdown is redrawn this often
    # Names for the SWARM roles that do not come from the Clients tab (pulse.incidents.SwarmRole
    # values: analyst, escalation_technician, service_desk_manager, infosec_lead).
    swarm_contacts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NotificationSettings:
    """What `pulse watch` posts by itself (SPEC "Notifications"); the channels' URLs and
    passwords are secrets, never here (`.streamlit/secrets.toml` or the environment)."""

    due_soon_minutes: int = 10  # a step due within this many business minutes is reminded of
    digest_time: time = time(8, 0)  # the Monday-morning digest, from this time (business zone)
    timeout_seconds: float = 10.0  # a channel silent this long is a failed post, retried later


def _default_first_response_targets() -> dict[str, int]:
    # Business minutes to first response by priority; the seeds cite a matrix they don't include.
    return {"Critical": 60, "High": 120, "Medium": 240, "Low": 480}


@dataclass(frozen=True)
class SignalSettings:
    """Criteria signals computed from tickets (SPEC "Criteria signals from tickets")."""

    window_days: int = 30
    service_desk_urgent_incidents: int = 3  # Critical/High incidents in the window
    service_desk_late_responses: int = 2  # tickets answered after their target
    noc_critical_incidents: int = 2
    project_overdue_tickets: int = 1
    frustrated_survey_max: int = 2  # a survey score at or below this is frustration
    communication_days: int = 14  # seed 003's unresponsiveness clock
    first_response_targets: dict[str, int] = field(default_factory=_default_first_response_targets)
    noc_boards: tuple[str, ...] = ("NOC", "Network Operations Center")
    project_boards: tuple[str, ...] = ("Projects", "Project")
    frustration_phrases: tuple[str, ...] = (
        "frustrated",
        "unacceptable",
        "disappointed",
        "fed up",
        "escalate",
        "not happy",
        "unhappy",
        "again?",
        "third time",
        "cancel our contract",
    )
    hiring_phrases: tuple[str, ...] = (
        "hiring an it",
        "hired an it",
        "internal it",
        "in-house it",
        "it manager position",
    )
    reducing_phrases: tuple[str, ...] = ("layoff", "laid off", "reducing staff", "downsizing")
    acquisition_phrases: tuple[str, ...] = (
        "acquired",
        "acquisition",
        "merger",
        "merging",
        "new parent company",
    )


def _default_weights() -> dict[Criterion, float]:
    return {
        Criterion.ACQUISITION: 0.40,
        Criterion.HIRING_INTERNAL_IT: 0.40,
        Criterion.REDUCING_STAFF: 0.25,
        Criterion.FRUSTRATED: 0.20,
        Criterion.SERVICE_DESK: 0.15,
        Criterion.PROJECT: 0.15,
        Criterion.COMMUNICATION: 0.15,
        Criterion.NOC: 0.10,
    }


@dataclass(frozen=True)
class RiskSettings:
    weights: dict[Criterion, float] = field(default_factory=_default_weights)
    high: float = 0.40  # risk at or above is "high"
    medium: float = 0.15  # risk at or above (and below high) is "medium"


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


def _default_contacts() -> dict[str, Contact]:
    # Roles, never names, in code: people are set in pulse.toml [escalation.contacts.<role>].
    return {
        "sales_contact": Contact(name="Sales contact"),
        "manager": Contact(name="Your manager"),
        "executive_sponsor": Contact(name="Executive sponsor"),
        "cs_manager": Contact(name="Customer Success manager"),
        "sales_manager": Contact(name="Sales manager"),
        "executive": Contact(name="Executive (final escalation)"),
    }


@dataclass(frozen=True)
class EscalationSettings:
    sales_contact_after_days: int = 14  # seed 003: two weeks without response
    manager_after_days: int = 28  # two more weeks
    urgent_hours: int = 48  # "response needed much sooner than 48 hours"
    task_tool: str = "the task tool"  # seed 003 names ClickUp
    chat_tool: str = "the team channel"  # seed 003 names Slack
    contacts: dict[str, Contact] = field(default_factory=_default_contacts)


# ---- ticket exports: how each PSA says priority, closed and satisfaction -----------------------
# README "Tickets and signals" gives each default with its source; pulse.toml [tickets.<psa>]
# changes them. Keys of `priorities` and `lookups` match ignoring case and repeated spaces.

# Exact status names (any case) that mean closed; a word inside another status never counts,
# so ConnectWise's "Done yet?" and "Pending Closure~" stay open.
GENERIC_CLOSED_STATUSES: tuple[str, ...] = (
    "Closed",
    "Resolved",
    "Complete",
    "Completed",
    "Cancelled",
    "Canceled",
    "Done",
)
# Fields where an all-digit value is a record ID from the PSA's API, never a name.
ID_FIELDS: tuple[str, ...] = ("client", "board", "priority", "status", "type")


def _connectwise_priorities() -> dict[str, str]:
    return {
        # The priorities a new ConnectWise PSA site starts with.
        "Priority 1 - Emergency Response": "Critical",
        "Priority 2 - Quick Response": "High",
        "Priority 3 - Normal Response": "Medium",
        "Priority 4 - Schedule Maintenance": "Low",
        # A board list view writes the priority's colour icon instead of its name
        # (".../infoIcons/urgencyColors/lime.gif"); read as a traffic light. Each site picks
        # its colours, so purple and the rest are left for pulse.toml.
        "red.gif": "Critical",
        "orange.gif": "High",
        "yellow.gif": "Medium",
        "lime.gif": "Low",
        "green.gif": "Low",
    }


@dataclass(frozen=True)
class TicketRules:
    """One PSA's words: priority labels, closed statuses, survey direction and record IDs."""

    priorities: dict[str, str] = field(default_factory=dict)  # label -> Critical/High/Medium/Low
    closed_statuses: tuple[str, ...] = GENERIC_CLOSED_STATUSES
    survey_best: int = 5  # 5: a 5 is the best score; 1: a 1 is (HaloPSA), read as 6 - score
    id_fields: tuple[str, ...] = ()  # fields whose all-digit values are IDs, not names
    lookups: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {ID: name}


def _default_ticket_rules() -> dict[str, TicketRules]:
    return {
        "generic": TicketRules(),
        "connectwise": TicketRules(
            priorities=_connectwise_priorities(),
            closed_statuses=(">Closed", *GENERIC_CLOSED_STATUSES),
            id_fields=ID_FIELDS,
        ),
        "autotask": TicketRules(id_fields=ID_FIELDS),
        "halopsa": TicketRules(survey_best=1, id_fields=ID_FIELDS),
    }


class Role(StrEnum):
    """Access roles (issue: only the right people change the record)."""

    DIRECTOR = "director"
    VCIO = "vcio"
    VITM = "vitm"
    ACCOUNT_ADMIN = "account_admin"
    SERVICE_DESK_MANAGER = "service_desk_manager"
    # Department managers (with the Service Desk Manager): each completes and updates the action
    # items of their own department (seed 001, "Department Managers").
    PROJECTS_MANAGER = "projects_manager"
    NOC_MANAGER = "noc_manager"
    SALES_MANAGER = "sales_manager"
    MEMBER = "member"
    VIEWER = "viewer"
    # Single-user local mode (no sign-in): the one person running the app keeps the records,
    # so every action is theirs.
    LOCAL = "local"

    @property
    def label(self) -> str:
        """As a caption names it: 'Director of Client Success'."""
        return _ROLE_WORDS[self][0]

    @property
    def person(self) -> str:
        """As a sentence names someone in it: 'the Director of Client Success', 'a vCIO'."""
        return _ROLE_WORDS[self][1]

    @classmethod
    def of(cls, value: str) -> Role:
        """The role a configured word names (any case); a misspelt one is viewer, never more."""
        try:
            return cls(value.strip().casefold())
        except ValueError:
            return cls.VIEWER


_ROLE_WORDS: dict[Role, tuple[str, str]] = {
    Role.DIRECTOR: ("Director of Client Success", "the Director of Client Success"),
    Role.VCIO: ("vCIO", "a vCIO"),
    Role.VITM: ("vITM", "a vITM"),
    Role.ACCOUNT_ADMIN: ("Account Administrator", "the Account Administrator"),
    Role.SERVICE_DESK_MANAGER: ("Service Desk Manager", "the Service Desk Manager"),
    Role.PROJECTS_MANAGER: ("Projects Manager", "the Projects Manager"),
    Role.NOC_MANAGER: ("NOC Manager", "the NOC Manager"),
    Role.SALES_MANAGER: ("Sales Manager", "the Sales Manager"),
    Role.MEMBER: ("Team member", "a team member"),
    Role.VIEWER: ("Viewer (read-only)", "a viewer"),
    # Nobody to ask: "who may" hints name real roles only.
    Role.LOCAL: ("may do everything", "the local user"),
}


@dataclass(frozen=True)
class InputLimits:
    """How big a file from outside may be before it is refused unread (docs/security.md).

    An .xlsx is a zip: a 1 MB file can inflate to gigabytes, so every part is measured (the size
    it declares, then the bytes it really inflates to) before anything reads it.
    """

    xlsx_part_mb: int = 200  # any one part of an .xlsx inflated (a sheet)
    xlsx_small_part_mb: int = 20  # workbook.xml and sharedStrings.xml, which are read whole
    xlsx_total_mb: int = 500  # every part of one .xlsx together, inflated
    ticket_file_mb: int = 500  # a ticket export or events file as stored (CSV or XLSX)
    ticket_rows: int = 2_000_000  # data rows of a ticket export


@dataclass(frozen=True)
class Settings:
    business_hours: BusinessHours = field(default_factory=BusinessHours)
    incident_targets: IncidentTargets = field(default_factory=IncidentTargets)
    incidents: IncidentSettings = field(default_factory=IncidentSettings)
    signals: SignalSettings = field(default_factory=SignalSettings)
    risk: RiskSettings = field(default_factory=RiskSettings)
    escalation: EscalationSettings = field(default_factory=EscalationSettings)
    notifications: NotificationSettings = field(default_factory=NotificationSettings)
    rca_grace_days: int = 7  # RCA incomplete this long after approval is flagged
    stale_days: int = 7  # data older than this is bannered as stale
    local_user: str = "Local user"  # the name audit rows carry when sign-in is not configured
    roles: dict[str, str] = field(default_factory=dict)  # email -> Role.*
    default_role: str = Role.MEMBER
    ticket_mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    tickets: dict[str, TicketRules] = field(default_factory=_default_ticket_rules)
    limits: InputLimits = field(default_factory=InputLimits)


DEFAULT_SETTINGS = Settings()
DEFAULT_LIMITS = InputLimits()
