"""streamlit_app.py: what `streamlit run streamlit_app.py` serves. Every visitor's run is the
shell (tested under AppTest in tests/ui/test_shell.py); before the server accepts anyone, it
runs the first page once itself (ui/warm.py)."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from app.sample import sample_folder
from tests.paths import REPO, SAMPLE_WORKBOOK
from tests.test_browser import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_streamlit_run_finds_the_app_and_its_first_run() -> None:
    found = discover_asgi_app(REPO / "streamlit_app.py")
    assert found.is_asgi_app
    assert found.import_string == "streamlit_app:app"


def test_the_first_page_is_read_before_the_server_opens(tmp_path: Path) -> None:
    """No workbook named: the first page's run makes this week's sample (as a visitor's first
    run of the week would) before /_stcore/health answers, with no browser ever opened."""
    cache = tmp_path / "cache"
    env = {"PULSE_NOW": "2026-12-02T10:00", "PULSE_CACHE_DIR": str(cache)}
    made = sample_folder(date(2026, 12, 2), env) / SAMPLE_WORKBOOK.name
    assert made.parent.name == "2026-11-30"  # the week's Monday, worked out by hand
    with running_app(None, tmp_path, env=env) as app:
        assert made.is_file(), app.log.read_text(encoding="utf-8")
        log = app.log.read_text(encoding="utf-8")
    assert "Client Pulse: ready" in log
    assert "Traceback" not in log
