"""The HTTP session every SharePoint request goes through: one User-Agent and one time cap.

- Microsoft throttles undecorated traffic first and asks callers to name themselves
  (``NONISV|Company|App/version``), so every request carries the configured User-Agent.
- The library fetches the form digest (``POST _api/contextinfo``) with retries of its own that
  sleep as long as Retry-After asks, five times over. This session answers a throttled
  contextinfo itself instead, under the same `RetryBudget` as the connector's own retries, and
  gives up with `Unreachable` before the library would sleep: no retry waits past the cap.
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.sharepoint.errors import Unreachable
from connectors.sharepoint.retries import (
    RETRYABLE_STATUSES,
    RequestPolicy,
    RetryBudget,
    delay_for,
    seconds_asked,
)

CONTEXT_INFO = "/_api/contextinfo"


class PulseHttp(requests.Session):
    """A requests session naming the app, retrying a throttled contextinfo within the cap."""

    def __init__(self, policy: RequestPolicy, *, user_agent: str) -> None:
        super().__init__()
        self.policy = policy
        self.headers["User-Agent"] = user_agent
        self.budget = RetryBudget(policy)

    def restart_budget(self) -> RetryBudget:
        """A new overall cap, for the next operation (a download, a save, a check)."""
        self.budget = RetryBudget(self.policy)
        return self.budget

    def request(  # type: ignore[override]  # requests' own signature, passed through
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        attempt = 1
        while True:
            response = super().request(method, url, *args, **kwargs)
            if response.status_code not in RETRYABLE_STATUSES or not is_context_info(url):
                return response
            asked = seconds_asked(response.headers.get("Retry-After"))
            delay = delay_for(asked, attempt, self.policy)
            if delay is None or not self.budget.allows(delay):
                raise _throttled(response.status_code, asked, self.policy)
            self.policy.sleep(delay)
            attempt += 1


def is_context_info(url: str) -> bool:
    return url.lower().split("?", 1)[0].endswith(CONTEXT_INFO)


def _throttled(status: int, asked: float | None, policy: RequestPolicy) -> Unreachable:
    hint = f" It asked to wait {asked:g} s." if asked else ""
    return Unreachable(
        f"SharePoint stayed busy ({status}) while signing the request (contextinfo), longer than "
        f"the {policy.retry_cap:g} s allowed for retries.{hint} Try again in a few minutes."
    )
