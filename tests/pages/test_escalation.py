"""The Escalation page run alone under AppTest on the sample workbook's matrix and the default
escalation settings: choosing a type, the last stage of the unresponsive pathway, and the
urgent message. (The matrix with named contacts and an incomplete matrix:
tests/pulse/test_escalation.py.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from connectors.workbook import LoadedWorkbook, read_workbook
from tests.app_fixtures import metrics, page_context, run_page, texts
from tests.paths import SAMPLE_WORKBOOK

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def sample() -> LoadedWorkbook:
    return read_workbook(SAMPLE_WORKBOOK)


def escalation_page(sample: LoadedWorkbook) -> AppTest:
    return run_page("escalation.py", page_context(as_of=AS_OF, workbook=sample))


def test_a_type_chosen_in_the_list_shows_its_levels(sample: LoadedWorkbook) -> None:
    app = escalation_page(sample)
    app.selectbox(key="escalation_type").set_value("Material Procurement").run()
    assert not app.exception
    assert "Material Procurement" in [header.value for header in app.subheader]
    # Level 1 by default: the Project Manager is next.
    assert texts(app.success) == (
        "Escalate to level 2, **Project Manager**: Authorize and expedite the sourcing of "
        "essential logistical materials."
    )


def test_after_four_weeks_without_a_response_it_is_the_last_stage(
    sample: LoadedWorkbook,
) -> None:
    app = escalation_page(sample)
    app.date_input(key="pathway_last_response").set_value(AS_OF - timedelta(days=30)).run()
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
