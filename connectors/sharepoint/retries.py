"""Timeouts and retries around the library's requests.

`execute_query()` never retries; SharePoint throttles with 429 and 503, so those are retried with
backoff honouring Retry-After, a bounded number of times.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:  # office365 takes ~0.25 s to import: only when SharePoint is really used
    from office365.runtime.client_request_exception import ClientRequestException

T = TypeVar("T")

# HTTP answers this package treats specially.
UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 401, 403, 404
CONFLICT, PRECONDITION_FAILED, LOCKED = 409, 412, 423
TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE = 429, 503
RETRYABLE_STATUSES = frozenset({TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE})


@dataclass(frozen=True)
class RequestPolicy:
    """Timeouts and retries; tests shrink the timeouts and inject `sleep`."""

    connect_timeout: float = 5.0
    read_timeout: float = 60.0  # a 20 MB workbook over a slow VPN still fits
    max_attempts: int = 4  # per request, counting the first
    base_delay: float = 1.0  # backoff 1, 2, 4 s when SharePoint gives no Retry-After
    max_delay: float = 30.0  # a longer Retry-After is reported instead of waited out
    retry_cap: float = 30.0  # all the waits of one download or save, the library's included
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) seconds, as requests takes them."""
        return (self.connect_timeout, self.read_timeout)


class RetryBudget:
    """One operation's overall cap: a retry is made only while it ends within `retry_cap`
    seconds of the operation's start (the first attempt of every request is always made)."""

    def __init__(self, policy: RequestPolicy) -> None:
        self.policy = policy
        self.started = policy.clock()

    def allows(self, delay: float) -> bool:
        return self.policy.clock() - self.started + delay <= self.policy.retry_cap


def library_error() -> type[ClientRequestException]:
    """The library's HTTP error class, for except clauses.

    Imported when an except clause is reached: by then a request has loaded the library.
    """
    from office365.runtime.client_request_exception import ClientRequestException

    return cast("type[ClientRequestException]", ClientRequestException)


def with_retry(
    policy: RequestPolicy, call: Callable[[], T], *, budget: RetryBudget | None = None
) -> T:
    """`call()`, retried on 429/503 with backoff that honours Retry-After, bounded attempts,
    and, with a `budget`, only while the wait ends within the operation's overall cap."""
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return call()
        except library_error() as exc:
            delay = retry_delay(exc, attempt, policy)
            if delay is None or (budget is not None and not budget.allows(delay)):
                raise
            policy.sleep(delay)
    raise AssertionError("the loop returns or raises")  # pragma: no cover


def retry_delay(exc: BaseException, attempt: int, policy: RequestPolicy) -> float | None:
    """Seconds to wait before the next attempt, or None when this failure is final."""
    if status_of(exc) not in RETRYABLE_STATUSES:
        return None
    return delay_for(retry_after(exc), attempt, policy)


def delay_for(asked: float | None, attempt: int, policy: RequestPolicy) -> float | None:
    """The wait before attempt `attempt` + 1 of a throttled request, or None to give up."""
    if attempt >= policy.max_attempts:
        return None
    if asked is None:
        backoff: float = policy.base_delay * 2 ** (attempt - 1)
        return min(backoff, policy.max_delay)
    # Never retry sooner than SharePoint asked; a wait longer than max_delay is reported instead.
    return asked if asked <= policy.max_delay else None


def retry_after(exc: BaseException) -> float | None:
    """The seconds the answer's Retry-After header asks for; None without one or for a date."""
    response = getattr(exc, "response", None)
    return seconds_asked(response.headers.get("Retry-After") if response is not None else None)


def seconds_asked(value: str | None) -> float | None:
    """A Retry-After header's seconds; None without one or for an HTTP-date."""
    try:
        return max(0.0, float(str(value))) if value is not None else None
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff


def status_of(exc: BaseException) -> int | None:
    """The HTTP status a failed request answered with, or None when there was no answer."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None
