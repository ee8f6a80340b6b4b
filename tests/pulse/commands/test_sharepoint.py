"""`pulse sharepoint-check` against the fake SharePoint (the real office365 client), one failing
step at a time: each names what is wrong and its fix, exits with its code, and changes nothing."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulse.cli import main
from tests.connectors.sharepoint.fake_site import V1
from tests.fake_sharepoint import FakeSharePoint, running

PATH = "/sites/cst/Shared Documents/Client Pulse.xlsx"
TOKEN, ANN = "ann-token-31", "Ann Admin"
STEPS = [
    "Settings present",
    "Site reachable",
    "Token obtained",
    "File found",
    "Read allowed",
    "ETag round trip consistent",
    "Write allowed (checked dry, nothing changed)",
]


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSharePoint]:
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml
    for name in ("PULSE_SHAREPOINT_TIMEOUT", "PULSE_SHAREPOINT_CERT_PATH"):
        monkeypatch.delenv(name, raising=False)
    with running(FakeSharePoint(tokens={TOKEN: ANN})) as server:
        server.put(PATH, V1, by=ANN)
        monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", server.site_url)
        monkeypatch.setenv("PULSE_SHAREPOINT_FILE", PATH)
        monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("PULSE_SHAREPOINT_TIMEOUT", "2")
        yield server


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["sharepoint-check"])
    return code, capsys.readouterr().out.splitlines()


def assert_stopped_at(lines: list[str], step: int, *, says: str, fix: str) -> None:
    """Steps before `step` (1-based) passed, `step` failed saying `says`, with `fix` under it."""
    marks = [line for line in lines if line.startswith(("✓", "✗"))]
    assert [mark.split(":")[0] for mark in marks] == [
        *(f"✓ {name}" for name in STEPS[: step - 1]),
        f"✗ {STEPS[step - 1]}",
    ]
    assert says in marks[-1]
    assert lines[len(marks)].startswith("  Fix: ") and fix in lines[len(marks)]
    assert lines[-1] == f"{step - 1} of 7 steps passed; the check stopped at “{STEPS[step - 1]}”."


def test_a_ready_tenant_passes_every_step_and_nothing_changes(
    fake: FakeSharePoint, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = check(capsys)
    assert code == 0
    assert [line.split(":")[0] for line in lines[:-1]] == [f"✓ {name}" for name in STEPS]
    assert lines[-1] == "All 7 steps passed: SharePoint is ready for Client Pulse."
    assert f"{PATH}, sign-in by access token" in lines[0]
    assert 'version "{' in lines[3] and f"saved by {ANN}" in lines[3]
    assert (fake.files[PATH].version, fake.requests_of("save")) == (1, [])


def test_nothing_configured(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PULSE_SHAREPOINT_SITE_URL")
    code, lines = check(capsys)
    assert code == 2
    assert_stopped_at(
        lines, 1, says="SharePoint is not configured", fix="Set PULSE_SHAREPOINT_SITE_URL"
    )


def test_a_timeout_with_a_unit(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_TIMEOUT", "30s")
    code, lines = check(capsys)
    assert code == 2
    assert_stopped_at(lines, 1, says="'30s' is not a number of seconds", fix="Fix the setting")
    assert fake.seen == []


def test_a_site_that_does_not_answer(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("PULSE_SHAREPOINT_SITE_URL", f"http://127.0.0.1:{port}/sites/cst")
    code, lines = check(capsys)
    assert code == 4
    assert_stopped_at(lines, 2, says="does not answer", fix="Check the network or VPN")


def test_a_refused_token_passes_on_sharepoints_reason(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", "expired-token")
    code, lines = check(capsys)
    assert code == 4
    assert_stopped_at(
        lines,
        3,
        says="(401) while signing in to Client Pulse.xlsx. SharePoint said: Invalid JWT",
        fix="Fix what",
    )
    assert "expired-token" not in "\n".join(lines)


def test_the_tokens_audience_is_named(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = base64.urlsafe_b64encode(json.dumps({"aud": "00000003-0000-0ff1-ce00"}).encode())
    token = f"eyJhbGciOiJub25lIn0.{claims.decode().rstrip('=')}.sig"
    fake.tokens[token] = ANN
    monkeypatch.setenv("PULSE_SHAREPOINT_ACCESS_TOKEN", token)
    code, lines = check(capsys)
    assert code == 0
    assert (
        lines[2]
        == "✓ Token obtained: a token for 00000003-0000-0ff1-ce00 signs requests to the site"
    )


def test_a_file_that_is_not_there(
    fake: FakeSharePoint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULSE_SHAREPOINT_FILE", "/sites/cst/Shared Documents/Other.xlsx")
    code, lines = check(capsys)
    assert code == 2
    assert_stopped_at(lines, 4, says="(404). Check PULSE_SHAREPOINT_SITE_URL", fix="Fix what")


def test_reading_refused(fake: FakeSharePoint, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("content", 403)
    code, lines = check(capsys)
    assert code == 4
    assert_stopped_at(
        lines, 5, says="refused access (403) while reading", fix="POST /sites/{site-id}/permissions"
    )


def test_etags_rewritten_on_the_way(
    fake: FakeSharePoint, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.spellings["content"] = "rewritten"
    code, lines = check(capsys)
    assert code == 2
    assert_stopped_at(lines, 6, says='W/"1-', fix="a proxy) rewrites ETags")


def test_read_only_access_fails_the_dry_write_check(
    fake: FakeSharePoint, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.read_only.add(ANN)
    code, lines = check(capsys)
    assert code == 4
    assert_stopped_at(
        lines,
        7,
        says="may read Client Pulse.xlsx but not save it",
        fix="Sites.Selected on the SharePoint API (admin consent), then POST /sites/{site-id}/",
    )
    assert (fake.files[PATH].version, fake.requests_of("save")) == (1, [])
