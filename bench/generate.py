"""The benchmark's data at MSP scale, built with the sample generator's builders and vocabularies.

- workbook: `sample_data.build.build_sample` with 2,000 clients, 300 open episodes and 3,000
  action items, written by the sample's own writer;
- tickets: 500,000 rows in the generic export layout. The sample builder's scenario tickets
  (every signal and suggestion, on the workbook's 60 largest clients) and its critical-incident
  tickets, plus a background drawn with numpy (a per-row Python builder would take minutes) from
  the sample's summaries, statuses and volume rule (tickets follow MRR, capped at 6x the median);
- incident events: the sample's incident scenarios replayed with successive seeds (about 20,000
  events), each incident renumbered so tickets stay unique.

Everything is deterministic from the seed; `ensure_data` rebuilds only when the files are absent
or were built by another version of this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from connectors.ticket_presets import GENERIC, canonical_to_export
from pulse.schema import CLIENT_KEY, TICKET_COLUMNS, Priority, TicketType, client_key
from pulse.settings import DEFAULT_SETTINGS
from sample_data.build import SAMPLE_AS_OF, SAMPLE_SEED, build_sample
from sample_data.generate import workbook_tabs, write_events_csv
from sample_data.incidents import build_sample_incidents
from sample_data.tickets import OPEN_STATUSES, ROUTINE_SUMMARIES, build_sample_tickets
from sample_data.write import write_sample_workbook

GENERATOR_VERSION = 2  # bump when the data below changes, so stale data is rebuilt
CLIENTS = 2_000
OPEN_EPISODES = 300
ACTION_ITEMS = 3_000
TICKETS = 500_000
EVENTS = 20_000
MONTHS = 6
SCENARIO_CLIENTS = 60  # the sample's own scenarios run on the 60 largest clients
ZONE = DEFAULT_SETTINGS.business_hours.timezone
RULES = DEFAULT_SETTINGS.signals


@dataclass(frozen=True)
class BenchFiles:
    workbook: Path
    tickets: Path
    events: Path


def bench_files(out_dir: Path) -> BenchFiles:
    return BenchFiles(
        out_dir / "bench_workbook.xlsx", out_dir / "bench_tickets.csv", out_dir / "bench_events.csv"
    )


def ensure_data(
    out_dir: Path, *, seed: int = SAMPLE_SEED, as_of: date = SAMPLE_AS_OF
) -> BenchFiles:
    """The bench files in `out_dir`, generated unless already there for this seed and version."""
    files = bench_files(out_dir)
    stamp = out_dir / "generated.json"
    wanted = {"version": GENERATOR_VERSION, "seed": seed, "as_of": as_of.isoformat()}
    present = all(p.is_file() for p in (files.workbook, files.tickets, files.events))
    if present and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return files
    out_dir.mkdir(parents=True, exist_ok=True)
    write_bench_data(files, seed=seed, as_of=as_of)
    stamp.write_text(json.dumps(wanted))
    return files


def write_bench_data(files: BenchFiles, *, seed: int, as_of: date) -> None:
    frames = build_sample(
        seed=seed,
        clients=CLIENTS,
        as_of=as_of,
        open_episodes=OPEN_EPISODES,
        action_items=ACTION_ITEMS,
    )
    write_sample_workbook(files.workbook, workbook_tabs(frames), saved_on=as_of)
    clients = frames.clients.assign(**{CLIENT_KEY: frames.clients["client"].map(client_key)})
    incident_tickets, events = replayed_incidents(clients, seed=seed, as_of=as_of)
    tickets = bench_tickets(clients, incident_tickets, seed=seed, as_of=as_of)
    canonical_to_export(tickets, GENERIC).to_csv(files.tickets, index=False, lineterminator="\n")
    write_events_csv(events, files.events)


# ---- incidents ----------------------------------------------------------------------------------


def replayed_incidents(
    clients: pd.DataFrame, *, seed: int, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample's incident scenarios, replayed with seed, seed+1, ... until EVENTS events."""
    names = list(clients["client"])
    tickets, events, total, round_ = [], [], 0, 0
    while total < EVENTS:
        round_tickets, round_events = build_sample_incidents(
            seed=seed + round_, clients=names, as_of=as_of
        )
        numbers = {
            old: f"TK{round_:04d}{position:02d}"
            for position, old in enumerate(round_tickets["ticket"])
        }
        tickets.append(round_tickets.assign(ticket=round_tickets["ticket"].map(numbers)))
        events.append(round_events.assign(ticket=round_events["ticket"].map(numbers)))
        total += len(round_events)
        round_ += 1
    return pd.concat(tickets, ignore_index=True), pd.concat(events, ignore_index=True)


