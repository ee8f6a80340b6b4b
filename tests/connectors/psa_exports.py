"""The PSA exports issue 19 describes, rebuilt from its facts (no real file is needed).

Each is small enough to work every canonical value out by hand; the tests in test_tickets.py
say what each row must read as.
"""

from __future__ import annotations

import pandas as pd

from connectors.ticket_dates import ExportTime

ICON = "common/images/../../common/images/infoIcons/urgencyColors/{}.gif"

# ConnectWise Manage, a service board's list view: UTF-8 with a byte-order mark, every cell
# quoted, CRLF; no Date Entered, board, type, resolved or responded column, but Age (days since
# entry) and Last Update; Priority is the urgency icon's path; Change Mgmt Date and Time each
# twice; "Solution Design " ends in a space; Subtype says Security for security *work*.
CONNECTWISE_HEADERS = [
    "Ticket #",
    "Company",
    "Contact",
    "Summary Description",
    "Status",
    "Priority",
    "Age",
    "Last Update",
    "Source",
    "Subtype",
    "Change Mgmt Date",
    "Change Mgmt Time",
    "Change Mgmt Date",
    "Change Mgmt Time",
    "Solution Design ",
]
CONNECTWISE_ROWS = [
    ["101", "Acme Dental", "Pat Lee", "Server down", "New", ICON.format("orange"), "0.5",
     "04/21/2025 11:21 am", "Phone", "", "", "", "", "", ""],
    ["102", "Acme Dental", "Pat Lee", "Firewall rule review", "Done yet?", ICON.format("yellow"),
     "3.2", "04/20/2025 09:02 am", "Email", "Security", "", "", "", "", ""],
    ["103", "Globex Corp", "Sam Roe", "Printer offline", "Pending Closure~", ICON.format("lime"),
     "40.1", "04/18/2025 04:45 pm", "Email", "", "04/01/2025", "10:00 am", "", "", ""],
    ["104", "Globex Corp", "Sam Roe", "Email bouncing", ">Closed", ICON.format("purple"), "10",
     "04/12/2025 08:00 am", "Phone", "Security", "", "", "", "", ""],
    ["105", "Initech", "Bill Lum", "VPN slow", "Waiting on Client~", ICON.format("yellow"), "2",
     "04/21/2025 10:15 am", "Email", "", "", "", "", "", ""],
]  # fmt: skip
# The export was made at noon in Los Angeles on 21 April 2025 (PDT, UTC-7): 19:00 UTC.
CONNECTWISE_EXPORTED = ExportTime(pd.Timestamp("2025-04-21 19:00", tz="UTC"), "as given")


def connectwise_board(headers: list[str] | None = None) -> bytes:
    """The board export as ConnectWise writes it (BOM, every cell quoted, CRLF)."""
    chosen = headers or CONNECTWISE_HEADERS
    keep = [CONNECTWISE_HEADERS.index(h) if h in CONNECTWISE_HEADERS else -1 for h in chosen]
    lines = [chosen] + [[row[i] for i in keep] for row in CONNECTWISE_ROWS]
    text = "\r\n".join(",".join(f'"{cell}"' for cell in line) for line in lines) + "\r\n"
    return "\ufeff".encode() + text.encode()


# Autotask: the import/export file's words ("Autotask Ticket Number", the UI's "Organization",
# "Create Date/Time" such as 10/10/2022 8:00 PM).
AUTOTASK_FILE = (
    "Autotask Ticket Number,Organization,Title,Priority,Queue,Status,Create Date/Time\n"
    "T20221010.0001,Acme Dental,Printer jam,Medium,Service Desk,New,10/10/2022 8:00 PM\n"
    "T20221010.0002,Globex Corp,Server down,Critical,NOC,Complete,10/10/2022 9:30 PM\n"
)
# Autotask's REST payload, flattened: integer IDs for company, queue, priority, status and
# type; resolvedDateTime hours before completedDate.
AUTOTASK_REST = (
    "ticketNumber,companyID,title,priority,queueID,status,ticketType,createDate,"
    "resolvedDateTime,completedDate\n"
    "T20221011.0007,629,Server down,2,29683498,5,1,2022-10-11T15:00:00.000Z,"
    "2022-10-11T17:30:00.000Z,2022-10-11T23:00:00.000Z\n"
    "T20221011.0008,629,New laptop,4,29683498,1,2,2022-10-11T16:00:00.000Z,,\n"
)

# HaloPSA, a report: Date Created (or Opened), Date Responded, Date Resolved, Target Resolution
# Date, Section, Priority Description (SLA-specific names), Survey Level (1 is best); "no date"
# as 1900-01-01T00:00:00; times with seven fractional digits.
HALO_REPORT = (
    "Ticket ID,Client,Summary,Priority Description,Status,Date Created,Date Responded,"
    "Date Resolved,Target Resolution Date,Section,Survey Level\n"
    "5001,Acme Dental,Server down,EDES SLA 1,Closed,2025-03-03T09:15:27.1234567,"
    "2025-03-03T09:40:00.0000000,2025-03-03T13:00:00.0000000,1900-01-01T00:00:00,"
    "Service Desk,4\n"
    "5002,Acme Dental,New starter,Medium,In Progress,2025-03-04T10:00:00.0000000,"
    "1900-01-01T00:00:00,1900-01-01T00:00:00,2025-03-10T17:00:00.0000000,Projects,1\n"
    "5003,Initech,Password reset,Low,Pending Closure,2025-03-05T08:30:00.5000000,"
    "2025-03-05T08:45:00.0000000,1900-01-01T00:00:00,0001-01-01T00:00:00,Service Desk,\n"
)
