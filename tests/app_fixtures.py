"""What the app's tests share: the shell (streamlit_app.py) or one page script under AppTest, the
hand-worked scenario as a local file or as the live SharePoint file, the two decisions several
tests record, and reading what a run rendered.

Registered as a pytest plugin in tests/conftest.py, so its fixtures need no import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook
from pulse.schema import Criterion
from pulse.settings import Role, Settings
from tests.fake_sharepoint import FakeSharePoint, running
from tests.paths import REPO
from tests.scenario import scenario_workbook
from ui.context import CONTEXT_KEY, PulseContext

APP = str(REPO / "streamlit_app.py")
AS_OF = "2026-11-23"  # a Monday: the scenario's CST meeting
TESTER = "tester@example.com"

# The live file of `live_scenario`, and the two people who save it.
SHAREPOINT_PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
ANN_TOKEN, BOB_TOKEN = "ann-token", "bob-token"
ANN, BOB = "Ann Admin", "Bob Vcio"
SHAREPOINT_TIMEOUT_SECONDS = 1


# --- the shell and single pages ---------------------------------------------------------------


def shell(*, as_of: str = AS_OF, **params: str | list[str]) -> AppTest:
    """The shell, not yet run, on whatever the environment names (secrets, users and session
    state can be set before the first run)."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["as_of"] = as_of
    for name, value in params.items():
        app.query_params[name] = value
    return app


def start(*, as_of: str = AS_OF, **params: str | list[str]) -> AppTest:
    """The shell's first run: the Monday page."""
    return shell(as_of=as_of, **params).run()


def run_app(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, *, as_of: str = AS_OF, **params: str
) -> AppTest:
    """The shell's first run on `workbook`."""
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    return start(as_of=as_of, **params)


def open_page(
    workbook: Path,
    page: str,
    monkeypatch: pytest.MonkeyPatch,
    *,
    as_of: str = AS_OF,
    **params: str | list[str],
) -> AppTest:
    """`page` through the shell on `workbook`, which must render without an exception."""
    monkeypatch.setenv("PULSE_WORKBOOK", str(workbook))
    app = start(as_of=as_of, **params)
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def empty_workbook() -> LoadedWorkbook:
    empty = pd.DataFrame()
    return LoadedWorkbook(
        source="test.xlsx",
        clients=empty,
        episodes=empty,
        actions=empty,
        escalation=empty,
        audit=empty,
        history=empty,
    )


def page_context(*, as_of: date, **fields: Any) -> PulseContext:
    """A context as the shell stores it, for a page run alone (no workbook unless given)."""
    values: dict[str, Any] = {
        "workbook": empty_workbook(),
        "settings": Settings(),
        "monday": as_of,
        "user": TESTER,
        "role": Role.MEMBER,
    }
    return PulseContext(as_of=as_of, **{**values, **fields})


def run_page(page: str, ctx: PulseContext, *, state: dict[str, object] | None = None) -> AppTest:
    """One page script (pages/<page>.py) alone, on a context the test prepared."""
    app = AppTest.from_file(str(REPO / "pages" / page), default_timeout=30)
    app.session_state[CONTEXT_KEY] = ctx
    for key, value in (state or {}).items():
        app.session_state[key] = value
    return app.run()


# --- what a run rendered ----------------------------------------------------------------------


ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def shown(markdown: str) -> str:
    """Markdown source as a person reads it: the escapes of pulse.markdown.plain dropped."""
    return ESCAPED.sub(r"\1", markdown)


def texts(elements: Iterable[Any]) -> str:
    return "\n".join(shown(str(element.value)) for element in elements)


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def messages(app: AppTest) -> str:
    """Every error, warning and info on the page, in that order."""
    return "\n".join([texts(app.error), texts(app.warning), texts(app.info)])


# --- decisions recorded on the scenario (the Monday page's forms) ----------------------------


# The Monday page's section tabs in order (pages/monday.py SECTIONS after the key figures), and
# the session key that names the open one (pages/monday.py SECTION_KEPT).
MONDAY_SECTION = "monday_section"
MONDAY_SECTIONS = (
    "Overdue actions",
    "Open loops",
    "On extra care",
    "Awaiting decision",
    "Candidates",
    "Since last meeting",
    "Decisions",
)


def open_monday_section(app: AppTest, title: str) -> AppTest:
    """The Monday page's section tab `title` opened (only the open tab's section is built)."""
    app.session_state[MONDAY_SECTION] = title
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def scenario_monday(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section: str) -> AppTest:
    """The hand-worked scenario's Monday page (a local copy) with its tab `section` open."""
    app = run_app(scenario_workbook(tmp_path / "s.xlsx"), monkeypatch)
    return open_monday_section(app, section)