# ---- tickets ------------------------------------------------------------------------------------


def bench_tickets(
    clients: pd.DataFrame, incident_tickets: pd.DataFrame, *, seed: int, as_of: date
) -> pd.DataFrame:
    """TICKETS canonical tickets: the sample's scenarios and incidents, then a numpy background."""
    largest = clients.nlargest(SCENARIO_CLIENTS, "mrr")
    scenarios = build_sample_tickets(seed=seed, clients=largest, as_of=as_of, months=MONTHS)
    fixed = [scenarios[list(TICKET_COLUMNS)], incident_tickets[list(TICKET_COLUMNS)]]
    count = TICKETS - sum(len(frame) for frame in fixed)
    background = background_tickets(clients, count=count, seed=seed, as_of=as_of)
    tickets = pd.concat([*(_plain(frame) for frame in fixed), background], ignore_index=True)
    tickets = tickets.sort_values("created", kind="stable").reset_index(drop=True)
    is_routine = ~tickets["ticket"].str.startswith("TK", na=False)
    routine_numbers = pd.Series(np.arange(is_routine.sum()) + 100_000, dtype="int64")
    tickets.loc[is_routine, "ticket"] = ("T" + routine_numbers.astype(str)).to_numpy()
    return tickets


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: object for c in frame.columns if frame[c].dtype == "string"})


def background_tickets(
    clients: pd.DataFrame, *, count: int, seed: int, as_of: date
) -> pd.DataFrame:
    """Routine tickets drawn in whole columns; mostly on time, a few late, frustrated or overdue."""
    rng = np.random.default_rng(seed)
    names = clients["client"].to_numpy()
    median = float(clients["mrr"].median()) or 1.0
    weights = np.minimum(clients["mrr"].to_numpy(dtype=float) / median, 6.0)
    client = names[rng.choice(len(names), size=count, p=weights / weights.sum())]
    kinds = np.array([TicketType.INCIDENT, TicketType.SERVICE_REQUEST, TicketType.PROBLEM], object)
    kind = kinds[rng.choice(3, size=count, p=[0.55, 0.42, 0.03])]
    project = rng.random(count) < 0.02
    kind[project] = TicketType.PROJECT.value
    created = _business_instants(rng, count=count, as_of=as_of)
    frame = pd.DataFrame(
        {
            "ticket": None,
            "client": client,
            "summary": _summaries(rng, kind),
            "priority": _priorities(rng, kind),
            "type": kind.astype(str),
            "board": _boards(rng, kind),
            "created": created,
        }
    )
    frame["first_response"] = _first_responses(rng, created)
    frame = _closed_or_open(rng, frame, as_of=as_of)
    frame["parent_ticket"] = None
    frame["due"] = _due_dates(rng, created, project)
    frame["notes"] = _notes(rng, count)
    frame["security"] = False
    return frame[list(TICKET_COLUMNS)]


def _business_instants(rng: np.random.Generator, *, count: int, as_of: date) -> pd.Series:
    """Weekdays between 08:00 and 15:00 local over MONTHS months, whole minutes, as UTC."""
    start = pd.Timestamp(as_of - timedelta(days=30 * MONTHS))
    span = (as_of - timedelta(days=1) - start.date()).days
    days = start + pd.to_timedelta(rng.integers(0, span + 1, size=count), unit="D")
    weekend = np.maximum(days.dayofweek.to_numpy() - 4, 0)  # Saturday -> Friday, Sunday -> Friday
    days = days - pd.to_timedelta(weekend, unit="D")
    minutes = pd.to_timedelta(8 * 60 + rng.integers(0, 7 * 60 + 1, size=count), unit="min")
    local = (days + minutes).tz_localize(ZONE, ambiguous="NaT", nonexistent="shift_forward")
    return pd.Series(local.tz_convert("UTC").as_unit("ns"))


