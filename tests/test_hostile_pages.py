"""Every page (ui.routing.PAGES) under AppTest on a workbook whose clients are named like
Markdown and HTML (tests/hostile_files.HOSTILE_NAMES), with hostile query parameters and a
hostile upload name: no text that came from data renders as a link, an image, a heading or a
Streamlit directive. Cheaper than the browser test, which checks what Chromium draws.

Each Markdown-rendered body or label is rendered here by a CommonMark parser (as Streamlit's
react-markdown does) and searched for elements built from the hostile text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from app.sources import Upload
from tests.app_fixtures import start
from tests.hostile_files import ATTACKER, HOSTILE_NAMES, write_hostile_workbook
from tests.paths import SAMPLE_WORKBOOK
from ui.routing import PAGES
from ui.source import UPLOADED_KEY

pytestmark = pytest.mark.usefixtures("shell_on_every_run")
RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
PHISH = f"[Sign in again](http://{ATTACKER}/phish)"
# What a hostile text may never become once rendered, and Streamlit's own syntax left live.
BUILT_FROM_DATA = (
    re.compile(rf"<a [^>]*{re.escape(ATTACKER)}"),
    re.compile(r"<img "),
    re.compile(r"<h\d>[^<]*Big Heading"),
)
LIVE_SYNTAX = (
    re.compile(r":red\["),  # a colour directive: its [ unescaped
    re.compile(r"(?<!\\)www\.attacker"),  # a bare link: its . unescaped
)
MARKDOWN_BODIES = ("markdown", "caption", "title", "header", "subheader")
ALERTS = ("error", "warning", "info", "success", "toast")
LABELLED = ("expander", "tabs", "metric", "button", "checkbox", "toggle", "text_input")


@pytest.fixture(scope="module")
def hostile_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workbook = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    write_hostile_workbook(SAMPLE_WORKBOOK, workbook)
    return workbook


@pytest.fixture
def on_hostile(
    hostile_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no pulse.toml: local mode
    monkeypatch.setenv("PULSE_WORKBOOK", str(hostile_workbook))
    for name in ("PULSE_TICKETS", "PULSE_EVENTS", "PULSE_SHAREPOINT_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield hostile_workbook


def rendered_texts(app: AppTest) -> Iterator[tuple[str, str]]:
    """(where, Markdown source) of every body and label the page rendered as Markdown."""
    for kind in (*MARKDOWN_BODIES, *ALERTS):
        for element in getattr(app, kind):
            yield kind, str(element.value)
    for kind in LABELLED:
        for element in getattr(app, kind):
            yield kind, str(element.label)
    for radio in app.radio:
        yield "radio", str(radio.label)
        yield from (("radio option", str(option)) for option in radio.options)


def built_from_data(app: AppTest) -> list[str]:
    found = []
    for kind, text in rendered_texts(app):
        html = RENDER.render(text)
        if any(p.search(html) for p in BUILT_FROM_DATA) or any(p.search(text) for p in LIVE_SYNTAX):
            found.append(f"{kind}: {text[:160]!r}")
    return found


def page_run(page: str, **params: str) -> AppTest:
    app = start(**params)
    if page != PAGES[0][0]:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.usefixtures("on_hostile")
@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_no_page_builds_a_link_image_or_heading_from_data(page: str) -> None:
    params = {"client": HOSTILE_NAMES[2]} if page == "pages/client.py" else {}
    app = page_run(page, **params)
    assert built_from_data(app) == []


@pytest.mark.usefixtures("on_hostile")
@pytest.mark.parametrize("page", ["pages/client.py", "pages/incident_room.py", "pages/help.py"])
def test_hostile_query_parameters_are_inert(page: str) -> None:
    """A link someone was sent: every parameter a page reads spells a phishing link."""
    params = {"client": PHISH, "ticket": PHISH, "section": PHISH}
    app = page_run(page, **params)
    assert built_from_data(app) == []


@pytest.mark.usefixtures("on_hostile")
def test_hostile_filters_and_as_of_are_inert() -> None:
    params = {"vcio": PHISH, "status": f"# {PHISH}", "as_of": f"![x](http://{ATTACKER}/p.png)"}
    app = page_run("pages/health.py", **params)
    assert built_from_data(app) == []
    assert any("Ignoring" in str(w.value) for w in [*app.warning, *app.sidebar.warning])


def test_a_hostile_upload_name_is_inert(on_hostile: Path) -> None:
    app = start()
    name = f"![pixel](http://{ATTACKER}/p.png) # {PHISH}.xlsx"
    app.session_state[UPLOADED_KEY] = Upload(name=name, data=on_hostile.read_bytes())
    for page in ("pages/monday.py", "pages/workbook.py"):
        app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        assert built_from_data(app) == []
    assert any("pixel" in text for _, text in rendered_texts(app))  # the name is shown


def test_the_check_finds_what_it_looks_for() -> None:
    """The scan is not blind: unescaped hostile names are caught, one way or another."""
    for name in HOSTILE_NAMES[2:]:
        html = RENDER.render(f"Client: {name}" if "Big" not in name else name)
        assert any(p.search(html) for p in BUILT_FROM_DATA) or any(
            p.search(name) for p in LIVE_SYNTAX
        ), name
