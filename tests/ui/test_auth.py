"""Who is using the app: ui/auth.py through the real shell, with AppTest's signed-in users.

AppTest seeds `st.user` from `at.user`; `at.secrets` replaces `st.secrets`, which is what
ui/auth.py reads to decide whether sign-in is configured.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pulse.permissions import Action, allowed
from tests.app_fixtures import shell
from tests.paths import SAMPLE_WORKBOOK
from ui.auth import auth_setup, local_mode_refusal, signed_in_email
from ui.context import CONTEXT_KEY

LOCAL_USER = "Robin Hale"
DIRECTOR = "dee.director@msp.example"
VCIO = "dana.whitfield@msp.example"
ADMIN = "robin.hale@msp.example"
VIEWER = "meeting-room@msp.example"
MEMBER = "sam.ortega@msp.example"  # not in [roles]: the default role, member
PULSE_TOML = f"""
local_user = "{LOCAL_USER}"
default_role = "member"
[roles]
"{DIRECTOR}" = "director"
"{VCIO}" = "vcio"
"{ADMIN}" = "account_admin"
"{VIEWER}" = "viewer"
"""
# Distinctive values, so a leak anywhere in the page or the logs is found by a plain search.
COOKIE_SECRET = "cookie-secret-9f8e7d6c5b4a"
CLIENT_SECRET = "client-secret-0a1b2c3d4e5f"
AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": COOKIE_SECRET,
    "microsoft": {
        "client_id": "00000000-1111-2222-3333-444444444444",
        "client_secret": CLIENT_SECRET,
        "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
    },
}
EMPTY_AUTH: dict[str, Any] = {
    "redirect_uri": "",
    "cookie_secret": "",
    "microsoft": {"client_id": "", "client_secret": "", "server_metadata_url": ""},
}


@pytest.fixture(autouse=True)
def pulse_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    config = tmp_path / "pulse.toml"
    config.write_text(PULSE_TOML, encoding="utf-8")
    monkeypatch.setenv("PULSE_CONFIG", str(config))
    monkeypatch.setenv("PULSE_WORKBOOK", str(SAMPLE_WORKBOOK))
    st.cache_resource.clear()  # the shell caches settings per process; each test has its own
    yield
    st.cache_resource.clear()


def run_app(*, auth: dict[str, Any], user: dict[str, Any]) -> AppTest:
    app = shell()
    # A non-empty at.secrets replaces st.secrets, so a developer's own secrets.toml never leaks in.
    app.secrets = {"auth": auth}
    app.user = user
    return app.run()


def signed_in(email: str, **claims: str) -> dict[str, Any]:
    return {"is_logged_in": True, "email": email, "name": "Someone", **claims}


def identity_of(app: AppTest) -> tuple[str, str]:
    context = app.session_state[CONTEXT_KEY]
    return context.user, context.role


def all_text(app: AppTest) -> str:
    """Every rendered element's protobuf as text: labels, values, help, captions, errors."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(texts)


# --- which [auth] counts as configured ------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "configured", "provider", "missing"),
    [
        ({}, False, None, 5),
        (EMPTY_AUTH, False, "microsoft", 5),  # the committed example, copied as is
        (AUTH, True, "microsoft", 0),
        ({**AUTH, "cookie_secret": " "}, True, "microsoft", 1),  # half filled: an error, not local
        (
            {
                "redirect_uri": "https://pulse.example/oauth2callback",
                "cookie_secret": "x",
                "client_id": "id",
                "client_secret": "s",
                "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
            },
            True,
            None,
            0,
        ),
        (
            {"redirect_uri": "", "cookie_secret": "", "google": {"client_id": "g"}},
            True,
            "google",
            4,
        ),
    ],
)
def test_auth_setup(
    section: dict[str, Any], configured: bool, provider: str | None, missing: int
) -> None:
    setup = auth_setup(section)
    assert (setup.configured, setup.provider, len(setup.missing)) == (configured, provider, missing)


def test_missing_keys_are_named_never_their_values() -> None:
    setup = auth_setup({**AUTH, "microsoft": {**AUTH["microsoft"], "client_id": ""}})
    assert setup.missing == ("microsoft.client_id",)


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": " Dee.Director@MSP.example "}, DIRECTOR),
        ({"preferred_username": "Dee.Director@msp.example"}, DIRECTOR),  # Entra ID without email
        ({"email": "", "upn": "x@msp.example"}, "x@msp.example"),
        ({"name": "No Email"}, ""),
        ({"preferred_username": "not-an-email"}, ""),
    ],
)
def test_signed_in_email(claims: dict[str, str], email: str) -> None:
    assert signed_in_email(claims) == email


# --- the shell: local mode, signed in, not signed in ----------------------------------------


def test_local_mode_names_the_configured_user_in_a_banner() -> None:
    app = run_app(auth=EMPTY_AUTH, user={})
    assert not app.exception
    assert identity_of(app) == (LOCAL_USER, "member")
    banners = [info.value for info in app.info]
    assert any("Single-user local mode" in text and LOCAL_USER in text for text in banners)
    assert [metric.label for metric in app.metric][:2] == ["On extra care", "Awaiting decision"]


