"""The Excel-API save mode against a loopback Graph: only the owned cells and rows, inside one
workbook session that is always closed, and every documented answer in plain words."""

from __future__ import annotations

import socket
from datetime import date
from io import BytesIO

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from connectors import sharepoint as sp
from connectors.xlsx_patch import SheetEdit
from tests.connectors.sharepoint.fake_graph import (
    DRIVE_ID,
    FILE_GUID,
    ITEM_ID,
    SITE_ID,
    WORKBOOK,
    Cells,
    FakeGraph,
    FakeTable,
)
from tests.connectors.sharepoint.fake_site import ANN, ANN_TOKEN, BOB, PATH

SITE = "https://contoso.sharepoint.com/sites/cst"
EPISODES, AUDIT = "Extra Care Tracking Info", "Audit Log"
AT_1, AT_2 = "2026-03-02T10:15:00-08:00", "2026-03-02T10:16:00-08:00"
# Ann's save: Beta's Status (row 3) becomes Active; two Audit Log rows go below row 2.
EDITS = [
    SheetEdit(EPISODES, {(3, 2): "Active"}, data_start_row=2, last_data_row=3),
    SheetEdit(
        AUDIT,
        {
            (3, 1): AT_1,
            (3, 2): ANN,
            (3, 3): None,
            (4, 1): AT_2,
            (4, 2): ANN,
            (4, 3): "approved",
        },
        data_start_row=2,
        last_data_row=2,
    ),
]
ROW_3 = [f"'{AT_1}", f"'{ANN}", ""]
ROW_4 = [f"'{AT_2}", f"'{ANN}", "'approved"]


class Clock:
    """Time that moves only when the retry policy sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def workbook(audit_table: str = "") -> bytes:
    """Clients, two episodes and an Audit Log of one row (an Excel table over `audit_table`)."""
    book = openpyxl.Workbook()
    book.active.title = "Clients"
    book.active.append(["Client", "MRR"])
    book.active.append(["Acme", 100])
    episodes = book.create_sheet(EPISODES)
    for row in (["Client", "Status"], ["Acme", "Active"], ["Beta", "Recommended"]):
        episodes.append(row)
    audit = book.create_sheet(AUDIT)
    for row in (["At", "User", "Note"], ["2026-03-01T09:00:00-08:00", BOB, None]):
        audit.append(row)
    if audit_table:
        audit.add_table(Table(displayName="AuditLog", ref=audit_table))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grid() -> dict[str, Cells]:
    """The same workbook as the fake Graph holds it."""
    return {
        "Clients": {(1, 1): "Client", (1, 2): "MRR", (2, 1): "Acme", (2, 2): 100},
        EPISODES: {
            (1, 1): "Client",
            (1, 2): "Status",
            (2, 1): "Acme",
            (2, 2): "Active",
            (3, 1): "Beta",
            (3, 2): "Recommended",
        },
        AUDIT: {
            (1, 1): "At",
            (1, 2): "User",
            (1, 3): "Note",
            (2, 1): "2026-03-01T09:00:00-08:00",
            (2, 2): BOB,
        },
    }


def save(
    graph: FakeGraph,
    clock: Clock,
    edits: list[SheetEdit] = EDITS,
    *,
    original: bytes | None = None,
    etag: str = "",
    token: str = ANN_TOKEN,
    path: str = PATH,
) -> sp.RemoteFile:
    settings = sp.SharePointSettings(
        site_url=SITE,
        file_path=path,
        access_token=token,
        save_mode=sp.SaveMode.EXCEL_API,
        graph_url=graph.graph_url,
    )
    policy = sp.RequestPolicy(connect_timeout=1.0, read_timeout=2.0, sleep=clock.sleep, clock=clock)
    return sp.save_cells(
        settings,
        original=original or workbook(),
        rendered=b"the rendered workbook",
        edits=edits,
        expected_etag=etag or graph.etag,
        session=sp.open_session(settings, policy=policy),
    )


def with_ann_s_save(cells: dict[str, Cells]) -> dict[str, Cells]:
    cells[EPISODES][(3, 2)] = "Active"
    cells[AUDIT] |= {(3, 1): AT_1, (3, 2): ANN, (4, 1): AT_2, (4, 2): ANN, (4, 3): "approved"}
    return cells


# --------------------------------------------------------------------------------------------
# What a save sends


def test_a_save_writes_only_the_owned_cells_and_rows_inside_one_session(
    graph: FakeGraph, clock: Clock
) -> None:
    graph.sheets = grid()
    remote = save(graph, clock)
    assert [(call.method, call.path) for call in graph.calls] == [
        ("GET", "/sites/contoso.sharepoint.com:/sites/cst"),
        ("GET", f"/sites/{SITE_ID}/drives"),
        ("GET", f"/drives/{DRIVE_ID}/root:/Client Pulse.xlsx"),
        ("POST", f"{WORKBOOK}/createSession"),
        ("PATCH", f"{WORKBOOK}/worksheets/{EPISODES}/range(address='B3')"),
        ("PATCH", f"{WORKBOOK}/worksheets/{AUDIT}/range(address='A3:C3')"),
        ("PATCH", f"{WORKBOOK}/worksheets/{AUDIT}/range(address='A4:C4')"),
        ("POST", f"{WORKBOOK}/closeSession"),
        ("GET", f"/drives/{DRIVE_ID}/items/{ITEM_ID}"),
    ]
    assert [call.body for call in graph.calls[3:7]] == [
        {"persistChanges": True},
        {"values": [["'Active"]]},
        {"values": [ROW_3]},
        {"values": [ROW_4]},
    ]
    in_session = [call.headers.get("workbook-session-id") for call in graph.calls]
    assert in_session == [None] * 4 + ["session-1"] * 4 + [None]  # writes and close only
    assert {call.headers["Authorization"] for call in graph.calls} == {f"Bearer {ANN_TOKEN}"}
    assert {call.headers["User-Agent"] for call in graph.calls} == {sp.DEFAULT_USER_AGENT}
    assert (graph.open_sessions, graph.closed_sessions) == (set(), ["session-1"])
    assert graph.sheets == with_ann_s_save(grid())  # Clients and every other cell untouched
    assert (remote.etag, remote.version, remote.modified_by) == (graph.etag, "2", ANN)
    assert remote.data == b"the rendered workbook"


def test_rows_appended_below_an_excel_table_go_in_as_the_table_s_rows(
    graph: FakeGraph, clock: Clock
) -> None:
    graph.sheets = grid()
    graph.tables["AuditLog"] = FakeTable(AUDIT, top=1, left=1, bottom=2, right=3)
    save(graph, clock, original=workbook(audit_table="A1:C2"))
    assert [(call.path, call.body) for call in graph.calls_of("rows")] == [
        (f"{WORKBOOK}/tables/AuditLog/rows", {"values": [ROW_3, ROW_4]})
    ]
    ranges = [call.path for call in graph.calls_of("range")]
    assert ranges == [f"{WORKBOOK}/worksheets/{EPISODES}/range(address='B3')"]
    assert graph.tables["AuditLog"].bottom == 4
    assert graph.sheets == with_ann_s_save(grid())


def test_a_table_running_past_the_last_data_row_is_written_into_as_ranges(
    graph: FakeGraph, clock: Clock
) -> None:
    """The rows go right below the last data row, as the file save puts them, not below the
    table's blank rows."""
    graph.sheets = grid()
    save(graph, clock, original=workbook(audit_table="A1:C6"))
    assert graph.calls_of("rows") == []
    assert graph.sheets == with_ann_s_save(grid())


