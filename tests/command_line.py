"""What the CLI's tests share: a command's JSON answer, and the rows of a CSV read by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from pulse.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """`pulse <args> --json`, which must succeed, as parsed JSON."""
    assert main([*args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def export_rows(path: Path) -> list[dict[str, str]]:
    """A CSV's rows as its header names them, read without the connectors."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
