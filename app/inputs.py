"""Ticket exports and incident events, read the same way by both shells.

A file on disk goes through the ticket cache (parsed once, then read back from the user's cache
folder while the export is unchanged); an upload is read from its bytes.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from app.sources import Upload
from connectors.errors import Problem, TicketExportError
from connectors.paths import input_file
from pulse.settings import Settings

if TYPE_CHECKING:
    from connectors.ticket_dates import ExportTime


def preset_names() -> list[str]:
    """The ticket export layouts a shell may force (`--preset`)."""
    from connectors.ticket_presets import PRESETS

    return sorted(PRESETS)


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
    exported_at: datetime | None = None,
    strict: bool = False,
    option: str | None = None,
    write_behind: bool = False,
) -> pd.DataFrame:
    """The canonical ticket frame of an export on disk, through the ticket cache (a new cache
    file written by a thread of its own while the caller goes on, when `write_behind`).

    `exported_at` (naive: in the business zone) is when the export was made, for exports whose
    Created is counted back from an Age column; the file's modified time when not given.
    `option` (`--tickets`) is named when the path is not a readable file.
    """
    from connectors.ticket_cache import read_tickets_cached

    return read_tickets_cached(
        input_file(path, option=option),
        name=path.name,
        timezone=settings.business_hours.timezone,
        preset=preset,
        mapping=mapping,
        rules=settings.tickets,
        exported_at=export_time(exported_at, settings, source="given with --exported-at"),
        strict=strict,
        limits=settings.limits,
        write_behind=write_behind,
    )


def read_ticket_upload(upload: Upload, settings: Settings) -> pd.DataFrame:
    from connectors.tickets import read_tickets

    source = "as set on the Ticket import page"
    return read_tickets(
        BytesIO(upload.data),
        name=upload.name,
        timezone=settings.business_hours.timezone,
        preset=upload.preset,
        mapping=upload.mapping,
        rules=settings.tickets,
        exported_at=export_time(upload.exported_at, settings, source=source),
        limits=settings.limits,
    )


def export_time(when: datetime | None, settings: Settings, *, source: str) -> ExportTime | None:
    """The reader's export time: a naive time is in the business zone."""
    if when is None:
        return None
    from connectors.ticket_dates import ExportTime  # the date rules: only when a time is given

    instant = pd.Timestamp(when)
    if instant.tzinfo is None:
        instant = instant.tz_localize(settings.business_hours.timezone)
    return ExportTime(instant, source)


def read_events_file(path: Path, settings: Settings, *, option: str | None = None) -> pd.DataFrame:
    """The events of a CSV on disk; `option` (`--events`) is named when the path is not a
    readable file."""
    from connectors.events import read_incident_events

    zone = settings.business_hours.timezone
    return read_incident_events(input_file(path, option=option), name=path.name, timezone=zone)


def read_events_upload(upload: Upload, settings: Settings) -> pd.DataFrame:
    from connectors.events import read_incident_events

    zone = settings.business_hours.timezone
    return read_incident_events(BytesIO(upload.data), name=upload.name, timezone=zone)
