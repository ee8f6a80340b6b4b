"""One PSA's words: record IDs, priority labels and icons, closed statuses, survey direction."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.ticket_rules import (
    closed_statuses,
    icon_name,
    label_key,
    names_for_ids,
    open_but_sounds_closed,
    priorities,
    survey,
)
from pulse.settings import DEFAULT_SETTINGS, TicketRules

CONNECTWISE = DEFAULT_SETTINGS.tickets["connectwise"]
WHERE = {"header": "Priority", "file": "t.csv"}


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def plain(series: pd.Series) -> list[object]:
    return [None if pd.isna(value) else value for value in series]


def test_label_keys_and_icon_names() -> None:
    assert label_key("  P4 -  Normal   Response ") == "p4 - normal response"
    assert icon_name("common/images/../infoIcons/urgencyColors/lime.gif") == "lime.gif"
    assert icon_name("red.gif") == "red.gif"


# ---- record IDs ---------------------------------------------------------------------------------


def test_ids_are_left_alone_where_the_psa_writes_names() -> None:
    values = text("629", "Acme")
    named, warnings = names_for_ids(
        values, "client", rules=TicketRules(), rules_name="generic", **WHERE
    )
    assert plain(named) == ["629", "Acme"] and warnings == []


def test_ids_are_looked_up_and_the_rest_are_unknown_with_the_line_that_names_them() -> None:
    rules = TicketRules(id_fields=("client",), lookups={"client": {"629": "Acme Dental"}})
    values = text("629", "Globex", "7", "7", None)
    named, (warning,) = names_for_ids(
        values, "client", rules=rules, rules_name="autotask", header="companyID", file="t.csv"
    )
    assert plain(named) == ["Acme Dental", "Globex", None, None, None]
    assert warning.column == "companyID"
    assert warning.message == (
        "2 row(s) have a number where the Client name belongs: '7' (2). These are record IDs "
        "from the PSA's API, so they count as no Client. Export names instead, or name each ID "
        'in pulse.toml: [tickets.autotask.lookups.client] "7" = "<its name>".'
    )


# ---- priorities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("common/images/../../common/images/infoIcons/urgencyColors/orange.gif", "High"),
        ("infoIcons/urgencyColors/LIME.GIF", "Low"),
        ("priority 3 - normal response", "Medium"),
        ("High", "High"),  # the built-in words still read
        ("infoIcons/urgencyColors/purple.gif", None),
    ],
)
def test_connectwise_priorities(label: str, expected: str | None) -> None:
    mapped, _ = priorities(text(label), rules=CONNECTWISE, rules_name="connectwise", **WHERE)
    assert plain(mapped) == [expected]


def test_a_configured_label_wins_over_the_built_in_reading() -> None:
    rules = TicketRules(priorities={"P1": "Low"})
    mapped, warnings = priorities(text("p1", "P2"), rules=rules, rules_name="generic", **WHERE)
    assert plain(mapped) == ["Low", "High"] and warnings == []


def test_unknown_priorities_are_listed_once_with_counts() -> None:
    labels = text("purple", "EDES SLA 1", "purple", "High", None)
    mapped, (warning,) = priorities(labels, rules=TicketRules(), rules_name="halopsa", **WHERE)
    assert plain(mapped) == [None, None, None, "High", None]
    assert warning.message == (
        "3 row(s) have a priority the halopsa rules do not know: 'purple' (2), 'EDES SLA 1' "
        "(1); they count as no priority. Map each label once in pulse.toml, e.g. "
        '[tickets.halopsa.priorities] "purple" = "Medium" (Critical, High, Medium or Low).'
    )


# ---- statuses -----------------------------------------------------------------------------------


def test_closed_statuses_are_exact_names_in_any_case() -> None:
    status = text(">Closed", ">closed ", "Closed - Resolved", "Done yet?", "Pending Closure~", None)
    assert closed_statuses(status, CONNECTWISE).tolist() == [True, True, False, False, False, False]


def test_open_statuses_that_sound_closed_are_named() -> None:
    status = text("Closed - Resolved", "In Progress", "Closed - Resolved", "Cancel requested")
    is_open = pd.Series([True, True, True, False])
    (warning,) = open_but_sounds_closed(
        status, is_open, rules_name="connectwise", header="Status", file="t.csv"
    )
    assert warning.message.startswith(
        "2 row(s) have a status that is not on the connectwise closed list: "
        "'Closed - Resolved' (2); they count as open."
    )


# ---- surveys ------------------------------------------------------------------------------------


def test_a_survey_whose_best_is_one_is_turned_round() -> None:
    values = text("1", "2", "5", "4,5", "", None)
    scores, warnings = survey(values, rules=TicketRules(survey_best=1), **WHERE)
    assert plain(scores) == [5.0, 4.0, 1.0, 1.5, None, None] and warnings == []


def test_a_survey_score_off_the_scale_is_none_with_a_warning() -> None:
    scores, (warning,) = survey(text("3", "great", "0"), rules=TicketRules(), **WHERE)
    assert plain(scores) == [3.0, None, None]
    assert warning.message.startswith("2 row(s) have a survey score that is not 1-5: ")
