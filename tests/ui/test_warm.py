"""ui/warm.py: the server's own runs of every page, against a stand-in for Streamlit's runtime
that records what it is asked and answers as a script run would."""

from __future__ import annotations

import asyncio
import gc
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.warm import keep_out_of_collections, run_pages, this_meeting, warm_visits

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RERAN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


@dataclass
class Runtime:
    """Answers a rerun request with `ends` (None: the run never ends), one message each."""

    ends: list[Any] = field(default_factory=list)
    asked: list[BackMsg] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    client: Any = None

    def connect_session(self, client: Any, user_info: dict[str, Any]) -> str:
        assert user_info == {}  # nobody is signed in: with sign-in configured, it stops there
        self.client = client
        return "warm-session"

    def handle_backmsg(self, session: str, msg: BackMsg) -> None:
        assert session == "warm-session"
        self.asked.append(msg)
        for status in self.ends:
            self.client.write_forward_msg(ForwardMsg(script_finished=status))

    def close_session(self, session: str) -> None:
        self.closed.append(session)


def first_page(
    runtime: Runtime, limit_s: float = 5.0, visits: list[ClientState] | None = None
) -> bool:
    """run_pages (the default page alone unless `visits`) on an event loop of its own (in a
    thread: a test before this one in the same worker may have left a loop running in this
    one)."""
    asked = visits if visits is not None else [ClientState(query_string="")]
    waiting = run_pages(runtime, asked, limit_s=limit_s)  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, waiting).result()


def test_the_default_page_runs_once_and_its_session_is_closed() -> None:
    runtime = Runtime(ends=[FINISHED])
    assert first_page(runtime) is True
    assert len(runtime.asked) == 1
    asked = runtime.asked[0]
    assert asked.WhichOneof("type") == "rerun_script"
    assert asked.rerun_script.page_script_hash == ""  # the default page: Monday
    assert asked.rerun_script.query_string == ""  # no as_of: today, as a visitor's first run
    assert runtime.closed == ["warm-session"]


def test_a_run_that_reran_itself_is_waited_for_to_its_end() -> None:
    runtime = Runtime(ends=[RERAN])
    assert first_page(runtime, limit_s=0.2) is False
    assert runtime.closed == ["warm-session"]


def test_the_run_ending_after_a_rerun_counts() -> None:
    assert first_page(Runtime(ends=[RERAN, FINISHED])) is True


def test_a_run_still_going_at_the_limit_opens_the_server_anyway() -> None:
    runtime = Runtime(ends=[])
    assert first_page(runtime, limit_s=0.2) is False
    assert runtime.closed == ["warm-session"]


def test_what_the_run_draws_does_not_end_the_wait() -> None:
    runtime = Runtime(ends=[])
    drawn = ForwardMsg()
    drawn.session_status_changed.script_is_running = True

    def draw(session: str, msg: BackMsg) -> None:
        runtime.client.write_forward_msg(drawn)

    runtime.handle_backmsg = draw  # type: ignore[method-assign]
    assert first_page(runtime, limit_s=0.2) is False


def test_a_fragments_own_run_does_not_end_a_visit() -> None:
    assert first_page(Runtime(ends=[FRAGMENT]), limit_s=0.2) is False
    assert first_page(Runtime(ends=[FRAGMENT, FINISHED])) is True


def test_every_page_is_visited_then_the_previous_meeting() -> None:
    # This week's meeting Mon 30 Nov 2026: the one before was Mon 23 Nov.
    visits = warm_visits(date(2026, 11, 30))
    runtime = Runtime(ends=[FINISHED])
    assert first_page(runtime, visits=visits) is True
    asked = [(m.rerun_script.page_name, m.rerun_script.query_string) for m in runtime.asked]
    pages = ["health", "client", "incidents", "incident_room", "escalation", "announcements"]
    pages += ["minutes", "workbook", "tickets", "help"]
    assert asked == [("", ""), *[(page, "") for page in pages], ("", "as_of=2026-11-23")]
    assert runtime.closed == ["warm-session"]


def test_a_visit_that_never_ends_stops_the_rest_at_the_limit() -> None:
    runtime = Runtime(ends=[])
    assert first_page(runtime, limit_s=0.2, visits=warm_visits(date(2026, 11, 30))) is False
    assert len(runtime.asked) == 1
    assert runtime.closed == ["warm-session"]


def test_this_meeting_is_the_monday_of_the_business_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("PULSE_CONFIG", str(tmp_path / "none.toml"))  # defaults: Los Angeles
    monkeypatch.setenv("PULSE_NOW", "2026-12-02T10:00:00-08:00")  # Wednesday 2 Dec
    assert this_meeting() == date(2026, 11, 30)
    # Monday 07:00 UTC is still Sunday 23:00 in Los Angeles: last week's meeting.
    monkeypatch.setenv("PULSE_NOW", "2026-11-30T07:00:00+00:00")
    assert this_meeting() == date(2026, 11, 23)


def test_no_previous_meeting_when_pulse_toml_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    broken = tmp_path / "pulse.toml"
    broken.write_text("[business_hours\n")
    monkeypatch.setenv("PULSE_CONFIG", str(broken))
    assert this_meeting() is None
    assert len(warm_visits(None)) == 11  # every page, and no look-back


class _Records:
    """Something a warm run keeps (a tracked object, as pandas' frames are)."""


def test_what_the_warm_runs_read_is_out_of_later_collections_yet_still_freed() -> None:
    kept = _Records()
    freed = weakref.ref(kept)
    try:
        keep_out_of_collections()
        assert gc.get_freeze_count() > 0
        assert not any(thing is kept for thing in gc.get_objects())  # no collection walks it
        del kept
        assert freed() is None  # nothing refers to it: freed all the same
    finally:
        gc.unfreeze()  # this test process goes on collecting as before
