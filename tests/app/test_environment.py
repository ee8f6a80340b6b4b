"""Where things are (app/environment.py): the workbook and the optional inputs the environment
names, the sample's own inputs only beside the sample workbook, and SharePoint's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import environment
from app.environment import (
    EVENTS_ENV,
    SAMPLE_EVENTS,
    SAMPLE_TICKETS,
    SAMPLE_WORKBOOK,
    TICKETS_ENV,
    optional_input,
    request_policy,
)
from connectors import sharepoint as sp
from tests.paths import REPO

SITE = "https://contoso.sharepoint.com/sites/cst"
FILE = "/sites/cst/Shared Documents/Client Pulse.xlsx"


def test_the_sample_is_the_committed_one() -> None:
    assert SAMPLE_WORKBOOK == REPO / "sample_data" / "client_pulse_sample.xlsx"
    assert SAMPLE_WORKBOOK.is_file() and SAMPLE_TICKETS.is_file() and SAMPLE_EVENTS.is_file()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PULSE_CACHE_DIR": "/c/pulse"}, Path("/c/pulse/sample")),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/client-pulse/sample")),
        ({"PULSE_CACHE_DIR": "/c/pulse", "XDG_CACHE_HOME": "/x"}, Path("/c/pulse/sample")),
        ({}, Path.home() / ".cache" / "client-pulse" / "sample"),
    ],
)
def test_sample_cache_dir(env: dict[str, str], expected: Path) -> None:
    assert environment.sample_cache_dir(env) == expected


def served_copy(cache: Path, *names: str) -> Path:
    """A week's copy of the sample as app.sample leaves it (only the files named)."""
    folder = cache / "sample" / "2027-11-22"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_bytes((SAMPLE_WORKBOOK.parent / name).read_bytes())
    return folder / SAMPLE_WORKBOOK.name


def test_a_copy_made_in_the_cache_is_the_sample_with_its_own_inputs(tmp_path: Path) -> None:
    env = {"PULSE_CACHE_DIR": str(tmp_path)}
    copy = served_copy(tmp_path, SAMPLE_WORKBOOK.name, SAMPLE_TICKETS.name)
    assert environment.is_sample(copy, env)
    assert optional_input(TICKETS_ENV, SAMPLE_TICKETS, workbook=copy, env=env) == copy.with_name(
        SAMPLE_TICKETS.name
    )
    # Its events file is missing: nothing, never the committed sample's.
    assert optional_input(EVENTS_ENV, SAMPLE_EVENTS, workbook=copy, env=env) is None


def test_a_workbook_elsewhere_named_like_the_sample_is_not_the_sample(tmp_path: Path) -> None:
    env = {"PULSE_CACHE_DIR": str(tmp_path / "cache")}
    other = served_copy(tmp_path / "elsewhere", SAMPLE_WORKBOOK.name, SAMPLE_TICKETS.name)
    assert not environment.is_sample(other, env)
    assert optional_input(TICKETS_ENV, SAMPLE_TICKETS, workbook=other, env=env) is None


def test_a_relative_path_to_the_sample_is_the_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO / "sample_data")
    assert environment.is_sample(Path("client_pulse_sample.xlsx"))
    assert not environment.is_sample(Path("tickets_generic.csv"))
    assert not environment.is_sample(None)


@pytest.mark.parametrize("word", ["none", "None", "NONE"])
def test_none_turns_an_input_off_even_on_the_sample(word: str) -> None:
    env = {TICKETS_ENV: word}
    assert optional_input(TICKETS_ENV, SAMPLE_TICKETS, workbook=SAMPLE_WORKBOOK, env=env) is None


def test_the_file_the_environment_names_is_used_whatever_the_workbook(tmp_path: Path) -> None:
    named = tmp_path / "missing-yet.csv"  # not checked here: the loader says why it cannot open
    env = {EVENTS_ENV: str(named)}
    for workbook in (SAMPLE_WORKBOOK, tmp_path / "ours.xlsx", None):
        assert optional_input(EVENTS_ENV, SAMPLE_EVENTS, workbook=workbook, env=env) == named


