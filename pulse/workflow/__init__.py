"""The extra-care workflow (SPEC "Extra care", seeds 000/001): every change to an episode or an
action item, each returning new frames plus the audit rows that record it (an `Outcome`), or
refusing with a plain reason (`Refused`).

One module per concept:

- `outcome`: `Outcome` and `Refused`, what every change returns or raises;
- `audit`: how a change is recorded as audit rows (the encoding `replay` reads back);
- `episodes`: a client's latest episode, recommending (and deleting a recommendation recorded by
  mistake), reviews, RCA, PSA mark, announcement;
- `decisions`: approve, decline and remove, decided in a Monday CST meeting;
- `actions`: adding, editing, completing and deleting action items;
- `table_edits`: edits made straight in a table, as audit rows;
- `replay`: a session's changes applied again on a newer workbook.

Callers import from here (`from pulse.workflow import Outcome`); the modules import each other
directly, never through this package.
"""

from pulse.workflow.actions import (
    EDITABLE_ACTION_FIELDS,
    add_action,
    complete_action,
    delete_action,
    update_action,
)
from pulse.workflow.audit import (
    AUDIT_COLUMNS,
    FieldRef,
    audit_field,
    audit_rows_frame,
    empty_audit,
    parse_audit_field,
)
from pulse.workflow.decisions import approve, decline, remove
from pulse.workflow.episodes import (
    REVIEW_ON_MONDAY,
    delete_recommendation,
    latest_episode,
    latest_episodes,
    mark_in_psa,
    recommend,
    record_announcement,
    record_rca,
    record_review,
)
from pulse.workflow.outcome import Outcome, Refused
from pulse.workflow.replay import replay
from pulse.workflow.table_edits import EDITED_IN_TABLE, diff_to_audit, table_edits_outcome

__all__ = [
    "AUDIT_COLUMNS",
    "EDITABLE_ACTION_FIELDS",
    "EDITED_IN_TABLE",
    "REVIEW_ON_MONDAY",
    "FieldRef",
    "Outcome",
    "Refused",
    "add_action",
    "approve",
    "audit_field",
    "audit_rows_frame",
    "complete_action",
    "decline",
    "delete_action",
    "delete_recommendation",
    "diff_to_audit",
    "empty_audit",
    "latest_episode",
    "latest_episodes",
    "mark_in_psa",
    "parse_audit_field",
    "recommend",
    "record_announcement",
    "record_rca",
    "record_review",
    "remove",
    "replay",
    "table_edits_outcome",
    "update_action",
]
