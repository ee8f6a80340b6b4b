"""The permission matrix, every role × every action, written out by hand from seeds 000/001."""

from __future__ import annotations

import pytest

from pulse.permissions import Action, allowed, managed_department, may_update_action, role_for
from pulse.settings import Role, Settings

# Columns: recommend, approve, decline, remove, edit_rca, edit_actions (any department's),
#          update_department_actions (edit and complete), record_review, mark_in_psa, save,
#          export, and the incident room's (seed 002): record_incident (the Service Desk's
#          steps), acknowledge_as_vitm, acknowledge_as_vcio, send_client_update; post_message
#          (a post to the team's Teams/Slack/e-mail from the app); and configure (write
#          pulse.toml: the record keepers, as for save).
#          Y = allowed, . = refused.
# SPEC: the department managers (Service Desk, Projects, NOC, Sales) complete and update their
# own department's action items; the vCIO, vITM, Director and Account Administrator any.
MATRIX = """
director              Y Y Y Y . Y Y Y . Y Y  Y . . Y  Y Y
vcio                  Y Y Y Y Y Y Y Y . . .  Y . Y Y  Y .
vitm                  Y . . . Y Y Y . . . .  Y Y . Y  Y .
account_admin         Y . . . Y Y Y . Y Y Y  Y . . .  Y Y
service_desk_manager  Y . . . . . Y . . . .  Y . . .  Y .
projects_manager      Y . . . . . Y . . . .  Y . . .  Y .
noc_manager           Y . . . . . Y . . . .  Y . . .  Y .
sales_manager         Y . . . . . Y . . . .  Y . . .  Y .
member                Y . . . . . . . . . .  Y . . .  Y .
viewer                . . . . . . . . . . .  . . . .  . .
local                 Y Y Y Y Y Y Y Y Y Y Y  Y Y Y Y  Y Y
"""
COLUMNS = [
    "recommend",
    "approve",
    "decline",
    "remove",
    "edit_rca",
    "edit_actions",
    "update_department_actions",
    "record_review",
    "mark_in_psa",
    "save",
    "export",
    "record_incident",
    "acknowledge_as_vitm",
    "acknowledge_as_vcio",
    "send_client_update",
    "post_message",
    "configure",
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


# Which department's items each role may edit and complete (Y), by hand from SPEC.
DEPARTMENTS = ["Service Desk", "Projects", "NOC", "vCIO", "vITM", "Account Management", "Sales"]
DEPARTMENT_MATRIX = """
director              Y Y Y Y Y Y Y
vcio                  Y Y Y Y Y Y Y
vitm                  Y Y Y Y Y Y Y
account_admin         Y Y Y Y Y Y Y
service_desk_manager  Y . . . . . .
projects_manager      . Y . . . . .
noc_manager           . . Y . . . .
sales_manager         . . . . . . Y
member                . . . . . . .
viewer                . . . . . . .
local                 Y Y Y Y Y Y Y
"""


def department_cells() -> list[tuple[str, str, bool]]:
    cells = []
    for line in DEPARTMENT_MATRIX.strip().splitlines():
        role, *marks = line.split()
        cells += [(role, dept, mark == "Y") for dept, mark in zip(DEPARTMENTS, marks, strict=True)]
    return cells


def test_the_department_matrix_covers_every_role() -> None:
    assert {role for role, _, _ in department_cells()} == set(Role)


@pytest.mark.parametrize(("role", "department", "expected"), department_cells())
def test_who_may_update_which_departments_items(role: str, department: str, expected: bool) -> None:
    assert may_update_action(role, department) is expected
    # The department as a workbook cell may differ in case and spacing.
    assert may_update_action(role, f"  {department.upper()} ") is expected


def test_a_blank_or_unknown_department_is_nobody_elses() -> None:
    assert not may_update_action("noc_manager", "")
    assert not may_update_action("noc_manager", None)
    assert may_update_action("vcio", "")  # anyone's items: blank ones too


@pytest.mark.parametrize(
    ("role", "department"),
    [
        ("service_desk_manager", "Service Desk"),
        ("projects_manager", "Projects"),
        ("noc_manager", "NOC"),
        ("sales_manager", "Sales"),
        ("vcio", None),
        ("viewer", None),
        ("", None),
    ],
)
def test_managed_department(role: str, department: str | None) -> None:
    assert managed_department(role) == department


def test_department_managers_are_named_in_words() -> None:
    assert Role.PROJECTS_MANAGER.label == "Projects Manager"
    assert Role.NOC_MANAGER.person == "the NOC Manager"
    assert Role.SALES_MANAGER.person == "the Sales Manager"
    assert Role.of("NOC_Manager") is Role.NOC_MANAGER