def test_unset_on_the_sample_workbook_is_the_samples_own() -> None:
    found = optional_input(TICKETS_ENV, SAMPLE_TICKETS, workbook=SAMPLE_WORKBOOK, env={})
    assert found == SAMPLE_TICKETS


@pytest.mark.parametrize("workbook", [Path("our.xlsx"), None], ids=["another workbook", "none"])
def test_unset_on_another_workbook_is_nothing(workbook: Path | None) -> None:
    # The sample's tickets belong to the sample's clients, never to someone's real workbook.
    assert optional_input(TICKETS_ENV, SAMPLE_TICKETS, workbook=workbook, env={}) is None


def test_request_policy_waits_the_defaults_when_unset() -> None:
    assert request_policy({}) == sp.RequestPolicy()
    assert request_policy({"PULSE_SHAREPOINT_TIMEOUT": ""}) == sp.RequestPolicy()


@pytest.mark.parametrize(
    ("seconds", "connect", "read"),
    [("20", 5.0, 20.0), ("2", 2.0, 2.0), ("0.5", 0.5, 0.5), ("5", 5.0, 5.0)],
)
def test_request_policy_from_the_timeout(seconds: str, connect: float, read: float) -> None:
    # Connecting never waits longer than 5 s, nor longer than the whole timeout.
    policy = request_policy({"PULSE_SHAREPOINT_TIMEOUT": seconds})
    assert (policy.connect_timeout, policy.read_timeout) == (connect, read)
    assert policy.max_attempts == sp.RequestPolicy().max_attempts


@pytest.mark.parametrize("written", ["30s", "thirty", "0", "-5", "nan", "inf"])
def test_request_policy_refuses_a_timeout_that_is_not_seconds(written: str) -> None:
    with pytest.raises(sp.SharePointConfigError) as refused:
        request_policy({"PULSE_SHAREPOINT_TIMEOUT": written})
    assert str(refused.value) == (
        f"PULSE_SHAREPOINT_TIMEOUT={written!r} is not a number of seconds. Write a plain number, "
        "e.g. PULSE_SHAREPOINT_TIMEOUT=30, or leave it unset for the defaults."
    )
    assert sp.exit_code_for(refused.value) == 2


@pytest.fixture
def no_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml


@pytest.mark.usefixtures("no_secrets_file")
def test_sharepoint_is_unused_without_a_site() -> None:
    assert environment.sharepoint_settings({}) is None


@pytest.mark.usefixtures("no_secrets_file")
def test_sharepoint_settings_from_the_environment() -> None:
    env = {sp.SITE_URL: SITE + "/", sp.FILE: FILE, "PULSE_SHAREPOINT_ACCESS_TOKEN": "t"}
    settings = environment.required_sharepoint_settings(env)
    assert (settings.site_url, settings.file_path) == (SITE, FILE)


@pytest.mark.usefixtures("no_secrets_file")
def test_required_sharepoint_settings_say_what_to_set() -> None:
    with pytest.raises(sp.SharePointConfigError) as refused:
        environment.required_sharepoint_settings({})
    assert "PULSE_SHAREPOINT_SITE_URL and PULSE_SHAREPOINT_FILE" in str(refused.value)
    assert ".streamlit/secrets.toml" in str(refused.value)


def test_sharepoint_cache_dir(tmp_path: Path) -> None:
    # Never the working directory: the user's cache folder, as for the ticket cache.
    assert environment.sharepoint_cache_dir({"PULSE_CACHE_DIR": "/c"}) == Path("/c/sharepoint")
    assert environment.sharepoint_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path(
        "/x/client-pulse/sharepoint"
    )
    env = {"PULSE_SHAREPOINT_CACHE": str(tmp_path)}
    assert environment.sharepoint_cache_dir(env) == tmp_path
