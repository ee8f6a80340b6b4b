"""The set-up check's steps as data (the CLI's lines are tested in tests/pulse/commands)."""

from __future__ import annotations

from connectors import sharepoint as sp
from connectors.sharepoint.check import EDIT_LIST_ITEMS, run_check
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
