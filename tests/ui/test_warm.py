"""ui/warm.py: the server's own run of the first page, against a stand-in for Streamlit's
runtime that records what it is asked and answers as a script run would."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.warm import run_first_page

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RERAN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


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


def first_page(runtime: Runtime, limit_s: float = 5.0) -> bool:
    """run_first_page on an event loop of its own (in a thread: a test before this one in the
    same worker may have left a loop running in this one)."""
    waiting = run_first_page(runtime, limit_s=limit_s)  # type: ignore[arg-type]
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
