"""Missing cells and tidy text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pulse.incidents.cells import is_missing, tidy_text


@pytest.mark.parametrize(
    ("value", "missing"),
    [(None, True), (math.nan, True), (pd.NaT, True), (pd.NA, True), ("", False), ("  ", False)],
)
def test_is_missing(value: object, missing: bool) -> None:
    assert is_missing(value) is missing


@pytest.mark.parametrize(
    ("value", "text"),
    [(" Acme  Dental ", "Acme Dental"), ("   ", None), (pd.NA, None), (12, "12"), ("x\ny", "x y")],
)
def test_tidy_text(value: object, text: str | None) -> None:
    assert tidy_text(value) == text