def test_a_value_from_outside_lands_as_text_never_as_a_formula(
    graph: FakeGraph, clock: Clock
) -> None:
    hostile = '=HYPERLINK("http://evil.example","click")'
    cells = {(3, 1): hostile, (3, 2): "00123", (3, 3): date(2026, 11, 23)}
    save(graph, clock, [SheetEdit(AUDIT, cells, data_start_row=2, last_data_row=2)])
    assert graph.calls_of("range")[0].body == {"values": [[f"'{hostile}", "'00123", "2026-11-23"]]}
    assert graph.sheets[AUDIT] == {(3, 1): hostile, (3, 2): "00123", (3, 3): date(2026, 11, 23)}


def test_the_etag_read_matches_whatever_its_spelling(graph: FakeGraph, clock: Clock) -> None:
    save(graph, clock, etag=f"{FILE_GUID.lower()},1")  # SharePoint REST's bare spelling
    assert graph.closed_sessions == ["session-1"]


# --------------------------------------------------------------------------------------------
# Nothing written


def test_someone_s_save_meanwhile_is_a_conflict_and_nothing_is_written(
    graph: FakeGraph, clock: Clock
) -> None:
    read = graph.etag
    graph.saved_elsewhere(BOB)
    with pytest.raises(sp.VersionConflict) as caught:
        save(graph, clock, etag=read)
    assert caught.value.modified_by == BOB
    assert sp.exit_code_for(caught.value) == sp.EXIT_CONFLICT
    assert [call.kind for call in graph.calls] == ["site", "drives", "item"]
    assert graph.sheets == {}


def test_a_save_adding_a_tab_is_refused_before_any_call(graph: FakeGraph, clock: Clock) -> None:
    new_tab = SheetEdit("Pulse History", {(2, 1): "Acme"}, create_headers=["Client"])
    with pytest.raises(
        sp.NeedsFileSave, match=r"adds Pulse History.*PULSE_SHAREPOINT_SAVE_MODE=file"
    ):
        save(graph, clock, [*EDITS, new_tab])
    assert graph.calls == []


