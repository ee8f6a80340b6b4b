"""The one schema: names, header matching and client keys."""

from __future__ import annotations

from pulse.schema import (
    ACTIONS,
    CRITERION_LABELS,
    EPISODES,
    OPEN_EPISODE_STATUSES,
    OWNED_SHEETS,
    REQUIRED_SHEETS,
    SHEET_SPECS,
    Criterion,
    EpisodeStatus,
    Sheet,
    client_key,
    normalise_header,
)


def test_client_keys_trim_collapse_and_casefold() -> None:
    assert client_key("Acme Dental") == "acme dental"
    assert client_key("  ACME   dental ") == "acme dental"
    assert client_key("Ümlaut Co") == "ümlaut co"


def test_headers_match_ignoring_case_spaces_and_punctuation() -> None:
    assert normalise_header("vCIO  Approval") == normalise_header("VCIO Approval") == "vcioapproval"
    assert normalise_header("CST Meeting Date") == "cstmeetingdate"
    assert normalise_header("Merger/Acquisition") == "mergeracquisition"


def test_the_eight_criteria_in_the_seeds_order_with_their_columns() -> None:
    assert len(Criterion) == 8
    assert Criterion.FRUSTRATED.label == "Frustrated Messages"
    assert Criterion.ACQUISITION.column == "crit_acquisition"
    assert set(CRITERION_LABELS) == set(Criterion)
    assert {c.column for c in Criterion} <= set(EPISODES.names)


def test_open_statuses_and_owned_tabs() -> None:
    assert {EpisodeStatus.RECOMMENDED, EpisodeStatus.ACTIVE} == OPEN_EPISODE_STATUSES
    assert Sheet.CLIENTS not in OWNED_SHEETS and Sheet.ESCALATION not in OWNED_SHEETS
    assert set(REQUIRED_SHEETS) == {Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS}
    assert SHEET_SPECS[Sheet.ACTIONS] is ACTIONS


def test_every_spec_names_each_column_once() -> None:
    for spec in SHEET_SPECS.values():
        assert len(spec.names) == len(set(spec.names)), spec.sheet
