"""Every request names the app, and a throttled contextinfo (which the library would retry with
real sleeps of its own) waits only within the one overall cap."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from connectors import sharepoint as sp
from connectors.sharepoint.retries import RetryBudget
from connectors.sharepoint.transport import is_context_info
from tests.connectors.sharepoint.fake_site import PATH, session_for, settings_for
from tests.fake_sharepoint import FakeSharePoint


@dataclass
class Clock:
    """A clock that moves only when the policy sleeps."""

    now: float = 100.0
    slept: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def capped_session(fake: FakeSharePoint, clock: Clock, *, cap: float) -> sp.SharePointSession:
    policy = sp.RequestPolicy(
        connect_timeout=1.0,
        read_timeout=2.0,
        retry_cap=cap,
        sleep=clock.sleep,
        clock=lambda: clock.now,
    )
    return sp.open_session(settings_for(fake), policy=policy)


def test_every_request_carries_the_user_agent(fake: FakeSharePoint, sleeps: list[float]) -> None:
    settings = settings_for(fake)
    sp.download(settings, session=session_for(settings, sleeps))
    agents = {seen.headers.get("User-Agent") for seen in fake.seen}
    assert agents == {"NONISV|ClientPulse|ClientPulse/0.1"}


def test_the_user_agent_is_configurable(fake: FakeSharePoint, sleeps: list[float]) -> None:
    env = {sp.SITE_URL: fake.site_url, sp.FILE: PATH, sp.ACCESS_TOKEN: "ann-token-5e3c"}
    env[sp.USER_AGENT] = "NONISV|Contoso MSP|ClientPulse/2.1"
    settings = sp.load_sharepoint_settings(env, None)
    assert settings is not None
    sp.download(settings, session=session_for(settings, sleeps))
    assert {seen.headers.get("User-Agent") for seen in fake.seen} == {env[sp.USER_AGENT]}


def test_a_throttled_contextinfo_is_retried_within_the_cap(fake: FakeSharePoint) -> None:
    clock = Clock()
    fake.fail("contextinfo", 503, headers={"Retry-After": "3"})
    remote = sp.download(settings_for(fake), session=capped_session(fake, clock, cap=30.0))
    assert remote.version == "1"
    assert clock.slept == [3.0]
    assert len(fake.requests_of("contextinfo")) == 2


def test_a_throttled_contextinfo_stops_at_the_overall_cap(fake: FakeSharePoint) -> None:
    clock = Clock()
    fake.fail("contextinfo", 503, times=10, headers={"Retry-After": "20"})
    started = time.monotonic()
    with pytest.raises(sp.Unreachable) as busy:
        sp.download(settings_for(fake), session=capped_session(fake, clock, cap=30.0))
    # 20 s fits in 30 s; a second 20 s would end at 40 s: given up, and the library never slept.
    assert clock.slept == [20.0]
    assert len(fake.requests_of("contextinfo")) == 2
    assert time.monotonic() - started < 5.0
    assert "longer than the 30 s allowed for retries. It asked to wait 20 s." in str(busy.value)
    assert sp.exit_code_for(busy.value) == 4


def test_the_cap_covers_the_connectors_own_retries_too(fake: FakeSharePoint) -> None:
    clock = Clock()
    fake.fail("properties", 429, times=10, headers={"Retry-After": "12"})
    with pytest.raises(sp.Unreachable, match=r"busy or unavailable \(429\)"):
        sp.download(settings_for(fake), session=capped_session(fake, clock, cap=30.0))
    assert clock.slept == [12.0, 12.0]  # a third wait would end at 36 s


def test_a_budget_allows_waits_ending_within_the_cap() -> None:
    clock = Clock()
    budget = RetryBudget(sp.RequestPolicy(retry_cap=10.0, clock=lambda: clock.now))
    clock.sleep(4.0)
    assert budget.allows(6.0)
    assert not budget.allows(6.5)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://contoso.sharepoint.com/sites/cst/_api/contextInfo", True),
        ("https://contoso.sharepoint.com/sites/cst/_api/contextinfo?x=1", True),
        ("https://contoso.sharepoint.com/sites/cst/_api/Web/GetFileById('a')/$value", False),
    ],
)
def test_is_context_info(url: str, expected: bool) -> None:
    assert is_context_info(url) is expected
