"""Extra-care rules on the hand-worked scenario in tests/scenario.py."""

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.workbook import LoadedWorkbook
from pulse.actions import overdue_action_items, overdue_by_owner
from pulse.extra_care import (
    candidates,
    communication_signals,
    missing_contact,
    not_reviewed,
    open_episodes,
    person_flags,
    rca_completeness,
    weeks_on_extra_care,
)
from pulse.settings import Settings
from pulse.summary import all_signals
from tests.record_frames import actions_of, audit_of, episodes_of
from tests.scenario import AS_OF, EXPECTED_SUMMARY, scenario_workbook


@pytest.fixture(scope="module")
def book(scenario_book: LoadedWorkbook) -> LoadedWorkbook:
    return scenario_book


def test_open_episodes_are_recommended_or_active(book: LoadedWorkbook) -> None:
    keys = list(open_episodes(book.episodes)["client_key"])
    assert keys == ["acme dental", "beta law", "delta realty", "foxtrot partners"]


def test_the_latest_open_episode_per_client_in_row_order() -> None:
    # Acme has three open rows: a blank Recommended On counts oldest, and of the two on 03-02
    # the lower row (index 3) wins. Beta's Declined row and the client-less row never count.
    episodes = episodes_of(
        {"client": "Acme", "status": "Active", "recommended_on": "2026-03-02"},
        {"client": "Beta", "status": "Recommended", "recommended_on": "2026-01-05"},
        {"client": "Acme", "status": "Recommended"},
        {"client": "Acme", "status": "Recommended", "recommended_on": "2026-03-02"},
        {"client": "Beta", "status": "Declined", "recommended_on": "2026-04-01"},
        {"client": " ", "status": "Active", "recommended_on": "2026-04-01"},
    )
    assert list(open_episodes(episodes).index) == [1, 3]
    reordered = episodes.set_axis([50, 40, 30, 20, 10, 0])  # index order is not row order
    assert list(open_episodes(reordered).index) == [20, 40]


def _open_episodes_before(episodes: pd.DataFrame) -> pd.DataFrame:
    """open_episodes as it was written before it sorted only two columns (the reference)."""
    is_open = episodes["status"].isin(["Recommended", "Active"])
    current = episodes[is_open & (episodes["client_key"] != "")]
    ordered = current.sort_values("recommended_on", na_position="first", kind="stable")
    return ordered.drop_duplicates("client_key", keep="last").sort_index()


