"""The parsed-ticket cache: served when current, never stale, rebuilt when broken."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import connectors.ticket_cache as ticket_cache
from connectors.ticket_cache import cache_path, default_cache_dir, read_tickets_cached
from connectors.tickets import ExportTime, read_tickets
from pulse.settings import DEFAULT_SETTINGS, TicketRules
from tests.paths import REPO

ZONE = "America/Los_Angeles"
HEADER = "Ticket,Client,Summary,Priority,Type,Created,First Response,Status\n"
MAPPING = {"ticket": "Ticket", "client": "Client", "priority": "Priority", "created": "Created"}
# pulse.toml rules under which "New" is a closed status: the same file reads differently.
CLOSED_NEW = {**DEFAULT_SETTINGS.tickets, "generic": TicketRules(closed_statuses=("New",))}
EXPORTED = ExportTime(pd.Timestamp("2026-11-20 12:00", tz="UTC"), "as given")
ROWS = (
    "T1,Acme Dental,Printer down,High,incident,2026-11-10 09:00,2026-11-10 09:20,Closed\n"
    "T2,Acme Dental,Password reset,Low,service request,2026-11-11 10:00,,New\n"
    "T3,,No client here,Low,incident,2026-11-12 10:00,,New\n"  # dropped with a warning
)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(HEADER + ROWS)
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each real parse, so a test can tell a cache hit from a re-parse."""
    calls: list[str] = []

    def counting(*args: object, **kwargs: object) -> pd.DataFrame:
        calls.append(str(kwargs.get("name")))
        return read_tickets(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ticket_cache, "read_tickets", counting)
    return calls


def test_second_read_is_served_from_the_cache_and_equal(export: Path, parses: list[str]) -> None:
    first = read_tickets_cached(export, timezone=ZONE)
    second = read_tickets_cached(export, timezone=ZONE)
    assert parses == ["tickets.csv"]
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs["warnings"] == first.attrs["warnings"]
    assert len(second.attrs["warnings"]) == 1  # the row without a client, kept across the cache
    assert list(second["ticket"]) == ["T1", "T2"]
    assert [p.name for p in default_cache_dir().iterdir()] == [
        cache_path(export, timezone=ZONE, preset=None, mapping=None).name  # type: ignore[union-attr]
    ]


def test_cached_frame_equals_a_fresh_parse(export: Path) -> None:
    read_tickets_cached(export, timezone=ZONE)
    cached = read_tickets_cached(export, timezone=ZONE)
    pd.testing.assert_frame_equal(cached, read_tickets(export, name="tickets.csv", timezone=ZONE))


def test_new_mtime_same_content_is_parsed_again(export: Path, parses: list[str]) -> None:
    read_tickets_cached(export, timezone=ZONE)
    stat = export.stat()
    os.utime(export, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    read_tickets_cached(export, timezone=ZONE)
    assert len(parses) == 2


def test_same_size_and_mtime_new_content_is_parsed_again(export: Path, parses: list[str]) -> None:
    # An edit that keeps the size and the timestamp (cp -p of another export): the digest differs.
    before = read_tickets_cached(export, timezone=ZONE)
    stat = export.stat()
    export.write_text(HEADER + ROWS.replace("Printer down", "Printer gone"))
    os.utime(export, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert export.stat().st_size == stat.st_size
    after = read_tickets_cached(export, timezone=ZONE)
    assert len(parses) == 2
    assert before.loc[0, "summary"] == "Printer down"
    assert after.loc[0, "summary"] == "Printer gone"


def test_only_the_current_entry_is_kept(export: Path) -> None:
    read_tickets_cached(export, timezone=ZONE)
    export.write_text(
        HEADER + ROWS + "T4,Acme Dental,New laptop,Low,service request,2026-11-13 10:00,,New\n"
    )
    read_tickets_cached(export, timezone=ZONE)
    assert len(list(default_cache_dir().glob("*.arrow"))) == 1


@pytest.mark.parametrize(
    "damage",
    [b"", b"not an arrow file at all", b"ARROW1\x00\x00" + b"\x00" * 64 + b"ARROW1"],
    ids=["empty", "text", "bad footer"],
)
def test_corrupt_cache_file_is_rebuilt(export: Path, parses: list[str], damage: bytes) -> None:
    expected = read_tickets_cached(export, timezone=ZONE)
    cached = cache_path(export, timezone=ZONE, preset=None, mapping=None)
    assert cached is not None and cached.is_file()
    cached.write_bytes(damage)
    again = read_tickets_cached(export, timezone=ZONE)
    assert len(parses) == 2
    pd.testing.assert_frame_equal(again, expected)
    third = read_tickets_cached(export, timezone=ZONE)  # the rebuilt entry is served again
    assert len(parses) == 2
    pd.testing.assert_frame_equal(third, expected)


def test_truncated_cache_file_is_rebuilt(export: Path, parses: list[str]) -> None:
    expected = read_tickets_cached(export, timezone=ZONE)
    cached = cache_path(export, timezone=ZONE, preset=None, mapping=None)
    assert cached is not None
    cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    pd.testing.assert_frame_equal(read_tickets_cached(export, timezone=ZONE), expected)
    assert len(parses) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"timezone": ZONE}, {"timezone": "Europe/London"}),
        ({"timezone": ZONE}, {"timezone": ZONE, "preset": "generic"}),
        ({"timezone": ZONE}, {"timezone": ZONE, "mapping": MAPPING}),
        (
            {"timezone": ZONE, "mapping": MAPPING},
            {"timezone": ZONE, "mapping": MAPPING | {"client": "Summary"}},
        ),
        ({"timezone": ZONE}, {"timezone": ZONE, "rules": CLOSED_NEW}),
        ({"timezone": ZONE}, {"timezone": ZONE, "exported_at": EXPORTED}),
        ({"timezone": ZONE}, {"timezone": ZONE, "strict": True}),
    ],
    ids=["timezone", "preset", "mapping", "mapping value", "rules", "exported at", "strict"],
)
def test_different_options_do_not_share_an_entry(
    export: Path, parses: list[str], first: dict, second: dict
) -> None:
    read_tickets_cached(export, **first)
    other = read_tickets_cached(export, **second)
    assert len(parses) == 2
    defaults = {"preset": None, "mapping": None}
    assert cache_path(export, **(defaults | first)) != cache_path(export, **(defaults | second))
    # Each entry still serves its own options.
    read_tickets_cached(export, **first)
    read_tickets_cached(export, **second)
    assert len(parses) == 2
    if second["timezone"] == "Europe/London":  # 09:00 local is 17:00 UTC in LA, 09:00 in London
        assert other.loc[0, "created"] == pd.Timestamp("2026-11-10 09:00", tz="UTC")
    if "rules" in second:  # T1 is Closed, T2 New: open under the defaults, closed under these
        assert other["is_open"].tolist() == [True, False]


