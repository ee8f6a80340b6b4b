"""Who to call, what to say, and when (SPEC "Escalation", seeds 003 and 004).

Two halves:
- the escalation matrix (seed 004): type of escalation x level -> role and responsibility, read
  from the workbook's Escalation Matrix tab (columns type, level, role, responsibility);
  ``matrix`` looks levels up and validates the tab, ``matching`` reads a few typed words as a type;
  ``default_matrix`` is seed 004's matrix, the default when a workbook has no such tab;
- the escalation pathways (seed 003): an unresponsive customer (``pathway``, also run for every
  client from its Last Client Contact), an urgent issue and a dispute with a sales or CS team
  member (``guidance``).

People are never named here: the seed's named people are roles in `EscalationSettings.contacts`
(``contacts``). ``views`` holds the CLI's JSON; ``errors`` the questions that cannot be answered.
"""

from pulse.escalation.contacts import (
    CS_MANAGER,
    EXECUTIVE,
    EXECUTIVE_SPONSOR,
    MANAGER,
    SALES_CONTACT,
    SALES_MANAGER,
    contact_for,
    role_key,
)
from pulse.escalation.default_matrix import (
    DEFAULT_MATRIX_NOTE,
    SEED_004_RESPONSIBILITIES,
    EscalationMatrix,
    default_matrix,
    matrix_in_use,
)
from pulse.escalation.errors import EscalationError, NoEscalationMatch
from pulse.escalation.guidance import (
    DisputeTeam,
    Step,
    UrgentGuidance,
    dispute_steps,
    urgent_guidance,
)
from pulse.escalation.matching import TYPE_SYNONYMS, match_escalation_type
from pulse.escalation.matrix import (
    FIRST_LEVEL,
    LEVEL,
    LEVEL_ROLES,
    LEVELS,
    MATRIX_COLUMNS,
    RESPONSIBILITY,
    ROLE,
    TYPE,
    EscalationLevel,
    EscalationPath,
    escalation_levels,
    escalation_types,
    next_level,
    validate_matrix,
)
from pulse.escalation.pathway import (
    CLIENT_PATHWAY_COLUMNS,
    Pathway,
    UnresponsiveStage,
    client_pathways,
    unresponsive_pathway,
    unresponsive_stage,
)
from pulse.escalation.views import contacts_json, escalate_json, pathway_json

__all__ = [
    "CLIENT_PATHWAY_COLUMNS",
    "CS_MANAGER",
    "DEFAULT_MATRIX_NOTE",
    "EXECUTIVE",
    "EXECUTIVE_SPONSOR",
    "FIRST_LEVEL",
    "LEVEL",
    "LEVELS",
    "LEVEL_ROLES",
    "MANAGER",
    "MATRIX_COLUMNS",
    "RESPONSIBILITY",
    "ROLE",
    "SALES_CONTACT",
    "SALES_MANAGER",
    "SEED_004_RESPONSIBILITIES",
    "TYPE",
    "TYPE_SYNONYMS",
    "DisputeTeam",
    "EscalationError",
    "EscalationLevel",
    "EscalationMatrix",
    "EscalationPath",
    "NoEscalationMatch",
    "Pathway",
    "Step",
    "UnresponsiveStage",
    "UrgentGuidance",
    "client_pathways",
    "contact_for",
    "contacts_json",
    "default_matrix",
    "dispute_steps",
    "escalate_json",
    "escalation_levels",
    "escalation_types",
    "match_escalation_type",
    "matrix_in_use",
    "next_level",
    "pathway_json",
    "role_key",
    "unresponsive_pathway",
    "unresponsive_stage",
    "urgent_guidance",
    "validate_matrix",
]
