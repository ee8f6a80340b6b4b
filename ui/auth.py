"""Who is using the app.

Sign-in is Streamlit's `st.login` (OpenID Connect, e.g. Microsoft Entra ID), configured only in the
[auth] section of `.streamlit/secrets.toml`. Without it the app runs in a bannered single-user
local mode that records changes as pulse.toml's `local_user`. Roles come from pulse.toml through
`pulse.permissions.role_for`; secret values are never shown or logged, only the names of missing
keys.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from connectors.config import config_path
from pulse.markdown import plain
from pulse.permissions import role_for
from pulse.settings import Role, Settings

AUTH_SECTION = "auth"
SHARED_KEYS = ("redirect_uri", "cookie_secret")  # in [auth] itself
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")  # [auth] or [auth.<name>]
# Entra ID sends the sign-in name as preferred_username when the optional email claim is off.
EMAIL_CLAIMS = ("email", "preferred_username", "upn")
PROVIDER_LABELS = {"microsoft": "Microsoft", "entra": "Microsoft", "google": "Google"}
LOCAL_MODE_BANNER = (
    "**Single-user local mode**: sign-in is not configured, so every change is recorded as "
    "**{user}** ({role}). Configure [auth] in .streamlit/secrets.toml for team use."
)


@dataclass(frozen=True)
class Identity:
    user: str  # who audit rows name: the signed-in email, or pulse.toml's local_user
    email: str  # the signed-in email; "" in local mode and before sign-in
    role: Role
    signed_in: bool
    auth_configured: bool
    problem: str = ""  # why sign-in cannot work (a half-filled [auth]); key names, never values


@dataclass(frozen=True)
class AuthSetup:
    configured: bool
    provider: str | None  # None: the provider keys sit in [auth] itself (st.login's default)
    missing: tuple[str, ...]  # keys a partly filled [auth] still lacks


def auth_setup(section: Mapping[str, Any]) -> AuthSetup:
    """Whether [auth] is usable. All values empty (the committed example) means local mode."""
    named = {k: v for k, v in section.items() if isinstance(v, Mapping)}
    complete = (name for name, keys in named.items() if _filled(keys, PROVIDER_KEYS))
    provider = next(complete, next(iter(named), None))
    provider_keys = named[provider] if provider else section
    prefix = f"{provider}." if provider else ""
    missing = tuple(k for k in SHARED_KEYS if not _text(section.get(k)))
    missing += tuple(prefix + k for k in PROVIDER_KEYS if not _text(provider_keys.get(k)))
    if not missing:
        return AuthSetup(configured=True, provider=provider, missing=())
    anything_set = _any_value(section)
    return AuthSetup(configured=anything_set, provider=provider, missing=missing)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _filled(keys: Mapping[str, Any], names: tuple[str, ...]) -> bool:
    return all(_text(keys.get(name)) for name in names)


def _any_value(section: Mapping[str, Any]) -> bool:
    return any(
        _any_value(value) if isinstance(value, Mapping) else bool(_text(value) or value is True)
        for value in section.values()
    )


def secrets_auth_section() -> Mapping[str, Any]:
    """The [auth] table of secrets.toml, or {} when there is no secrets file or no such table."""
    if not st.secrets.load_if_toml_exists():
        return {}
    section = st.secrets.get(AUTH_SECTION, {})
    return section if isinstance(section, Mapping) else {}


def signed_in_email(claims: Mapping[str, Any]) -> str:
    """The first email-like claim, lower-cased so audit rows and role lookups agree."""
    for claim in EMAIL_CLAIMS:
        value = _text(claims.get(claim))
        if "@" in value:
            return value.casefold()
    return ""


# Single-user local mode (no sign-in): the one person running the app may do everything.
LOCAL_ROLE = Role.LOCAL


def local_identity(settings: Settings) -> Identity:
    """Single-user local mode: pulse.toml may give local_user a role in [roles] (the
    meeting-room screen running locally can be kept read-only as viewer); else default_role
    when pulse.toml sets it; else `local`, so one person can do everything."""
    named = {email.casefold() for email in settings.roles}
    if settings.local_user.casefold() in named:
        role = role_for(settings.local_user, settings)
    else:
        role = configured_default_role() or LOCAL_ROLE
    return Identity(settings.local_user, "", role, signed_in=False, auth_configured=False)


def configured_default_role() -> Role | None:
    """default_role as written in pulse.toml, if it is (Settings cannot tell unset from member)."""
    try:
        configured = tomllib.loads(config_path().read_text(encoding="utf-8")).get("default_role")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # no file (or a broken one, reported by load_settings)
    if configured is None:
        return None
    return Role.of(str(configured))  # a typo never grants more


def identify(settings: Settings) -> Identity:
    """Who is using the app this run, and with which role."""
    setup = auth_setup(secrets_auth_section())
    if not setup.configured:
        return local_identity(settings)
    problem = f"[auth] lacks {', '.join(setup.missing)}" if setup.missing else ""
    claims = st.user.to_dict()
    if problem or not claims.get("is_logged_in"):
        return Identity("", "", Role.VIEWER, signed_in=False, auth_configured=True, problem=problem)
    email = signed_in_email(claims)
    # Signed in without any email claim: nothing to match in [roles], so read-only.
    role = role_for(email, settings) if email else Role.VIEWER
    return Identity(email, email, role, signed_in=True, auth_configured=True)


def role_label(role: str) -> str:
    return Role.of(role).label


def sign_in_sidebar(identity: Identity) -> None:
    """Sign-out control and who is signed in; in local mode, the banner above every page."""
    if not identity.auth_configured:
        banner = LOCAL_MODE_BANNER.format(
            user=plain(identity.user), role=plain(role_label(identity.role))
        )
        st.info(banner, icon="🖥️")
        st.sidebar.caption(f"Local mode · {plain(identity.user)} · {role_label(identity.role)}")
        return
    if identity.signed_in:
        st.sidebar.caption(f"Signed in as **{plain(identity.email)}**")
        st.sidebar.caption(f"Role: {role_label(identity.role)}")
        if st.sidebar.button("Sign out", key="pulse_sign_out"):
            st.logout()


LOCAL_ONLY = (
    "🔒 Client Pulse is in single-user local mode (no sign-in configured), which may do "
    "everything, so it answers only on this computer ({address} is another one). Open it on the "
    "computer that runs it, start it with `make run` (which listens on 127.0.0.1 only), or "
    "configure sign-in in .streamlit/secrets.toml to share it (README, Configuration)."
)


def local_mode_refusal(client_address: object) -> str | None:
    """Why local mode refuses the browser at `client_address` (st.context.ip_address), None when
    it may serve it: only this computer's own loopback addresses. No address (AppTest gives a
    stand-in object, the CLI none) means no browser at all."""
    if not isinstance(client_address, str) or not client_address:
        return None
    try:
        address = ipaddress.ip_address(client_address.strip("[]"))
    except ValueError:
        return LOCAL_ONLY.format(address="an unknown address")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1, a dual-stack socket's loopback
    return None if address.is_loopback else LOCAL_ONLY.format(address=str(address))


def require_sign_in(identity: Identity) -> None:
    """With sign-in configured, nobody sees client data before signing in; in local mode, only
    a browser on this computer does. Stops the run otherwise."""
    if not identity.auth_configured:
        refusal = local_mode_refusal(st.context.ip_address)
        if refusal is not None:
            st.title("📈 Client Pulse")
            st.error(refusal)
            st.stop()
        return
    if identity.signed_in:
        return
    st.title("📈 Client Pulse")
    if identity.problem:
        st.error(f"Sign-in is not fully configured: {identity.problem} in .streamlit/secrets.toml.")
        st.stop()
    setup = auth_setup(secrets_auth_section())
    label = PROVIDER_LABELS.get((setup.provider or "").casefold(), "your work account")
    st.write("Sign in to see the Customer Success Team's clients.")
    if st.button(f"Sign in with {label}", type="primary", key="pulse_sign_in"):
        start_sign_in(setup.provider)
    st.stop()


def start_sign_in(provider: str | None) -> None:
    if importlib.util.find_spec("authlib") is None:
        st.error("Sign-in needs the Authlib package: install `streamlit[auth]`.")
        return
    if provider:
        st.login(provider)
    else:
        st.login()
