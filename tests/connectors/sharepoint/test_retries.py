"""Throttling: 429 and 503 are retried with backoff honouring Retry-After, boundedly."""

from __future__ import annotations

import pytest
import requests
from office365.runtime.client_request_exception import ClientRequestException

from connectors import sharepoint as sp
from connectors.sharepoint.retries import (
    RequestPolicy,
    retry_after,
    retry_delay,
    status_of,
    with_retry,
)
from tests.connectors.sharepoint.fake_site import PATH, V2, marker, session_for, settings_for
from tests.fake_sharepoint import FakeSharePoint

# --------------------------------------------------------------------------------------------
# Through the library, against the fake site


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    fake.fail("properties", 429, headers={"Retry-After": "7"})
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps))
    assert marker(remote.data) == "v1"
    assert sleeps == [7.0]
    assert len(fake.requests_of("properties")) == 2


def test_503_twice_backs_off_then_succeeds(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("content", 503, times=2)
    settings = settings_for(fake)
    remote = sp.download(settings, session=session_for(settings, sleeps))
    assert marker(remote.data) == "v1"
    assert sleeps == [1.0, 2.0]  # RequestPolicy: base 1 s, doubling


def test_503_on_save_is_retried_and_saves_once(fake: FakeSharePoint, sleeps: list[float]) -> None:
    settings = settings_for(fake)
    session = session_for(settings, sleeps)
    read = sp.download(settings, session=session)
    fake.fail("save", 503, times=2, headers={"Retry-After": "3"})
    saved = sp.upload(settings, V2, expected_etag=read.etag, session=session)
    assert (saved.version, marker(fake.files[PATH].data)) == ("2", "v2")
    assert sleeps == [3.0, 3.0]


def test_retries_are_bounded(fake: FakeSharePoint, sleeps: list[float]) -> None:
    fake.fail("properties", 503, times=10)
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable, match=r"busy or unavailable \(503\)"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert sleeps == [1.0, 2.0, 4.0]
    assert len(fake.requests_of("properties")) == sp.RequestPolicy().max_attempts


def test_a_retry_after_longer_than_the_limit_is_reported_not_waited(
    fake: FakeSharePoint, sleeps: list[float]
) -> None:
    fake.fail("properties", 429, headers={"Retry-After": "120"})
    settings = settings_for(fake)
    with pytest.raises(sp.Unreachable, match=r"\(429\).*asked to wait 120 s"):
        sp.download(settings, session=session_for(settings, sleeps))
    assert sleeps == []


# --------------------------------------------------------------------------------------------
# The rules, on the library's own exception built from a real response


def answered(status: int, **headers: str) -> ClientRequestException:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    response.url = "https://contoso.sharepoint.com/sites/cst/_api/web"
    return ClientRequestException.from_response(response)


POLICY = RequestPolicy(base_delay=1.0, max_delay=30.0, max_attempts=4)


@pytest.mark.parametrize(
    ("status", "headers", "attempt", "delay"),
    [
        (503, {}, 1, 1.0),  # no Retry-After: 1, 2, 4 s
        (503, {}, 2, 2.0),
        (429, {}, 3, 4.0),
        (503, {}, 4, None),  # the fourth attempt was the last
        (429, {"Retry-After": "12"}, 1, 12.0),  # as asked, even past our own backoff
        (429, {"Retry-After": "30"}, 1, 30.0),  # exactly the limit is still waited
        (429, {"Retry-After": "31"}, 1, None),  # longer than the limit: reported instead
        (429, {"Retry-After": "Wed, 04 Mar 2026 10:00:00 GMT"}, 2, 2.0),  # a date: our backoff
        (404, {}, 1, None),  # not a throttle: final at once
        (500, {}, 1, None),
    ],
)
def test_retry_delay(
    status: int, headers: dict[str, str], attempt: int, delay: float | None
) -> None:
    assert retry_delay(answered(status, **headers), attempt, POLICY) == delay


def test_backoff_is_capped_by_the_longest_wait() -> None:
    policy = RequestPolicy(base_delay=10.0, max_delay=25.0, max_attempts=9)
    assert [retry_delay(answered(503), attempt, policy) for attempt in (1, 2, 3)] == [
        10.0,
        20.0,
        25.0,
    ]


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({}, None),
        ({"Retry-After": "5"}, 5.0),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "x"}, None),
    ],
)
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after(answered(429, **headers)) == seconds


def test_status_of_a_failure_without_an_answer_is_none() -> None:
    assert status_of(answered(423)) == 423
    assert status_of(requests.ConnectionError("refused")) is None
    assert status_of(ValueError("no response at all")) is None


def test_with_retry_sleeps_between_attempts_and_returns_the_answer() -> None:
    sleeps: list[float] = []
    failures = [answered(503), answered(429, **{"Retry-After": "2"})]

    def call() -> str:
        if failures:
            raise failures.pop(0)
        return "answer"

    policy = RequestPolicy(sleep=sleeps.append)
    assert with_retry(policy, call) == "answer"
    assert sleeps == [1.0, 2.0]


def test_with_retry_raises_a_final_failure_at_once() -> None:
    sleeps: list[float] = []
    calls: list[int] = []

    def call() -> None:
        calls.append(1)
        raise answered(403)

    with pytest.raises(ClientRequestException):
        with_retry(RequestPolicy(sleep=sleeps.append), call)
    assert (len(calls), sleeps) == (1, [])


def test_timeout_is_connect_then_read() -> None:
    assert RequestPolicy(connect_timeout=2.0, read_timeout=9.0).timeout == (2.0, 9.0)
