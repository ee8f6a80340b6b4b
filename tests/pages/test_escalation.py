"""The Escalation page under AppTest: the sample matrix with named contacts (run through a
wrapper), and the sample workbook's matrix with the default settings (run alone)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook, empty_frame, read_workbook
from pulse.schema import CLIENTS
from pulse.settings import Role, Settings
from tests.app_fixtures import metrics
from tests.app_fixtures import page_context as sample_context
from tests.app_fixtures import run_page as run_sample_page
from tests.app_fixtures import texts as joined
from tests.escalation_matrix import NAMED, ROLES, read_matrix_csv
from tests.paths import REPO, SAMPLE_WORKBOOK
from ui.context import PulseContext

PAGE = REPO / "pages" / "escalation.py"

AS_OF = date(2024, 6, 3)  # a Monday
WRAPPER = f"""
import runpy
import streamlit as st
from ui.context import CONTEXT_KEY
from tests.pages.test_escalation import page_context

if CONTEXT_KEY not in st.session_state:
    st.session_state[CONTEXT_KEY] = page_context()
runpy.run_path({str(PAGE)!r}, run_name="__main__")
"""


def page_context(
    escalation: pd.DataFrame | None = None, *, tabs: tuple[str, ...] = ("Escalation Matrix",)
) -> PulseContext:
    """A context with no clients and the escalation matrix (from the sample CSV) on its tab."""
    workbook = LoadedWorkbook(
        source="test.xlsx",
        clients=empty_frame(CLIENTS),
        episodes=pd.DataFrame(),
        actions=pd.DataFrame(),
        escalation=read_matrix_csv() if escalation is None else escalation,
        audit=pd.DataFrame(),
        history=pd.DataFrame(),
        sheet_names=["Clients", "Extra Care Tracking Info", "Action Items", *tabs],
    )
    return PulseContext(
        workbook=workbook,
        settings=Settings(escalation=NAMED),
        as_of=AS_OF,
        monday=AS_OF,
        user="tester@example.com",
        role=Role.MEMBER,
    )


def run_page(context: PulseContext | None = None) -> AppTest:
    from ui.context import CONTEXT_KEY

    app = AppTest.from_string(WRAPPER, default_timeout=30)
    if context is not None:
        app.session_state[CONTEXT_KEY] = context
    return app.run()


def texts(elements: object) -> list[str]:
    return [str(element.value) for element in elements]  # type: ignore[attr-defined]


def test_page_shows_the_four_levels_of_the_first_type() -> None:
    app = run_page()
    assert not app.exception
    assert "Operational Challenges" in texts(app.subheader)
    markdown = "\n".join(texts(app.markdown))
    for role in ROLES.values():
        assert f"### {role}" in markdown
    assert "You are here" in markdown and "Escalate to" in markdown
    assert any("level 2" in text and "Project Manager" in text for text in texts(app.success))
    assert "👤 Sal" not in markdown  # no sales manager configured in NAMED
    assert not app.warning  # the sample matrix is complete


def test_page_typed_words_pick_the_type_and_level_four_is_the_top() -> None:
    app = run_page()
    app.text_input(key="escalation_words").input("timeline").run()
    app.radio(key="escalation_level").set_value(4).run()
    assert not app.exception
    assert "Timeline Adjustments" in texts(app.subheader)
    assert any("top level" in text for text in texts(app.info))


def test_page_unknown_words_give_a_friendly_no_match() -> None:
    app = run_page()
    app.text_input(key="escalation_words").input("xyzzy").run()
    assert not app.exception
    infos = texts(app.info)
    assert any("No escalation type matches 'xyzzy'" in text for text in infos)
    assert any("Subscription Terminations" in text for text in infos)


def test_page_pathway_from_the_last_response_date() -> None:
    app = run_page()
    app.date_input(key="pathway_last_response").set_value(AS_OF - timedelta(days=20)).run()
    app.text_input(key="pathway_customer").input("Acme Dental").run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Days without a response"] == "20"
    assert metrics["Stage"] == "Sales contact"
    assert metrics["Next stage on"] == (AS_OF + timedelta(days=8)).isoformat()
    codes = texts(app.code)
    assert any(code.startswith("Customer: Acme Dental") and "Sam Seller" in code for code in codes)
    assert any(code.startswith("🚨") for code in codes)  # the urgent message


def test_page_warns_about_an_incomplete_matrix_and_an_empty_one() -> None:
    matrix = read_matrix_csv()
    incomplete = matrix[~((matrix["type"] == "Guidance Acquisition") & (matrix["level"] == 4))]
    app = run_page(page_context(incomplete))
    assert not app.exception
    assert any("Guidance Acquisition has no level 4" in text for text in texts(app.warning))
    empty = run_page(page_context(pd.DataFrame()))
    assert not empty.exception
    assert any("no type, level" in text for text in texts(empty.warning))


def test_without_the_tab_seed_004s_matrix_is_shown_as_the_default() -> None:
    app = run_page(page_context(pd.DataFrame(), tabs=()))
    assert not app.exception
    assert any(
        "no Escalation Matrix tab, so seed 004's matrix is shown: the default" in text
        and "add it as a tab when you export" in text
        for text in texts(app.info)
    )
    assert not app.warning  # the default is complete
    assert "Operational Challenges" in texts(app.subheader)


def test_with_the_tab_nothing_says_default() -> None:
    app = run_page()
    assert not any("seed 004" in text for text in texts(app.info))


# --- the sample workbook's matrix, default settings ---------------------------------------

SAMPLE_AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def sample() -> LoadedWorkbook:
    return read_workbook(SAMPLE_WORKBOOK)


def escalation_page(sample: LoadedWorkbook) -> AppTest:
    return run_sample_page("escalation.py", sample_context(as_of=SAMPLE_AS_OF, workbook=sample))


def test_a_type_chosen_in_the_list_shows_its_levels(sample: LoadedWorkbook) -> None:
    app = escalation_page(sample)
    app.selectbox(key="escalation_type").set_value("Material Procurement").run()
    assert not app.exception
    assert "Material Procurement" in [header.value for header in app.subheader]
    # Level 1 by default: the Project Manager is next.
    assert joined(app.success) == (
        "Escalate to level 2, **Project Manager**: Authorize and expedite the sourcing of "
        "essential logistical materials."
    )


def test_after_four_weeks_without_a_response_it_is_the_last_stage(
    sample: LoadedWorkbook,
) -> None:
    app = escalation_page(sample)
    app.date_input(key="pathway_last_response").set_value(SAMPLE_AS_OF - timedelta(days=30)).run()
    assert not app.exception
    shown = metrics(app)
    assert (shown["Days without a response"], shown["Stage"]) == ("30", "Manager + executive")
    assert shown["Next stage on"] == "last stage"


def test_the_urgent_message_carries_the_customer_and_the_link(sample: LoadedWorkbook) -> None:
    app = escalation_page(sample)
    app.text_input(key="pathway_customer").input("Acme Dental")
    app.text_input(key="urgent_link").input("https://tasks.example/acme-42").run()
    assert not app.exception
    urgent = [code.value for code in app.code if "https://tasks.example/acme-42" in code.value]
    assert len(urgent) == 1 and "Acme Dental" in urgent[0]


def test_every_quiet_client_is_listed_by_stage(sample: LoadedWorkbook) -> None:
    app = escalation_page(sample)
    assert not app.exception
    contact = sample.clients.set_index("client")["last_client_contact"]
    days = (pd.Timestamp(SAMPLE_AS_OF) - contact).dt.days
    # Worked from the sample's Clients tab: 14-27 days quiet is the sales-contact stage, 28+ the
    # manager and executive stage.
    sales = sorted(days[(days >= 14) & (days < 28)].index)
    manager = sorted(days[days >= 28].index)
    assert sales and manager
    tables = {
        key: sorted(app.dataframe(key=f"quiet_{key}").value["client"])
        for key in ("sales_contact", "manager_and_executive")
    }
    assert tables == {"sales_contact": sales, "manager_and_executive": manager}
    headers = [h.value for h in app.subheader if "new this week" in h.value]
    assert headers[0].startswith(f"Sales contact ({len(sales)}, ")
    assert headers[1].startswith(f"Manager + executive ({len(manager)}, ")
