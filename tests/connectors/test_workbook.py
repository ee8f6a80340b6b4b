"""The reader on messy workbooks a person could have typed, worked out cell by cell."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from connectors.errors import Severity, WorkbookError
from connectors.workbook import read_workbook
from pulse.schema import Sheet
from tests.workbooks import EPISODE_HEADERS, write_grid_workbook


def messy_workbook(path: Path) -> Path:
    """Title rows above headers, odd header spelling, money strings, text dates, Y/x/TRUE,
    client names that differ in case and trailing spaces, blank rows."""
    clients = [
        ["Client Pulse — Clients"],
        ["Kept by the Account Administrator"],
        [],
        [
            "client name",
            " mrr ",
            "VCIO",
            "vitm",
            "Account Admin",
            "Segment",
            "POC",
            "last contact",
            "Contract End Date",
        ],
        [
            "Acme Dental",
            "$12,500.00",
            "Dana",
            "Jordan",
            "Robin",
            "Healthcare",
            "Ann",
            "11/10/2026",
            "2027-06-30",
        ],
        [],
        ["Beta Law ", "5,000", "Marcus", "Sam", "Alex", "Legal", "Bo", "2026-11-01", None],
        ["gamma foods", 750, "Dana", "Sam", "Robin", "Retail", "Cy", None, None],
    ]
    episode_header = [
        "Client",
        "Status",
        "Recommended By",
        "Recommended On",
        "NOC Concerns",
        "Frustrated Messages",
        "Merger / Acquisition",
        "Reason",
    ]
    episodes = [
        ["Extra care tracking"],
        episode_header,
        ["ACME DENTAL", "active", "Jordan", "11/02/2026", "Y", "x", "FALSE", "Outages"],
        ["beta law", "Recommended", "Sam", 46330, "n", "", "TRUE", "Being acquired"],
        ["Unknown Co", "Declined", "Sam", "2026-10-01", "N", "N", "N", "Not enough"],
    ]
    actions = [
        ["Client", "Action", "Department", "Owner", "Due Date", "Status", "Done On", "Ticket #"],
        ["Acme Dental  ", "Replace switch", "NOC", "Kim", "2026-11-16", "", None, 12345],
        ["Nobody Ltd", "Call POC", "vCIO", "Dana", "2026-11-20", "Done", "2026-11-19", None],
    ]
    return write_grid_workbook(
        path, {"Clients": clients, "extra care tracking info": episodes, "ACTION ITEMS": actions}
    )


@pytest.fixture
def messy(tmp_path: Path):
    return read_workbook(messy_workbook(tmp_path / "messy.xlsx"))


def test_header_found_below_title_rows(messy) -> None:
    assert messy.layouts[Sheet.CLIENTS].header_row == 4
    assert messy.layouts[Sheet.EPISODES].header_row == 2
    assert list(messy.clients["sheet_row"]) == [5, 7, 8]  # the blank row 6 is skipped


def test_clients_parsed(messy) -> None:
    clients = messy.clients
    assert list(clients["client"]) == ["Acme Dental", "Beta Law", "gamma foods"]
    assert list(clients["client_key"]) == ["acme dental", "beta law", "gamma foods"]
    assert list(clients["mrr"]) == [12500.0, 5000.0, 750.0]
    assert clients["last_client_contact"].iloc[0] == pd.Timestamp(2026, 11, 10)
    assert clients["last_client_contact"].iloc[1] == pd.Timestamp(2026, 11, 1)
    assert pd.isna(clients["last_client_contact"].iloc[2])


def test_episodes_match_clients_ignoring_case_and_spaces(messy) -> None:
    episodes = messy.episodes
    assert list(episodes["client_key"]) == ["acme dental", "beta law", "unknown co"]
    assert list(episodes["status"]) == ["Active", "Recommended", "Declined"]
    assert list(episodes["crit_noc"]) == [True, False, False]
    assert list(episodes["crit_frustrated_messages"]) == [True, False, False]
    assert list(episodes["crit_acquisition"]) == [False, True, False]
    # 46330 is the serial of 2026-11-04 (2026-01-01 is 46023, +307 days).
    assert episodes["recommended_on"].iloc[1] == pd.Timestamp(2026, 11, 4)


def test_actions_default_status_and_ticket_text(messy) -> None:
    actions = messy.actions
    assert list(actions["status"]) == ["Open", "Done"]
    assert actions["ticket"].iloc[0] == "12345"
    assert actions["client_key"].iloc[0] == "acme dental"


def test_unknown_clients_are_warnings_with_cells(messy) -> None:
    warnings = [str(p) for p in messy.warnings if p.severity == Severity.WARNING]
    # Cells are named on the tab as the workbook spells it.
    assert any(
        w.startswith("'extra care tracking info'!A5: client 'Unknown Co' is not on the Clients tab")
        for w in warnings
    )
    assert any(w.startswith("'ACTION ITEMS'!A3: client 'Nobody Ltd'") for w in warnings)


def test_missing_optional_tabs_give_empty_frames(messy) -> None:
    assert messy.audit.empty and messy.history.empty and messy.escalation.empty
    assert Sheet.AUDIT not in messy.layouts


def _problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [str(p) for p in caught.value.problems]


def test_unreadable_values_name_sheet_and_cell(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "bad.xlsx",
        {
            "Clients": [["Client", "MRR", "Last Client Contact"], ["Acme", "lots", "yesterday"]],
            "Extra Care Tracking Info": [
                ["Client", "Status", "NOC Concerns"],
                ["Acme", "Pending", "maybe"],
            ],
            "Action Items": [["Client", "Action", "Due"], ["Acme", "Call", "13/45/2026"]],
        },
    )
    problems = _problems(path)
    assert any(p.startswith("Clients!B2: MRR cannot read 'lots' as money") for p in problems)
    assert any(
        p.startswith("Clients!C2: Last Client Contact cannot read 'yesterday'") for p in problems
    )
    assert any(
        p.startswith("'Extra Care Tracking Info'!C2: NOC Concerns cannot read 'maybe'")
        for p in problems
    )
    assert any(
        p.startswith("'Extra Care Tracking Info'!B2: Status 'Pending' is not one of")
        for p in problems
    )
    assert any(p.startswith("'Action Items'!C2: Due cannot read '13/45/2026'") for p in problems)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "nomrr.xlsx",
        {
            "Clients": [["Client", "vCIO"], ["Acme", "Dana"]],
            "Extra Care Tracking Info": [EPISODE_HEADERS],
            "Action Items": [["Client", "Action"]],
        },
    )
    assert any("required column 'MRR' is missing" in p for p in _problems(path))


def test_missing_tabs(tmp_path: Path) -> None:
    path = write_grid_workbook(tmp_path / "other.xlsx", {"Sheet1": [["a", "b"]]})
    (problem,) = _problems(path)
    assert (
        "not a Client Pulse workbook: missing tabs 'Clients', 'Extra Care Tracking Info', "
        "'Action Items'" in problem
    )


def test_duplicate_client_is_a_warning(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "dup.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100], ["ACME ", 200]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
        },
    )
    workbook = read_workbook(path)
    (warning,) = workbook.warnings
    assert str(warning).startswith("Clients!A3: client 'ACME' is listed twice")


def test_reads_from_bytes_and_file_objects(tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "m.xlsx")
    from_bytes = read_workbook(path.read_bytes(), name="m.xlsx")
    with path.open("rb") as handle:
        from_handle = read_workbook(handle)
    pd.testing.assert_frame_equal(from_bytes.clients, from_handle.clients)
    assert from_handle.source == "m.xlsx"


def test_datetime_audit_column(tmp_path: Path) -> None:
    path = write_grid_workbook(
        tmp_path / "audit.xlsx",
        {
            "Clients": [["Client", "MRR"], ["Acme", 100]],
            "Extra Care Tracking Info": [["Client", "Status"]],
            "Action Items": [["Client", "Action"]],
            "Audit Log": [
                ["At", "User", "Client", "Field", "Old", "New", "Note"],
                ["2026-11-16 10:30", "me", "Acme", "status", "", "Active", ""],
            ],
        },
    )
    assert read_workbook(path).audit["at"].iloc[0] == datetime(2026, 11, 16, 10, 30)


def test_1904_workbook_dates() -> None:
    from python_calamine import CalamineWorkbook

    # The reader's own 1904 detection agrees with Excel's flag in the real Mac workbook.
    from connectors.workbook import _is_date1904
    from tests.paths import REALDATA

    data = (REALDATA / "xlsx" / "roo_1904_base.xlsx").read_bytes()
    assert _is_date1904(data)
    assert CalamineWorkbook.from_filelike(__import__("io").BytesIO(data)).sheet_names == ["Prices"]
