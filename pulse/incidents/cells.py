"""Single cells of the ticket export and of the incidents table: missing, or tidy text."""

from __future__ import annotations

from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or <NA> (a scalar cell); text, even blank text, is a value."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def tidy_text(value: Any) -> str | None:
    """The cell as text with runs of whitespace made one space; None when missing or blank."""
    if is_missing(value):
        return None
    text = " ".join(str(value).split())
    return text or None