_episode_rows = st.lists(
    st.fixed_dictionaries(
        {
            "client": st.sampled_from(["Acme", "Beta", "Gamma", " ", None]),
            "status": st.sampled_from(["Recommended", "Active", "Removed", "Declined", None]),
            "recommended_on": st.sampled_from([None, "2026-01-05", "2026-02-02", "2026-03-02"]),
        }
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(rows=_episode_rows, shuffled=st.booleans())
def test_open_episodes_equal_the_whole_frame_sort(
    rows: list[dict[str, str]], shuffled: bool
) -> None:
    episodes = episodes_of(*rows)
    if shuffled:
        episodes = episodes.set_axis(list(reversed(range(len(episodes)))))
    pd.testing.assert_frame_equal(open_episodes(episodes), _open_episodes_before(episodes))


def test_person_flags_come_from_open_episodes_only(book: LoadedWorkbook) -> None:
    flags = person_flags(book.episodes)
    pairs = sorted(zip(flags["client_key"], flags["criterion"], strict=True))
    assert pairs == [
        ("acme dental", "noc"),
        ("acme dental", "service_desk"),
        ("beta law", "acquisition"),
        ("delta realty", "project"),
        ("foxtrot partners", "frustrated_messages"),
    ]  # Gamma's removed and Echo's declined episodes raise nothing
    assert person_flags(book.episodes) is flags  # kept for that Episodes tab: no date in it


@pytest.mark.parametrize(("days", "fires"), [(13, False), (14, True), (15, True)])
def test_communication_threshold(days: int, fires: bool) -> None:
    clients = pd.DataFrame(
        {
            "client": ["A"],
            "client_key": ["a"],
            "last_client_contact": [pd.Timestamp(AS_OF - timedelta(days=days))],
        }
    )
    signals = communication_signals(clients, as_of=AS_OF, quiet_days=14)
    assert len(signals) == (1 if fires else 0)
    if fires:
        assert signals["reason"].iloc[0].startswith(f"no client contact for {days} days")


def test_blank_contact_is_missing_data_not_a_signal(book: LoadedWorkbook) -> None:
    signals = communication_signals(book.clients, as_of=AS_OF, quiet_days=14)
    assert sorted(signals["client"]) == ["Beta Law", "Echo Capital"]
    assert missing_contact(book.clients) == ["Delta Realty"]


def test_candidates_have_no_open_episode(book: LoadedWorkbook) -> None:
    signals = all_signals(book.clients, as_of=AS_OF, settings=Settings())
    found = candidates(book.clients, book.episodes, signals)
    assert list(found["client"]) == ["Echo Capital"]
    assert found["criteria"].iloc[0] == ["communication"]


def test_weeks_on_extra_care(book: LoadedWorkbook) -> None:
    current = open_episodes(book.episodes)
    weeks = dict(zip(current["client_key"], weeks_on_extra_care(current, as_of=AS_OF), strict=True))
    # Acme approved 11-02 (21 days), Delta 11-16 (7 days), Foxtrot 10-19 (35 days)
    assert weeks["acme dental"] == 3 and weeks["delta realty"] == 1
    assert weeks["foxtrot partners"] == 5 and pd.isna(weeks["beta law"])


def test_rca_completeness(book: LoadedWorkbook) -> None:
    rca = rca_completeness(book.episodes, book.actions, as_of=AS_OF, grace_days=7).set_index(
        "client_key"
    )
    assert rca.loc["acme dental", "parts_done"] == 4 and rca.loc["acme dental", "complete"]
    assert rca.loc["delta realty", "parts_done"] == 1  # only its action item
    assert rca.loc["delta realty", "rca_overdue"]  # exactly 7 days after approval
    # Foxtrot has a Reason ("Angry CFO") but no Root Cause, and no action item at all.
    assert rca.loc["foxtrot partners", "missing"] == [
        "root cause",
        "related tickets / documents / dates",
        "corrective steps with a success definition",
        "action items of this episode",
    ]
    one_day_earlier = rca_completeness(
        book.episodes, book.actions, as_of=date(2026, 11, 22), grace_days=7
    ).set_index("client_key")
    assert not one_day_earlier.loc["delta realty", "rca_overdue"]


def test_not_reviewed_in_last_meeting(book: LoadedWorkbook) -> None:
    stale = not_reviewed(book.episodes, as_of=AS_OF)
    # Last meeting before Monday 11-23 is 11-16: Foxtrot was last reviewed 11-09.
    assert dict(stale) == {"acme dental": False, "delta realty": False, "foxtrot partners": True}


def test_overdue_action_items(book: LoadedWorkbook) -> None:
    overdue = overdue_action_items(book.actions, book.clients, as_of=AS_OF)
    assert list(zip(overdue["action"], overdue["days_overdue"], strict=True)) == [
        ("Replace switch", 3),
        ("Re-plan project", 1),
    ]  # due on the as-of date itself is not overdue; Done never is
    by_owner = overdue_by_owner(overdue)
    assert sorted(zip(by_owner["owner"], by_owner["overdue"], strict=True)) == [
        ("Kim", 1),
        ("Lee", 1),
    ]


def test_summary_from_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from pulse.cli import main

    path = scenario_workbook(tmp_path / "s.xlsx")
    assert main(["summary", str(path), "--as-of", "2026-11-23", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED_SUMMARY


# --- RCA completeness part by part (SPEC "Extra care"): one Active episode recommended on
# Thursday 2026-11-12 and approved in the CST meeting of Monday 2026-11-16.
FULL_RCA = {
    "client": "Acme",
    "status": "Active",
    "recommended_on": "2026-11-12",
    "cst_meeting_date": "2026-11-16",
    "reason": "Outages",
    "root_cause": "A failing core switch",
    "related_tickets": "T1, T2",
    "success_criteria": "Two clean weeks",
}
ON_TIME_ITEM = {"client": "Acme", "action": "Replace switch", "due": "2026-11-20"}


def rca_row(episode: dict[str, object], *items: dict[str, object], **options: object) -> pd.Series:
    parts = rca_completeness(
        episodes_of(episode),
        actions_of(*items),
        as_of=options.pop("as_of", AS_OF),  # type: ignore[arg-type]
        grace_days=7,
        **options,  # type: ignore[arg-type]
    )
    assert len(parts) == 1
    return parts.iloc[0]


def test_a_full_rca_is_complete() -> None:
    row = rca_row(FULL_RCA, ON_TIME_ITEM)
    assert (row["parts_done"], row["complete"], row["missing"]) == (4, True, [])
    assert not row["rca_overdue"]


@pytest.mark.parametrize(
    ("blank", "missing"),
    [
        ("root_cause", "root cause"),  # the Reason ("Outages") alone does not count
        ("related_tickets", "related tickets / documents / dates"),
        ("success_criteria", "corrective steps with a success definition"),
    ],
)
def test_each_written_part_of_the_rca(blank: str, missing: str) -> None:
    for empty in (None, "   "):
        row = rca_row({**FULL_RCA, blank: empty}, ON_TIME_ITEM)
        assert (row["parts_done"], row["missing"]) == (3, [missing])


@pytest.mark.parametrize(
    ("item", "audit", "counts"),
    [
        ({"due": "2026-11-12"}, [], True),  # due on the day of the recommendation
        ({"due": "2026-11-11"}, [], False),  # due the day before: an older item
        # ...unless the Audit Log shows it added on or after the recommendation
        ({"due": "2026-11-11"}, ["2026-11-12 09:00"], True),
        ({"due": "2026-11-11"}, ["2026-11-11 17:00"], False),
        ({"due": None}, [], False),  # no date at all: not this episode's
        ({"due": None}, ["2026-11-16 10:30"], True),
        ({"client": "Beta", "due": "2026-11-20"}, [], False),  # another client's item
    ],
)
def test_action_items_of_this_episode(
    item: dict[str, object], audit: list[str], counts: bool
) -> None:
    action = {"client": "Acme", "action": "Replace switch", **item}
    added = audit_of(
        *(
            {
                "at": at,
                "client": action["client"],
                "field": "Action Items[Replace switch].action",
                "old": None,
                "new": "Replace switch",
            }
            for at in audit
        )
    )
    row = rca_row(FULL_RCA, action, audit=added)
    assert bool(row["action_items"]) is counts
    assert row["parts_done"] == (4 if counts else 3)


def test_an_edit_in_the_audit_log_is_not_the_items_creation() -> None:
    edited = audit_of(
        {
            "at": "2026-11-16 10:30",
            "client": "Acme",
            "field": "Action Items[Replace switch].action",
            "old": "Replace the switch",
            "new": "Replace switch",
        }
    )
    old_item = {**ON_TIME_ITEM, "due": "2026-11-01"}
    assert not rca_row(FULL_RCA, old_item, audit=edited)["action_items"]


def test_without_a_recommended_on_any_item_of_the_client_counts() -> None:
    row = rca_row({**FULL_RCA, "recommended_on": None}, {**ON_TIME_ITEM, "due": "2025-01-01"})
    assert row["action_items"]


@pytest.mark.parametrize(
    ("as_of", "flagged"),
    [
        (date(2026, 11, 22), False),  # six days after the approval meeting
        (date(2026, 11, 23), True),  # a week after approval: flagged
        (date(2026, 12, 30), True),
    ],
)
def test_an_incomplete_rca_is_flagged_a_week_after_approval(as_of: date, flagged: bool) -> None:
    incomplete = rca_row({**FULL_RCA, "root_cause": None}, ON_TIME_ITEM, as_of=as_of)
    assert bool(incomplete["rca_overdue"]) is flagged
    assert not rca_row(FULL_RCA, ON_TIME_ITEM, as_of=as_of)["rca_overdue"]  # complete: never


def test_the_directors_approval_date_stands_in_for_a_missing_meeting_date() -> None:
    episode = {**FULL_RCA, "cst_meeting_date": None, "director_approved_on": "2026-11-17"}
    incomplete = {**episode, "success_criteria": None}
    assert not rca_row(incomplete, ON_TIME_ITEM)["rca_overdue"]  # 6 days on 11-23
    assert rca_row(incomplete, ON_TIME_ITEM, as_of=date(2026, 11, 24))["rca_overdue"]
