"""Tiny typed frames, shaped like the workbook reader's, for the workflow-side tests, and the small
workbook (four episodes, three action items) the workflow tests start from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from pulse.frames import cell_text
from pulse.schema import (
    ACTIONS,
    AUDIT,
    CLIENT_KEY,
    EPISODES,
    SHEET_ROW,
    Criterion,
    Kind,
    SheetSpec,
    client_key,
)
from pulse.workflow import Outcome


def typed_frame(spec: SheetSpec, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as dicts (missing cells blank) typed like the reader: str, datetime64, boolean."""
    rows = list(rows)
    frame = pd.DataFrame({name: [row.get(name) for row in rows] for name in spec.names})
    for column in spec.columns:
        values = frame[column.name]
        if column.kind in (Kind.DATE, Kind.DATETIME):
            frame[column.name] = pd.to_datetime(values)
        elif column.kind is Kind.YES_NO:
            frame[column.name] = values.astype("boolean")
        elif column.kind is Kind.INTEGER:
            frame[column.name] = values.astype("Int64")
        elif column.kind in (Kind.MONEY, Kind.NUMBER):
            frame[column.name] = values.astype("float64")
        else:
            frame[column.name] = values.astype("str")
    frame[CLIENT_KEY] = frame["client"].map(client_key).astype("str")
    frame[SHEET_ROW] = pd.array([row.get("sheet_row") for row in rows], dtype="Int64")
    return frame


def episodes_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return typed_frame(EPISODES, rows)


def actions_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return typed_frame(ACTIONS, rows)


def audit_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return typed_frame(AUDIT, rows)


def row_texts(frame: pd.DataFrame, label: Any, columns: Iterable[str]) -> dict[str, str]:
    return {column: cell_text(frame.at[label, column]) for column in columns}


def audit_tuples(audit: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    """(client, field, old, new, note) per audit row, for hand-written expectations."""
    return [
        (row.client, row.field, row.old, row.new, row.note)
        for row in audit[["client", "field", "old", "new", "note"]].itertuples()
    ]


def d(text: str) -> date:
    return date.fromisoformat(text)


# March 2025: Mondays are the 3rd, 10th and 17th; the 11th is a Tuesday.
AT = datetime(2025, 3, 10, 11, 30)
USER = "ada@msp.example"
MEETING = d("2025-03-10")  # a Monday CST meeting
TUESDAY = d("2025-03-11")
DECIDERS = {"vcio": "Vic", "director": "Dee"}


def sample_episodes() -> pd.DataFrame:
    return episodes_frame(
        [
            {
                "client": "Acme Dental",
                "status": "Recommended",
                "recommended_by": "Sam",
                "recommended_on": "2025-03-05",
                "crit_noc": True,
                "reason": "Three outages",
                "sheet_row": 2,
            },
            {
                "client": "Birch Law",
                "status": "Active",
                "recommended_on": "2025-02-26",
                "vcio_approval": "Vic",
                "vcio_approved_on": "2025-03-03",
                "director_approval": "Dee",
                "director_approved_on": "2025-03-03",
                "cst_meeting_date": "2025-03-03",
                "crit_frustrated_messages": True,
                "reason": "Angry CFO email",
                "progress_notes": "2025-03-03: Kick-off",
                "sheet_row": 3,
            },
            {
                "client": "Cedar Clinic",
                "status": "Removed",
                "recommended_on": "2025-01-06",
                "cst_meeting_date": "2025-01-13",
                "marked_in_psa": True,
                "removed_on": "2025-02-24",
                "removal_reason": "Healthy again",
                "sheet_row": 4,
            },
            {"client": "Dune Corp", "status": "Declined", "sheet_row": 5},
        ]
    )


def sample_actions() -> pd.DataFrame:
    keys = ("client", "action", "department", "owner", "due", "status", "done_on", "ticket")
    rows = [
        ("Birch Law", "Replace firewall", "NOC", "Nia", "2025-03-07", "Open"),
        ("Birch Law", "Weekly call with POC", "vCIO", "Vic", "2025-03-14", "Open", None, "T-200"),
        (
            "Acme Dental",
            "Review backups",
            "Service Desk",
            "Sol",
            "2025-02-28",
            "Done",
            "2025-02-27",
        ),
    ]
    return actions_frame(  # cells past a row's end are blank; sheet rows 2, 3, 4
        [{**dict(zip(keys, row, strict=False)), "sheet_row": n} for n, row in enumerate(rows, 2)]
    )


# Calls every workflow test can make on the samples (a new client, a new action item).
RECOMMEND_ELM: dict[str, Any] = {
    "client": "Elm Farms",
    "criteria": {Criterion.NOC},
    "reason": "Outages",
    "by": "Sam",
    "on": d("2025-03-06"),
}
ADD_TEST_RESTORE: dict[str, Any] = {
    "client": "Acme Dental",
    "action": "Test restore",
    "department": "NOC",
    "owner": "Nia",
    "due": d("2025-03-14"),
}


def run_on_episodes(call: Callable[..., Outcome], **kwargs: Any) -> Outcome:
    """Run a transition and prove the input frame was left untouched."""
    episodes = sample_episodes()
    outcome = call(episodes, at=kwargs.pop("at", AT), user=USER, **kwargs)
    pd.testing.assert_frame_equal(episodes, sample_episodes())
    return outcome


def run_on_actions(call: Callable[..., Outcome], **kwargs: Any) -> Outcome:
    actions = sample_actions()
    outcome = call(actions, at=kwargs.pop("at", AT), user=USER, **kwargs)
    pd.testing.assert_frame_equal(actions, sample_actions())
    return outcome
