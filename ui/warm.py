"""Every page before the first visitor: when the server starts, it runs the app itself, as a
visitor without a browser opening each page in turn, before it accepts anyone.

The first run imports the app's code, reads the workbook, the ticket export and the incident
events, and works out this week's Monday figures; the runs of the other pages work out their own
tables (the health table, every incident against the procedure, the minutes…); a last run opens
the Monday page as of the previous CST meeting, the date the meeting looks back to. All of it
goes into the caches every session shares, so nobody waits for a page's first computation: each
visitor waits only for their own page to be drawn. They are the shell's own runs (ui.shell's
`main`), so they read exactly what a visitor's runs would and nothing else: with sign-in
configured they stop where a stranger stops (only the code is loaded), and a workbook that
cannot be read gives the message a visitor would see, to nobody.

`streamlit run streamlit_app.py` finds the st.App in streamlit_app.py and serves it; its
lifespan (`first_run`) starts these runs once the runtime is up, waits for them (at most
WARM_LIMIT_S in all: a slow SharePoint never keeps the server from opening), moves what they
read out of the garbage collector's way (`keep_out_of_collections`), then opens the doors.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime

from app.clock import today
from connectors.config import ConfigError, load_settings
from pulse.dates import last_meeting_before, latest_monday
from ui.routing import PAGES

WARM_LIMIT_S = 120.0
_LOG = logging.getLogger("client_pulse.warm")
_STATUS = ForwardMsg.ScriptFinishedStatus
# Not the end of a visit: a run that reran itself, and a fragment's own run (the incident
# room's live panel refreshes itself on a timer).
_NOT_THE_END = (_STATUS.FINISHED_EARLY_FOR_RERUN, _STATUS.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class _Unseen:
    """The browserless visitor: it throws away what the run draws and notes when it ends."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.finished = asyncio.Event()
        self._loop = loop

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished not in _NOT_THE_END:
            self._loop.call_soon_threadsafe(self.finished.set)

    @property
    def client_context(self) -> None:
        return None


def warm_visits(meeting: date | None) -> list[ClientState]:
    """The default page, every other page, then (when known) the Monday page as of the
    previous CST meeting before `meeting`."""
    visits = [ClientState(query_string="")]
    visits += [ClientState(page_name=Path(path).stem) for path, _, _ in PAGES[1:]]
    if meeting is not None:
        before = last_meeting_before(meeting).isoformat()
        visits.append(ClientState(query_string=f"as_of={before}"))
    return visits


def this_meeting() -> date | None:
    """This week's CST meeting in the business zone (None when pulse.toml cannot be read: the
    first visitor gets its message)."""
    try:
        zone = load_settings().business_hours.timezone
    except ConfigError:
        return None
    return latest_monday(today(zone))


async def run_pages(
    runtime: Runtime, visits: list[ClientState], limit_s: float = WARM_LIMIT_S
) -> bool:
    """`visits` one after the other in a session of its own; True when all ended in time."""
    visitor = _Unseen(asyncio.get_running_loop())
    session = runtime.connect_session(client=visitor, user_info={})
    deadline = time.monotonic() + limit_s
    try:
        for visit in visits:
            visitor.finished.clear()
            runtime.handle_backmsg(session, BackMsg(rerun_script=visit))
            left = deadline - time.monotonic()
            await asyncio.wait_for(visitor.finished.wait(), timeout=max(left, 0.0))
        return True
    except TimeoutError:
        return False
    finally:
        runtime.close_session(session)


def keep_out_of_collections() -> None:
    """What the server holds from here on (the code, the records and tickets read, the kept
    figures) is moved out of the garbage collector's way. Streamlit collects everything after
    every run; at MSP scale that walk took 0.1-0.15 s and held the interpreter while the run's
    last messages waited to be sent. Frozen objects are still freed when nothing refers to them
    (say, an older workbook version); only a reference cycle among them would stay."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def first_run(_app: Any) -> AsyncIterator[None]:
    """The st.App lifespan: every page's run, then serve."""
    started = time.monotonic()
    print("Client Pulse: reading the workbook and tickets before opening…", flush=True)
    ended = await run_pages(Runtime.instance(), warm_visits(this_meeting()))
    keep_out_of_collections()
    took = time.monotonic() - started
    if ended:
        print(f"Client Pulse: ready ({took:.1f} s).", flush=True)
    else:
        _LOG.warning("The pages were still loading after %.0f s; opening anyway.", took)
    yield
