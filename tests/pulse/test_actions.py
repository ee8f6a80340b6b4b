"""The overdue rule (SPEC "Action items"): not Done and due before the as-of date; days overdue
= as-of − Due. Worked by hand for Monday 10 March 2025."""

from __future__ import annotations

import pandas as pd

from pulse.actions import days_overdue, overdue_action_items, overdue_mask
from pulse.schema import CLIENTS
from tests.workflow_frames import actions_frame, d, typed_frame

AS_OF = d("2025-03-10")


def items() -> pd.DataFrame:
    rows = [
        ("Birch Law", "Replace firewall", "Open", "2025-03-07"),  # 3 days late
        ("Birch Law", "Weekly call", "Open", "2025-03-10"),  # due today: not late yet
        ("Acme Dental", "Test restore", "Open", "2025-03-11"),
        ("Acme Dental", "Review backups", "Done", "2025-03-01"),  # done is never late
        ("Acme Dental", "Call POC", "Open", None),  # no due date, never late
        ("Cedar Clinic", "Order switch", None, "2025-02-08"),  # a blank status is not Done
    ]
    keys = ("client", "action", "status", "due")
    return actions_frame([dict(zip(keys, row, strict=True)) for row in rows])


def test_overdue_mask() -> None:
    assert list(overdue_mask(items(), as_of=AS_OF)) == [True, False, False, False, False, True]


def test_days_overdue_only_for_overdue_items() -> None:
    expected = pd.Series([3, pd.NA, pd.NA, pd.NA, pd.NA, 30], dtype="Int64", name="days_overdue")
    pd.testing.assert_series_equal(days_overdue(items(), as_of=AS_OF), expected)


def test_a_day_later_everything_open_and_due_before_it_is_one_day_later() -> None:
    expected = pd.Series([4, 1, pd.NA, pd.NA, pd.NA, 31], dtype="Int64", name="days_overdue")
    pd.testing.assert_series_equal(days_overdue(items(), as_of=d("2025-03-11")), expected)


def test_overdue_action_items_most_overdue_first_with_the_clients_name() -> None:
    clients = typed_frame(CLIENTS, [{"client": "Cedar Clinic "}, {"client": "Birch Law"}])
    overdue = overdue_action_items(items(), clients, as_of=AS_OF)
    assert list(
        zip(overdue["client"], overdue["action"], overdue["days_overdue"], strict=True)
    ) == [
        ("Cedar Clinic ", "Order switch", 30),
        ("Birch Law", "Replace firewall", 3),
    ]
