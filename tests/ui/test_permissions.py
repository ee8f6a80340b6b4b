"""Who may use a control (ui/permissions.py): nothing to say when the role may, else a sentence
naming who may (in the order the roles are listed) and who the user is signed in as."""

from __future__ import annotations

from datetime import date

import pytest

from pulse.permissions import Action
from pulse.settings import Role
from tests.app_fixtures import page_context
from ui.permissions import permission_reason


def reason(role: Role, action: Action, doing: str) -> str | None:
    return permission_reason(page_context(as_of=date(2026, 11, 23), role=role), action, doing)


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.DIRECTOR, Action.APPROVE),
        (Role.VCIO, Action.DECLINE),
        (Role.ACCOUNT_ADMIN, Action.SAVE),
        (Role.MEMBER, Action.RECOMMEND),
        (Role.LOCAL, Action.MARK_IN_PSA),  # single-user local mode may do everything
    ],
)
def test_no_reason_when_the_role_may(role: Role, action: Action) -> None:
    assert reason(role, action, "do it") is None


@pytest.mark.parametrize(
    ("role", "action", "doing", "sentence"),
    [
        (
            Role.VIEWER,
            Action.APPROVE,
            "approve",
            "Only the Director of Client Success or a vCIO may approve; "
            "you are signed in as a viewer.",
        ),
        (
            Role.VCIO,
            Action.SAVE,
            "save the workbook",
            "Only the Director of Client Success or the Account Administrator may save the "
            "workbook; you are signed in as a vCIO.",
        ),
        (
            Role.MEMBER,
            Action.MARK_IN_PSA,
            "record psa mark",
            "Only the Account Administrator may record psa mark; "
            "you are signed in as a team member.",
        ),
    ],
)
def test_the_reason_names_who_may(role: Role, action: Action, doing: str, sentence: str) -> None:
    # Local mode is never named: nobody can be asked to be "the local user".
    assert reason(role, action, doing) == sentence