def _summaries(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    out = np.empty(len(kind), dtype=object)
    for ticket_type, summaries in ROUTINE_SUMMARIES.items():
        chosen = kind == ticket_type
        out[chosen] = np.array(summaries, object)[rng.integers(0, len(summaries), chosen.sum())]
    out[kind == TicketType.PROJECT] = "Migration milestone"
    return out


def _priorities(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    levels = np.array([Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW], object)
    incident = rng.choice(4, size=len(kind), p=[0.004, 0.05, 0.55, 0.396])
    other = rng.choice(4, size=len(kind), p=[0.0, 0.02, 0.56, 0.42])
    return levels[np.where(kind == TicketType.INCIDENT, incident, other)].astype(str)


def _boards(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    noc = (kind == TicketType.INCIDENT) & (rng.random(len(kind)) < 0.1)
    boards = np.where(noc, "NOC", "Service Desk").astype(object)
    boards[kind == TicketType.PROJECT] = "Projects"
    return boards


def _first_responses(rng: np.random.Generator, created: pd.Series) -> pd.Series:
    # Most within 10-40 minutes; 3% hours to days later (late on the business clock); 1% none.
    minutes = rng.integers(10, 41, size=len(created)).astype(float)
    late = rng.random(len(created)) < 0.03
    minutes[late] = rng.integers(120, 3_000, size=late.sum())
    minutes[rng.random(len(created)) < 0.01] = np.nan
    return created + pd.to_timedelta(minutes, unit="min")


def _closed_or_open(rng: np.random.Generator, frame: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    as_of_start = pd.Timestamp(as_of).tz_localize(ZONE).tz_convert("UTC")
    recent = (as_of_start - frame["created"]) < pd.Timedelta(days=3)
    still_open = (recent & (rng.random(len(frame)) < 0.7)).to_numpy()
    reopened = (frame["type"] == TicketType.PROJECT).to_numpy() & (rng.random(len(frame)) < 0.3)
    still_open = still_open | reopened
    statuses = np.array(OPEN_STATUSES, object)[rng.integers(0, len(OPEN_STATUSES), len(frame))]
    frame["status"] = np.where(still_open, statuses, "Closed")
    hours = pd.to_timedelta(rng.integers(1, 49, size=len(frame)), unit="h")
    frame["resolved"] = (frame["created"] + hours).where(~still_open)
    scores = np.array([4.0, 5.0, 5.0, 1.0, 2.0])[
        rng.choice(5, len(frame), p=[0.3, 0.3, 0.37, 0.015, 0.015])
    ]
    surveyed = ~still_open & (rng.random(len(frame)) < 0.2)
    frame["survey_score"] = pd.array(np.where(surveyed, scores, np.nan), dtype="Float64")
    return frame


def _due_dates(rng: np.random.Generator, created: pd.Series, project: np.ndarray) -> pd.Series:
    days = pd.to_timedelta(rng.integers(14, 61, size=len(created)), unit="D")
    return (created + days).where(project)


def _notes(rng: np.random.Generator, count: int) -> np.ndarray:
    """Mostly blank; a few frustrated or suggestive phrases, as real ticket notes carry."""
    phrases = np.array(
        [
            f"Client says they are {RULES.frustration_phrases[0]} with the delay",
            f"Mentioned {RULES.hiring_phrases[0]} manager next quarter",
            "Called back, user confirmed fixed",
        ],
        object,
    )
    notes = phrases[rng.choice(3, size=count, p=[0.002, 0.0005, 0.9975])]
    notes[rng.random(count) < 0.9] = None
    return notes
