"""Tiny typed frames, shaped like the workbook reader's, for the workflow-side tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from pulse.frames import cell_text
from pulse.schema import (
    ACTIONS,
    AUDIT,
    CLIENT_KEY,
    EPISODES,
    SHEET_ROW,
    Kind,
    SheetSpec,
    client_key,
)


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
