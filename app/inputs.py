"""Ticket exports and incident events, read the same way by both shells.

A file on disk goes through the ticket cache (parsed once, then read back from the user's cache
folder while the export is unchanged); an upload is read from its bytes.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd

from app.sources import Upload
from connectors.errors import Problem, TicketExportError
from connectors.paths import input_file
from pulse.settings import Settings


def ticket_mapping(settings: Settings, name: str | None) -> dict[str, str] | None:
    """The column mapping saved in pulse.toml under `name` (None: detect the layout)."""
    if not name:
        return None
    if name not in settings.ticket_mappings:
        known = ", ".join(sorted(settings.ticket_mappings)) or "none saved"
        problem = Problem("pulse.toml", f"no ticket mapping named '{name}' ({known})")
        raise TicketExportError([problem])
    return settings.ticket_mappings[name]


def read_ticket_file(
    path: Path,
    settings: Settings,
    *,
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The canonical ticket frame of an export on disk, through the ticket cache."""
    from connectors.ticket_cache import read_tickets_cached

    return read_tickets_cached(
        input_file(path),
        name=path.name,
        timezone=settings.business_hours.timezone,
        preset=preset,
        mapping=mapping,
    )


def read_ticket_upload(upload: Upload, settings: Settings) -> pd.DataFrame:
    from connectors.tickets import read_tickets

    return read_tickets(
        BytesIO(upload.data),
        name=upload.name,
        timezone=settings.business_hours.timezone,
        preset=upload.preset,
        mapping=upload.mapping,
    )


def read_events_file(path: Path, settings: Settings) -> pd.DataFrame:
    from connectors.events import read_incident_events

    return read_incident_events(path, name=path.name, timezone=settings.business_hours.timezone)


def read_events_upload(upload: Upload, settings: Settings) -> pd.DataFrame:
    from connectors.events import read_incident_events

    zone = settings.business_hours.timezone
    return read_incident_events(BytesIO(upload.data), name=upload.name, timezone=zone)
