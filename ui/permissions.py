"""Who may use a control: None when the role may, else a sentence naming who may."""

from __future__ import annotations

from pulse.permissions import PERMISSIONS, Action, allowed
from pulse.settings import Role
from ui.context import PulseContext


def permission_reason(ctx: PulseContext, action: Action, doing: str) -> str | None:
    """None when the role may do it, else who may (shown beside the disabled control)."""
    if allowed(ctx.role, action):
        return None
    # Named roles only: single-user local mode (which may do everything) is nobody to ask.
    who = [role.person for role in Role if role in PERMISSIONS[action] and role != Role.LOCAL]
    return f"Only {' or '.join(who)} may {doing}; you are signed in as {Role.of(ctx.role).person}."
