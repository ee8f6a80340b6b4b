"""Records: one typed frame per tab, and outcomes typed on the way back in."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.records import Records
from pulse.schema import Sheet


def records() -> Records:
    empty = pd.DataFrame()
    return Records(
        clients=pd.DataFrame({"client": ["Acme"]}),
        episodes=empty,
        actions=empty,
        escalation=empty,
        audit=empty,
        history=empty,
    )


def test_frame_names_each_tab() -> None:
    held = records()
    assert held.frame(Sheet.CLIENTS) is held.clients
    assert held.frame(Sheet.HISTORY) is held.history


def test_with_frames_types_new_frames_as_their_sheet_declares() -> None:
    episodes = pd.DataFrame(
        {
            "client": ["Acme", "Globex"],
            "status": ["Active", "Recommended"],
            "recommended_on": ["2026-11-02", None],  # text, as a hand-built frame may hold
            "crit_noc": [True, False],  # numpy bool: cannot hold a blank
            "marked_in_psa": [1, 0],
        }
    )
    held = records()
    updated = held.with_frames({Sheet.EPISODES: episodes, Sheet.ACTIONS: None})
    assert pd.api.types.is_datetime64_dtype(updated.episodes["recommended_on"])
    assert updated.episodes.at[0, "recommended_on"] == pd.Timestamp(2026, 11, 2)
    assert pd.isna(updated.episodes.at[1, "recommended_on"])
    assert str(updated.episodes["crit_noc"].dtype) == "boolean"
    assert list(updated.episodes["marked_in_psa"]) == [True, False]
    assert updated.actions is held.actions  # None: unchanged
    assert updated.clients is held.clients


def test_typed_frames_pass_through_untouched() -> None:
    typed = pd.DataFrame({"client": ["Acme"], "crit_noc": pd.array([True], dtype="boolean")})
    updated = records().with_frames({Sheet.EPISODES: typed})
    assert updated.episodes is typed


def test_records_are_immutable() -> None:
    with pytest.raises(AttributeError):
        records().clients = pd.DataFrame()  # type: ignore[misc]
