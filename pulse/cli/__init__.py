"""`pulse`: the command-line shell. It parses the command line, calls the application core
(app/) and prints; the rules live in pulse/, the files and SharePoint in connectors/.

Exit codes: 0 ok, 1 bad input (one line per problem), 2 usage (a missing path, or a folder
where a file goes) or SharePoint misconfigured, 3 someone saved the file meanwhile (or holds it
open), 4 SharePoint unreachable or refusing the credentials. Wherever a command takes a
workbook path, the word `sharepoint` means the configured live file (PULSE_SHAREPOINT_* in the
environment or [sharepoint] in .streamlit/secrets.toml).
"""

from pulse.cli.main import main

__all__ = ["main"]
