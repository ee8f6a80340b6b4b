"""Two versions of one local workbook, for the tests of unsaved changes (app/pending.py) and of
their journal (app/drafts.py)."""

from __future__ import annotations

from app.sources import SourceKind, WorkbookSource


def source(version: str) -> WorkbookSource:
    return WorkbookSource(SourceKind.LOCAL, "pulse.xlsx", "local:/x/pulse.xlsx", version)


V1, V2 = source("1:100"), source("2:100")
