"""Every table on every page (ui.routing.PAGES) reads as a person would, under AppTest on the
sample with its ticket export and incident events: each column's header is words (never a code
name such as `recommended_by`), a missing value shows as "—" (never "None"), and no cell holds
the text "None". The browser test in tests/test_browser.py checks what Chromium draws."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import MONDAY_SECTIONS, open_monday_section, start
from tests.paths import SAMPLE_WORKBOOK
from ui.routing import PAGES
from ui.tables import EMPTY, is_raw_name

pytestmark = pytest.mark.usefixtures("shell_on_every_run")
# A client with every kind of table on its page: episodes, action items, flags, tickets.
CLIENT_PARAMS = {"pages/client.py": {"client": "Summit Pharmacy"}}


@pytest.fixture
def on_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The bundled sample (read only), so its ticket export and incident events load too."""
    monkeypatch.chdir(tmp_path)  # no pulse.toml: local mode
    monkeypatch.setenv("PULSE_WORKBOOK", str(SAMPLE_WORKBOOK))
    for name in ("PULSE_TICKETS", "PULSE_EVENTS", "PULSE_SHAREPOINT_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield


def page_tables(page: str) -> list[object]:
    """Every table the page can show; on the Monday page, every section tab's."""
    app: AppTest = start(**CLIENT_PARAMS.get(page, {}))
    if page != PAGES[0][0]:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    tables = list(app.dataframe)
    if page == "pages/monday.py":  # the first tab is open; the others one at a time
        for title in MONDAY_SECTIONS[1:]:
            tables += list(open_monday_section(app, title).dataframe)
    return tables


def headers(table: object) -> dict[str, str]:
    """Each shown column's header: its configured label, else its name."""
    frame: pd.DataFrame = table.value  # type: ignore[attr-defined]
    config = json.loads(table.proto.columns or "{}")  # type: ignore[attr-defined]
    shown = [name for name in frame.columns if not config.get(str(name), {}).get("hidden")]
    return {str(name): config.get(str(name), {}).get("label") or str(name) for name in shown}


def none_cells(frame: pd.DataFrame) -> list[tuple[str, int]]:
    return [
        (str(name), position)
        for name in frame.columns
        for position, value in enumerate(frame[name])
        if isinstance(value, str) and value.strip() in {"None", "nan", "NaT"}
    ]


@pytest.mark.usefixtures("on_the_sample")
@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_every_table_on_the_page_reads_as_words(page: str) -> None:
    for table in page_tables(page):
        frame: pd.DataFrame = table.value  # type: ignore[attr-defined]
        where = f"{page}: table with columns {list(frame.columns)}"
        raw = [header for header in headers(table).values() if is_raw_name(header)]
        assert not raw, f"{where}: code names as headers {raw}"
        assert not none_cells(frame), f"{where}: 'None' as text in {none_cells(frame)}"
        has_missing = bool(frame.isna().to_numpy().any()) if not frame.empty else False
        placeholder = table.proto.placeholder  # type: ignore[attr-defined]
        assert placeholder == EMPTY or not has_missing, f"{where}: missing values show as None"


@pytest.mark.usefixtures("on_the_sample")
def test_the_scan_sees_the_tables_that_matter() -> None:
    """The sample's Monday and client pages have tables, so the scan above checks something."""
    assert len(page_tables("pages/monday.py")) >= 7
    assert len(page_tables("pages/client.py")) >= 3