def test_the_layout_read_comes_back_from_the_cache(export: Path, parses: list[str]) -> None:
    first = read_tickets_cached(export, timezone=ZONE)
    second = read_tickets_cached(export, timezone=ZONE)
    assert parses == ["tickets.csv"]
    assert second.attrs["layout"] == first.attrs["layout"]
    assert second.attrs["layout"]["read"]["Created"] == "Created"


def test_unwritable_cache_folder_still_returns_the_tickets(export: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    tickets = read_tickets_cached(export, timezone=ZONE, cache_dir=blocker / "cache")
    assert list(tickets["ticket"]) == ["T1", "T2"]


def test_the_cache_never_writes_beside_the_export(export: Path) -> None:
    """An export may sit in a shared or read-only folder: the cache lives in the user's own."""
    read_tickets_cached(export, timezone=ZONE)
    beside = [p for p in export.parent.rglob("*.arrow") if default_cache_dir() not in p.parents]
    assert beside == []
    assert not (export.parent / ".pulse-cache").exists()
    assert len(list(default_cache_dir().glob("*.arrow"))) == 1


def test_a_cached_frame_is_read_in_place_without_decompressing(export: Path) -> None:
    # Stored uncompressed, the file is memory-mapped: reading it allocates no Arrow memory
    # (an LZ4 file allocates every column it decompresses).
    read_tickets_cached(export, timezone=ZONE)
    cached = cache_path(export, timezone=ZONE, preset=None, mapping=None)
    assert cached is not None
    before = pa.total_allocated_bytes()
    with pa.memory_map(str(cached)) as source:
        table = pa.ipc.open_file(source).read_all()
        assert pa.total_allocated_bytes() == before
        assert table.column("ticket").to_pylist() == ["T1", "T2"]


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == ticket_cache.WRITER_THREAD]


def test_write_behind_writes_the_entry_in_a_thread_of_its_own(
    export: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    writers: list[str] = []
    write = ticket_cache._write

    def recording(table: pa.Table, cached: Path) -> None:
        writers.append(threading.current_thread().name)
        write(table, cached)

    monkeypatch.setattr(ticket_cache, "_write", recording)
    first = read_tickets_cached(export, timezone=ZONE, write_behind=True)
    for thread in writer_threads():
        thread.join()
    assert writers == [ticket_cache.WRITER_THREAD]
    # The entry is whole: the next read is served from it, equal to the first, warnings too.
    second = read_tickets_cached(export, timezone=ZONE)
    assert parses == ["tickets.csv"]
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs["warnings"] == first.attrs["warnings"]
    assert [p.suffix for p in default_cache_dir().iterdir()] == [".arrow"]  # no partial left


SLOW_WRITE_THEN_EXIT = """
import sys, time
import connectors.ticket_cache as ticket_cache
write = ticket_cache._write
def slow(table, cached):
    time.sleep(0.5)  # the main thread has long returned by now
    write(table, cached)
ticket_cache._write = slow
ticket_cache.read_tickets_cached(sys.argv[1], timezone=sys.argv[2], write_behind=True)
"""


def test_a_process_waits_for_its_writer_before_it_exits(export: Path) -> None:
    # A daemon thread would die with the interpreter, leaving no entry (or half of one).
    done = subprocess.run(
        [sys.executable, "-c", SLOW_WRITE_THEN_EXIT, str(export), ZONE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (entry,) = default_cache_dir().iterdir()
    assert entry == cache_path(export, timezone=ZONE, preset=None, mapping=None)
    with pa.memory_map(str(entry)) as source:
        assert pa.ipc.open_file(source).read_all().column("ticket").to_pylist() == ["T1", "T2"]
