"""The defaults SPEC states, where they live in one typed settings object."""

from __future__ import annotations

from datetime import time

from pulse.schema import Criterion
from pulse.settings import DEFAULT_SETTINGS, Role


def test_business_hours_default_to_seed_002s_clock() -> None:
    hours = DEFAULT_SETTINGS.business_hours
    assert hours.timezone == "America/Los_Angeles"
    assert (hours.opens, hours.closes) == (time(8, 0), time(17, 0))
    assert hours.workdays == (0, 1, 2, 3, 4) and hours.holiday_country == "US"


def test_incident_targets_are_specs_business_minutes() -> None:
    targets = DEFAULT_SETTINGS.incident_targets
    assert (targets.first_response, targets.swarm_created, targets.summary_posted) == (60, 15, 15)
    assert (targets.vitm_acknowledged, targets.vitm_phoned, targets.vitm_manager_added) == (
        60,
        60,
        75,
    )
    assert (targets.vcio_tagged, targets.vcio_acknowledged, targets.vcio_phoned) == (15, 30, 45)


def test_risk_weights_and_bands() -> None:
    risk = DEFAULT_SETTINGS.risk
    assert risk.weights[Criterion.ACQUISITION] == 0.40
    assert risk.weights[Criterion.NOC] == 0.10
    assert set(risk.weights) == set(Criterion)
    assert (risk.high, risk.medium) == (0.40, 0.15)


def test_signal_defaults() -> None:
    signals = DEFAULT_SETTINGS.signals
    assert (signals.window_days, signals.communication_days) == (30, 14)
    assert signals.first_response_targets == {
        "Critical": 60,
        "High": 120,
        "Medium": 240,
        "Low": 480,
    }


def test_default_role_is_a_team_member() -> None:
    assert DEFAULT_SETTINGS.default_role == Role.MEMBER
    assert DEFAULT_SETTINGS.stale_days == 7 and DEFAULT_SETTINGS.rca_grace_days == 7
