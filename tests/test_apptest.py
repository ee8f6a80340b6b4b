"""tests/apptest.py leans on one private part of Streamlit, PagesManager.uses_pages_directory:
these fail loudly, naming what to change, when Streamlit renames it, drops it or stops setting it
for a script beside a pages/ folder."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

FLAG = "uses_pages_directory"
CHANGE = (
    f"Streamlit changed PagesManager.{FLAG}: tests/apptest.py's shell_on_every_run must follow "
    "it, or AppTest reruns page files alone, without the shell"
)


def built_beside_a_pages_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """What the flag holds once a PagesManager is built for a script beside pages/, starting
    from unset (as AppTest leaves it before each run)."""
    (tmp_path / "pages").mkdir()
    monkeypatch.setattr(PagesManager, FLAG, None)
    PagesManager(str(tmp_path / "streamlit_app.py"))
    return getattr(PagesManager, FLAG)


def test_the_flag_is_still_a_class_attribute() -> None:
    assert FLAG in vars(PagesManager), CHANGE


def test_a_script_beside_a_pages_folder_still_sets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built_beside_a_pages_folder(tmp_path, monkeypatch) is True, CHANGE


@pytest.mark.usefixtures("shell_on_every_run")
def test_the_fixture_clears_it_as_st_navigation_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built_beside_a_pages_folder(tmp_path, monkeypatch) is False, CHANGE


def test_st_navigation_still_clears_it() -> None:
    """The fixture copies what st.navigation does on the real server."""
    from streamlit.commands import navigation

    assert f"PagesManager.{FLAG} = False" in inspect.getsource(navigation), CHANGE
