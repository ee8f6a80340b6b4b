"""Links between pages that keep the session's query parameters, the shared-screen mode, and
the one way a page reached without the shell gets back to it."""

from __future__ import annotations

import streamlit as st

CLIENT_PAGE = "pages/client.py"
MINUTES_PAGE = "pages/minutes.py"
CLIENT_PARAM = "client"
SCREEN_PARAM = "screen"
SHARED_SCREEN = "shared"
# Query parameters that describe the session rather than one page; they follow every link.
SESSION_PARAMS = ("as_of", SCREEN_PARAM)
# Every page: its script, its title in the navigation, its icon. The first is the default.
PAGES = (
    ("pages/monday.py", "Monday CST review", "🗓️"),
    ("pages/health.py", "Client health", "🩺"),
    ("pages/client.py", "Client", "🏢"),
    ("pages/incidents.py", "Critical incidents", "🚨"),
    ("pages/incident_room.py", "Incident room", "🧯"),
    ("pages/escalation.py", "Escalation", "📞"),
    ("pages/announcements.py", "Announcements", "📣"),
    ("pages/minutes.py", "Monday minutes", "📝"),
    ("pages/workbook.py", "Workbook", "💾"),
    ("pages/tickets.py", "Ticket import", "📥"),
    ("pages/help.py", "Help", "❓"),
)


def app_pages() -> list[st.Page]:
    return [
        st.Page(path, title=title, icon=icon, default=index == 0)
        for index, (path, title, icon) in enumerate(PAGES)
    ]


def through_the_shell() -> None:
    """Send a page that Streamlit ran on its own back through streamlit_app.py.

    A link straight to a page (/health?vcio=...) on a freshly started server is run in
    Streamlit's `pages/` folder mode, which executes the page file alone, until some session
    has called st.navigation. Calling st.navigation ends that mode for the server (documented:
    with st.navigation, the pages/ folder is ignored); the rerun then sends the same URL through
    the shell, which loads the workbook and runs this page. Public APIs only.
    """
    st.navigation(app_pages(), position="hidden")
    st.rerun()


def shared_screen() -> bool:
    """Shared-screen mode for the Monday meeting (`?screen=shared`)."""
    return st.query_params.get(SCREEN_PARAM) == SHARED_SCREEN


def set_shared_screen(on: bool) -> None:
    if on:
        st.query_params[SCREEN_PARAM] = SHARED_SCREEN
    elif SCREEN_PARAM in st.query_params:
        del st.query_params[SCREEN_PARAM]


def session_params() -> dict[str, str]:
    return {name: st.query_params[name] for name in SESSION_PARAMS if name in st.query_params}


def open_client(name: str) -> None:
    """Go to one client's page, keeping the as-of date and screen mode."""
    st.switch_page(CLIENT_PAGE, query_params={**session_params(), CLIENT_PARAM: name})
