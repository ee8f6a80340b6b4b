"""Opening the workbook (app/workbooks.py): a local file's bytes and version, an upload, the word
`sharepoint`, and a path error when there is nothing to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sources import SourceKind, Upload, file_version
from app.workbooks import (
    SHAREPOINT,
    export_path,
    open_local,
    open_location,
    open_upload,
    read_local_bytes,
)
from connectors import sharepoint as sp
from connectors.errors import PathError
from pulse.schema import Sheet
from tests.scenario import CLIENTS, scenario_workbook


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_workbook(tmp_path / "pulse.xlsx")


def test_open_local_keeps_the_bytes_and_the_version_read(scenario: Path) -> None:
    opened = open_local(scenario)
    assert opened.data == scenario.read_bytes()
    assert opened.source.kind is SourceKind.LOCAL
    assert opened.source.version == file_version(scenario)
    assert opened.source.path == scenario
    assert list(opened.workbook.clients["client"]) == [row[0] for row in CLIENTS]
    assert opened.remote is None


def test_open_local_reads_only_the_tabs_asked_for(scenario: Path) -> None:
    opened = open_local(scenario, tabs=(Sheet.CLIENTS, Sheet.EPISODES, Sheet.ACTIONS))
    assert len(opened.workbook.clients) == 6
    assert len(opened.workbook.episodes) == 6 and len(opened.workbook.actions) == 4


def test_a_missing_file_is_a_path_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PathError) as refused:
        open_local(tmp_path / "nope.xlsx")
    [problem] = refused.value.problems
    assert str(problem) == f"nope.xlsx: file not found: {tmp_path / 'nope.xlsx'}; check the path"


def test_a_folder_is_a_path_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "Client Pulse.xlsx"
    folder.mkdir()
    with pytest.raises(PathError) as refused:
        read_local_bytes(folder)
    [problem] = refused.value.problems
    assert problem.file == "Client Pulse.xlsx"
    assert "is a folder" in problem.message


def test_an_export_path_is_checked_before_any_work(tmp_path: Path) -> None:
    assert export_path(tmp_path / "out.xlsx") == tmp_path / "out.xlsx"
    with pytest.raises(PathError) as refused:
        export_path(tmp_path / "no folder" / "out.xlsx", option="--out")
    [problem] = refused.value.problems
    assert problem.message == (
        f"cannot write {tmp_path / 'no folder' / 'out.xlsx'} (given to --out): the folder "
        f"{tmp_path / 'no folder'} does not exist; create it first"
    )


def test_open_upload_is_an_upload_source(scenario: Path) -> None:
    opened = open_upload(Upload("mine.xlsx", scenario.read_bytes()))
    assert (opened.source.kind, opened.source.location) == (SourceKind.UPLOADED, "mine.xlsx")
    assert opened.data == scenario.read_bytes()
    assert opened.workbook.source == "mine.xlsx"
    assert len(opened.workbook.clients) == 6


def test_open_location_of_a_path_is_the_local_file(scenario: Path) -> None:
    opened = open_location(str(scenario))
    assert (opened.source.kind, opened.source.path) == (SourceKind.LOCAL, scenario)


def test_open_location_sharepoint_unconfigured_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml
    monkeypatch.delenv(sp.SITE_URL, raising=False)
    with pytest.raises(sp.SharePointConfigError, match=sp.SITE_URL):
        open_location(SHAREPOINT)
