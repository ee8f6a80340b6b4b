"""Extra-care criteria signals computed from tickets (SPEC "Criteria signals from tickets").

Every rule reads thresholds, boards and phrases from `SignalSettings`; each fired signal carries
its evidence (ticket numbers) and a short reason a person can check by hand.

The window is the `window_days` calendar days before the as-of date: a ticket counts when
``as_of - window_days <= created date <= as_of - 1``, its created date taken in the business time
zone. Rules (one row per client and criterion that fires):

- service desk: >= `service_desk_urgent_incidents` Critical/High tickets of type incident, or
  >= `service_desk_late_responses` tickets answered late. Late: the first response came after
  created + the priority's first-response target on the business clock, or there is no first
  response yet and that target passed before the as-of date began (due < as-of 00:00 local).
- NOC: >= `noc_critical_incidents` Critical incidents on a NOC board/queue.
- project: >= `project_overdue_tickets` open project tickets (type project, or a project board)
  whose due date is before the as-of date -- any open one, however old, not only in the window.
- frustrated messages: a ticket with a survey score <= `frustrated_survey_max`, or whose summary
  or notes contain a frustration phrase (case-insensitive).
- communication: as-of - Last Client Contact >= `communication_days`; a blank contact raises no
  signal and is listed by `missing_contact`.

Hiring internal IT, reducing staff and acquisition are only ever *suggested*
(`ticket_suggestions`): a person sets those flags.

The modules: ``rules`` (the signals), ``index`` (what each ticket is, decided once per export),
``window`` (which tickets are recent), ``matching`` (types,
boards, phrases), ``evidence`` (thresholds, evidence tickets, reasons), ``suggestions``, and
``views`` (the CLI's JSON).
"""

from pulse.extra_care import SIGNAL_COLUMNS, communication_signals, missing_contact
from pulse.signals.index import URGENT_PRIORITIES, TicketIndex, ticket_index
from pulse.signals.rules import FRUSTRATED_MIN_TICKETS, ticket_signals
from pulse.signals.suggestions import SUGGESTION_COLUMNS, ticket_suggestions
from pulse.signals.views import signals_json
from pulse.signals.window import in_window, window_tickets

__all__ = [
    "FRUSTRATED_MIN_TICKETS",
    "SIGNAL_COLUMNS",
    "SUGGESTION_COLUMNS",
    "URGENT_PRIORITIES",
    "TicketIndex",
    "communication_signals",
    "in_window",
    "missing_contact",
    "signals_json",
    "ticket_index",
    "ticket_signals",
    "ticket_suggestions",
    "window_tickets",
]
