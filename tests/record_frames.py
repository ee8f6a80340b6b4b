"""Tiny typed frames of the workbook's tabs, as the reader gives them (text as object with None
for a blank cell, dates as datetime64, yes/no as boolean), for the open-loop and RCA tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from pulse.frames import typed_frame
from pulse.schema import ACTIONS, AUDIT, CLIENT_KEY, CLIENTS, EPISODES, SheetSpec, client_key


def frame_of(spec: SheetSpec, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as dicts, a missing cell blank; dates may be ISO text."""
    rows = list(rows)
    frame = pd.DataFrame(
        {name: pd.Series([row.get(name) for row in rows], dtype=object) for name in spec.names}
    )
    frame[CLIENT_KEY] = frame["client"].map(client_key)
    return typed_frame(frame, spec)


def clients_of(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame_of(CLIENTS, rows)


def episodes_of(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame_of(EPISODES, rows)


def actions_of(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame_of(ACTIONS, rows)


def audit_of(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame_of(AUDIT, rows)
