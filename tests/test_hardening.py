"""Hardening: raw HTML only from constants, sensible Streamlit config, secrets kept out of git."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.paths import REPO

UI_FILES = sorted(
    [REPO / "streamlit_app.py", *(REPO / "pages").glob("*.py"), *(REPO / "ui").rglob("*.py")]
)
# Calls that put raw HTML into the page whatever their keyword arguments.
RAW_HTML_CALLS = {"html"}  # st.html, components.html, st.components.v1.html


def module_string_constants(tree: ast.Module) -> set[str]:
    """Names bound once, at module level, to a literal string (the only safe raw HTML)."""
    bound: dict[str, int] = {}
    constants: set[str] = set()
    for node in ast.walk(tree):
        for target in _assigned_names(node):
            bound[target] = bound.get(target, 0) + 1
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            constants.update(_assigned_names(node))
    return {name for name in constants if bound.get(name) == 1}


def _assigned_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


# The one converter whose output may be drawn as HTML: CommonMark with raw HTML off, so every
# value in the Markdown stays text (tests/ui/test_display.py checks it on hostile text).
ESCAPING_RENDERERS = {"markdown_html"}


def _escaped(html: ast.expr | None) -> bool:
    """`st.html(markdown_html(text))`: the HTML is made by the escaping renderer itself."""
    return isinstance(html, ast.Call) and _call_name(html) in ESCAPING_RENDERERS


def unsafe_html_uses(source: str) -> list[str]:
    """Every raw-HTML call whose HTML is not a module-level constant string (nor made right
    there by the escaping renderer), as 'line: call'."""
    tree = ast.parse(source)
    constants = module_string_constants(tree)
    findings = []
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        unsafe = any(
            kw.arg == "unsafe_allow_html" and not _is_false(kw.value) for kw in call.keywords
        )
        if not unsafe and _call_name(call) not in RAW_HTML_CALLS:
            continue
        html = call.args[0] if call.args else None
        if not (isinstance(html, ast.Name) and html.id in constants) and not _escaped(html):
            findings.append(f"{call.lineno}: {ast.unparse(call)[:80]}")
    return findings


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ('CSS = "<style></style>"\nst.markdown(CSS, unsafe_allow_html=True)', 0),
        ('st.markdown("<b>x</b>", unsafe_allow_html=False)', 0),
        ("st.markdown(text)", 0),
        ('st.markdown(f"<b>{client}</b>", unsafe_allow_html=True)', 1),
        ('st.markdown("<b>" + name + "</b>", unsafe_allow_html=True)', 1),
        ('st.markdown("<b>literal</b>", unsafe_allow_html=True)', 1),  # name it a constant
        ('CSS = "<i>"\ndef f():\n    CSS = name\nst.markdown(CSS, unsafe_allow_html=True)', 1),
        ('CSS = "<i>"\nCSS += name\nst.markdown(CSS, unsafe_allow_html=True)', 1),
        ("st.write(row, unsafe_allow_html=flag)", 1),
        ("st.html(client_name)", 1),
        ('BANNER = "<hr>"\nst.html(BANNER)', 0),
        ("components.html(ticket_note)", 1),
        ("st.html(markdown_html(minutes))", 0),
        ("st.html(markdown_html(minutes) + note)", 1),
        ("st.html(markdown(minutes))", 1),
        ("html = markdown_html(minutes)\nst.html(html)", 1),  # made right there, not passed on
    ],
)
def test_the_checker_flags_html_built_from_data(source: str, flagged: int) -> None:
    assert len(unsafe_html_uses(source)) == flagged


@pytest.mark.parametrize("path", UI_FILES, ids=lambda path: path.name)
def test_raw_html_only_from_module_level_constants(path: Path) -> None:
    """No workbook or ticket value can reach the page as HTML: every unsafe_allow_html (and
    st.html) takes a string constant defined once at the top of its module."""
    assert unsafe_html_uses(path.read_text(encoding="utf-8")) == []


def test_ui_files_were_found() -> None:
    names = {path.name for path in UI_FILES}
    assert {"streamlit_app.py", "context.py", "auth.py", "monday.py"} <= names


# --- Streamlit config -----------------------------------------------------------------------


def streamlit_config() -> dict[str, Any]:
    return tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ("browser", "gatherUsageStats", False),  # no usage data leaves the MSP
        ("server", "enableXsrfProtection", True),  # uploads and widget posts need the token
        ("server", "enableCORS", True),  # XSRF protection is only effective with CORS on
        ("server", "maxUploadSize", 200),  # MB: a workbook is a few MB, ticket exports more
        ("client", "showErrorDetails", "none"),  # a traceback may quote client data or paths
        ("runner", "magicEnabled", False),  # a bare expression never renders data by accident
    ],
)
def test_streamlit_config_is_hardened(section: str, key: str, expected: object) -> None:
    assert streamlit_config()[section][key] == expected


def test_streamlit_config_holds_no_secrets_or_open_binding() -> None:
    config = streamlit_config()
    assert "secrets" not in config
    assert config.get("server", {}).get("address") in (None, "127.0.0.1", "localhost")


# --- secrets --------------------------------------------------------------------------------


def leaf_values(table: dict[str, Any]) -> list[object]:
    values: list[object] = []
    for value in table.values():
        values += leaf_values(value) if isinstance(value, dict) else [value]
    return values


def test_secrets_file_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


def test_secrets_example_has_the_auth_block_and_only_empty_values() -> None:
    example = tomllib.loads(
        (REPO / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    )
    assert set(example["auth"]) >= {"redirect_uri", "cookie_secret", "microsoft"}
    assert set(example["auth"]["microsoft"]) == {
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert all(value == "" for value in leaf_values(example))
