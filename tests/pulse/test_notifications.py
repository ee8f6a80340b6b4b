"""pulse/notifications.py: which reminders an incident calls for at each moment, their keys
(stable across moments, so the watch posts each once), and when the Monday digest is due.

Tue 2026-05-05, default targets (tests/incident_frames.py): reported 09:00 by e-mail, SWARM space
09:05; the summary is due 09:20, the first response 10:00, the vITM's acknowledgement 10:05.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from pulse.incidents import incidents_table
from pulse.notifications import digest_day, incident_reminders
from pulse.settings import NotificationSettings, Settings
from tests.incident_frames import events_frame, t

UTC = ZoneInfo("UTC")
OPENED = [("reported", "05-05 09:00"), ("swarm_created", "05-05 09:05")]


def reminders(rows: list[tuple[str, str]], at: str, settings: Settings | None = None) -> dict:
    settings = settings or Settings()
    table = incidents_table(events_frame("TK9", rows), None, as_of=t(at), settings=settings)
    return {message.key: message.text for message in incident_reminders(table, settings=settings)}


def test_a_step_due_within_ten_business_minutes_is_reminded_of() -> None:
    assert reminders(OPENED, "05-05 09:09") == {}  # the summary is 11 minutes away
    assert list(reminders(OPENED, "05-05 09:10")) == ["incident/tk9/summary_posted/due_soon"]


def test_the_due_soon_key_is_the_same_at_every_moment_and_a_breach_has_its_own() -> None:
    assert list(reminders(OPENED, "05-05 09:12")) == ["incident/tk9/summary_posted/due_soon"]
    assert list(reminders(OPENED, "05-05 09:21")) == ["incident/tk9/summary_posted/breached"]


def test_a_done_step_and_a_resolved_incident_call_for_nothing() -> None:
    assert reminders([*OPENED, ("summary_posted", "05-05 09:11")], "05-05 09:12") == {}
    assert reminders([*OPENED, ("resolved", "05-05 09:11")], "05-05 09:30") == {}


def test_the_window_is_configured_in_business_minutes() -> None:
    wide = Settings(notifications=NotificationSettings(due_soon_minutes=20))
    # The summary of a SWARM space made 16:50 Monday is due 08:05 Tuesday (10 minutes before
    # closing, 5 after opening); at 16:51 that is 14 business minutes away: inside 20, not 10.
    evening = [("reported", "05-04 16:45"), ("swarm_created", "05-04 16:50")]
    assert reminders(evening, "05-04 16:51") == {}
    assert "incident/tk9/summary_posted/due_soon" in reminders(evening, "05-04 16:51", wide)


def test_a_client_update_due_is_reminded_of_once_per_update() -> None:
    answered = [*OPENED, ("summary_posted", "05-05 09:10"), ("vitm_acknowledged", "05-05 09:15")]
    answered.append(("client_responded", "05-05 09:30"))  # update 1 due 10:30
    found = reminders(answered, "05-05 10:20")
    assert found == {
        "incident/tk9/client_update/1": (
            "📣 Client update 1 is due at Tue 05 May 10:30: tell the client where things stand."
        )
    }
    late = reminders(answered, "05-05 10:45")
    assert late["incident/tk9/client_update/1"].startswith("📣 Client update 1 was due at")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 5, 4, 7, 59, tzinfo=ZoneInfo("America/Los_Angeles")), None),
        (datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles")), date(2026, 5, 4)),
        (datetime(2026, 5, 4, 15, 0, tzinfo=UTC), date(2026, 5, 4)),  # 08:00 in Los Angeles
        (datetime(2026, 5, 4, 14, 59, tzinfo=UTC), None),
        (datetime(2026, 5, 5, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles")), None),  # Tuesday
        (datetime(2026, 5, 5, 6, 30, tzinfo=UTC), date(2026, 5, 4)),  # Mon 23:30 there
    ],
)
def test_the_digest_is_due_on_the_monday_from_its_time(
    moment: datetime, expected: date | None
) -> None:
    assert digest_day(moment, settings=Settings()) == expected


def test_the_digest_time_is_configured() -> None:
    later = Settings(notifications=NotificationSettings(digest_time=time(9, 30)))
    nine = datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert digest_day(nine, settings=later) is None
