"""The Ticket import page under AppTest: detection, mapping a real export once, saving the
mapping in pulse.toml, the session contract the shell reads, and clear messages on bad input.

Uploads cannot be driven in AppTest, so each test stages a file the way the uploader's callback
does: st.session_state["staged_tickets"] / ["staged_events"] = Upload(name, data).
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.sources import Upload
from connectors.config import load_settings
from connectors.ticket_mappings import load_ticket_mappings
from pulse.settings import Role, Settings
from tests.app_fixtures import metrics, page_context, run_page, shell, texts
from tests.connectors.psa_exports import CONNECTWISE_HEADERS, connectwise_board
from tests.paths import REALDATA, SAMPLE_DIR
from ui.context import CONTEXT_KEY, PulseContext

FRESHDESK = REALDATA / "tickets" / "freshdesk_export_demo_account.csv"
SERVICENOW = REALDATA / "tickets" / "servicenow_incident_event_log_subset.csv"
AS_OF = date(2026, 11, 23)
FRESHDESK_MAPPING = {
    "ticket": "Ticket ID",
    "client": "Company Name",
    "priority": "Priority",
    "created": "Created time",
}


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test saves mappings in its own pulse.toml, never in the repository's."""
    path = tmp_path / "pulse.toml"
    monkeypatch.setenv("PULSE_CONFIG", str(path))
    return path


def context(
    *,
    tickets: pd.DataFrame | None = None,
    settings: Settings | None = None,
    role: Role = Role.ACCOUNT_ADMIN,  # a record keeper: may save a mapping in pulse.toml
) -> PulseContext:
    return page_context(
        as_of=AS_OF,
        role=role,
        settings=settings or Settings(),
        tickets=tickets,
        tickets_source="" if tickets is None else "tickets.csv",
    )


def staged(path: Path) -> Upload:
    return Upload(path.name, path.read_bytes())


def tickets_page(
    *,
    tickets_file: Path | None = None,
    events_file: Path | None = None,
    ctx: PulseContext | None = None,
    state: dict[str, object] | None = None,
) -> AppTest:
    staging = dict(state or {})
    if tickets_file is not None:
        staging["staged_tickets"] = staged(tickets_file)
    if events_file is not None:
        staging["staged_events"] = staged(events_file)
    return run_page("tickets.py", ctx or context(), state=staging)


def button_keys(app: AppTest) -> set[str]:
    return {str(button.key) for button in app.button}


def map_columns(app: AppTest, choices: dict[str, str]) -> AppTest:
    for field, header in choices.items():
        app.selectbox(key=f"tickets_form_map_{field}").set_value(header)
    return app.run()


