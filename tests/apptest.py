"""AppTest as the real server runs this app: the shell (streamlit_app.py) on every run.

AppTest resets PagesManager.uses_pages_directory before each run; because this repository keeps
its pages in a folder named `pages/`, a rerun then takes Streamlit's v1 multipage path and execs
the page file alone, skipping the shell (sidebar, loader, save results). The real server clears
the flag for good once st.navigation is called, so this fixture does the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture
def shell_on_every_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False  # as after st.navigation's first call

    monkeypatch.setattr(PagesManager, "__init__", init)
    yield
