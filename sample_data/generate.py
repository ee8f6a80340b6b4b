"""Regenerate every committed sample file: `pulse sample --out sample_data`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from pulse.schema import Sheet
from sample_data.build import SAMPLE_AS_OF, SAMPLE_CLIENTS, SAMPLE_SEED, build_sample
from sample_data.write import write_sample_workbook

SAMPLE_DIR = Path(__file__).resolve().parent
WORKBOOK_NAME = "client_pulse_sample.xlsx"
MATRIX_CSV = SAMPLE_DIR / "escalation_matrix.csv"


def escalation_matrix() -> pd.DataFrame:
    """Seed 004's matrix, transcribed once into a committed CSV (Type, Level, Role, ...)."""
    matrix = pd.read_csv(MATRIX_CSV, dtype={"Level": "Int64"})
    return matrix.rename(columns=str.lower)


def write_sample(
    out_dir: Path,
    *,
    seed: int = SAMPLE_SEED,
    clients: int = SAMPLE_CLIENTS,
    as_of: date = SAMPLE_AS_OF,
) -> list[Path]:
    """Build the sample from `seed` and write its files into `out_dir`; returns the paths."""
    frames = build_sample(seed=seed, clients=clients, as_of=as_of)
    tabs = {
        Sheet.CLIENTS: frames.clients,
        Sheet.EPISODES: frames.episodes,
        Sheet.ACTIONS: frames.actions,
        Sheet.ESCALATION: escalation_matrix(),
        Sheet.AUDIT: frames.audit,
        Sheet.HISTORY: frames.history,
    }
    workbook = out_dir / WORKBOOK_NAME
    write_sample_workbook(workbook, tabs)
    return [workbook]
