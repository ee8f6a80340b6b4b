"""Imports flow one way: shells -> connectors -> pulse (STYLE.md)."""

import ast
from pathlib import Path

import pytest

from tests.paths import REPO


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def python_files(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize(
    "path",
    [p for p in python_files("pulse") if p.name != "cli.py"],
    ids=lambda p: p.name,
)
def test_domain_imports_no_connectors_no_ui(path: Path) -> None:
    tops = {top(m) for m in imported_modules(path)}
    assert "connectors" not in tops, f"{path.name} imports connectors: only pulse/cli.py may"
    assert "streamlit" not in tops and "pages" not in tops, f"{path.name} imports the UI"


@pytest.mark.parametrize("path", python_files("connectors"), ids=lambda p: p.name)
def test_connectors_import_no_ui(path: Path) -> None:
    tops = {top(m) for m in imported_modules(path)}
    assert "streamlit" not in tops and "pages" not in tops, f"{path.name} imports the UI"


def test_cli_never_imports_streamlit() -> None:
    tops = {top(m) for m in imported_modules(REPO / "pulse" / "cli.py")}
    assert "streamlit" not in tops and "pages" not in tops


def test_walker_sees_imports(tmp_path: Path) -> None:
    """The test above can fail: the walker finds both import forms."""
    probe = tmp_path / "probe.py"
    probe.write_text("import streamlit as st\nfrom connectors.workbook import read_workbook\n")
    assert {"streamlit", "connectors.workbook"} <= imported_modules(probe)