def usable_rows(path: Path, ticket: str, client: str, created: str) -> int:
    """Rows with a ticket, a client and a created time, counted without the reader."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sum(all(row[c].strip() for c in (ticket, client, created)) for row in rows)


# ---- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "label", "choice"),
    [
        ("tickets_generic.csv", "Generic", "preset:generic"),
        ("tickets_connectwise.csv", "ConnectWise Manage", "preset:connectwise"),
        ("tickets_autotask.csv", "Autotask", "preset:autotask"),
        ("tickets_halopsa.csv", "HaloPSA", "preset:halopsa"),
    ],
)
def test_each_known_layout_is_detected_and_previewed(
    file_name: str, label: str, choice: str
) -> None:
    app = tickets_page(tickets_file=SAMPLE_DIR / file_name)
    assert not app.exception
    assert f"Detected layout: **{label}**" in texts(app.success)
    assert app.selectbox(key="tickets_form_layout").value == choice
    assert len(app.dataframe) == 2  # the fields read, and the preview of the canonical frame
    assert "tickets_import_use" in button_keys(app)


def test_generic_preview_counts_every_ticket_of_the_file() -> None:
    path = SAMPLE_DIR / "tickets_generic.csv"
    app = tickets_page(tickets_file=path)
    expected = usable_rows(path, "Ticket", "Client", "Created")
    assert metrics(app)["Tickets"] == f"{expected:,}"
    preview = app.dataframe[1].value
    assert list(preview.columns)[:4] == ["Ticket", "Client", "Summary", "Priority"]
    assert len(preview) == 10


def test_the_layout_can_be_forced() -> None:
    # The generic sample read as ConnectWise finds none of its columns: the problem is shown.
    app = tickets_page(tickets_file=SAMPLE_DIR / "tickets_generic.csv")
    app.selectbox(key="tickets_form_layout").set_value("preset:connectwise").run()
    assert not app.exception
    assert "Missing required column(s) for the connectwise layout" in texts(app.error)
    assert "tickets_import_use" not in button_keys(app)


# ---- a real export that needs mapping -----------------------------------------------------------


def test_freshdesk_needs_mapping_and_names_what_is_missing() -> None:
    app = tickets_page(tickets_file=FRESHDESK)
    assert not app.exception
    assert "not a layout Client Pulse knows" in texts(app.info)
    assert app.selectbox(key="tickets_form_layout").value == "custom"
    # The reader's spellings find Ticket ID, Company Name and Priority; "Created time" is new.
    assert "**Created**" in texts(app.warning)
    assert not app.dataframe
    assert "tickets_import_use" not in button_keys(app)


def test_freshdesk_mapped_by_hand_previews_its_tickets() -> None:
    app = map_columns(tickets_page(tickets_file=FRESHDESK), FRESHDESK_MAPPING)
    assert not app.exception
    # 45 tickets, one with a blank Company Name (shared/realdata/INDEX.md): 44 usable.
    assert metrics(app) == {"Tickets": "44", "Clients": "4", "Newest Created": "2025-12-04 16:43"}
    assert "1 row(s) have no Client" in texts(app.markdown)
    preview = app.dataframe[1].value
    assert len(preview) == 10
    # The first row: ticket 1, created 2025-12-03 16:29:08 (naive, so local to the business zone).
    first = preview.iloc[0]
    assert (first["Ticket"], first["Client"], first["Priority"]) == ("1", "Acme Inc", "High")
    assert first["Created"].strftime("%Y-%m-%d %H:%M:%S %Z") == "2025-12-03 16:29:08 PST"
    # Newest ticket 2025-12-04 16:43 in Los Angeles = 2025-12-05 00:43 UTC, the day the export is
    # dated by; as of 2026-11-23 that is 353 days, stale past 7 (SPEC).
    assert "The ticket export is from 2025-12-05, 353 days before 2026-11-23" in texts(app.warning)


def test_save_mapping_writes_pulse_toml_and_it_is_offered_next_time(config_in_tmp: Path) -> None:
    app = map_columns(
        tickets_page(tickets_file=FRESHDESK), {**FRESHDESK_MAPPING, "summary": "Subject"}
    )
    assert app.text_input(key="tickets_form_name").value == "freshdesk_export_demo_account"
    app.text_input(key="tickets_form_name").input("freshdesk")
    app.button(key="tickets_form_save").click().run()
    assert not app.exception
    assert "Saved the mapping 'freshdesk'" in texts(app.success)
    saved = load_ticket_mappings(config_in_tmp)["freshdesk"]
    assert {field: saved[field] for field in [*FRESHDESK_MAPPING, "summary"]} == {
        **FRESHDESK_MAPPING,
        "summary": "Subject",
    }
    assert "__dedupe_latest_by" not in saved
    # Next time the settings carry it, and a file with those columns is read with it at once.
    again = tickets_page(tickets_file=FRESHDESK, ctx=context(settings=load_settings(config_in_tmp)))
    assert again.selectbox(key="tickets_form_layout").value == "mapping:freshdesk"
    assert metrics(again)["Tickets"] == "44"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.VCIO])
def test_only_a_record_keeper_may_save_a_mapping(config_in_tmp: Path, role: Role) -> None:
    """Saving rewrites pulse.toml (everyone's thresholds and roles): the Account Administrator,
    the Director or local mode; the button is disabled for anyone else (a browser cannot click
    it), with who may."""
    ctx = context(role=role)
    app = map_columns(tickets_page(tickets_file=FRESHDESK, ctx=ctx), FRESHDESK_MAPPING)
    button = app.button(key="tickets_form_save")
    assert button.disabled
    assert "may save a column mapping in pulse.toml" in texts(app.caption)
    assert not config_in_tmp.exists()


def test_a_missing_required_column_is_a_message_never_an_exception(config_in_tmp: Path) -> None:
    app = map_columns(
        tickets_page(tickets_file=FRESHDESK), {**FRESHDESK_MAPPING, "client": "(none)"}
    )
    assert not app.exception
    assert "**Client**" in texts(app.warning)
    app.button(key="tickets_form_save").click().run()
    assert not app.exception
    assert "Not saved" in texts(app.error)
    assert not config_in_tmp.exists()


def test_unreadable_dates_are_pointed_at_by_row_and_column() -> None:
    app = map_columns(
        tickets_page(tickets_file=FRESHDESK), {**FRESHDESK_MAPPING, "created": "Subject"}
    )
    assert not app.exception
    # The first ticket (line 2) has the Subject "404 error when on a specific page".
    problems = texts(app.error)
    assert "freshdesk_export_demo_account.csv, row 2, column Subject" in problems
    assert "'404 error when on a specific page' is not a date" in problems
    assert "tickets_import_use" not in button_keys(app)


def servicenow_latest_with_location() -> int:
    """Incidents whose latest update (highest sys_mod_count) names a location, by hand."""
    latest: dict[str, tuple[int, str]] = {}
    with SERVICENOW.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            update = (int(row["sys_mod_count"]), row["location"])
            latest[row["number"]] = max(latest.get(row["number"], update), update)
    return sum(location != "?" for _, location in latest.values())


def test_servicenow_audit_log_collapses_to_the_latest_row_of_each_ticket() -> None:
    app = tickets_page(tickets_file=SERVICENOW)
    choices = {"ticket": "number", "client": "location", "priority": "priority"}
    app = map_columns(app, {**choices, "created": "opened_at"})
    app.selectbox(key="tickets_form_dedupe").set_value("sys_mod_count").run()
    assert not app.exception
    assert metrics(app)["Tickets"] == f"{servicenow_latest_with_location():,}"


# ---- a real PSA layout: ConnectWise's board list (issue 19) --------------------------------------

# Uploaded at noon in Los Angeles on 21 April 2025 (PDT): 19:00 UTC.
UPLOADED = datetime(2025, 4, 21, 19, 0, tzinfo=UTC)


def board_page(headers: list[str] | None = None) -> AppTest:
    upload = Upload("board.csv", connectwise_board(headers), exported_at=UPLOADED)
    return run_page("tickets.py", context(), state={"staged_tickets": upload})


def test_a_connectwise_board_export_is_previewed_field_by_field() -> None:
    app = board_page()
    assert not app.exception
    assert "Detected layout: **ConnectWise Manage**" in texts(app.success)
    # No Date Entered: Created counts back from Age, from the upload time by default.
    assert app.date_input(key="tickets_form_exported_day").value == date(2025, 4, 21)
    assert app.time_input(key="tickets_form_exported_time").value == time(12, 0)
    fields = app.dataframe[0].value.set_index("Field")
    assert fields.loc["Created", "Column in the export"] == "Age (days since entry)"
    # 12:00 PDT minus 0.5, 3.2 and 40.1 days (12 h; 3 d 4 h 48 min; 40 d 2 h 24 min).
    assert fields.loc["Created", "Sample"] == "2025-04-21 00:00, 2025-04-18 07:12, 2025-03-12 09:36"
    assert fields.loc["Priority", "Sample"] == "High, Medium, Low"  # orange, yellow, lime icons
    assert fields.loc["Client", "Column in the export"] == "Company"
    assert fields.loc["Client", "Sample"] == "Acme Dental, Globex Corp, Initech"
    assert fields.loc["Board", ["Column in the export", "Sample"]].tolist() == ["—", "—"]
    assert fields.loc["Last update (picks between rows of one ticket)", "Column in the export"] == (
        "Last Update"
    )
    said = texts(app.markdown)
    assert "'purple.gif' (1)" in said  # unmapped: listed with the pulse.toml line
    assert "The column 'Change Mgmt Date' appears 2 times" in said
    assert metrics(app)["Tickets"] == "5"


def test_an_earlier_export_time_moves_every_created_time() -> None:
    app = board_page()
    app.date_input(key="tickets_form_exported_day").set_value(date(2025, 4, 20)).run()
    app.time_input(key="tickets_form_exported_time").set_value(time(9, 30)).run()
    fields = app.dataframe[0].value.set_index("Field")
    # 09:30 PDT on the 20th minus 12 h is 21:30 on the 19th.
    assert fields.loc["Created", "Sample"].startswith("2025-04-19 21:30, ")
    app.button(key="tickets_import_use").click().run()
    upload = app.session_state["uploaded_tickets"]
    assert (upload.preset, upload.exported_at) == ("connectwise", datetime(2025, 4, 20, 9, 30))


def test_without_date_entered_or_age_the_page_names_the_closest_layout_and_what_it_lacks() -> None:
    app = board_page([h for h in CONNECTWISE_HEADERS if h != "Age"])
    assert not app.exception
    said = texts(app.info)
    assert "Missing required column(s) for the connectwise layout: Created (" in said
    assert "add the Date Entered column to the service board's list view" in said
    assert "Ticket (" not in said and "Client (" not in said


# ---- the session contract and the shell ---------------------------------------------------------


def test_use_this_export_puts_it_in_the_session_and_the_app_reads_it() -> None:
    app = map_columns(tickets_page(tickets_file=FRESHDESK), FRESHDESK_MAPPING)
    app.button(key="tickets_import_use").click().run()
    assert not app.exception
    upload = app.session_state["uploaded_tickets"]
    assert upload.name == FRESHDESK.name
    assert upload.data == FRESHDESK.read_bytes()
    assert upload.preset is None
    assert upload.mapping is not None
    assert {k: upload.mapping[k] for k in FRESHDESK_MAPPING} == FRESHDESK_MAPPING
    app = shell(as_of="2026-11-23")
    app.session_state["uploaded_tickets"] = upload
    app.run()
    assert not app.exception
    sidebar = texts(app.sidebar.caption)
    assert f"Tickets: **{FRESHDESK.name}** (44 tickets)" in sidebar
    assert app.session_state[CONTEXT_KEY].tickets_version.startswith(f"upload:{FRESHDESK.name}:")


def test_a_detected_preset_is_what_the_session_records() -> None:
    app = tickets_page(tickets_file=SAMPLE_DIR / "tickets_connectwise.csv")
    app.button(key="tickets_import_use").click().run()
    upload = app.session_state["uploaded_tickets"]
    assert (upload.preset, upload.mapping) == ("connectwise", None)


def test_back_to_the_sample_removes_the_uploads() -> None:
    state = {
        "uploaded_tickets": Upload("x.csv", b""),
        "uploaded_events": Upload("e.csv", b""),
    }
    app = tickets_page(state=state)
    app.button(key="tickets_import_back").click().run()
    assert not app.exception
    assert "uploaded_tickets" not in app.session_state
    assert "uploaded_events" not in app.session_state
    assert "tickets_import_back" not in button_keys(app)


# ---- the export in use --------------------------------------------------------------------------


def tickets_created(*days: str) -> pd.DataFrame:
    created = pd.to_datetime(list(days)).tz_localize("America/Los_Angeles").tz_convert("UTC")
    return pd.DataFrame({"created": created, "client_key": ["acme", "acme", "bravo"][: len(days)]})


def test_the_export_in_use_shows_its_size_and_newest_created_time() -> None:
    ctx = context(
        tickets=tickets_created("2026-10-01 10:00", "2026-11-20 09:05", "2026-11-02 08:00")
    )
    app = tickets_page(ctx=ctx)
    assert not app.exception
    assert metrics(app) == {"Tickets": "3", "Clients": "2", "Newest Created": "2026-11-20 09:05"}
    assert "**Tickets in use:** tickets.csv (sample or configured file)" in texts(app.markdown)
    assert "tickets_import_back" not in button_keys(app)


def test_no_ticket_export_says_so() -> None:
    app = tickets_page()
    assert not app.exception
    assert "No ticket export is loaded" in texts(app.info)


# ---- incident events ----------------------------------------------------------------------------


def test_events_file_is_previewed_and_used() -> None:
    path = SAMPLE_DIR / "incident_events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    app = tickets_page(events_file=path)
    assert not app.exception
    assert metrics(app) == {
        "Events": f"{len(rows):,}",
        "Incidents": str(len({row["ticket"] for row in rows})),
    }
    app.button(key="events_import_use").click().run()
    assert app.session_state["uploaded_events"] == Upload(path.name, path.read_bytes())


def test_a_broken_events_file_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "ticket,event,at\nTK1,reported,2026-05-04T09:30:00-07:00\nTK1,coffee_break,2026-05-04\n"
    )
    app = tickets_page(events_file=path)
    assert not app.exception
    assert "events.csv, row 3" in texts(app.error)
    assert "events_import_use" not in button_keys(app)


def test_a_file_that_is_not_an_export_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text("Ticket\tClient\tPriority\tCreated\nT1\tAcme\tHigh\t2026-11-20\n")
    app = tickets_page(tickets_file=path)
    assert not app.exception
    assert "tab-delimited" in texts(app.error)
