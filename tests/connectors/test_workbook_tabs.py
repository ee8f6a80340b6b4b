"""read_workbook(tabs=...): only the named tabs are read; the rest come back empty."""

import pandas as pd

from connectors.workbook import read_workbook
from pulse.schema import Sheet
from tests.paths import SAMPLE_WORKBOOK

SUMMARY_TABS = (Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS)


def test_named_tabs_equal_a_full_read_and_the_others_are_empty() -> None:
    full = read_workbook(SAMPLE_WORKBOOK)
    some = read_workbook(SAMPLE_WORKBOOK, tabs=SUMMARY_TABS)
    for sheet in SUMMARY_TABS:
        pd.testing.assert_frame_equal(some.frame(sheet), full.frame(sheet), obj=sheet.value)
    assert len(full.history) > 0 and len(full.audit) > 0  # the sample has both
    for sheet in (Sheet.HISTORY, Sheet.AUDIT, Sheet.ESCALATION):
        assert some.frame(sheet).empty
        assert list(some.frame(sheet).columns) == list(full.frame(sheet).columns)
        assert sheet not in some.layouts
    assert some.sheet_names == full.sheet_names
    assert [str(w) for w in some.warnings] == [str(w) for w in full.warnings]
