"""Regenerate every committed sample file: `pulse sample --out sample_data`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from connectors.ticket_presets import GENERIC
from connectors.tickets import read_tickets
from pulse.escalation import default_matrix
from pulse.schema import CLIENT_KEY, Sheet, client_key
from pulse.settings import BusinessHours
from sample_data.build import (
    SAMPLE_AS_OF,
    SAMPLE_CLIENTS,
    SAMPLE_SEED,
    SampleFrames,
    build_history,
    build_sample,
)
from sample_data.incidents import build_sample_incidents
from sample_data.tickets import EXPORT_FILES, build_sample_tickets, write_sample_exports
from sample_data.write import write_sample_workbook

SAMPLE_DIR = Path(__file__).resolve().parent
WORKBOOK_NAME = "client_pulse_sample.xlsx"
MATRIX_NAME = "escalation_matrix.csv"
EVENTS_NAME = "incident_events.csv"
TICKETS_NAME = EXPORT_FILES[GENERIC]  # the export the app loads by default


def escalation_matrix() -> pd.DataFrame:
    """Seed 004's matrix (pulse.escalation.default_matrix), the sample's Escalation Matrix tab."""
    return default_matrix()


def write_matrix_csv(path: Path) -> None:
    """The matrix as a CSV (Type, Level, Role, Responsibility), to paste into a workbook."""
    matrix = escalation_matrix().rename(columns=str.title)
    matrix.to_csv(path, index=False, lineterminator="\n")


def workbook_tabs(
    frames: SampleFrames, *, history: pd.DataFrame | None = None
) -> dict[Sheet, pd.DataFrame]:
    """The sample workbook's tabs, in the team's order (history as built unless given)."""
    return {
        Sheet.CLIENTS: frames.clients,
        Sheet.EPISODES: frames.episodes,
        Sheet.ACTIONS: frames.actions,
        Sheet.ESCALATION: escalation_matrix(),
        Sheet.AUDIT: frames.audit,
        Sheet.HISTORY: frames.history if history is None else history,
    }


def write_sample(
    out_dir: Path,
    *,
    seed: int = SAMPLE_SEED,
    clients: int = SAMPLE_CLIENTS,
    as_of: date = SAMPLE_AS_OF,
    presets: Iterable[str] = tuple(EXPORT_FILES),
) -> list[Path]:
    """Build the sample from `seed` and write its files into `out_dir`; returns the paths.

    `presets` chooses the ticket exports written (the generic one is always among them: the
    sample's Pulse History is computed from it)."""
    frames = build_sample(seed=seed, clients=clients, as_of=as_of, with_history=False)
    tickets, events = build_sample_tickets_and_events(frames, seed=seed, as_of=as_of)
    exports = write_sample_exports(tickets, out_dir, presets=dict.fromkeys([GENERIC, *presets]))
    events_path = out_dir / EVENTS_NAME
    write_events_csv(events, events_path)
    matrix_path = out_dir / MATRIX_NAME
    write_matrix_csv(matrix_path)
    # History counts the tickets as the app will read them: through the generic export.
    exported = read_tickets(
        out_dir / TICKETS_NAME, name=TICKETS_NAME, timezone=BusinessHours().timezone
    )
    history = history_with_tickets(frames, exported, as_of=as_of)
    workbook = out_dir / WORKBOOK_NAME
    write_sample_workbook(workbook, workbook_tabs(frames, history=history), saved_on=as_of)
    return [workbook, *exports, events_path, matrix_path]


def history_with_tickets(
    frames: SampleFrames, tickets: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Pulse History whose past weeks count the ticket signals of their own week, as the app's
    live week does, so the trend has no jump where tickets start to count."""
    from pulse.business_clock import business_clock
    from pulse.settings import DEFAULT_SETTINGS
    from pulse.signals import ticket_index, ticket_signals

    clock = business_clock(DEFAULT_SETTINGS.business_hours)
    # What each ticket is, decided once for all the weeks (as the app keeps it per export).
    index = ticket_index(tickets, rules=DEFAULT_SETTINGS.signals, clock=clock)
    clients = frames.clients.assign(**{CLIENT_KEY: frames.clients["client"].map(client_key)})
    return build_history(
        clients,
        frames.episodes,
        frames.actions,
        as_of=as_of,
        signals_for=lambda week, snapshot: ticket_signals(
            tickets, snapshot, as_of=week, settings=DEFAULT_SETTINGS, clock=clock, index=index
        ),
    )


def build_sample_tickets_and_events(
    frames: SampleFrames, *, seed: int, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Six months of routine tickets plus the critical incidents whose events the sample has."""
    clients = frames.clients.assign(**{CLIENT_KEY: frames.clients["client"].map(client_key)})
    routine = build_sample_tickets(seed=seed, clients=clients, as_of=as_of)
    incident_tickets, events = build_sample_incidents(
        seed=seed, clients=list(clients["client"]), as_of=as_of
    )
    columns = [column for column in routine.columns if column in incident_tickets.columns]
    tickets = pd.concat([routine[columns], incident_tickets[columns]], ignore_index=True)
    return tickets.sort_values("created", kind="stable").reset_index(drop=True), events


def write_events_csv(events: pd.DataFrame, path: Path) -> None:
    """ticket,event,at,actor,note with ISO 8601 times carrying their offset."""
    rows = events.assign(at=[stamp.isoformat() for stamp in events["at"]])
    rows.to_csv(path, index=False, lineterminator="\n")
