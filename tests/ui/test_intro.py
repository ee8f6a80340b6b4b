"""The first visit's "what am I looking at" (ui/intro.py): every page has one with a README
section it links to, it shows until the person dismisses it, the dismissal is remembered for
that person across sessions, and the shared screen never shows it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_fixtures import start
from tests.paths import REPO
from ui.intro import INTROS, SEEN_FILE, Section, page_key, readme_sections, slug
from ui.routing import PAGES

pytestmark = pytest.mark.usefixtures("shell_on_every_run", "scenario_file")

ASKED = "What am I looking at?"


def intro_shown(app: AppTest) -> bool:
    return any(ASKED in str(element.value) for element in app.markdown)


# --- the texts ------------------------------------------------------------------------------


def test_every_page_has_an_introduction_and_no_other_page_does() -> None:
    assert sorted(INTROS) == sorted(path for path, *_ in PAGES)


@pytest.mark.parametrize("page", sorted(INTROS))
def test_each_introduction_links_to_a_readme_section(page: str) -> None:
    titles = {s.slug: s.title for s in readme_sections((REPO / "README.md").read_text())}
    assert titles.get(slug(INTROS[page].section)) == INTROS[page].section


def calls(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        for node in ast.walk(tree)
    )


@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_every_page_shows_its_introduction(page: str) -> None:
    assert calls(REPO / page, "page_intro"), f"{page} never calls page_intro"


def test_page_key_from_a_page_scripts_own_file() -> None:
    assert page_key(str(REPO / "pages" / "monday.py")) == "pages/monday.py"


README = """# Title

Intro text.

## What it is

Text.

```
## not a heading: inside a code block
```

## Rules

- a rule

### Critical incidents
- business hours

### Escalation
- levels

## Speed
fast
"""


def test_readme_sections_by_heading() -> None:
    found = readme_sections(README)
    assert [(s.slug, s.title) for s in found] == [
        ("what-it-is", "What it is"),
        ("rules", "Rules"),
        ("critical-incidents", "Critical incidents"),
        ("escalation", "Escalation"),
        ("speed", "Speed"),
    ]
    by_slug = {s.slug: s for s in found}
    assert by_slug["what-it-is"] == Section(
        "what-it-is",
        "What it is",
        "## What it is\n\nText.\n\n```\n## not a heading: inside a code block\n```",
    )
    # A section holds its sub-sections; a sub-section ends at the next heading of its level.
    assert by_slug["rules"].body.endswith("### Escalation\n- levels")
    assert by_slug["critical-incidents"].body == "### Critical incidents\n- business hours"


# --- on the page ----------------------------------------------------------------------------


def test_the_first_visit_shows_it_and_got_it_hides_it_for_good() -> None:
    app = start()
    assert intro_shown(app)
    app.button(key="intro_dismiss_monday").click().run()
    assert not intro_shown(app)
    again = start()  # a new session of the same person (after a reload or a restart)
    assert not intro_shown(again)
    again.switch_page("pages/health.py").run()
    assert intro_shown(again)  # each page is introduced once


def test_dismissals_are_per_person(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start().button(key="intro_dismiss_monday").click().run()
    config = scenario_file.parent / "other.toml"
    config.write_text('local_user = "someone.else@example.com"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    import streamlit as st

    st.cache_resource.clear()  # the shell caches pulse.toml's settings per process
    try:
        assert intro_shown(start())
    finally:
        st.cache_resource.clear()


def test_never_on_the_shared_screen() -> None:
    assert not intro_shown(start(screen="shared"))


def test_a_damaged_record_of_dismissals_shows_the_introductions(private_ticket_cache: Path) -> None:
    private_ticket_cache.mkdir(parents=True, exist_ok=True)
    (private_ticket_cache / SEEN_FILE).write_text("{not json")
    app = start()
    assert not app.exception
    assert intro_shown(app)
    app.button(key="intro_dismiss_monday").click().run()
    assert not intro_shown(start())  # and the next dismissal mends it


def test_the_readme_link_opens_the_help_page_at_its_section() -> None:
    app = start()
    app.button(key="intro_readme_monday").click().run()
    assert not app.exception
    assert app.title[0].value == "Help"
    assert app.query_params["section"] == "what-it-is"
    assert app.query_params["as_of"] == "2026-11-23"  # the session's date goes along
    assert any(m.value.startswith("## What it is") for m in app.markdown)
