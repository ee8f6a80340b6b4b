"""A columnar cache of parsed ticket exports, so an unchanged export is parsed once.

`read_tickets_cached(path, timezone=..., preset=..., mapping=...)` returns exactly what
`connectors.tickets.read_tickets` returns for that file (the frame and its warnings). The first
read parses the export and stores the canonical frame as an uncompressed Arrow file in `tickets`
in the user's cache folder (`connectors.user_cache`: `$PULSE_CACHE_DIR`, else
`$XDG_CACHE_HOME/client-pulse`, else `~/.cache/client-pulse`; never beside the export, whose
folder may be shared or read-only), or in `cache_dir`; later reads of the same file with the
same options memory-map the Arrow file instead, which costs next to nothing.

The cache never serves stale data. An entry is named after a key made of

- the export's size and modification time (ns), and a BLAKE2b digest of its size, first and last
  megabyte (catches an edit that keeps size and mtime, such as a copy with ``cp -p``);
- the reader options: timezone, preset, column mapping, the PSAs' rules from pulse.toml, the
  export time (Created from Age) and strict (different options, different entry);
- `CACHE_FORMAT`, bumped whenever the canonical frame changes shape.

A cache file that cannot be read (cut short, corrupted, wrong columns) is ignored, deleted and
rebuilt. A folder that cannot be written only costs the speed-up: the parsed frame is returned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import asdict
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from connectors.errors import Problem, Severity
from connectors.user_cache import CACHE_DIR_ENV, user_cache_dir
from pulse.settings import DEFAULT_LIMITS, DEFAULT_SETTINGS, InputLimits, TicketRules

if TYPE_CHECKING:
    import pyarrow as pa

    from connectors.ticket_dates import ExportTime

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_DIR_NAME",
    "CACHE_FORMAT",
    "cache_path",
    "default_cache_dir",
    "read_tickets_cached",
]

CACHE_DIR_NAME = ".pulse-cache"  # kept for callers that pass a folder of their own
CACHE_FORMAT = 6  # bump when read_tickets' frame (columns, dtypes, rules, attrs) changes
EDGE_BYTES = 1 << 20  # the first and last megabyte go into the content digest
WARNINGS_KEY = b"pulse.warnings"
LAYOUT_KEY = b"pulse.layout"
# Arrow IPC (Feather v2), uncompressed: memory-mapped, a read costs no decompression (the bench's
# 500,000 tickets: ~0.01 s against 0.2-0.7 s with LZ4), at ~3.3x LZ4's size on disk (112 MB).
CACHE_COMPRESSION = None
CACHE_SUFFIX = ".arrow"
WRITER_THREAD = "pulse-ticket-cache-writer"


def read_tickets_cached(
    path: str | Path,
    *,
    timezone: str,
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
    rules: Mapping[str, TicketRules] | None = None,
    exported_at: ExportTime | None = None,
    strict: bool = False,
    cache_dir: Path | None = None,
    name: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    write_behind: bool = False,
) -> pd.DataFrame:
    """The canonical ticket frame of the export at `path`, from the cache when it is current
    (a cached frame was within `limits` when it was read).

    `write_behind`: a new cache file is written by a thread of its own while the caller goes
    on (the command line computes its figures meanwhile); the process waits for that thread
    before it exits, and the file appears whole or not at all, as ever.
    """
    source = Path(path)
    options: dict[str, Any] = {
        "timezone": timezone,
        "preset": preset,
        "mapping": mapping,
        "rules": rules,
        "exported_at": exported_at,
        "strict": strict,
    }
    cached = cache_path(source, cache_dir=cache_dir, **options)
    if cached is not None:
        frame = _load(cached)
        if frame is not None:
            return frame
    tickets = read_tickets(source, name=name or source.name, limits=limits, **options)
    if cached is not None:
        _store(tickets, cached, write_behind=write_behind)
    return tickets


def read_tickets(source: Path, **options: Any) -> pd.DataFrame:
    """`connectors.tickets.read_tickets`, imported on a miss only: a cached read never loads the
    parser and its rules."""
    from connectors.tickets import read_tickets as parse

    return parse(source, **options)


def cache_path(
    source: Path,
    *,
    timezone: str,
    preset: str | None,
    mapping: dict[str, str] | None,
    rules: Mapping[str, TicketRules] | None = None,
    exported_at: ExportTime | None = None,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> Path | None:
    """Where the parsed `source` is (or would be) cached; None when the file cannot be read."""
    try:
        stat = source.stat()
        edges = _edge_digest(source, stat.st_size)
    except OSError:
        return None  # read_tickets reports the missing or unreadable file
    options = _options_key(
        timezone=timezone,
        preset=preset,
        mapping=mapping,
        rules=rules,
        exported_at=exported_at,
        strict=strict,
    )
    identity = f"{stat.st_size}:{stat.st_mtime_ns}:{edges}"
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    # The export's full path is part of the name: two exports called tickets.csv never meet.
    where = _digest(str(source.resolve()), 6)
    name = f"{source.name}.{where}{_digest(options, 8)}.{_digest(identity, 16)}{CACHE_SUFFIX}"
    return folder / name


def _options_key(
    *,
    timezone: str,
    preset: str | None,
    mapping: dict[str, str] | None,
    rules: Mapping[str, TicketRules] | None,
    exported_at: ExportTime | None,
    strict: bool,
) -> str:
    """Every reader option as one JSON text: a change to any of them is another entry."""
    used = rules or DEFAULT_SETTINGS.tickets
    return json.dumps(
        {
            "format": CACHE_FORMAT,
            "timezone": timezone,
            "preset": preset,
            "mapping": mapping,
            "rules": {psa: asdict(psa_rules) for psa, psa_rules in used.items()},
            "exported_at": None
            if exported_at is None
            else [str(exported_at.instant), exported_at.source],
            "strict": strict,
        },
        sort_keys=True,
    )


def default_cache_dir() -> Path:
    """`tickets` in the user's cache folder: a per-user place, never the export's own."""
    return user_cache_dir() / "tickets"


def _digest(text: str, size: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def _edge_digest(source: Path, size: int) -> str:
    digest = hashlib.blake2b(str(size).encode(), digest_size=16)
    with source.open("rb") as handle:
        digest.update(handle.read(EDGE_BYTES))
        if size > EDGE_BYTES:
            handle.seek(max(size - EDGE_BYTES, EDGE_BYTES))
            digest.update(handle.read(EDGE_BYTES))
    return digest.hexdigest()


def _load(cached: Path) -> pd.DataFrame | None:
    """The cached frame, or None (a broken file is removed so the next write replaces it)."""
    if not cached.is_file():
        return None
    import pyarrow as pa

    try:
        with pa.memory_map(str(cached)) as source:
            table = pa.ipc.open_file(source).read_all()
        tickets: pd.DataFrame = table.to_pandas()
        metadata = table.schema.metadata or {}
        warnings = _warnings_from(metadata)
        layout = json.loads(metadata[LAYOUT_KEY])
    except Exception:  # any damage (cut short, not Arrow, bad metadata): parse again
        _remove(cached)
        return None
    tickets.attrs["warnings"] = warnings
    tickets.attrs["layout"] = layout
    return tickets


def _store(tickets: pd.DataFrame, cached: Path, *, write_behind: bool = False) -> None:
    table = _cache_table(tickets)  # here, before the caller can touch the frame
    if write_behind:  # not a daemon: the interpreter waits for it at exit
        threading.Thread(target=_write, args=(table, cached), name=WRITER_THREAD).start()
    else:
        _write(table, cached)


def _cache_table(tickets: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table (its columns shared, not copied), attrs as metadata."""
    import pyarrow as pa

    warnings = json.dumps([asdict(problem) for problem in tickets.attrs.get("warnings", [])])
    frame = tickets.copy(deep=False)
    frame.attrs = {}  # pandas would store attrs as JSON too; the warnings go in their own key
    table = pa.Table.from_pandas(frame, preserve_index=False)
    layout = json.dumps(tickets.attrs.get("layout", {}))
    table = table.replace_schema_metadata(
        {
            **(table.schema.metadata or {}),
            WARNINGS_KEY: warnings.encode(),
            LAYOUT_KEY: layout.encode(),
        }
    )
    return table