@pytest.mark.parametrize(
    ("address", "served"),
    [
        (None, True),  # no browser (AppTest, the CLI)
        ("127.0.0.1", True),
        ("127.8.9.10", True),  # all of 127.0.0.0/8 is this computer
        ("::1", True),
        ("::ffff:127.0.0.1", True),  # a dual-stack socket's IPv4 loopback
        ("::ffff:192.168.1.20", False),
        ("192.168.1.20", False),  # a colleague on the office network
        ("10.0.0.7", False),
        ("2001:db8::5", False),
        ("not an address", False),
    ],
)
def test_local_mode_serves_only_a_browser_on_this_computer(
    address: str | None, served: bool
) -> None:
    refusal = local_mode_refusal(address)
    assert (refusal is None) == served
    if refusal is not None:
        named = {"not an address": "an unknown address", "::ffff:192.168.1.20": "192.168.1.20"}
        named_as = named.get(str(address), address)
        assert f"({named_as} is another one)" in refusal and "configure sign-in" in refusal


def test_local_mode_refuses_a_browser_on_another_computer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(type(st.context), "ip_address", property(lambda _: "192.168.1.20"))
    app = run_app(auth=EMPTY_AUTH, user={})
    assert not app.exception
    [error] = [error.value for error in app.error]
    assert "answers only on this computer (192.168.1.20 is another one)" in error
    assert not app.metric  # no client data drawn


@pytest.mark.parametrize(
    ("email", "role"),
    [(DIRECTOR, "director"), (VCIO, "vcio"), (ADMIN, "account_admin"), (VIEWER, "viewer"),
     (MEMBER, "member")],
)  # fmt: skip
def test_signed_in_user_gets_the_role_pulse_toml_gives_the_email(email: str, role: str) -> None:
    app = run_app(auth=AUTH, user=signed_in(email.upper()))
    assert not app.exception
    # Audit rows carry the signed-in email (lower-cased, so one person is one name).
    assert identity_of(app) == (email, role)
    assert not any("local mode" in info.value for info in app.info)
    assert [button.label for button in app.sidebar.button] == ["Sign out"]


def test_signed_in_without_an_email_claim_is_read_only() -> None:
    app = run_app(auth=AUTH, user={"is_logged_in": True, "name": "Ghost", "sub": "abc"})
    assert identity_of(app) == ("", "viewer")


def test_not_signed_in_sees_only_the_sign_in_button() -> None:
    app = run_app(auth=AUTH, user={"is_logged_in": False})
    assert not app.exception
    assert [button.label for button in app.button] == ["Sign in with Microsoft"]
    assert not app.metric  # no client figures before sign-in
    assert CONTEXT_KEY not in app.session_state


def sign_in_sidebar_script() -> None:
    """Run by AppTest from a temporary file: reruns of the real shell are bypassed while the page
    folder is named pages/ (Streamlit's legacy multipage mode; see test_browser.open_root_once)."""
    from connectors.config import load_settings
    from ui.auth import identify, sign_in_sidebar

    sign_in_sidebar(identify(load_settings()))


def test_sign_out_button_calls_st_logout(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(st, "logout", lambda: calls.append("logout"))
    app = AppTest.from_function(sign_in_sidebar_script, default_timeout=30)
    app.secrets = {"auth": AUTH}
    app.user = signed_in(DIRECTOR)
    app.run()
    assert not calls
    app.sidebar.button(key="pulse_sign_out").click().run()
    assert calls == ["logout"]


def test_half_configured_sign_in_stops_with_the_missing_keys() -> None:
    auth = {**AUTH, "redirect_uri": ""}
    app = run_app(auth=auth, user=signed_in(DIRECTOR))
    assert [error.value for error in app.error] == [
        "Sign-in is not fully configured: [auth] lacks redirect_uri in .streamlit/secrets.toml."
    ]
    assert not app.metric and CONTEXT_KEY not in app.session_state


@pytest.mark.parametrize(
    "user",
    [signed_in(DIRECTOR), {"is_logged_in": False}],
    ids=["signed-in", "signed-out"],
)
def test_secrets_are_never_shown_or_logged(
    user: dict[str, Any], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    app = run_app(auth=AUTH, user=user)
    shown = all_text(app)
    assert shown  # the walk found the page
    printed = capsys.readouterr()
    for secret in (COOKIE_SECRET, CLIENT_SECRET):
        assert secret not in shown
        assert secret not in printed.out + printed.err + caplog.text


# --- guarded actions: a viewer and a member cannot approve or save --------------------------


@pytest.mark.parametrize("email", [VIEWER, MEMBER])
def test_viewer_and_member_cannot_approve_or_save_in_the_app(email: str) -> None:
    """The real shell, signed in as a viewer or member: the role the pages receive refuses
    approve and save, and no enabled button on the page offers a guarded action."""
    app = run_app(auth=AUTH, user=signed_in(email))
    assert not app.exception
    _, role = identity_of(app)
    assert not allowed(role, Action.APPROVE) and not allowed(role, Action.SAVE)
    offered = [button.label for button in app.button if not button.disabled]
    assert not [label for label in offered if _guarded_label(label)], offered


def _guarded_label(label: str) -> bool:
    words = label.casefold()
    return any(word in words for word in ("approve", "decline", "remove", "save", "export"))
