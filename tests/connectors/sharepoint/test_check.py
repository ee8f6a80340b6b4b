"""The set-up check's steps as data (the CLI's lines are tested in tests/pulse/commands)."""

from __future__ import annotations

import dataclasses

from connectors import sharepoint as sp
from connectors.sharepoint.check import EDIT_LIST_ITEMS, run_check
from tests.connectors.sharepoint.fake_graph import FakeGraph
from tests.connectors.sharepoint.fake_site import ANN, PATH, settings_for
from tests.fake_sharepoint import EDIT_LOW, READ_LOW, FakeSharePoint


def test_the_fakes_permission_masks_differ_only_in_edit_list_items() -> None:
    assert EDIT_LOW & EDIT_LIST_ITEMS and not READ_LOW & EDIT_LIST_ITEMS


def test_every_step_passes_on_a_ready_site(fake: FakeSharePoint) -> None:
    steps = run_check(lambda: settings_for(fake))
    assert len(steps) == 7 and all(step.ok for step in steps)
    assert all(step.exit_code == 0 and step.fix == "" for step in steps)
    assert fake.requests_of("permissions")[0].method == "GET"


def test_the_check_stops_at_the_first_failure(fake: FakeSharePoint) -> None:
    fake.read_only.add(ANN)
    fake.files.pop(PATH)
    steps = run_check(lambda: settings_for(fake))
    assert [(step.name, step.ok) for step in steps][-2:] == [
        ("Token obtained", True),
        ("File found", False),
    ]
    assert fake.requests_of("permissions") == []


def test_a_settings_error_is_the_first_step(fake: FakeSharePoint) -> None:
    def refuse() -> sp.SharePointSettings:
        raise sp.SharePointConfigError("SharePoint settings: PULSE_SHAREPOINT_FILE must be ...")

    steps = run_check(refuse)
    assert [(step.name, step.ok, step.exit_code) for step in steps] == [
        ("Settings present", False, 2)
    ]
    assert fake.seen == []


def excel_api_settings(fake: FakeSharePoint, graph: FakeGraph) -> sp.SharePointSettings:
    graph.file_guid = fake.files[PATH].unique_id  # the same file as the site holds
    return dataclasses.replace(
        settings_for(fake), save_mode=sp.SaveMode.EXCEL_API, graph_url=graph.graph_url
    )


def test_the_excel_api_mode_adds_a_last_step_that_writes_nothing(
    fake: FakeSharePoint, graph: FakeGraph
) -> None:
    steps = run_check(lambda: excel_api_settings(fake, graph))
    assert len(steps) == 8 and all(step.ok for step in steps)
    assert steps[-1].name == "Excel API reaches the file (nothing written)"
    assert steps[-1].detail == f"found through {graph.graph_url}, version {graph.etag}"
    assert [call.kind for call in graph.calls] == ["site", "drives", "item"]


def test_graph_refusing_fails_the_last_step_naming_the_graph_permission(
    fake: FakeSharePoint, graph: FakeGraph
) -> None:
    graph.refuse("drives", 403, "accessDenied", "Either scp or roles claim need to be present.")
    last = run_check(lambda: excel_api_settings(fake, graph))[-1]
    assert (last.ok, last.exit_code) == (False, sp.EXIT_UNAVAILABLE)
    assert "Graph said: Either scp or roles claim need to be present" in last.detail
    assert last.fix.startswith("Add the delegated Microsoft Graph permission Files.ReadWrite")


def test_graph_naming_another_version_fails_the_last_step(
    fake: FakeSharePoint, graph: FakeGraph
) -> None:
    settings = excel_api_settings(fake, graph)
    graph.version = 5
    last = run_check(lambda: settings)[-1]
    assert (last.ok, last.exit_code) == (False, sp.EXIT_FAILED)
    assert "set PULSE_SHAREPOINT_SAVE_MODE=file" in last.fix
