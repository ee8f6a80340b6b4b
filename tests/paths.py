"""Where the test material lives. shared/ sits beside the repository (SPEC: never copy it in)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    candidates = [os.environ.get("PULSE_SHARED", ""), str(REPO.parent / "shared"), "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "SPEC.md").is_file():
            return Path(candidate)
    # No silent skips: tests that need real files fail loudly when shared/ is missing.
    raise FileNotFoundError(
        "shared/ (SPEC.md and realdata/) not found beside the repository; set PULSE_SHARED"
    )


SHARED = _find_shared()
REALDATA = SHARED / "realdata"
SAMPLE_DIR = REPO / "sample_data"
SAMPLE_WORKBOOK = SAMPLE_DIR / "client_pulse_sample.xlsx"
