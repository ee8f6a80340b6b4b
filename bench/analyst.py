"""Reference: the analyst's script -- what a person writes in a notebook for the same figures.

pandas `read_excel` (openpyxl), default `read_csv` and `to_datetime`, a groupby for the 30-day
ticket counts. Only pandas is imported. Prints the figures as JSON for the bench to compare.

    python bench/analyst.py WORKBOOK TICKETS AS_OF
"""

import json
import sys

import pandas as pd

ZONE = "America/Los_Angeles"
CLIENTS_TITLE_ROWS = 2
WINDOW_DAYS = 30


def main(workbook: str, tickets_csv: str, as_of_text: str) -> None:
    as_of = pd.Timestamp(as_of_text)
    clients = pd.read_excel(
        workbook, sheet_name="Clients", header=CLIENTS_TITLE_ROWS, engine="openpyxl"
    )
    episodes = pd.read_excel(workbook, sheet_name="Extra Care Tracking Info", engine="openpyxl")
    actions = pd.read_excel(workbook, sheet_name="Action Items", engine="openpyxl")
    tickets = pd.read_csv(tickets_csv)
    tickets["Created"] = pd.to_datetime(tickets["Created"])

    active = episodes[episodes["Status"] == "Active"]
    on_care = clients["Client"].isin(active["Client"])
    overdue = actions[(actions["Status"] != "Done") & (actions["Due"] < as_of)]
    created_day = tickets["Created"].dt.tz_convert(ZONE).dt.tz_localize(None).dt.normalize()
    recent = tickets[
        (created_day >= as_of - pd.Timedelta(days=WINDOW_DAYS)) & (created_day < as_of)
    ]
    counts = recent.groupby("Client").size()
    print(
        json.dumps(
            {
                "clients": int(clients["Client"].notna().sum()),
                "active": len(active),
                "recommended": int((episodes["Status"] == "Recommended").sum()),
                "mrr_total": round(float(clients["MRR"].sum()), 2),
                "mrr_on_extra_care": round(float(clients.loc[on_care, "MRR"].sum()), 2),
                "overdue_action_items": len(overdue),
                "tickets_30_days": {str(k): int(v) for k, v in counts.items()},
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