def test_a_file_in_no_library_of_the_site_names_the_settings(
    graph: FakeGraph, clock: Clock
) -> None:
    with pytest.raises(sp.NotFound, match="no document library at /sites/cst/Archive") as caught:
        save(graph, clock, path="/sites/cst/Archive/Client Pulse.xlsx")
    assert sp.exit_code_for(caught.value) == sp.EXIT_FAILED


# --------------------------------------------------------------------------------------------
# Graph's refusals


def test_a_locked_workbook_names_the_holder_and_the_session_is_closed(
    graph: FakeGraph, clock: Clock
) -> None:
    graph.refuse(
        "range",
        423,
        "resourceLocked",
        "The file is locked for shared use by pat@contoso.com [Pat Excel].",
    )
    with pytest.raises(sp.FileLocked) as caught:
        save(graph, clock)
    assert caught.value.holder == "Pat Excel (pat@contoso.com)"
    assert "open in Excel by Pat Excel (pat@contoso.com)" in str(caught.value)
    assert sp.exit_code_for(caught.value) == sp.EXIT_CONFLICT
    assert (graph.open_sessions, graph.closed_sessions) == (set(), ["session-1"])
    assert len(graph.calls_of("range")) == 1  # nothing after the refusal


def test_a_409_access_conflict_is_a_lock_to_wait_out(graph: FakeGraph, clock: Clock) -> None:
    graph.refuse(
        "range", 409, "conflict", "Another session holds the workbook.", inner="accessConflict"
    )
    with pytest.raises(sp.FileLocked, match="Another session holds the workbook") as caught:
        save(graph, clock)
    assert sp.exit_code_for(caught.value) == sp.EXIT_CONFLICT
    assert graph.closed_sessions == ["session-1"]


def test_any_other_409_is_a_conflict(graph: FakeGraph, clock: Clock) -> None:
    graph.refuse("range", 409, "conflict", "Conflict.", inner="conflictUncategorized")
    with pytest.raises(sp.VersionConflict) as caught:
        save(graph, clock)
    assert sp.exit_code_for(caught.value) == sp.EXIT_CONFLICT
    assert graph.closed_sessions == ["session-1"]


def test_a_throttled_write_is_retried_as_graph_asks(graph: FakeGraph, clock: Clock) -> None:
    graph.sheets = grid()
    graph.fail("range", 429, headers={"Retry-After": "2"})
    save(graph, clock)
    assert clock.sleeps == [2.0]
    assert len(graph.calls_of("range")) == 4  # the first PATCH twice
    assert graph.sheets == with_ann_s_save(grid())


def test_throttling_past_the_overall_cap_is_unreachable(graph: FakeGraph, clock: Clock) -> None:
    graph.fail("range", 429, times=50, headers={"Retry-After": "20"})
    with pytest.raises(sp.Unreachable, match=r"busy or unavailable \(429\).*wait 20 s") as caught:
        save(graph, clock)
    # 20 s fit in the 30 s cap; a second wait would end at 40 s.
    assert clock.sleeps == [20.0]
    assert sp.exit_code_for(caught.value) == sp.EXIT_UNAVAILABLE
    assert graph.closed_sessions == ["session-1"]


def test_a_refused_token_says_graph_s_reason_and_what_to_grant(
    graph: FakeGraph, clock: Clock
) -> None:
    with pytest.raises(sp.AuthError) as caught:
        save(graph, clock, token="expired-token-77")
    message = str(caught.value)
    assert "Microsoft Graph refused the credentials (401)" in message
    assert "Graph said: Access token is empty or invalid" in message
    assert "Files.ReadWrite" in message
    assert sp.exit_code_for(caught.value) == sp.EXIT_UNAVAILABLE
    assert graph.calls_of("createSession") == []


def test_a_refusal_echoing_the_token_never_shows_it(graph: FakeGraph, clock: Clock) -> None:
    graph.refuse("site", 403, "accessDenied", f"Bearer {ANN_TOKEN} may not write here.")
    with pytest.raises(sp.AuthError, match=r"refused access \(403\)") as caught:
        save(graph, clock)
    assert ANN_TOKEN not in str(caught.value)


def test_graph_out_of_reach_names_its_setting(graph: FakeGraph, clock: Clock) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        unused = probe.getsockname()[1]
    graph.port = unused  # the settings' Graph URL now points there
    with pytest.raises(
        sp.Unreachable, match=r"cannot be reached at http://127\.0\.0\.1:"
    ) as caught:
        save(graph, clock)
    assert "PULSE_SHAREPOINT_GRAPH_URL is right" in str(caught.value)
    assert sp.exit_code_for(caught.value) == sp.EXIT_UNAVAILABLE
    assert graph.calls == []
