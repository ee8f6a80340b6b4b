""" "Post to Teams/Slack/e-mail" beside a ready message: a preview of what will be posted, the
button (disabled, with a sentence saying why, when no channel is configured or the role may
not post), and each channel's outcome after the click."""

from __future__ import annotations

import streamlit as st

from app.notifications import configured_channels, post_everywhere
from connectors.channels import Channel, ChannelConfigError
from connectors.sharepoint.errors import SharePointConfigError
from pulse.markdown import plain
from pulse.notifications import Message
from pulse.permissions import Action
from ui.context import PulseContext
from ui.permissions import permission_reason

NO_CHANNEL = (
    "No channel is configured, so nothing can be posted: set PULSE_TEAMS_WEBHOOK_URL, "
    "PULSE_SLACK_WEBHOOK_URL or PULSE_SMTP_HOST (with PULSE_SMTP_FROM and PULSE_SMTP_TO) under "
    "[notifications] in .streamlit/secrets.toml or in the environment, then restart the app."
)
ANY_CHANNEL = "Post to Teams/Slack/e-mail"


def channels_or_reason() -> tuple[list[Channel], str | None]:
    """The configured channels, or none and why (a setting that cannot work is named)."""
    try:
        channels = configured_channels()
    except ChannelConfigError as wrong:
        problems = "; ".join(str(problem) for problem in wrong.problems)
        return [], f"Posting is off until the channel settings are fixed: {problems}."
    except SharePointConfigError as wrong:  # the secrets file is not valid TOML
        return [], f"Posting is off: {wrong}"
    return channels, None if channels else NO_CHANNEL


def button_label(channels: list[Channel]) -> str:
    """ "Post to Slack", "Post to Teams and e-mail"...; the generic label with none."""
    names = [channel.kind.label for channel in channels]
    if not names:
        return ANY_CHANNEL
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Post to {listed}"


def post_button(ctx: PulseContext, message: Message, *, key: str) -> None:
    """The preview, the button and, once clicked, what each channel said."""
    channels, why_not = channels_or_reason()
    why_not = why_not or permission_reason(ctx, Action.POST_MESSAGE, "post to the team's channels")
    with st.expander(f"{button_label(channels)} — preview", expanded=False):
        st.markdown(f"**{plain(message.title)}**")
        st.text(message.text)
        if channels:
            st.caption("Goes to: " + "; ".join(channel.name for channel in channels))
    clicked = st.button(
        button_label(channels), key=f"post_{key}", disabled=why_not is not None, help=why_not
    )
    if why_not is not None:
        st.caption(why_not)
    if clicked:
        for outcome in post_everywhere(message, channels, ctx.settings):
            if outcome.ok:
                st.success(f"Posted to {outcome.channel.name}.", icon="✅")
            else:
                st.error(f"{outcome.channel.name}: {plain(outcome.reason)}. Try again.", icon="⚠️")
