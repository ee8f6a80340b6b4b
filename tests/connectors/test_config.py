"""pulse.toml over the defaults in code: typed values, and every unknown key reported."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from connectors.config import ConfigError, config_path, load_settings, settings_from_dict
from connectors.errors import InputError
from pulse.schema import Criterion
from pulse.settings import Contact, InputLimits, Settings
from tests.paths import REPO

CONFIG = """
stale_days = 3

[business_hours]
opens = "07:30"
closes = 18:00:00
workdays = [0, 1, 2, 3]

[risk]
high = 0.5

[risk.weights]
noc = 2

[escalation.contacts.manager]
name = "Dana Whitfield"
email = "dana@msp.example"
"""


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml") == Settings()


def test_a_file_changes_only_what_it_names(tmp_path: Path) -> None:
    settings = load_settings(written(tmp_path, CONFIG))
    defaults = Settings()
    assert settings.stale_days == 3
    hours = settings.business_hours
    assert (hours.opens, hours.closes, hours.workdays) == (time(7, 30), time(18, 0), (0, 1, 2, 3))
    assert hours.timezone == defaults.business_hours.timezone
    assert settings.risk.high == 0.5 and settings.risk.medium == defaults.risk.medium
    assert settings.incident_targets == defaults.incident_targets


def test_weights_and_contacts_are_merged_into_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(written(tmp_path, CONFIG))
    defaults = Settings()
    assert settings.risk.weights[Criterion.NOC] == 2.0
    others = {c: w for c, w in settings.risk.weights.items() if c is not Criterion.NOC}
    assert others == {c: w for c, w in defaults.risk.weights.items() if c is not Criterion.NOC}
    contacts = settings.escalation.contacts
    assert contacts["manager"] == Contact(name="Dana Whitfield", email="dana@msp.example")
    assert contacts["sales_contact"] == defaults.escalation.contacts["sales_contact"]


def test_every_unknown_key_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"stail_days": 3, "risk": {"hgh": 0.5}, "signals": {"window": 7}})
    assert [str(p) for p in caught.value.problems] == [
        "pulse.toml: unknown setting 'stail_days'; check the spelling",
        "pulse.toml: unknown setting 'hgh' in [risk]",
        "pulse.toml: unknown setting 'window' in [signals]",
    ]


def test_a_file_that_is_not_toml_names_itself(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(written(tmp_path, "[risk\nhigh = 0.5\n"))
    (problem,) = caught.value.problems
    assert problem.file == "pulse.toml"
    assert problem.message.startswith("is not valid TOML (")
    assert isinstance(caught.value, InputError)


def test_the_file_is_found_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULSE_CONFIG", raising=False)
    assert config_path() == Path("pulse.toml")
    monkeypatch.setenv("PULSE_CONFIG", "/etc/pulse/team.toml")
    assert config_path() == Path("/etc/pulse/team.toml")


def test_the_default_location_is_used_when_no_path_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_CONFIG", str(written(tmp_path, "stale_days = 11\n")))
    assert load_settings().stale_days == 11


# ---- [tickets.<psa>]: each PSA's words ----------------------------------------------------------

TICKETS = """
[tickets.connectwise]
closed_statuses = [">Closed", "Closed - Resolved"]
[tickets.connectwise.priorities]
"purple.gif" = "critical"
[tickets.autotask.lookups.priority]
1 = "High"
"4" = "Critical"
[tickets.halopsa]
survey_best = 5
"""


def test_ticket_rules_are_laid_over_each_psas_defaults(tmp_path: Path) -> None:
    rules = load_settings(written(tmp_path, TICKETS)).tickets
    defaults = Settings().tickets
    connectwise = rules["connectwise"]
    assert connectwise.closed_statuses == (">Closed", "Closed - Resolved")  # replaced
    assert connectwise.priorities["purple.gif"] == "Critical"  # added, in the canonical spelling
    assert connectwise.priorities["lime.gif"] == "Low"  # the defaults stay
    assert rules["autotask"].lookups == {"priority": {"1": "High", "4": "Critical"}}
    assert rules["autotask"].id_fields == defaults["autotask"].id_fields
    assert rules["halopsa"].survey_best == 5
    assert rules["generic"] == defaults["generic"]


def test_every_bad_ticket_rule_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict(
            {
                "tickets": {
                    "jira": {},
                    "connectwise": {"priorities": {"P4": "Normal"}, "closed": ["x"]},
                    "autotask": {"lookups": {"owner": {"1": "x"}}, "survey_best": 10},
                    "halopsa": {"closed_statuses": "Closed"},
                }
            }
        )
    assert [p.message for p in caught.value.problems] == [
        "unknown PSA 'jira' in [tickets] (generic, connectwise, autotask, halopsa)",
        "[tickets.connectwise] priorities: 'P4' = 'Normal' is not Critical, High, Medium, Low",
        "unknown setting 'closed' in [tickets.connectwise]",
        "[tickets.autotask] lookups.owner: only client, board, priority, status, type have IDs",
        "[tickets.autotask] survey_best cannot be 10: 1 when a 1 is the best score, 5 when a 5 is",
        "[tickets.halopsa] closed_statuses cannot be 'Closed': give a list of status names, e.g. "
        '[">Closed", "Completed"]',
    ]


def test_the_example_file_shows_the_ticket_defaults_as_they_are() -> None:
    # pulse.example.toml spells out the defaults README documents; copying it changes nothing.
    assert load_settings(REPO / "pulse.example.toml").tickets == Settings().tickets


def test_the_incident_room_settings_and_a_misspelt_swarm_role(tmp_path: Path) -> None:
    text = (
        '[incidents]\nlog_workbook = "Incident Log.xlsx"\nrefresh_seconds = 5\n'
        '[incidents.swarm_contacts]\nservice_desk_manager = "Dee"\n'
        "[incident_targets]\nclient_update = 45\n"
    )
    settings = load_settings(written(tmp_path, text))
    assert settings.incidents.log_workbook == "Incident Log.xlsx"
    assert settings.incidents.refresh_seconds == 5
    assert settings.incidents.swarm_contacts == {"service_desk_manager": "Dee"}
    assert settings.incident_targets.client_update == 45
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"incidents": {"swarm_contacts": {"sd_boss": "Dee"}}})
    assert "unknown SWARM role 'sd_boss'" in str(caught.value.problems[0])


def test_the_example_file_shows_the_limits_as_they_are() -> None:
    # The defaults docs/security.md documents; copying the example changes nothing.
    assert load_settings(REPO / "pulse.example.toml").limits == Settings().limits
    assert Settings().limits == InputLimits(200, 20, 500, 500, 2_000_000)


def test_a_limit_is_changed_in_its_section_and_a_misspelt_one_is_reported() -> None:
    settings = settings_from_dict({"limits": {"xlsx_part_mb": 400}})
    assert settings.limits.xlsx_part_mb == 400
    with pytest.raises(ConfigError, match="unknown setting 'part_mb' in \\[limits\\]"):
        settings_from_dict({"limits": {"part_mb": 400}})


@pytest.mark.parametrize("value", [-1, 0, "big", 1.5, True])
def test_a_limit_that_is_not_a_positive_whole_number_is_named(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"limits": {"xlsx_part_mb": value}})
    assert [p.message for p in caught.value.problems] == [
        f"[limits] xlsx_part_mb cannot be {value!r}: give a whole number above 0"
    ]


def test_a_positive_limit_is_taken() -> None:
    assert settings_from_dict({"limits": {"ticket_rows": 10}}).limits.ticket_rows == 10


@pytest.mark.parametrize("country", ["GB", " uk ", "none", "", "us"])
def test_a_holiday_country_the_package_knows_is_taken(country: str) -> None:
    settings = settings_from_dict({"business_hours": {"holiday_country": country}})
    assert settings.business_hours.holiday_country == country


@pytest.mark.parametrize("country", ["XX", "Britain", 44])
def test_an_unknown_holiday_country_is_named_when_the_file_is_read(country: object) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"business_hours": {"holiday_country": country}})
    assert [p.message for p in caught.value.problems] == [
        f"[business_hours] holiday_country {country!r} is not a country the holidays package "
        'knows: give an ISO code such as "US" or "GB", or "none" for no public holidays'
    ]
