"""SharePoint errors: what a conflict says, and the exit code each failure gives the CLI."""

from __future__ import annotations

import pytest

from connectors import sharepoint as sp
from tests.connectors.sharepoint.fake_site import BOB, MONDAY_10


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (sp.VersionConflict(BOB, MONDAY_10, '"{A},2"'), 3),
        (sp.FileLocked("open in Excel"), 3),
        (sp.Unreachable("down"), 4),
        (sp.AuthError("401"), 4),
        (sp.NotFound("404"), 2),
        (sp.CorruptDownload("html"), 2),
        (sp.SharePointConfigError("no file"), 2),
    ],
)
def test_exit_codes(error: sp.SharePointError, code: int) -> None:
    assert sp.exit_code_for(error) == code


def test_a_conflict_names_who_saved_and_when() -> None:
    conflict = sp.VersionConflict(BOB, MONDAY_10, '"{A},2"')
    assert str(conflict).startswith(
        "Bob Vcio saved the Client Pulse workbook at 2026-03-02 10:00 UTC after you opened it"
    )
    assert (conflict.modified_by, conflict.modified_at, conflict.etag) == (
        BOB,
        MONDAY_10,
        '"{A},2"',
    )


def test_a_conflict_with_nobody_known_says_someone() -> None:
    assert str(sp.VersionConflict("", None, "")).startswith(
        "someone saved the Client Pulse workbook after you opened it, so nothing was saved."
    )


def test_every_failure_is_a_sharepoint_error() -> None:
    kinds = [sp.SharePointConfigError, sp.AuthError, sp.NotFound, sp.Unreachable, sp.FileLocked]
    assert all(issubclass(kind, sp.SharePointError) for kind in kinds)
    assert issubclass(sp.CorruptDownload, sp.SharePointError)
