"""`pulse summary` stays light: it never loads the UI, charts, SharePoint or the xlsx writer."""

import json
import subprocess
import sys

import pytest

from tests.paths import REPO, SAMPLE_WORKBOOK

HEAVY = ("streamlit", "plotly", "office365", "openpyxl", "lxml", "xlsxwriter")
PROBE = """
import contextlib, io, json, sys
from pulse.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted({name.split('.')[0] for name in sys.modules})]))
"""


def loaded_packages(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    code, packages = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return set(packages)


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ((), set()),
        # First-response lateness needs the business clock, and so the country's holidays.
        (("--tickets", str(SAMPLE_WORKBOOK.parent / "tickets_generic.csv")), {"holidays"}),
    ],
    ids=["workbook only", "with tickets"],
)
def test_summary_imports_nothing_heavy(extra: tuple[str, ...], allowed: set[str]) -> None:
    packages = loaded_packages("summary", str(SAMPLE_WORKBOOK), "--as-of", "2026-11-23", *extra)
    assert packages & set(HEAVY) == set()
    assert ("holidays" in packages) == ("holidays" in allowed)
