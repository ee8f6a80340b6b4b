"""The house's shape (STYLE.md): imports flow one way, shells -> app -> connectors -> pulse, with
the Streamlit helpers (ui/) and page scripts (pages/) on the shell's side; no import circle
between any two files; no page script imports another."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.paths import REPO

CODE = ("pulse", "connectors", "app", "ui", "pages", "sample_data")
UI = {"streamlit", "pages", "ui", "plotly"}


def imported_modules(path: Path, *, package: str = "") -> set[str]:
    """Every module a file imports, anywhere in it (inside functions too), as absolute names;
    `from a import b` names both a and a.b (b may be a submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            modules.add(base)
            modules.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in modules if module}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*parts, *([node.module] if node.module else [])])


def python_files(*packages: str) -> list[Path]:
    return sorted(path for name in packages for path in (REPO / name).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def tops(path: Path) -> set[str]:
    return {module.split(".")[0] for module in imported_modules(path, package=package_of(path))}


CLI_SHELL = REPO / "pulse" / "cli.py"  # the one module of pulse/ that may import connectors/


def is_command(path: Path) -> bool:
    """A module of the shell's commands (pulse/commands/): they call app/, never connectors/."""
    return (REPO / "pulse" / "commands") in path.parents


def is_cli(path: Path) -> bool:
    return path == CLI_SHELL or is_command(path)


@pytest.mark.parametrize(
    "path", [p for p in python_files("pulse") if not is_cli(p)], ids=module_name
)
def test_domain_imports_no_io_and_no_ui(path: Path) -> None:
    found = tops(path) & {"connectors", "app", *UI}
    assert not found, f"{module_name(path)} imports {found}: the domain stays pure"


@pytest.mark.parametrize("path", list(filter(is_command, python_files("pulse"))), ids=module_name)
def test_only_the_cli_shell_imports_connectors(path: Path) -> None:
    found = tops(path) & {"connectors"}
    assert not found, f"{module_name(path)} imports connectors/: only pulse/cli.py may (STYLE.md)"


@pytest.mark.parametrize("path", python_files("connectors"), ids=module_name)
def test_connectors_import_no_core_and_no_ui(path: Path) -> None:
    found = tops(path) & {"app", *UI}
    assert not found, f"{module_name(path)} imports {found}"


@pytest.mark.parametrize(
    "path", [*python_files("app"), *filter(is_cli, python_files("pulse"))], ids=module_name
)
def test_the_core_and_the_cli_import_no_ui(path: Path) -> None:
    found = tops(path) & UI
    assert not found, f"{module_name(path)} imports {found}: the CLI never loads the UI"


@pytest.mark.parametrize("path", python_files("ui"), ids=module_name)
def test_ui_helpers_import_no_page(path: Path) -> None:
    assert "pages" not in tops(path), f"{module_name(path)} imports a page script"


@pytest.mark.parametrize("path", python_files("pages"), ids=module_name)
def test_a_page_imports_no_other_page(path: Path) -> None:
    found = {m for m in imported_modules(path, package="pages") if m.startswith("pages.")}
    assert not found, f"{module_name(path)} imports {found}: shared parts belong in ui/"


def import_graph(files: Iterable[Path]) -> dict[str, set[str]]:
    """Module -> the modules of this repository it imports."""
    by_name = {module_name(path): path for path in files}
    return {
        name: {m for m in imported_modules(path, package=package_of(path)) if m in by_name} - {name}
        for name, path in by_name.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_files() -> None:
    files = [*python_files(*CODE), REPO / "streamlit_app.py"]
    assert circles(import_graph(files)) == []


def test_circle_finder_finds_a_circle() -> None:
    """The test above can fail: a two-file and a three-file circle are both found."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(circles(graph)) == [["a", "b"], ["c", "d", "e"]]


def test_walker_sees_every_import_form(tmp_path: Path) -> None:
    """The walker finds plain, from- and relative imports, and those inside functions."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import streamlit as st\n"
        "from connectors.workbook import read_workbook\n"
        "from . import sibling\n"
        "def later():\n"
        "    from pages import monday\n"
    )
    found = imported_modules(probe, package="ui")
    assert {"streamlit", "connectors.workbook", "ui.sibling", "pages.monday"} <= found


# Trees whose every module has its test at the mirrored path; the pulse/ and connectors/ splits
# extend this list when their tests mirror them too.
MIRRORED = ("pulse", "connectors", "app", "ui", "pages")
NOT_MIRRORED = {"__init__.py", "__main__.py"}


def mirrored_test(path: Path) -> Path:
    """pulse/cli.py -> tests/pulse/test_cli.py."""
    relative = path.relative_to(REPO)
    return REPO / "tests" / relative.parent / f"test_{relative.name}"


def modules_to_mirror(*trees: str) -> list[Path]:
    return [path for path in python_files(*trees) if path.name not in NOT_MIRRORED]


@pytest.mark.parametrize("path", modules_to_mirror(*MIRRORED), ids=module_name)
def test_every_module_has_its_mirrored_test(path: Path) -> None:
    test = mirrored_test(path)
    assert test.is_file(), f"{module_name(path)} has no {test.relative_to(REPO)}"


@pytest.mark.parametrize("tree", MIRRORED)
def test_each_mirrored_tree_is_checked(tree: str) -> None:
    """The list above is not empty by accident (a renamed folder would check nothing)."""
    assert modules_to_mirror(tree), f"{tree}/ has no module to mirror"


def test_mirrored_test_paths() -> None:
    assert mirrored_test(REPO / "ui" / "forms" / "common.py") == (
        REPO / "tests" / "ui" / "forms" / "test_common.py"
    )
    assert mirrored_test(REPO / "streamlit_app.py") == REPO / "tests" / "test_streamlit_app.py"
