"""What am I looking at: one or two sentences at the top of each page on a person's first visit,
with a link to the README section that explains it (shown in the app by the Help page), hidden
once they dismiss it. Dismissals are remembered per person in the user's cache folder, so a
reload or a restart does not bring them back; the Help page can.

A new page adds one line to INTROS (tests/ui/test_intro.py checks that every page in
ui.routing.PAGES has one, that its section is in the README, and that the page calls
`page_intro`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app.environment import user_cache_dir
from ui.context import PulseContext
from ui.routing import session_params, shared_screen

README = Path(__file__).resolve().parents[1] / "README.md"
HELP_PAGE = "pages/help.py"
SECTION_PARAM = "section"  # ?section=<slug> on the Help page
SEEN_FILE = "pages_introduced.json"  # {person: [page, ...]} in the user's cache folder
SEEN_KEY = "pages_introduced"  # this session's copy: {person: {page, ...}}


@dataclass(frozen=True)
class Intro:
    text: str  # one or two sentences: what the page shows and what to do with it
    section: str  # the README heading that explains it


INTROS: dict[str, Intro] = {
    "pages/monday.py": Intro(
        "The Monday CST meeting on one page: key figures, then a tab for each part of the "
        "meeting: overdue action items, open loops, who is on extra care and why, who awaits a "
        "decision, candidates whose signals fire, what changed since the last meeting, and the "
        "decisions. Figures are as of the Monday on or before the sidebar's date.",
        "What it is",
    ),
    "pages/health.py": Intro(
        "Every client with its risk to MRR and the criteria behind it. Filter by owner, status, "
        "criterion, band or MRR; the address holds the filters, so a link shares the view.",
        "What it is",
    ),
    "pages/client.py": Intro(
        "One client's whole story: owners and MRR, extra-care episodes, where each flag came "
        "from, the root-cause analysis, action items, tickets and risk week by week.",
        "What it is",
    ),
    "pages/minutes.py": Intro(
        "The Monday meeting's minutes, ready to print or download: key figures, the decisions "
        "made, open loops by who must act, and overdue action items by owner.",
        "What it is",
    ),
    "pages/incidents.py": Intro(
        "Each critical incident against the response procedure, measured on the business clock "
        "(business hours only): what was met, what was breached, and what must happen next.",
        "Critical incidents",
    ),
    "pages/incident_room.py": Intro(
        "One critical incident as it happens: the next step, who must do it and the business "
        "time left; one click records a step and saves it at once to the Incident Log.",
        "Running a critical incident in the app",
    ),
    "pages/escalation.py": Intro(
        "Who to call at each level of the escalation matrix, and where each client stands on "
        "the unresponsive-customer pathway, with a message ready to post.",
        "Escalation",
    ),
    "pages/announcements.py": Intro(
        "The Tuesday all-staff huddle, the department huddles and the Friday update, written "
        "from this week's CST decisions and ready to copy.",
        "What it is",
    ),
    "pages/workbook.py": Intro(
        "Where the Client Pulse workbook comes from and which version is open; save or discard "
        "unsaved changes, upload or download it, and read its Audit Log and Pulse History.",
        "Rules",
    ),
    "pages/tickets.py": Intro(
        "Load a PSA ticket export and an incident-events file; the signals, candidates and "
        "incidents on every page come from them. An unknown export's columns are mapped once.",
        "Tickets and signals",
    ),
    "pages/help.py": Intro(
        "The README inside the app: what Client Pulse is, its command line, and the rules it "
        "follows where the specification is silent. Pick a section below.",
        "What it is",
    ),
}


# --- the README's sections ----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    slug: str  # what-it-is
    title: str  # What it is
    body: str  # the section's Markdown, its heading and sub-sections included


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def readme_sections(text: str) -> list[Section]:
    """Each `##` and `###` heading with its text up to the next heading of its level or above
    (headings inside code blocks are text)."""
    lines = text.splitlines()
    headings = _headings(lines)
    sections = []
    for number, (start, level) in enumerate(headings):
        end = next((s for s, lvl in headings[number + 1 :] if lvl <= level), len(lines))
        title = lines[start].lstrip("#").strip()
        sections.append(Section(slug(title), title, "\n".join(lines[start:end]).strip()))
    return sections


def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """(line number, level) of every level-2 and level-3 heading outside code fences."""
    found, fenced = [], False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        level = len(line) - len(line.lstrip("#"))
        if not fenced and level in (2, 3) and line[level : level + 1] == " ":
            found.append((number, level))
    return found


@st.cache_data
def _readme(text: str) -> list[Section]:
    return readme_sections(text)


def sections() -> list[Section]:
    return _readme(README.read_text(encoding="utf-8"))


# --- who has seen which introduction ------------------------------------------------------


def _seen_path() -> Path:
    return user_cache_dir() / SEEN_FILE


def _read_seen() -> dict[str, list[str]]:
    """Everyone's dismissed pages; a missing or damaged file is nobody's."""
    try:
        seen = json.loads(_seen_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return seen if isinstance(seen, dict) else {}


def _write_seen(seen: dict[str, list[str]]) -> None:
    """Replace the file whole (a reader never sees half of it); a cache that cannot be written
    only means the introductions come back in the next session."""
    path = _seen_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".intro-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(seen, out, indent=1, sort_keys=True)
        os.replace(temporary, path)


def seen_pages(user: str) -> set[str]:
    """The pages whose introduction `user` dismissed (read once per session and person)."""
    held: dict[str, set[str]] = st.session_state.setdefault(SEEN_KEY, {})
    if user not in held:
        held[user] = set(_read_seen().get(user, []))
    return held[user]


def dismiss(user: str, page: str) -> None:
    seen_pages(user).add(page)
    everyone = _read_seen()
    everyone[user] = sorted({*everyone.get(user, []), page})
    _write_seen(everyone)


def show_again(user: str) -> None:
    """Every introduction comes back for `user` (the Help page's button)."""
    seen_pages(user).clear()
    everyone = _read_seen()
    everyone.pop(user, None)
    _write_seen(everyone)


# --- on the page --------------------------------------------------------------------------


def page_key(script: str) -> str:
    """`pages/monday.py` for a page script's own __file__."""
    return f"pages/{Path(script).name}"


def page_intro(ctx: PulseContext, script: str) -> None:
    """The page's introduction until this person dismisses it (never on the shared screen)."""
    page = page_key(script)
    if shared_screen() or page in seen_pages(ctx.user):
        return
    intro, name = INTROS[page], Path(page).stem
    with st.container(border=True, key=f"intro_{name}"):
        text, buttons = st.columns([6, 1], vertical_alignment="center")
        text.markdown(f"**What am I looking at?** {intro.text}")
        if text.button(
            f"README › {intro.section}", key=f"intro_readme_{name}", icon="📖", type="tertiary"
        ):
            open_help(intro.section)
        buttons.button(
            "Got it",
            key=f"intro_dismiss_{name}",
            on_click=dismiss,
            args=(ctx.user, page),
            help="Hide this introduction (the Help page can bring it back)",
        )


def open_help(section: str) -> None:
    """The Help page at `section` of the README, keeping the session's parameters."""
    st.switch_page(HELP_PAGE, query_params={**session_params(), SECTION_PARAM: slug(section)})