def open_decisions(app: AppTest) -> AppTest:
    """The Monday page's Decisions tab open and its forms unfolded (else they are not built)."""
    state = app.session_state
    wanted = {MONDAY_SECTION: "Decisions", "monday_decisions_open": True}
    if any(key not in state or state[key] != value for key, value in wanted.items()):
        for key, value in wanted.items():
            state[key] = value
        app.run()
    return app


def recommend_echo(app: AppTest) -> AppTest:
    """Echo Capital's last episode was Declined, so it may be recommended again (five cells)."""
    open_decisions(app)
    app.selectbox(key="recommend_client_any").set_value("Echo Capital")
    app.multiselect(key="recommend_criteria_any").set_value([Criterion.COMMUNICATION])
    app.text_area(key="recommend_reason_any").input("No contact for 53 days")
    app.button(key="recommend_submit_any").click()
    return app.run()


def open_decision_tab(app: AppTest, tab: str, *, suffix: str = "any") -> AppTest:
    """The decision forms' tab `tab` chosen (only the open tab's form is built)."""
    if suffix == "any":
        open_decisions(app)
    app.session_state[f"decision_tab_{suffix}"] = tab
    return app.run()


def approve_beta(app: AppTest) -> AppTest:
    """Beta Law is Recommended; approving it in the meeting writes six cells."""
    open_decision_tab(app, "Approve")
    app.selectbox(key="approve_client_any").set_value("Beta Law")
    app.text_input(key="approve_vcio_any").input("Marcus")
    app.text_input(key="approve_director_any").input("Dana Director")
    app.button(key="approve_submit_any").click()
    return app.run()


def save_from_sidebar(app: AppTest) -> AppTest:
    app.sidebar.button(key="sidebar_save").click()
    return app.run()


# --- the scenario as the session's workbook ---------------------------------------------------


@pytest.fixture
def scenario_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local copy of the scenario the shell opens (PULSE_WORKBOOK); no pulse.toml, so local
    mode may do everything."""
    monkeypatch.chdir(tmp_path)
    path = scenario_workbook(tmp_path / "pulse.xlsx")
    monkeypatch.setenv("PULSE_WORKBOOK", str(path))
    monkeypatch.delenv("PULSE_SHAREPOINT_SITE_URL", raising=False)
    return path


@pytest.fixture
def own_settings() -> Iterator[None]:
    """The shell caches its settings per process (st.cache_resource): a test that writes its own
    pulse.toml starts and ends with that cache empty, so no other test reads its settings."""
    import streamlit as st

    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def viewer(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The local scenario opened in local mode by a read-only viewer (pulse.toml says so)."""
    return opened_as(scenario_file, monkeypatch, role=Role.VIEWER)


def opened_as(workbook: Path, monkeypatch: pytest.MonkeyPatch, *, role: Role) -> Path:
    """`workbook` opened in local mode by someone in `role` (a pulse.toml beside it says so)."""
    config = workbook.parent / "pulse.toml"
    config.write_text(f'default_role = "{role.value}"\n')
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    return workbook


@pytest.fixture
def live_scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSharePoint]:
    """The scenario as the live SharePoint file (tests/fake_sharepoint.py, the real office365
    client), configured only through PULSE_SHAREPOINT_* environment variables."""
    monkeypatch.chdir(tmp_path)  # no pulse.toml, no .streamlit/secrets.toml
    data = scenario_workbook(tmp_path / "scenario.xlsx").read_bytes()
    with running(FakeSharePoint(tokens={ANN_TOKEN: ANN, BOB_TOKEN: BOB})) as server:
        server.put(SHAREPOINT_PATH, data, by=ANN)
        monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", server.site_url)
        monkeypatch.setenv("PULSE_SHAREPOINT_FILE", SHAREPOINT_PATH)
        monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", ANN_TOKEN)
        monkeypatch.setenv("PULSE_SHAREPOINT_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("PULSE_SHAREPOINT_TIMEOUT", str(SHAREPOINT_TIMEOUT_SECONDS))
        monkeypatch.delenv("PULSE_WORKBOOK", raising=False)
        yield server


@pytest.fixture(scope="module")
def scenario_book(tmp_path_factory: pytest.TempPathFactory) -> LoadedWorkbook:
    """The hand-worked scenario (tests/scenario.py) as read from its workbook."""
    from connectors.workbook import read_workbook

    return read_workbook(scenario_workbook(tmp_path_factory.mktemp("scenario") / "scenario.xlsx"))
