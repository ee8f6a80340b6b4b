"""What the analyst posts in the SWARM space (seed 002), drafted from the ticket, ready to copy:
the title "CLIENT – TICKET – summary" and the brief summary (the issue, the time it was reported,
the troubleshooting done so far)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TITLE_DASH = (
    " – "  # the seed's SWARM title separator, an en dash: "GPW – TK13256 – PBA inaccessible"
)
UNKNOWN_CLIENT = "(unknown client)"
CHANNEL_WORDS = {"phone": "phone", "email": "e-mail", "portal": "the portal"}
NO_TROUBLESHOOTING = "none recorded yet (add what has been tried)"


def swarm_title(*, client: str | None, ticket: str, summary: str | None) -> str:
    """The seed's SWARM space title, 'CLIENT – TICKET – summary' (en dashes)."""
    parts = [client or UNKNOWN_CLIENT, ticket, *([summary] if summary else [])]
    return TITLE_DASH.join(parts)


def swarm_summary(
    *,
    summary: str | None,
    reported: datetime,
    channel: str,
    troubleshooting: str | None,
    timezone: str,
) -> str:
    """The brief summary to post in the SWARM space, three lines."""
    local = reported.astimezone(ZoneInfo(timezone))
    how = CHANNEL_WORDS.get(channel, channel)
    return "\n".join(
        [
            f"Issue: {summary or '(describe the issue)'}",
            f"Reported: {local:%a %d %b %Y %H:%M} {local.tzname()} by {how}",
            f"Troubleshooting so far: {troubleshooting or NO_TROUBLESHOOTING}",
        ]
    )