def _write(table: pa.Table, cached: Path) -> None:
    import pyarrow as pa

    # Its own name per process and thread: two writers of one entry never share a partial file.
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        options = pa.ipc.IpcWriteOptions(compression=CACHE_COMPRESSION)
        with (
            pa.OSFile(str(partial), "wb") as sink,
            pa.ipc.new_file(sink, table.schema, options=options) as writer,
        ):
            writer.write_table(table)
        os.replace(partial, cached)  # atomic: a reader never sees half a file
        _prune_older(cached)
    except OSError:
        _remove(partial)  # a read-only folder only costs the speed-up


def _prune_older(cached: Path) -> None:
    """Entries of earlier versions of the same export, same options, are dead weight."""
    same_options = cached.name.rsplit(".", 2)[0]  # "<export name>.<options digest>"
    for other in cached.parent.glob(f"{glob_escape(same_options)}.*{CACHE_SUFFIX}"):
        if other != cached and other.name.rsplit(".", 2)[0] == same_options:
            _remove(other)


def _warnings_from(metadata: dict[bytes, bytes]) -> list[Problem]:
    records: list[dict[str, Any]] = json.loads(metadata[WARNINGS_KEY])
    return [Problem(**(record | {"severity": Severity(record["severity"])})) for record in records]


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
