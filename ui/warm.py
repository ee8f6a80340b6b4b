"""The first page before the first visitor: when the server starts, it runs the app once itself,
as a visitor without a browser opening the Monday page, before it accepts anyone.

That run imports the app's code, reads the workbook, the ticket export and the incident events,
and works out this week's Monday figures, all into the caches every session shares; the first
person to open the app then waits only for their own page to be drawn. It is the shell's own run
(ui.shell's `main`), so it reads exactly what a visitor's run would and nothing else:
with sign-in configured it stops where a stranger stops (only the code is loaded), and a workbook
that cannot be read gives the message a visitor would see, to nobody.

`streamlit run streamlit_app.py` finds the st.App in streamlit_app.py and serves it; its
lifespan (`first_run`) starts this run once the runtime is up, waits for it (at most
WARM_LIMIT_S: a slow SharePoint never keeps the server from opening), then opens the doors.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime

WARM_LIMIT_S = 120.0
_LOG = logging.getLogger("client_pulse.warm")
_RERAN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class _Unseen:
    """The browserless visitor: it throws away what the run draws and notes when it ends."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.finished = asyncio.Event()
        self._loop = loop

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != _RERAN:
            self._loop.call_soon_threadsafe(self.finished.set)

    @property
    def client_context(self) -> None:
        return None


async def run_first_page(runtime: Runtime, limit_s: float = WARM_LIMIT_S) -> bool:
    """One run of the app's default page in a session of its own; True when it ended in time."""
    visitor = _Unseen(asyncio.get_running_loop())
    session = runtime.connect_session(client=visitor, user_info={})
    try:
        runtime.handle_backmsg(session, BackMsg(rerun_script=ClientState(query_string="")))
        await asyncio.wait_for(visitor.finished.wait(), timeout=limit_s)
        return True
    except TimeoutError:
        return False
    finally:
        runtime.close_session(session)


@asynccontextmanager
async def first_run(_app: Any) -> AsyncIterator[None]:
    """The st.App lifespan: the first page's run, then serve."""
    started = time.monotonic()
    print("Client Pulse: reading the workbook and tickets before opening…", flush=True)
    ended = await run_first_page(Runtime.instance())
    took = time.monotonic() - started
    if ended:
        print(f"Client Pulse: ready ({took:.1f} s).", flush=True)
    else:
        _LOG.warning("The first page was still loading after %.0f s; opening anyway.", took)
    yield
