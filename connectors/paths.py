"""Whether a path someone typed (a command-line argument, an environment variable) names a file
the product can read, or a place it can write: the one check every path goes through, so a
missing file or a folder is a plain sentence (the CLI's exit 2), never a traceback.

Only regular files are read or written: a device (`/dev/zero`, `/dev/full`), a FIFO or a socket,
or a symbolic link to one, is refused at once, before anything opens it (a FIFO would block a
read for ever, `/dev/zero` never ends) and is never replaced by a file.
"""

from __future__ import annotations

import stat
from pathlib import Path

from connectors.errors import PathError, Problem

SPECIAL_KINDS = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def input_file(path: Path, *, option: str | None = None) -> Path:
    """`path` when it names an existing regular file; else PathError saying what is wrong and
    what to do. `option` (`--events`) is named in the message when the path came from one.
    """
    named = _named(path, option)
    if not path.exists():
        _refuse(path, f"file not found: {named}; check the path")
    if path.is_dir():
        _refuse(path, f"{named} is a folder, not a file; give the file's path")
    _refuse_special(path, named, "read")
    return path


def output_file(path: Path, *, option: str | None = None) -> Path:
    """`path` when a file can be written there: its folder exists and it is not itself a folder,
    a device, a pipe or a socket (which a save would replace with a file)."""
    named = _named(path, option)
    if path.is_dir():
        _refuse(path, f"{named} is a folder; give a file name to write")
    if path.exists():
        _refuse_special(path, named, "write")
    folder = path.parent
    if not folder.exists():
        _refuse(path, f"cannot write {named}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        _refuse(path, f"cannot write {named}: {folder} is not a folder; choose another place")
    return path


def special_kind(path: Path) -> str | None:
    """What `path` (a link followed) is when it is not a regular file or a folder, else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for test, kind in SPECIAL_KINDS if test(mode)), None)


def _refuse_special(path: Path, named: str, verb: str) -> None:
    kind = special_kind(path)
    if kind is not None:
        _refuse(path, f"cannot {verb} {named}: it is {kind}, not a file; give a file's path")


def _named(path: Path, option: str | None) -> str:
    return f"{path} (given to {option})" if option else str(path)


def _refuse(path: Path, message: str) -> None:
    raise PathError([Problem(path.name or str(path), message)])
