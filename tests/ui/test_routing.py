"""Links and modes (ui/routing.py): every page script is in the navigation, the shared-screen mode
lives in the URL, and links keep only the session's parameters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.paths import REPO
from ui.routing import CLIENT_PAGE, PAGES


def test_pages_lists_every_page_script_once() -> None:
    listed = [path for path, _, _ in PAGES]
    on_disk = sorted(f"pages/{path.name}" for path in (REPO / "pages").glob("*.py"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)
    assert CLIENT_PAGE in listed


def test_the_monday_review_is_the_default_page() -> None:
    assert PAGES[0][:2] == ("pages/monday.py", "Monday CST review")


def screen_script() -> None:
    import streamlit as st

    from ui.routing import session_params, set_shared_screen, shared_screen

    st.write(f"shared: {shared_screen()}")
    st.write(f"params: {sorted(session_params().items())}")
    if st.button("Shared screen", key="on"):
        set_shared_screen(True)
    if st.button("Normal screen", key="off"):
        set_shared_screen(False)


def screen_app(**params: str) -> AppTest:
    app = AppTest.from_function(screen_script, default_timeout=30)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def shown(app: AppTest) -> list[str]:
    return [str(markdown.value) for markdown in app.markdown]


def test_shared_screen_comes_from_the_url() -> None:
    assert shown(screen_app(screen="shared"))[0] == "shared: True"
    assert shown(screen_app(screen="big"))[0] == "shared: False"
    assert shown(screen_app())[0] == "shared: False"


def test_set_shared_screen_writes_and_clears_the_url() -> None:
    app = screen_app(as_of="2026-11-23")
    app.button(key="on").click().run()
    assert app.query_params["screen"] == "shared"
    app.button(key="off").click().run()
    assert "screen" not in app.query_params
    assert app.query_params["as_of"] == "2026-11-23"
    app.button(key="off").click().run()  # already off: nothing to clear, no error
    assert not app.exception


def test_links_keep_only_the_session_parameters() -> None:
    app = screen_app(as_of="2026-11-23", screen="shared", vcio="Dana", client="Acme")
    assert shown(app)[1] == "params: [('as_of', '2026-11-23'), ('screen', 'shared')]"
