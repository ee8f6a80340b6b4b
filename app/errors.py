"""The errors the application core raises, for both shells to catch and word: a bad input (with
its problems, each naming file, sheet, cell and what to do), a path that names no usable file,
a ticket export or events file that cannot be read, and a notification channel set up so
that nothing could post to it. They are the readers' own
(connectors.errors), named here so a shell's commands need not reach into connectors/."""

from connectors.channels import ChannelConfigError
from connectors.errors import InputError, PathError, Problem, TicketExportError

__all__ = ["ChannelConfigError", "InputError", "PathError", "Problem", "TicketExportError"]
