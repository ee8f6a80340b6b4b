"""Critical incidents against the business-hours response procedure (SPEC, seed 002).

Each critical incident's recorded events are measured against the procedure's steps on the
business clock (``pulse.business_clock``): every step gets a due time, the time it was done, and a
status (met / breached / pending / not required). Only events at or before ``as_of`` count.

Readings where SPEC is silent (also in the README's "Rules"):
- **No swarm yet.** Steps measured "after swarm_created" are measured from the swarm's actual
  creation when it happened, and otherwise from the swarm's own due time -- the latest moment it
  should have existed. A missing swarm therefore never stops the procedure's clock: a manager sees
  the summary, the vITM acknowledgement, etc. fall due (and breach) as if the swarm had been made
  on time. The same holds for the vCIO steps when ``vcio_tagged`` has not happened.
- **Conditional steps** (``vitm_phoned``, ``vitm_manager_added``, ``vcio_phoned``) become required
  once as-of is past their trigger (e.g. 30 business minutes after the swarm) with no
  acknowledgement at or before the trigger. Before that they are ``not_required`` (their condition
  has not arisen yet).
- **vITM unavailable** waives each vITM step that was not done by that moment and whose due time
  had not passed (due >= the moment); a step already past due stays breached.
- A step that is not required carries no due time.
- Resolution does not waive steps: SPEC's breached ("not done and as-of > due") is applied as is.
- The reported time is the first ``reported`` event; without one, the ticket's Created time; and
  without a ticket row, the incident's earliest event.
- A ticket is a security incident when the ticket export says so, an ``infosec_added`` event was
  recorded, or it was declared with a Note starting ``security:``.
- Critical incidents are the tickets that have events; a ticket whose export row has a priority
  other than Critical is left out; a ticket with events but no export row is kept (its client and
  summary from a ``declared`` row, else unknown).
- **Reported by phone** (ticket Source phone, or a ``reported`` Note starting ``phone:``): answered
  live, so the first response is met at the reported time.
- **The silent vITM**: once the manager step is done or past due with no acknowledgement and no
  hand-over, the prompt "mark the vITM unavailable and tag the vCIO" takes the vITM steps' place
  as the next action, due from the moment it arose (a step due earlier still comes first).
- **Corrections**: a ``corrected`` row voids the row it names (same ticket, event and time) from
  its own time on; neither counts for any step.
  A ticket whose every row is voided, with no Created time in the export, is no incident.

The modules, rules first and views after:
- ``procedure``: the steps, the event that marks each done, who does it and what they must do;
- ``due_rules``: when each step is due, whether it is required, the vITM waiver;
- ``events``: which events have happened as of an instant, the reported time;
- ``steps``: one incident's step statuses and its next action;
- ``tickets`` and ``cells``: what the ticket export says about an incident;
- ``updates``: client updates due after the first response; ``members``: the SWARM members;
  ``related``: child and problem tickets; ``drafts``: the SWARM title and summary to copy;
- ``read_table`` and ``step_table``: the readings and the rules above over every incident at
  once, as columns (what the table runs; the one-incident functions say the rules);
- ``table``: every critical incident as of an instant (``incidents_table``); ``room``: one
  incident as its live room shows it; ``recording``: the rows one click appends;
- ``instants``: the as-of instant, business minutes left, UTC and local times;
- ``views`` (JSON, terminal text, filters), ``charts`` (display frames, timeline, weekly data) and
  ``report`` (the post-incident report, Markdown).
"""

from pulse.incidents.charts import (
    EVENTS_LANE,
    STATUS_COLOURS,
    business_shading,
    first_response_by_week,
    incident_detail,
    incidents_overview,
    steps_overview,
    timeline_marks,
    timeline_window,
    weekly_compliance_chart_data,
)
from pulse.incidents.drafts import TITLE_DASH, UNKNOWN_CLIENT, swarm_summary, swarm_title
from pulse.incidents.events import (
    EVENT_COLUMNS,
    LOG_COLUMNS,
    effective_events,
    first_times,
    reported_time,
    with_log_columns,
)
from pulse.incidents.instants import as_of_instant, business_minutes_left, countdown
from pulse.incidents.procedure import (
    EVENT_ACTIONS,
    EVENT_LABELS,
    PROMPT_ACTIONS,
    STEP_ACTIONS,
    STEP_EVENTS,
    STEP_ROLES,
    TIMED_EVENTS,
    VITM_STEPS,
    IncidentStep,
    Prompt,
    Responder,
    SwarmRole,
)
from pulse.incidents.recording import (
    Declaration,
    LogEntry,
    NotRecorded,
    audit_rows,
    correction_entry,
    declared_entries,
    iso_time,
    log_rows,
    started_entries,
    step_entry,
)
from pulse.incidents.report import post_incident_report
from pulse.incidents.room import IncidentRoom, events_to_record, find_incident, incident_room
from pulse.incidents.steps import (
    STEP_COLUMNS,
    NextAction,
    incident_steps,
    next_action,
    step_status,
    steps_by_status,
    vitm_silent_since,
)
from pulse.incidents.table import INCIDENT_COLUMNS, CriticalIncidents, incidents_table
from pulse.incidents.updates import ClientUpdates, UpdateStatus, client_updates
from pulse.incidents.views import (
    client_choices,
    filter_incidents,
    incidents_json,
    most_relevant_first,
    render_incidents_text,
)

__all__ = [
    "EVENTS_LANE",
    "EVENT_ACTIONS",
    "EVENT_COLUMNS",
    "EVENT_LABELS",
    "INCIDENT_COLUMNS",
    "LOG_COLUMNS",
    "PROMPT_ACTIONS",
    "STATUS_COLOURS",
    "STEP_ACTIONS",
    "STEP_COLUMNS",
    "STEP_EVENTS",
    "STEP_ROLES",
    "TIMED_EVENTS",
    "TITLE_DASH",
    "UNKNOWN_CLIENT",
    "VITM_STEPS",
    "ClientUpdates",
    "CriticalIncidents",
    "Declaration",
    "IncidentRoom",
    "IncidentStep",
    "LogEntry",
    "NextAction",
    "NotRecorded",
    "Prompt",
    "Responder",
    "SwarmRole",
    "UpdateStatus",
    "as_of_instant",
    "audit_rows",
    "business_minutes_left",
    "business_shading",
    "client_choices",
    "client_updates",
    "correction_entry",
    "countdown",
    "declared_entries",
    "effective_events",
    "events_to_record",
    "filter_incidents",
    "find_incident",
    "first_response_by_week",
    "first_times",
    "incident_detail",
    "incident_room",
    "incident_steps",
    "incidents_json",
    "incidents_overview",
    "incidents_table",
    "iso_time",
    "log_rows",
    "most_relevant_first",
    "next_action",
    "post_incident_report",
    "render_incidents_text",
    "reported_time",
    "started_entries",
    "step_entry",
    "step_status",
    "steps_by_status",
    "steps_overview",
    "swarm_summary",
    "swarm_title",
    "timeline_marks",
    "timeline_window",
    "vitm_silent_since",
    "weekly_compliance_chart_data",
    "with_log_columns",
]
