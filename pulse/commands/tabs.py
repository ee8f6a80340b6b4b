"""The workbook tabs a command reads, named without loading the commands (or pandas): the shell
starts reading them ahead (pulse/cli.py) while the rest of the program loads."""

from __future__ import annotations

from pulse.schema import Sheet

# The tabs the Monday figures come from (the Audit Log dates the action items the app added, for
# the RCA's open loops); Pulse History is not read for a summary.
SUMMARY_TABS = (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS, Sheet.AUDIT)

# Command -> the tabs it reads from the workbook named right after it (`pulse summary WORKBOOK`).
READ_AHEAD: dict[str, tuple[Sheet, ...]] = {"summary": SUMMARY_TABS}
