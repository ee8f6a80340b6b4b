"""The permission matrix, every role × every action, written out by hand from seeds 000/001."""

from __future__ import annotations

import pytest

from pulse.permissions import Action, allowed, role_for
from pulse.settings import Role, Settings

# Columns: recommend, approve, decline, remove, edit_rca, edit_actions, record_review,
#          mark_in_psa, save, export, and the incident room's (seed 002): record_incident (the
#          Service Desk's steps), acknowledge_as_vitm, acknowledge_as_vcio, send_client_update.
#          Y = allowed, . = refused.
MATRIX = """
director              Y Y Y Y . . Y . Y Y  Y . . Y
vcio                  Y Y Y Y Y Y Y . . .  Y . Y Y
vitm                  Y . . . Y Y . . . .  Y Y . Y
account_admin         Y . . . Y Y . Y Y Y  Y . . .
service_desk_manager  Y . . . . . . . . .  Y . . .
member                Y . . . . . . . . .  Y . . .
viewer                . . . . . . . . . .  . . . .
local                 Y Y Y Y Y Y Y Y Y Y  Y Y Y Y
"""
COLUMNS = [
    "recommend",
    "approve",
    "decline",
    "remove",
    "edit_rca",
    "edit_actions",
    "record_review",
    "mark_in_psa",
    "save",
    "export",
    "record_incident",
    "acknowledge_as_vitm",
    "acknowledge_as_vcio",
    "send_client_update",
]


def expected_cells() -> list[tuple[str, str, bool]]:
    cells = []
    for line in MATRIX.strip().splitlines():
        role, *marks = line.split()
        assert len(marks) == len(COLUMNS)
        cells += [(role, action, mark == "Y") for action, mark in zip(COLUMNS, marks, strict=True)]
    return cells


def test_the_matrix_covers_every_role_and_action() -> None:
    cells = expected_cells()
    assert {role for role, _, _ in cells} == set(Role)
    assert {action for _, action, _ in cells} == {str(action) for action in Action}
    assert len(cells) == len(Role) * len(Action)


@pytest.mark.parametrize(("role", "action", "expected"), expected_cells())
def test_permission_matrix(role: str, action: str, expected: bool) -> None:
    assert allowed(role, action) is expected
    assert allowed(role, Action(action)) is expected


@pytest.mark.parametrize(("role", "action"), [("admin", "save"), ("director", "delete")])
def test_unknown_roles_and_actions_are_refused(role: str, action: str) -> None:
    assert allowed(role, action) is False


SETTINGS = Settings(
    roles={
        "Dee.Director@MSP.example": "director",
        "ada@msp.example": "Account_Admin",
        "typo@msp.example": "superuser",
    },
    default_role=Role.MEMBER,
)


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("dee.director@msp.example", "director"),
        ("  DEE.DIRECTOR@msp.EXAMPLE ", "director"),
        ("ada@msp.example", "account_admin"),
        ("someone@msp.example", "member"),
        ("", "member"),
        ("typo@msp.example", "viewer"),
    ],
)
def test_role_for(email: str, role: str) -> None:
    assert role_for(email, SETTINGS) == role


def test_role_for_uses_a_viewer_default() -> None:
    assert role_for("guest@else.example", Settings(default_role=Role.VIEWER)) == "viewer"


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("vCIO", Role.VCIO),
        (" Director ", Role.DIRECTOR),
        ("dirctor", Role.VIEWER),
        ("", Role.VIEWER),
    ],
)
def test_a_configured_word_names_a_role_or_viewer(word: str, role: Role) -> None:
    assert Role.of(word) is role


def test_every_role_has_a_label_and_a_way_to_be_named() -> None:
    assert Role.DIRECTOR.label == "Director of Client Success"
    assert Role.VCIO.person == "a vCIO"
    assert Role.ACCOUNT_ADMIN.person == "the Account Administrator"
    assert all(role.label and role.person for role in Role)
