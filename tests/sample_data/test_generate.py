"""The committed sample is exactly what the generator builds from its fixed seed."""

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from connectors.freshness import workbook_modified
from connectors.workbook import read_workbook
from pulse.schema import EpisodeStatus, Sheet
from sample_data.build import build_sample
from sample_data.generate import write_sample
from tests.paths import SAMPLE_DIR, SAMPLE_WORKBOOK


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


def test_committed_workbook_matches_generator(regenerated: Path) -> None:
    committed = read_workbook(SAMPLE_WORKBOOK)
    fresh = read_workbook(regenerated / SAMPLE_WORKBOOK.name)
    for sheet in Sheet:
        pd.testing.assert_frame_equal(committed.frame(sheet), fresh.frame(sheet), obj=sheet.value)
    assert committed.sheet_names == fresh.sheet_names


def test_committed_csv_files_match_generator(regenerated: Path) -> None:
    for fresh in sorted(regenerated.glob("*.csv")):
        assert (SAMPLE_DIR / fresh.name).read_bytes() == fresh.read_bytes(), fresh.name


def test_sample_shape() -> None:
    book = read_workbook(SAMPLE_WORKBOOK)
    assert len(book.clients) == 60
    counts = book.episodes["status"].value_counts()
    for status in EpisodeStatus:
        assert 8 <= counts[status.value] <= 12, status
    mrr = book.clients["mrr"].sort_values(ascending=False)
    assert mrr.iloc[:6].sum() > mrr.iloc[-30:].sum()  # a few large clients, many small
    assert book.clients["vcio"].nunique() == 3 and book.clients["vitm"].nunique() == 4
    assert "Team Notes" in book.sheet_names
    assert book.history["week"].nunique() == 12
    assert not book.warnings


def test_the_sample_is_saved_on_its_own_monday() -> None:
    """Excel's "last saved" is the stale-data check's input: the sample's own date, not the day
    someone ran `make sample`."""
    assert workbook_modified(SAMPLE_WORKBOOK) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_no_client_has_two_action_items_with_the_same_text() -> None:
    """Action items are identified by client + text (README "Rules"): Summit Pharmacy's Done
    item from its removed episode carries its due month."""
    actions = read_workbook(SAMPLE_WORKBOOK).actions
    assert not actions.duplicated(["client_key", "action"]).any()
    summit = actions[actions["client"] == "Summit Pharmacy"]
    review = summit[summit["action"].str.startswith("Review last month's tickets")]
    assert sorted(zip(review["action"], review["status"], strict=True)) == [
        ("Review last month's tickets with the POC", "Open"),
        ("Review last month's tickets with the POC (Aug 2026)", "Done"),
    ]


def test_many_action_items_per_client_stay_distinct() -> None:
    """The benchmark's scale: far more items than texts per client, each text still once."""
    frames = build_sample(clients=12, action_items=400, with_history=False)
    texts = frames.actions.assign(key=frames.actions["client"].str.casefold())
    assert len(texts) == 400
    assert not texts.duplicated(["key", "action"]).any()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_sample(first, clients=12, seed=3)
    write_sample(second, clients=12, seed=3)
    a = read_workbook(first / SAMPLE_WORKBOOK.name)
    b = read_workbook(second / SAMPLE_WORKBOOK.name)
    pd.testing.assert_frame_equal(a.episodes, b.episodes)
    assert len(a.clients) == 12
