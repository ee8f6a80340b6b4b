"""Messages for the top of the next run: what a save or a form just did (they rerun the page)."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from pulse.markdown import plain

NOTICES_KEY = "pending_notices"  # [(level, text)]: shown once, at the top of the next run
Level = Literal["success", "info", "warning", "error"]


def notice(level: Level, text: str) -> None:
    st.session_state.setdefault(NOTICES_KEY, []).append((level, text))


def show_notices() -> None:
    """Each notice as plain text: they name files, clients and servers' messages."""
    shown = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
    for level, text in st.session_state.pop(NOTICES_KEY, []):
        shown[level](plain(text))
